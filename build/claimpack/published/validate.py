"""Validate a published package: the Table Schema checks compiled to SQL (claimpack.tableschema),
then claimpack's own checks, also as set operations in DuckDB.

Checks never raise for bad data, so one run reports everything; each finding is located by file,
row and field. Resource paths are checked before anything is opened: a package may come from
anywhere. Findings are capped per file (`limit_errors`) while their total is counted exactly.
"""

from __future__ import annotations

import csv
import hashlib
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from claimpack.files import UnsafePath, read_bounded, resolver
from claimpack.problems import Problem, UsageError, plural
from claimpack.published.archive import checksum_problems, unpack
from claimpack.published.reader import (
    MAX_RESOURCE_BYTES,
    Package,
    inline_references,
    read_descriptor,
    unsafe_paths,
    unsupported,
)
from claimpack.schema import FORMULA_STARTS, native_list_schema
from claimpack.tableschema import duckdb_engine, plan_for
from claimpack.tableschema import validate as validate_table_schemas
from claimpack.tableschema.report import DEFAULT_LIMIT
from claimpack.tableschema.report import Report as TableSchemaReport


@dataclass
class Report:
    """Findings in frictionless' shape: tasks (one per file) with errors, capped per task, and
    the exact number of errors each task had."""

    descriptor: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    totals: Counter[str] = field(default_factory=Counter)
    engine: str = "duckdb"

    @property
    def valid(self) -> bool:
        return not self.problems

    def add(self, problems: list[Problem], total: int | None = None) -> None:
        """Record shown problems, and the total they were drawn from when it was capped."""
        self.problems.extend(problems)
        counts = Counter(problem.file for problem in problems)
        if total is not None and problems:
            counts[problems[0].file] = total
        self.totals.update(counts)

    def hidden(self) -> dict[str, int]:
        """Per file, how many errors were counted but not shown."""
        shown = Counter(problem.file for problem in self.problems)
        return {
            name: total - shown[name] for name, total in self.totals.items() if total > shown[name]
        }

    def to_dict(self) -> dict[str, Any]:
        files = sorted({problem.file for problem in self.problems})
        tasks = [
            {
                "place": name,
                "valid": False,
                "stats": {"errors": self.totals[name]},
                "truncated": name in self.hidden(),
                "errors": [p.to_dict() for p in self.problems if p.file == name],
            }
            for name in files
        ]
        return {
            "descriptor": self.descriptor,
            "valid": self.valid,
            "engine": self.engine,
            "stats": {"tasks": len(tasks), "errors": sum(self.totals.values())},
            "tasks": tasks,
            "notes": self.notes,
        }


def validate_package(
    target: Path,
    article_root: Path | None = None,
    *,
    engine: str = "duckdb",
    limit_errors: int = DEFAULT_LIMIT,
) -> Report:
    """Validate the package at target, a descriptor or a zipped release (whose SHA256SUMS are
    checked too); raise UsageError only if it cannot be read at all, or asks for what claimpack
    does not read.

    Articles are looked up under article_root (default: the package directory), so that a
    staged build can be checked against the seeds before it is published.
    """
    if target.suffix == ".zip":
        with tempfile.TemporaryDirectory(prefix="claimpack-validate-") as scratch:
            unpacked = unpack(target, Path(scratch))
            report = validate_package(
                unpacked, article_root, engine=engine, limit_errors=limit_errors
            )
            report.descriptor = target.as_posix()
            report.add(checksum_problems(Path(scratch), target.as_posix()))
            return report
    name = target.as_posix()
    descriptor = read_descriptor(target)
    report = Report(name, engine=engine)
    report.add(list(unsafe_paths(descriptor, name, target.resolve().parent)))
    if report.problems:
        return report  # never open a file outside the package, nor one too large to read
    refused = unsupported(descriptor, name)
    if refused:
        raise UsageError(refused)
    package = Package(target, name, inline_references(descriptor, name, target.resolve().parent))
    plan = plan_for(target)
    connection = duckdb_engine.connect()
    try:  # the Table Schema checks load each CSV once; claimpack's checks read those tables
        if engine == "duckdb":
            found, cells = duckdb_engine.run_plan(connection, plan, limit_errors)
        else:
            found = validate_table_schemas(target, engine=engine, limit_errors=limit_errors)
            cells = duckdb_engine.load_cells(connection, plan)
        _table_schema_problems(report, found)
        tables = _tables(connection, package, cells)
        articles = (article_root or package.basepath).resolve()
        checks = (
            _quote_problems(connection, tables, articles, report.notes, limit_errors),
            _discrepancy_problems(connection, tables, limit_errors),
            _formula_problems(connection, package, tables, limit_errors),
        )
        for problems, total in checks:
            report.add(problems, total)
    finally:
        connection.close()
    report.add(list(_format_problems(package)))  # with DuckDB's tables freed
    return report


