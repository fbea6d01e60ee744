"""A file a foreign key looks up that cannot be read (a damaged Parquet page, found only when
a query scans it; a CSV that is not UTF-8) is reported under its own name, and the foreign
key is said not to be checked: its keys were taken as none, so every reference was "not
found", or the damaged page was reported as the referring table's, or a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from claimpack.cli import app
from claimpack.tableschema import validate


def damaged_parquet(rows: int, damaged: tuple[int, int]) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"id": range(rows), "word": [str(n) for n in range(rows)]}), sink)
    whole = sink.getvalue().to_pybytes()
    start, end = damaged
    return whole[:start] + b"\0" * (end - start) + whole[end:]


def package(root: Path, lookup: tuple[str, bytes], child_format: str, first: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    name, data = lookup
    (root / name).write_bytes(data)
    if child_format == "csv":
        (root / "hijo.csv").write_text("pid,nota\n1,a\n7,b\n")
    else:
        pq.write_table(pa.table({"pid": [1, 7], "nota": ["a", "b"]}), root / "hijo.parquet")
    parent_fields = [{"name": "id", "type": "integer"}, {"name": "word"}]
    child_fields = [{"name": "pid", "type": "integer"}, {"name": "nota"}]
    key = {"fields": "pid", "reference": {"resource": "padre", "fields": "id"}}
    resources = {
        "padre": {"name": "padre", "path": name, "schema": {"fields": parent_fields}},
        "hijo": {"name": "hijo", "path": f"hijo.{child_format}",
                 "schema": {"fields": child_fields, "foreignKeys": [key]}},
    }  # fmt: skip
    order = ["padre", "hijo"] if first == "padre" else ["hijo", "padre"]
    descriptor = root / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [resources[n] for n in order]}))
    return descriptor


LOOKUPS = {  # a small file is read when opened, a large one where a query scans its pages
    "small-page": ("padre.parquet", damaged_parquet(1000, (200, 600))),
    "large-page": ("padre.parquet", damaged_parquet(100_000, (200, 600))),
    "large-buffer": ("padre.parquet", damaged_parquet(100_000, (423_000, 423_400))),
    "not-utf8": ("padre.csv", b"id,word\n1,uno\n7,siete\xff\n"),
}


@pytest.mark.parametrize("lookup", LOOKUPS)
@pytest.mark.parametrize("child_format", ["csv", "parquet"])
@pytest.mark.parametrize("first", ["padre", "hijo"])
def test_an_unreadable_lookup_table_is_reported_under_its_own_name(
    tmp_path: Path, lookup: str, child_format: str, first: str
) -> None:
    descriptor = package(tmp_path, LOOKUPS[lookup], child_format, first)
    report = validate(descriptor)
    found: dict[str, list[Any]] = {task.name: list(task.errors) for task in report.tasks}
    [damage] = found["padre"]
    assert damage.type in ("source-error", "encoding-error"), damage
    [unchecked] = found["hijo"]  # not two foreign-key errors, nor the page's damage
    assert unchecked.type == "source-error"
    assert unchecked.note == (
        f'the foreign key "pid" is not checked: its lookup table "padre" '
        f"({LOOKUPS[lookup][0]}) cannot be read"
    )


def test_the_command_names_the_damaged_file_and_gives_no_traceback(tmp_path: Path) -> None:
    descriptor = package(tmp_path / "p", LOOKUPS["large-page"], "csv", "hijo")
    result = CliRunner().invoke(app, ["validate", str(descriptor)])
    code, output = result.exit_code, result.output
    assert code == 1 and "Traceback" not in output and "internal error" not in output, output
    assert "padre.parquet: " in output and "not a Parquet file DuckDB reads" in output, output
    assert "hijo.csv: " in output and "(padre.parquet) cannot be read" in output, output


def test_an_empty_lookup_table_is_read_as_no_rows(tmp_path: Path) -> None:
    """As frictionless reads it: every reference is not found."""
    descriptor = package(tmp_path, ("padre.csv", b""), "csv", "padre")
    found = {(name, e.type, e.rowNumber) for name, e in validate(descriptor).errors}
    assert found == {("padre", "source-error", None), ("hijo", "foreign-key", 2),
                     ("hijo", "foreign-key", 3)}  # fmt: skip
