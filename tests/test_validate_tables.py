"""claimpack's own checks read the text cells the Table Schema checks loaded: for every table,
those are the rows that DuckDB's reader gives when it reads the CSV again, as validation did
before (the differential test), and a finding is the same whichever path read the table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from claimpack import build
from claimpack.published.reader import Package
from claimpack.published.validate import _tables, validate_package
from claimpack.tableschema import duckdb_engine, plan_for

STATEMENTS = Path("dist") / "csv" / "statements.csv"


def _formula(root: Path) -> None:
    path = root / "dist" / "csv" / "entities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    head, *cells = lines[1].split(",")
    path.write_text("".join([lines[0], ",".join(["=" + head, *cells]), *lines[2:]]), "utf-8")


def _line_break(root: Path) -> None:
    """A quoted cell holding a line break: DuckDB's reader gives fewer rows than lines."""
    path = root / STATEMENTS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first, _, rest = lines[3].partition(",")
    lines[3] = first + ',"a\nb",' + rest.partition(",")[2]
    path.write_text("".join(lines), encoding="utf-8")


def _blank_line(root: Path) -> None:
    path = root / STATEMENTS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:4], "\n", *lines[4:]]), encoding="utf-8")


def _ragged_row(root: Path) -> None:
    path = root / "dist" / "csv" / "discrepancies.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines), encoding="utf-8")


def _unchanged(root: Path) -> None:
    del root


@pytest.mark.parametrize(
    "corrupt",
    [_unchanged, _formula, _line_break, _blank_line, _ragged_row],
    ids=lambda f: f.__name__.strip("_"),
)
def test_the_loaded_cells_are_the_rows_duckdb_reads(
    project: Path, corrupt: Callable[[Path], None]
) -> None:
    build(project)
    corrupt(project)
    target = project / "datapackage.json"
    package = Package.open(target)
    loaded_with, read_with = duckdb_engine.connect(), duckdb_engine.connect()
    try:
        _, cells = duckdb_engine.run_plan(loaded_with, plan_for(target))
        loaded, read = _tables(loaded_with, package, cells), _tables(read_with, package, {})
        assert loaded.keys() == read.keys()
        assert cells.keys() <= loaded.keys()
        for name, table in loaded.items():
            assert table.columns == read[name].columns
            query = f"SELECT * FROM {table.relation} ORDER BY _row"
            assert (name, loaded_with.execute(query).fetchall()) == (
                name,
                read_with.execute(query).fetchall(),
            )
    finally:
        loaded_with.close()
        read_with.close()


def test_a_formula_cell_is_found_in_the_loaded_cells(project: Path) -> None:
    build(project)
    _formula(project)
    report = validate_package(project / "datapackage.json")
    found = [(p.type, p.file, p.place) for p in report.problems if p.type == "formula-cell"]
    assert found == [("formula-cell", "dist/csv/entities.csv", "row 2:entity_id")]