def _table_schema_problems(report: Report, found: TableSchemaReport) -> None:
    """Everything the Table Schemas say, as found by the compiled plan; findings become
    Problems located by file, row and field."""
    for task in found.tasks:
        problems = [
            Problem(
                error.type,
                task.place,
                ":".join(
                    part
                    for part in (
                        f"row {error.rowNumber}" if error.rowNumber else "",
                        error.fieldName or "",
                    )
                    if part
                ),
                error.message,
                row=error.rowNumber,
                field=error.fieldName,
                cell=error.cell,
            )
            for error in task.errors
        ]
        report.add(problems, task.total)


@dataclass(frozen=True)
class Table:
    """A CSV table in DuckDB as text cells named by its header, with its record numbers
    (header = row 1) as `_row`."""

    name: str
    path: str
    columns: frozenset[str]

    @property
    def relation(self) -> str:
        """Its name in the connection, apart from the engine's relations."""
        return _identifier(f"package:{self.name}")


def _tables(
    connection: duckdb.DuckDBPyConnection,
    package: Package,
    cells: dict[str, duckdb_engine.Cells],
) -> dict[str, Table]:
    """Each CSV resource as a view of the text cells the Table Schema checks loaded (or, for
    a file that DuckDB's reader did not read one row per line, read here as it reads it);
    tables that do not read are skipped (the Table Schema checks have said why)."""
    tables = {}
    for resource in package.resources:
        name, path = str(resource.get("name")), str(resource.get("path"))
        file = package.file(path)
        dialect = resource.get("dialect") or {}
        if resource.get("format", "csv") != "csv" or not file.is_file():
            continue
        if not isinstance(dialect, dict) or dialect.get("header", True) is False:
            continue
        table = Table(name, path, frozenset())
        loaded = cells.get(name)
        try:
            if loaded is None:
                _read_table(connection, table.relation, file, dialect)
            elif len(set(loaded.labels)) == len(loaded.labels):
                columns = ", ".join(  # DuckDB's reader reads an empty cell as NULL
                    f"NULLIF(c{number}, '') AS {_identifier(label)}"
                    for number, label in enumerate(loaded.labels, 1)
                )
                connection.execute(
                    f"CREATE TEMP VIEW {table.relation} AS SELECT __row AS _row, {columns} "
                    f"FROM {loaded.relation}"
                )
            else:
                continue
        except (duckdb.Error, ValueError, OSError):
            continue
        described = connection.execute(f"DESCRIBE {table.relation}").fetchall()
        tables[name] = Table(name, path, frozenset(str(row[0]) for row in described))
    return tables


def _read_table(
    connection: duckdb.DuckDBPyConnection, relation: str, file: Path, dialect: dict[str, Any]
) -> None:
    """A CSV read by DuckDB's reader with its rows numbered as read."""
    delimiter, quote = dialect.get("delimiter", ","), dialect.get("quoteChar", '"')
    connection.execute(
        f"CREATE TEMP TABLE {relation} AS SELECT row_number() OVER () + 1 AS _row, * "
        "FROM read_csv($file, all_varchar = true, header = true, auto_detect = false, "
        "delim = $delimiter, quote = $quote, escape = $quote, strict_mode = true, "
        "null_padding = false, columns = $columns)",
        {
            "file": str(file),
            "delimiter": delimiter,
            "quote": quote,
            "columns": {column: "VARCHAR" for column in _header(file, delimiter, quote)},
        },
    )


def _header(file: Path, delimiter: str, quote: str) -> list[str]:
    with file.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle, delimiter=delimiter, quotechar=quote), [])
    if not header or len(set(header)) != len(header):
        raise ValueError("no usable header")
    return header


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_problems(
    connection: duckdb.DuckDBPyConnection,
    tables: dict[str, Table],
    root: Path,
    notes: list[str],
    limit: int,
) -> tuple[list[Problem], int]:
    """Every source's file has its sha256, and every quote is its article's text at its offsets
    (offsets count code points, as DuckDB's substring does)."""
    sources, statements = tables.get("sources"), tables.get("statements")
    needed = {"source_id", "statement_id", "quote", "char_start", "char_end"}
    if sources is None or statements is None or not needed <= statements.columns:
        return [], 0
    if not {"source_id", "path", "sha256"} <= sources.columns:
        return [], 0
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    absent: list[str] = []
    rows = connection.execute(
        f"SELECT _row, source_id, path, sha256 FROM {sources.relation}"
    ).fetchall()
    inside = resolver(root)
    for row, source_id, path, sha256 in rows:
        try:
            data = read_bounded(inside(str(path)), MAX_RESOURCE_BYTES)
        except UnsafePath:
            absent.append(str(path))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha256:
            message = f"{path} has sha256 {digest}, the package records {sha256}"
            problems.append(
                Problem(
                    "source-changed",
                    sources.path,
                    f"row {row}:sha256",
                    message,
                    row=row,
                    field="sha256",
                    cell=str(sha256),
                )
            )
            continue
        texts[str(source_id)] = data.decode("utf-8", errors="replace")
    if absent:
        shown = ", ".join(absent[:3]) + (", ..." if len(absent) > 3 else "")
        notes.append(
            f"{plural(len(absent), 'article')} not in the package ({shown}): "
            "their quotes were not checked"
        )
    changed = len(problems)
    connection.register("pieces", _pieces(texts))
    connection.execute(_QUOTED.format(statements=statements.relation))
    mismatch = "FROM quoted WHERE found IS DISTINCT FROM quote"
    counted = connection.execute(f"SELECT count(*) {mismatch}").fetchone()
    total = counted[0] if counted else 0
    found = []
    if total:  # the rows are selected (a second join) only when there are any
        found = connection.execute(
            "SELECT _row, statement_id, source_id, quote, char_start, char_end, found "
            f"{mismatch} ORDER BY _row LIMIT {int(limit)}"
        ).fetchall()
    for row, statement_id, source_id, quote, start, end, text in found:
        message = (
            f"quote {quote!r} differs from the text of {source_id} at [{start}:{end}]: "
            f"{text!r}{_first_difference(quote or '', text or '')}"
        )
        problems.append(
            Problem(
                "quote-mismatch",
                statements.path,
                f"row {row}:statement {statement_id}",
                message,
                row=row,
                field="quote",
                cell=quote,
            )
        )
    return problems, changed + total


PIECE, OVERLAP = 2048, 512
"""Articles are cut into pieces of PIECE code points, each holding the next OVERLAP too: DuckDB
counts code points from the start of a string, so a quote is taken from its piece, and only
one longer than OVERLAP (or with odd offsets) from the whole text, glued from the pieces."""


def _pieces(texts: dict[str, str]) -> pa.Table:
    """Each article's text as numbered pieces (one, empty, for an empty text)."""
    pieces: dict[str, list[Any]] = {"source_id": [], "piece": [], "text": []}
    for source_id, text in texts.items():
        starts = range(0, max(len(text), 1), PIECE)
        pieces["source_id"].extend([source_id] * len(starts))
        pieces["piece"].extend(range(len(starts)))
        pieces["text"].extend(text[start : start + PIECE + OVERLAP] for start in starts)
    return pa.table(pieces)


_QUOTED = f"""
    CREATE OR REPLACE TEMP VIEW quoted AS
    WITH offsets AS (
        SELECT _row, statement_id, source_id, quote, char_start, char_end,
               TRY_CAST(char_start AS BIGINT) AS head, TRY_CAST(char_end AS BIGINT) AS tail
        FROM {{statements}}
        WHERE source_id IN (SELECT source_id FROM pieces)
          AND TRY_CAST(char_start AS BIGINT) IS NOT NULL
          AND TRY_CAST(char_end AS BIGINT) IS NOT NULL
    ),
    near AS (
        SELECT o.*, substring(p.text, o.head - p.piece * {PIECE} + 1, o.tail - o.head) AS found
        FROM offsets o LEFT JOIN pieces p
          ON p.source_id = o.source_id AND p.piece = o.head // {PIECE}
             AND 0 <= o.head AND o.head <= o.tail AND o.tail - o.head <= {OVERLAP}
    ),
    far AS (
        SELECT n.* EXCLUDE (found), substring(w.text, n.head + 1, n.tail - n.head) AS found
        FROM near n JOIN (
            SELECT source_id, string_agg(left(text, {PIECE}), '' ORDER BY piece) AS text
            FROM pieces WHERE source_id IN (SELECT source_id FROM near WHERE found IS NULL)
            GROUP BY source_id
        ) w USING (source_id)
        WHERE n.found IS NULL
    )
    SELECT * EXCLUDE (head, tail) FROM near WHERE found IS NOT NULL
    UNION ALL SELECT * EXCLUDE (head, tail) FROM far
"""


def _first_difference(quote: str, found: str) -> str:
    for index, (a, b) in enumerate(zip(quote, found, strict=False)):
        if a != b:
            return f" (first difference at character {index}: {a!r} vs {b!r})"
    return f" (lengths differ: {len(quote)} vs {len(found)})" if len(quote) != len(found) else ""


def _discrepancy_problems(
    connection: duckdb.DuckDBPyConnection, tables: dict[str, Table], limit: int
) -> tuple[list[Problem], int]:
    """Every discrepancy links two or more statements whose compared values differ."""
    discrepancies, links = tables.get("discrepancies"), tables.get("discrepancy_statements")
    if discrepancies is None or links is None or "discrepancy_id" not in discrepancies.columns:
        return [], 0
    if not {"discrepancy_id", "compared_value"} <= links.columns:
        return [], 0
    query = f"""
        SELECT d._row, d.discrepancy_id,
               CASE WHEN count(l.discrepancy_id) < 2 THEN 'discrepancy-unlinked'
                    ELSE 'discrepancy-not-different' END AS kind
        FROM {discrepancies.relation} d LEFT JOIN {links.relation} l USING (discrepancy_id)
        GROUP BY d._row, d.discrepancy_id
        HAVING count(l.discrepancy_id) < 2 OR count(DISTINCT l.compared_value) < 2
        ORDER BY d._row
    """
    rows = connection.execute(query).fetchall()
    messages = {
        "discrepancy-unlinked": "links fewer than two statements",
        "discrepancy-not-different": "its statements' compared values are all the same",
    }
    problems = [
        Problem(
            kind,
            discrepancies.path,
            f"row {row}:discrepancy {discrepancy_id}",
            messages[kind],
            row=row,
            field="discrepancy_id",
            cell=discrepancy_id,
        )
        for row, discrepancy_id, kind in rows[:limit]
    ]
    return problems, len(rows)


def _formula_problems(
    connection: duckdb.DuckDBPyConnection,
    package: Package,
    tables: dict[str, Table],
    limit: int,
) -> tuple[list[Problem], int]:
    """Text cells a spreadsheet would run as a formula (=, +, -, @, tab, CR first). The build
    never publishes one; a package that has one is reported, cell by cell."""
    problems: list[Problem] = []
    total = 0
    for resource in package.resources:
        table = tables.get(str(resource.get("name")))
        schema = resource.get("schema", {})
        if table is None or not isinstance(schema, dict):
            continue
        text_fields = [
            str(f.get("name")) for f in schema.get("fields", []) if f.get("type") == "string"
        ]
        present = [f for f in text_fields if f in table.columns]
        if not present:
            continue
        counts = connection.execute(  # one scan for every field; rows only where there are any
            f"SELECT {', '.join(f'count(*) FILTER (WHERE {_formula(f)})' for f in present)} "
            f"FROM {table.relation}",
            {"starts": list(FORMULA_STARTS)},
        ).fetchone()
        for field_name, count in zip(present, counts or (), strict=True):
            total += count
            if not count:
                continue
            column, condition = _identifier(field_name), _formula(field_name)
            rows = connection.execute(
                f"SELECT _row, {column} FROM {table.relation} WHERE {condition} "
                f"ORDER BY _row LIMIT {int(limit)}",
                {"starts": list(FORMULA_STARTS)},
            ).fetchall()
            for row, value in rows:
                message = f"cell starts with {value[:1]!r} and would run as a spreadsheet formula"
                problems.append(
                    Problem(
                        "formula-cell",
                        table.path,
                        f"row {row}:{field_name}",
                        message,
                        row=row,
                        field=field_name,
                        cell=value,
                    )
                )
    return problems[:limit], total


def _formula(field_name: str) -> str:
    """Whether the field's cell starts like a formula ($starts: FORMULA_STARTS)."""
    return f"list_contains($starts, left({_identifier(field_name)}, 1))"


def _format_problems(package: Package) -> Iterator[Problem]:
    """The Parquet copy of each table holds the same rows as the CSV, compared as typed Arrow
    tables (read by pyarrow, column at a time: its multithreaded readers and Arrow's equality
    take half the time of a positional join of the CSV's loaded cells with the Parquet
    files in DuckDB, which compares cell by cell in one thread)."""
    relative = package.descriptor.get("claimpack", {}).get("parquet_descriptor")
    if not relative:
        return
    parquet_path = (package.basepath / str(relative)).resolve()
    if not parquet_path.is_relative_to(package.basepath) or not parquet_path.is_file():
        yield Problem("missing-file", str(relative), "", "the Parquet descriptor is missing")
        return
    try:
        parquet_descriptor = read_descriptor(parquet_path, str(relative))
    except UsageError as error:  # not JSON, too large: a fault of this package, reported
        yield from error.problems
        return
    unsafe = list(unsafe_paths(parquet_descriptor, str(relative), parquet_path.parent))
    if unsafe:
        yield from unsafe
        return
    parquet = Package(parquet_path, str(relative), parquet_descriptor)
    parquet_resources = {r.get("name"): r for r in parquet.resources}
    for resource in package.resources:
        name = str(resource.get("name"))
        other = parquet_resources.get(name)
        if other is None:
            yield Problem("missing-resource", str(relative), "", f"no Parquet table {name!r}")
            continue
        if not package.file(str(resource["path"])).is_file():
            continue
        schema = resource.get("schema")
        if not isinstance(schema, dict) or other.get("schema") != native_list_schema(schema):
            message = (
                f"{other['path']} is described with a different schema than {resource['path']}"
            )
            yield Problem("formats-differ", str(resource["path"]), "", message)
            continue
        try:
            left, right = package.table(name), parquet.table(name)
        except (OSError, ValueError, KeyError, pa.ArrowException) as error:
            yield Problem("unreadable-table", str(resource["path"]), "", str(error))
            continue
        if not left.equals(right):
            message = f"{resource['path']} and {other['path']} hold different rows"
            yield Problem("formats-differ", str(resource["path"]), "", message)
