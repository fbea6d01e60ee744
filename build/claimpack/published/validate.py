"""Validate a published package: the Table Schema checks compiled to SQL (claimpack.tableschema),
then claimpack's own checks, also as set operations in DuckDB.

Checks never raise for bad data, so one run reports everything; each finding is located by file,
row and field. Resource paths are checked before anything is opened: a package may come from
anywhere. Findings are capped per file (`limit_errors`) while their total is counted exactly.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import mmap
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from claimpack.cache import Cache, digest
from claimpack.files import (
    UnsafePath,
    is_archive,
    mapped_bounded,
    package_descriptor,
    read_bounded,
    resolver,
    sha256_bounded,
)
from claimpack.fingerprint import InputRecord, input_fingerprint
from claimpack.layout import claimpack_member
from claimpack.problems import Problem, UsageError, plural
from claimpack.published import slices
from claimpack.published.archive import checksum_problems, unpack
from claimpack.published.reader import (
    MAX_RESOURCE_BYTES,
    Package,
    inline_references,
    misnamed,
    read_csv_table,
    read_descriptor,
    read_parquet_table,
    unsafe_paths,
    unsupported,
)
from claimpack.schema import FORMULA_STARTS, native_list_schema
from claimpack.tableschema import duckdb_engine, plan_for
from claimpack.tableschema import validate as validate_table_schemas
from claimpack.tableschema.header import label_errors
from claimpack.tableschema.plan import Plan, ResourcePlan, expected_fields
from claimpack.tableschema.queries import Loaded
from claimpack.tableschema.reading import FileFacts, file_errors, first_record, python_dialect
from claimpack.tableschema.report import DEFAULT_LIMIT
from claimpack.tableschema.report import Report as TableSchemaReport
from claimpack.tableschema.sql import DUCKDB


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
    cache: Cache | None = None,
    known: dict[str, str] | None = None,
) -> Report:
    """Validate the package at target, a descriptor or a zipped release (whose SHA256SUMS are
    checked too); raise UsageError only if it cannot be read at all, or asks for what claimpack
    does not read.

    Articles are looked up under article_root (default: the package directory), so that a
    staged build can be checked against the seeds before it is published. With a cache (the
    build's), what an earlier valid validation recorded of the same bytes is not checked again
    (see slices.py), and a valid package is recorded: the report is the one a full validation
    gives, and whenever anything is found, it is that validation's. `known` gives the sha256
    of articles (by path under article_root) the caller has just read, the build's inputs:
    then only those its changed rows quote are read again (else their sha256 is taken as
    fingerprint.py takes it).
    """
    target = package_descriptor(target)
    if is_archive(target):
        with tempfile.TemporaryDirectory(prefix="claimpack-validate-") as scratch:
            unpacked = unpack(target, Path(scratch))
            inside = Unpacked(Path(scratch), unpacked.parent, target)
            try:
                report = validate_package(
                    unpacked, article_root, engine=engine, limit_errors=limit_errors
                )
            except UsageError as error:
                error.problems = inside.named(error.problems)
                raise
            report.descriptor = target.as_posix()
            report.problems = inside.named(report.problems)
            report.totals = Counter(  # the counts under the names the problems now have
                {inside.name(name): n for name, n in report.totals.items()}
            )
            report.add(checksum_problems(Path(scratch), target.as_posix()))
            return report
    name = target.as_posix()
    descriptor = read_descriptor(target)
    report = Report(name, engine=engine)
    refused = unsupported(descriptor, name)  # remote paths first: not read, not invalid
    if refused:
        raise UsageError(refused)
    report.add(list(unsafe_paths(descriptor, name, target.parent.resolve())))
    if report.problems:
        return report  # never open a file outside the package, nor one too large to read
    package = Package(target, name, inline_references(descriptor, name, target.parent.resolve()))
    plan = plan_for(target)
    articles = (article_root or package.basepath).resolve()
    if engine != "duckdb":
        cache = None  # the records are of DuckDB's reading
    # cut before DuckDB loads anything (its pages are read once, then given back), once for
    # both the validation by what changed and the full one, which keeps no record
    sliced = _sliced(plan, cache) if cache is not None else {}
    if cache is not None:
        quick = _validate_changed(package, plan, sliced, articles, cache, limit_errors, known)
        if quick is not None:
            quick.add(list(misnamed(descriptor, name)))
            return quick
        sliced = {name: replace(table, record=None) for name, table in sliced.items()}
    records: list[tuple[str, pa.Buffer | None]] = []
    connection = duckdb_engine.connect()
    try:  # the Table Schema checks load each CSV once; claimpack's checks read those tables
        if engine == "duckdb":
            found, cells = duckdb_engine.run_plan(connection, plan, limit_errors)
        else:
            found = validate_table_schemas(target, engine=engine, limit_errors=limit_errors)
            cells = duckdb_engine.load_cells(connection, plan)
        _table_schema_problems(report, found)
        # a table compared by slices only when DuckDB's reader read it one row per line
        cuts = {name: t.cut for name, t in sliced.items() if name in cells}
        formats = _Formats(cache, cuts)
        with ThreadPoolExecutor(max_workers=1) as pool:
            compared = pool.submit(_compared_by_slices, package, formats)
            tables = _tables(connection, package, cells)
            changed, texts = _source_problems(connection, tables, articles, report.notes)
            statements = tables.get("statements")
            mismatches, total = (
                _quote_mismatches(connection, statements, texts, limit_errors)
                if statements is not None and texts is not None
                else ([], 0)
            )
            checks = (
                (changed + mismatches, len(changed) + total),
                _discrepancy_problems(connection, tables, limit_errors),
                _formula_problems(connection, package, tables, limit_errors),
            )
            for problems, total in checks:
                report.add(problems, total)
            sliced = sliced if report.valid else {}
            read = _texts_digest(texts)
            records = [
                (table.key, _record(connection, table, cells[name].relation, read))
                for name, table in sliced.items()
                if name in cells
            ]
            format_problems = compared.result()
    finally:
        connection.close()
    if cache is not None:  # of rows found valid, true whatever follows; written with DuckDB's
        slices.remember_all(cache, [(k, r) for k, r in records if r is not None])  # tables freed
        records.clear()
    if format_problems is None or not report.valid:  # once DuckDB has let go of its tables
        formats = _Formats(cache, cuts if report.valid else {})  # an invalid one's whole
        format_problems = list(_format_problems(package, formats.same))
    report.add(format_problems)
    if report.valid:
        formats.remember()
    report.add(list(misnamed(descriptor, name)))  # the data checked whatever they are named
    return report


@dataclass(frozen=True)
class Unpacked:
    """An archive unpacked into a scratch folder, its package in `folder` there: what is
    found in it is named by the archive and the path inside it ("release.zip:d.csv"), not
    by a folder that is gone once reported."""

    scratch: Path
    folder: Path
    archive: Path

    def named(self, problems: list[Problem]) -> list[Problem]:
        """The problems, their files and the paths their messages hold named in the archive."""
        named = f"{self.archive.as_posix()}:"

        def said(message: str) -> str:
            for inside in self._prefixes():
                message = message.replace(inside, named)
            return message

        return [replace(p, file=self.name(p.file), message=said(p.message)) for p in problems]

    def name(self, file: str) -> str:
        """A file by its path in the scratch folder, or as a resource names it (relative to
        the package's folder: "d.csv"), named by its path in the archive
        ("release.zip:d.csv", "release.zip:folder/d.csv"); any other name as it is."""
        if file and not Path(file).is_absolute() and (self.folder / file).exists():
            file = (self.folder / file).as_posix()
        for inside in self._prefixes():
            if file.startswith(inside):
                return f"{self.archive.as_posix()}:{file.removeprefix(inside)}"
        return file

    def _prefixes(self) -> tuple[str, ...]:
        return (self.scratch.as_posix() + "/", self.scratch.resolve().as_posix() + "/")


def _compared_by_slices(package: Package, formats: _Formats) -> list[Problem] | None:
    """The format problems, when every table is compared by slices (in a thread, while
    DuckDB runs claimpack's checks: pyarrow and DuckDB both let go of the GIL, and a file is
    read at a time); None when a table would be compared whole, or there is no cache (then
    they are compared once DuckDB has let go of its tables)."""
    tables = {str(resource.get("name")) for resource in package.resources}
    if formats.cache is None or not tables <= formats.sliced.keys():
        return None
    return list(_format_problems(package, formats.same))


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
    (header = row 1) as `_row`; `relation` is its name in the connection."""

    name: str
    path: str
    columns: frozenset[str]
    relation: str


def _tables(
    connection: duckdb.DuckDBPyConnection,
    package: Package,
    cells: dict[str, duckdb_engine.Cells],
    read: bool = True,
    prefix: str = "package",
) -> dict[str, Table]:
    """Each CSV resource as a view of the text cells the Table Schema checks loaded (or, for
    a file that DuckDB's reader did not read one row per line, read here as it reads it,
    unless not `read`); tables that do not read are skipped (the Table Schema checks have
    said why). Views are named `prefix:name`, apart from the engine's relations."""
    tables = {}
    for resource in package.resources:
        name, path = str(resource.get("name")), str(resource.get("path"))
        file = package.file(path)
        dialect = resource.get("dialect") or {}
        if resource.get("format", "csv") != "csv" or not file.is_file():
            continue
        if not isinstance(dialect, dict) or dialect.get("header", True) is False:
            continue
        table = Table(name, path, frozenset(), _identifier(f"{prefix}:{name}"))
        loaded = cells.get(name)
        if loaded is None and not read:
            continue
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
        read_columns = frozenset(str(row[0]) for row in described)
        tables[name] = Table(name, path, read_columns, table.relation)
    return tables


def _read_table(
    connection: duckdb.DuckDBPyConnection, relation: str, file: Path, dialect: dict[str, Any]
) -> None:
    """A CSV read by DuckDB's reader with its rows numbered as read."""
    delimiter, quote = dialect.get("delimiter", ","), dialect.get("quoteChar", '"')
    connection.execute(
        f"CREATE TEMP TABLE {relation} AS SELECT row_number() OVER () + 1 AS _row, * "
        f"FROM read_csv({DUCKDB.file(file)}, all_varchar = true, header = true, "
        "auto_detect = false, delim = $delimiter, quote = $quote, escape = $quote, "
        "strict_mode = true, null_padding = false, columns = $columns)",
        {
            "delimiter": delimiter,
            "quote": quote,
            "columns": {column: "VARCHAR" for column in _header(file, delimiter, quote)},
        },
    )


def _header(file: Path, delimiter: str, quote: str) -> list[str]:
    with file.open(encoding="utf-8", newline="") as handle:
        try:
            header = next(csv.reader(handle, delimiter=delimiter, quotechar=quote), [])
        except csv.Error as error:  # a field over the reader's limit: no usable header
            raise ValueError(str(error)) from None
    if not header or len(set(header)) != len(header):
        raise ValueError("no usable header")
    return header


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


QUOTED_COLUMNS = {"source_id", "statement_id", "quote", "char_start", "char_end"}
SOURCE_COLUMNS = {"source_id", "path", "sha256"}


def _source_problems(
    connection: duckdb.DuckDBPyConnection,
    tables: dict[str, Table],
    root: Path,
    notes: list[str],
    known: dict[str, str] | None = None,
    wanted: set[str] | None = None,
) -> tuple[list[Problem], dict[str, tuple[str, str]] | None]:
    """Every source's file has its sha256: the problems, and the sha256 and text of each
    source's article that has (None when there are no quotes to check). With `known` (the
    inputs' sha256 by path, fingerprint.py: a file is read again unless its size, times and
    inode are as when it was hashed) an article is read only when its source is `wanted`,
    its text then being ""."""
    sources, statements = tables.get("sources"), tables.get("statements")
    if sources is None or statements is None or not statements.columns >= QUOTED_COLUMNS:
        return [], None
    if not sources.columns >= SOURCE_COLUMNS:
        return [], None
    problems: list[Problem] = []
    texts: dict[str, tuple[str, str]] = {}
    absent: list[str] = []
    rows = connection.execute(
        f"SELECT _row, source_id, path, sha256 FROM {sources.relation} ORDER BY _row"
    ).fetchall()
    inside = resolver(root)
    for row, source_id, path, sha256 in rows:
        recorded = (known or {}).get(str(path), "unreadable")
        try:
            file = inside(str(path))
            data = b""
            if recorded == "unreadable" or wanted is None or str(source_id) in wanted:
                data = read_bounded(file, MAX_RESOURCE_BYTES)
                recorded = hashlib.sha256(data).hexdigest()
        except UnsafePath:
            absent.append(str(path))
            continue
        digest = recorded
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
        texts[str(source_id)] = (digest, data.decode("utf-8", errors="replace"))
    if absent:
        shown = ", ".join(absent[:3]) + (", ..." if len(absent) > 3 else "")
        notes.append(
            f"{plural(len(absent), 'article')} not in the package ({shown}): "
            "their quotes were not checked"
        )
    return problems, texts


def _quote_mismatches(
    connection: duckdb.DuckDBPyConnection,
    statements: Table,
    texts: dict[str, tuple[str, str]],
    limit: int,
) -> tuple[list[Problem], int]:
    """Every quote of a source with a text is that text at its offsets."""
    problems = []
    connection.register("pieces", _pieces({key: text for key, (_, text) in texts.items()}))
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
    connection.complete()
    connection.unregister("pieces")  # the articles' text, let go before what follows
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
    return problems, total


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


Same = Callable[[Package, Package, str], bool]


def _same_rows(package: Package, parquet: Package, name: str) -> bool:
    """Whether the CSV and Parquet tables hold the same rows, compared whole."""
    return bool(package.table(name).equals(parquet.table(name)))


def _format_problems(package: Package, same: Same = _same_rows) -> Iterator[Problem]:
    """The Parquet copy of each table holds the same rows as the CSV, compared as typed Arrow
    tables (read by pyarrow, column at a time: its multithreaded readers and Arrow's equality
    take half the time of a positional join of the CSV's loaded cells with the Parquet
    files in DuckDB, which compares cell by cell in one thread)."""
    relative = claimpack_member(package.descriptor).get("parquet_descriptor")
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
        paths = other.get("path")
        missing = [str(path) for path in (paths if isinstance(paths, list) else [paths])
                   if not parquet.file(str(path)).is_file()]  # fmt: skip
        if missing:  # as a missing CSV is: missing-file at its path, not an unreadable table
            place = f"resources[{parquet.resources.index(other)}].path"
            for path in missing:
                message = f"cannot read {path}: no such file"
                yield Problem("missing-file", str(relative), place, message)
            continue
        schema = resource.get("schema")
        if not isinstance(schema, dict) or other.get("schema") != native_list_schema(schema):
            message = (
                f"{other['path']} is described with a different schema than {resource['path']}"
            )
            yield Problem("formats-differ", str(resource["path"]), "", message)
            continue
        try:
            equal = same(package, parquet, name)
        except (OSError, ValueError, KeyError, pa.ArrowException) as error:
            yield Problem("unreadable-table", str(resource["path"]), "", str(error))
            continue
        if not equal:
            message = f"{resource['path']} and {other['path']} hold different rows"
            yield Problem("formats-differ", str(resource["path"]), "", message)


CROSS_TABLE_COLUMNS = {
    "sources": SOURCE_COLUMNS,
    "discrepancies": {"discrepancy_id"},
    "discrepancy_statements": {"discrepancy_id", "compared_value"},
}
"""The columns claimpack's checks across rows read, besides the Table Schemas' keys."""


@dataclass(frozen=True)
class _Sliced:
    """A CSV table cut into slices (slices.py): its plan, header labels, the numbers of the
    cells the checks across rows read, the key of its record, the record found there, and
    the slices that record does not list."""

    resource: ResourcePlan
    cut: slices.Slices
    labels: list[str]
    keys: list[int]
    key: str
    record: slices.Record | None
    fresh: list[int]

    def fresh_bytes(self) -> int:
        """The bytes of the slices no record lists."""
        return sum(self.cut.ends[i] - self.cut.starts[i] for i in self.fresh)


@dataclass(frozen=True)
class _Ahead:
    """A CSV file mapped, cut into slices and hashed before its validation (cut_ahead), with
    its stat (device, inode, size, mtime, ctime) then."""

    identity: tuple[int, ...]
    data: mmap.mmap
    cut: slices.Slices | None
    sha256: str


_AHEAD: dict[str, Future[_Ahead | None]] = {}
_AHEAD_LOCK = threading.Lock()


def cut_ahead(path: Path, written: Future[Any]) -> None:
    """Map, cut and hash the CSV file at path, in a thread of its own once `written` is done,
    for a validation of it that this process is to run: a build asks for it once it has
    written statements.csv (hundreds of megabytes), so that the work is done beside the
    stages still to run (NumPy and hashlib let them run). The validation takes what was
    found while the file's stat is unchanged, and does it again otherwise."""
    executor = ThreadPoolExecutor(1)
    found = executor.submit(_cut_file, path, written)
    executor.shutdown(wait=False)
    with _AHEAD_LOCK:
        _AHEAD.clear()  # one build's file at a time: an earlier one's map let go
        _AHEAD[_ahead_key(path)] = found


def _cut_file(path: Path, written: Future[Any]) -> _Ahead | None:
    if written.exception() is not None:
        return None
    try:
        identity = _identity(path)
        data = mapped_bounded(path, MAX_RESOURCE_BYTES)
        cut = slices.cut(data)
        sha256 = hashlib.sha256(data).hexdigest()
    except (UnsafePath, OSError, ValueError):
        return None
    if cut is not None:
        cut.release()
    return _Ahead(identity, data, cut, sha256)


def _taken_ahead(path: Path) -> _Ahead | None:
    """What cut_ahead found of the file, if it is still the file it was."""
    with _AHEAD_LOCK:
        found = _AHEAD.pop(_ahead_key(path), None)
    ahead = found.result() if found is not None else None
    try:
        return ahead if ahead is not None and ahead.identity == _identity(path) else None
    except OSError:
        return None


def _ahead_key(path: Path) -> str:
    return os.path.realpath(path)


def _identity(path: Path) -> tuple[int, ...]:
    info = os.stat(path)
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _sliced(plan: Plan, cache: Cache) -> dict[str, _Sliced]:
    """Every table of the plan cut into slices, with its record; empty when one cannot be:
    not a CSV with a header of one line whose labels are the schema's, not read one row per
    line, or not of its declared size and hash (such a package is checked whole)."""
    sliced = {}
    for resource in plan.resources:
        if resource.format != "csv" or not resource.dialect.header:
            return {}
        ahead = _taken_ahead(resource.file)
        try:  # mapped: only what a comparison or a changed slice reads stays resident
            data = ahead.data if ahead else mapped_bounded(resource.file, MAX_RESOURCE_BYTES)
            labels = first_record(resource.file, resource.dialect)
        except (UnsafePath, UnicodeDecodeError, OSError, ValueError):
            return {}
        cut = ahead.cut if ahead else slices.cut(data)
        facts = _facts(data, resource, ahead.sha256 if ahead else None)
        if cut is None or labels is None or file_errors(facts, resource.bytes, resource.hash):
            return {}
        cut.release()
        header = data[: cut.header_end]
        dialect = python_dialect(resource.dialect)
        if next(csv.reader([header.decode("utf-8")], **dialect)) != labels:  # type: ignore[arg-type]
            return {}
        if label_errors(labels, [f.name for f in resource.fields]):
            return {}
        names = _key_names(plan, resource)
        keys = [number for number, label in enumerate(labels, 1) if label in names]
        key = slices.context(resource, header, keys)
        record = slices.recall(cache, key)
        listed = set(record.digests) if record is not None else set()
        fresh = [i for i, digest in enumerate(cut.digests) if digest not in listed]
        sliced[resource.name] = _Sliced(resource, cut, labels, keys, key, record, fresh)
    return sliced


def _facts(
    data: bytes | mmap.mmap, resource: ResourcePlan, sha256_of_data: str | None = None
) -> FileFacts:
    """The size and the digest the resource declares, of data (whose sha256 may be given)."""
    algorithm = (resource.hash or "").rpartition(":")[0]
    md5 = hashlib.md5(data).hexdigest() if resource.hash and algorithm in ("", "md5") else ""
    sha256 = ""
    if algorithm == "sha256":
        sha256 = sha256_of_data or hashlib.sha256(data).hexdigest()
    return FileFacts(len(data), md5, sha256, 0, False, False)


def _key_names(plan: Plan, resource: ResourcePlan) -> set[str]:
    """The fields of a resource that a check across rows reads."""
    names = {f.name for f in resource.fields if f.unique} | set(resource.primary_key)
    names |= {name for fk in resource.foreign_keys for name in fk.fields}
    names |= {name for other in plan.resources for fk in other.foreign_keys
              if fk.resource == resource.name for name in fk.reference_fields}  # fmt: skip
    return names | CROSS_TABLE_COLUMNS.get(resource.name, set())


def _validate_changed(
    package: Package,
    plan: Plan,
    sliced: dict[str, _Sliced],
    root: Path,
    cache: Cache,
    limit: int,
    known: dict[str, str] | None = None,
) -> Report | None:
    """The report of a valid package checked by what changed since the last valid validation
    (its tables as `sliced`): the slices no record lists loaded and checked row by row, the
    checks across rows run over every row's key cells, the Parquet files compared where no
    record says they are equal. None (then the package is checked whole) when anything is
    found, or when most of it changed. The Parquet files are compared (by pyarrow) in a thread
    while DuckDB checks the rows: neither holds the GIL for long, and neither needs the other."""
    whole = sum(len(table.cut.data) for table in sliced.values())
    fresh = sum(table.fresh_bytes() for table in sliced.values())
    if not sliced or 2 * fresh > whole:
        return None
    report = Report(package.label)
    formats = _Formats(cache, {name: table.cut for name, table in sliced.items()})
    with ThreadPoolExecutor(max_workers=1) as pool:
        compared = pool.submit(lambda: next(_format_problems(package, formats.same), None))
        records = _changed_rows_records(package, plan, sliced, root, cache, limit, known, report)
        if records is None or compared.result() is not None:
            return None
    formats.remember()
    slices.remember_all(cache, records)
    return report


def _changed_rows_records(
    package: Package,
    plan: Plan,
    sliced: dict[str, _Sliced],
    root: Path,
    cache: Cache,
    limit: int,
    known: dict[str, str] | None,
    report: Report,
) -> list[tuple[str, pa.Buffer]] | None:
    """The records of the tables whose rows are found valid by what changed (see
    _validate_changed), the notes added to the report; None when anything is found."""
    connection = duckdb_engine.connect()
    try:
        with tempfile.TemporaryDirectory(prefix="claimpack-slices-") as scratch:
            loaded = {}
            for index, (name, table) in enumerate(sliced.items()):
                found = _load_changed(connection, table, Path(scratch) / f"{index}.csv", index)
                if found is None:
                    return None
                loaded[name] = found
            typed = {name: found[0] for name, found in loaded.items()}
            if duckdb_engine.count_key_errors(connection, plan, typed):
                return None
            keys = _tables(connection, package, {n: f[1] for n, f in loaded.items()}, False, "keys")
            changed = {n: f[2] for n, f in loaded.items() if f[2] is not None}
            rows = _tables(connection, package, changed, False, "changed")
            wanted = _quoted_sources(connection, rows.get("statements"))
            if known is None:
                known = input_fingerprint(root, InputRecord(cache))
            problems, texts = _source_problems(connection, keys, root, report.notes, known, wanted)
            texts_digest = _texts_digest(texts)
            stale = [t for t in sliced.values() if t.record and t.record.texts != texts_digest]
            if problems or stale:
                return None
            needed = {key: text for key, text in (texts or {}).items() if key in wanted}
            if not _rows_valid(connection, package, keys, rows, needed, limit):
                return None
            return [
                (
                    table.key,
                    slices.encode(table.cut.digests, texts_digest, loaded[name][3].to_reader()),
                )
                for name, table in sliced.items()
                if _record_again(table)
            ]
    except (duckdb.Error, pa.ArrowException):  # a record not of the table's cells: checked whole
        return None
    finally:
        connection.close()


# The share of a table's bytes in slices its record does not list (checked again by each
# validation) before the record is written again: rewriting the key cells of a million rows
# costs more than checking the rows of a few slices.
STALE = 0.01


def _record_again(table: _Sliced) -> bool:
    """Whether a table checked by what changed gets a new record: when it has none, or when
    the slices its record does not list hold more than STALE of its bytes. A record that
    lists some slices the table no longer has, or not the few it has new, still says what it
    said: the slices it does not list are checked again, as they were this time."""
    if table.record is None:
        return True
    return table.fresh_bytes() > STALE * (len(table.cut.data) - table.cut.header_end)


def _quoted_sources(connection: duckdb.DuckDBPyConnection, statements: Table | None) -> set[str]:
    """The sources the quotes of the (changed) statements are taken from."""
    if statements is None or "source_id" not in statements.columns:
        return set()
    quoted = connection.execute(f"SELECT DISTINCT source_id FROM {statements.relation}")
    return {str(row[0]) for row in quoted.fetchall()}


def _rows_valid(
    connection: duckdb.DuckDBPyConnection,
    package: Package,
    keys: dict[str, Table],
    rows: dict[str, Table],
    texts: dict[str, tuple[str, str]],
    limit: int,
) -> bool:
    """claimpack's checks find nothing: of one row (quotes, formulas) in the changed rows,
    across rows (discrepancies) in every row's key cells."""
    statements = rows.get("statements")
    if statements is not None and _quote_mismatches(connection, statements, texts, limit)[1]:
        return False
    discrepancies = _discrepancy_problems(connection, keys, limit)[1]
    return not discrepancies and not _formula_problems(connection, package, rows, limit)[1]


def _texts_digest(texts: dict[str, tuple[str, str]] | None) -> str:
    """What the quotes were found in: each source's article's sha256."""
    return digest(sorted((key, sha256) for key, (sha256, _) in (texts or {}).items()))


def _load_changed(
    connection: duckdb.DuckDBPyConnection, table: _Sliced, scratch: Path, index: int
) -> tuple[Loaded, duckdb_engine.Cells, duckdb_engine.Cells | None, pa.Table] | None:
    """A table's key cells, of every row (`keys{index}`, typed for the Table Schema's checks
    across rows, and as Arrow placed in slices, to record), and the text cells of its slices
    that no record lists, found valid by the checks of one row; None when they are not."""
    resource, cut = table.resource, table.cut
    fields = expected_fields(resource, table.labels, DUCKDB)
    changed = None
    columns = ", ".join(f"c{number}" for number in table.keys)
    if table.fresh:
        with scratch.open("wb") as handle:
            handle.write(cut.data[: cut.header_end])
            handle.writelines(memoryview(cut.data)[cut.starts[i] : cut.ends[i]]
                              for i in table.fresh)  # fmt: skip
        plan = replace(resource, file=scratch, bytes=None, hash=None)
        checked = duckdb_engine.check_rows(connection, plan, f"changed{index}")
        if checked is None:
            return None
        changed = checked[1]
    fresh = _keys_of(connection, changed, columns, table.fresh, cut.lines).read_all()
    if table.record is not None:
        every = _in_row_order(table.record, cut, table.fresh, fresh)
        if every is None:
            return None
        fresh = every
    # each row's line in the file, placed by NumPy: a join in the view was done again by
    # every query that reads it (a million rows' for each check across rows)
    firsts = np.asarray(cut.first_lines(), dtype=np.int64) + 2
    placed = firsts[fresh["__slice"].to_numpy()] + fresh["__line"].to_numpy()
    connection.register(f"keys{index}_in", fresh.append_column("__row", pa.array(placed)))
    cells = ", ".join(
        f"c{number}" if number in table.keys else f"NULL::VARCHAR AS c{number}"
        for number in range(1, len(table.labels) + 1)
    )
    connection.execute(
        f"CREATE TEMP VIEW keys{index} AS SELECT __row, {len(table.labels)} AS __n, {cells} "
        f"FROM keys{index}_in"
    )
    loaded = Loaded(f"keys{index}", fields, len(fields), False)
    typed = duckdb_engine.typed_view(connection, loaded, f"keys{index}_typed")
    return typed, duckdb_engine.Cells(f"keys{index}", tuple(table.labels)), changed, fresh


def _in_row_order(
    record: slices.Record, cut: slices.Slices, chosen: list[int], fresh: pa.Table
) -> pa.Table | None:
    """The key cells of every row in row order, as _keys_of places them: a slice's from the
    record where it lists the slice (a range of its rows, which are in row order), else from
    `fresh` (the rows of the slices `chosen`, in order); None when the record does not hold
    the rows of the slices it lists line by line (then it is not used)."""
    keys = record.keys
    if keys.schema != fresh.schema or keys["__slice"].null_count or keys["__line"].null_count:
        return None
    placed, line = keys["__slice"].to_numpy(), keys["__line"].to_numpy()
    listed = len(record.digests)
    if len(placed) and (placed[0] < 0 or placed[-1] >= listed or (np.diff(placed) < 0).any()):
        return None
    counts = np.bincount(placed, minlength=listed)
    starts = np.cumsum(counts) - counts
    if not np.array_equal(line, np.arange(len(line)) - np.repeat(starts, counts)):
        return None
    first: dict[str, int] = {}
    for ordinal, digest_ in enumerate(record.digests):
        first.setdefault(digest_, ordinal)
    ahead = itertools.accumulate((cut.lines[i] for i in chosen), initial=0)  # fresh rows before
    taken = dict(zip(chosen, ahead, strict=False))
    runs: list[tuple[pa.Table, int, int]] = []  # (table, offset, length): adjacent ones joined
    for index, lines in enumerate(cut.lines):
        if index in taken:
            source, offset = fresh, taken[index]
        else:
            listed_at = first.get(cut.digests[index])
            if listed_at is None or counts[listed_at] != lines:
                return None
            source, offset = keys, int(starts[listed_at])
        if runs and runs[-1][0] is source and runs[-1][1] + runs[-1][2] == offset:
            runs[-1] = (source, runs[-1][1], runs[-1][2] + lines)
        else:
            runs.append((source, offset, lines))
    parts = [source.slice(offset, length) for source, offset, length in runs]
    rows = pa.concat_tables(parts) if parts else fresh
    places = np.repeat(np.arange(len(cut.lines), dtype=np.int64), cut.lines)
    firsts = np.repeat(np.array(cut.first_lines(), dtype=np.int64), cut.lines)
    rows = rows.set_column(0, "__slice", pa.array(places))
    return rows.set_column(1, "__line", pa.array(np.arange(len(places), dtype=np.int64) - firsts))


KEY_BATCH = 1 << 16  # rows of key cells read from DuckDB at a time


def _keys_of(
    connection: duckdb.DuckDBPyConnection,
    cells: duckdb_engine.Cells | None,
    columns: str,
    chosen: list[int],
    lines: list[int],
) -> pa.RecordBatchReader:
    """The key cells of the rows of the slices `chosen`, loaded in order as `cells`, with the
    slice (`__slice`) and place in it (`__line`) of each row: a batch at a time as DuckDB
    scans them, in the order it keeps, each row's number checked against its place (as it is
    read: duckdb.InvalidInputException when the rows are not the slices' lines)."""
    counts = [lines[i] for i in chosen]
    total = sum(counts)
    placed = (
        pa.array(np.repeat(np.array(chosen, dtype=np.int64), counts)),
        pa.array(
            np.arange(total, dtype=np.int64)
            - np.repeat(np.cumsum([0, *counts[:-1]], dtype=np.int64)[: len(counts)], counts)
        ),
    )
    names = [name.strip() for name in columns.split(",") if name.strip()]
    schema = pa.schema(
        [("__slice", pa.int64()), ("__line", pa.int64()), *((n, pa.string()) for n in names)]
    )

    def batches() -> Iterator[pa.RecordBatch]:
        done = 0
        if cells is not None:
            connection.complete()  # DuckDB runs no relation while one is open
            read = connection.sql(
                f"SELECT __row{', ' + columns if columns else ''} FROM {cells.relation}"
            ).to_arrow_reader(KEY_BATCH)
            for batch in read:
                rows = batch.column("__row").to_numpy()
                expected = np.arange(done + 2, done + 2 + len(rows))
                if done + len(rows) > total or not np.array_equal(rows, expected):
                    break
                yield pa.RecordBatch.from_arrays(
                    [
                        *(column.slice(done, len(rows)) for column in placed),
                        *(batch.column(name).cast(pa.string()) for name in names),
                    ],
                    schema=schema,
                )
                done += len(rows)
        if done != total:
            raise duckdb.InvalidInputException("the rows are not the slices' lines")

    return pa.RecordBatchReader.from_batches(schema, batches())


def _record(
    connection: duckdb.DuckDBPyConnection,
    table: _Sliced,
    relation: str,
    texts: str,
) -> pa.Buffer | None:
    """What a valid validation leaves of a table, encoded (slices.encode): its slices, the
    articles' sha256 (`texts`, _texts_digest), and the key cells of every row (read from
    `relation`, its text cells in row order); None when they are not read in that order."""
    columns = ", ".join(f"c{number}" for number in table.keys)
    cells = duckdb_engine.Cells(relation, tuple(table.labels))
    every = list(range(len(table.cut.lines)))
    keys = _keys_of(connection, cells, columns, every, table.cut.lines)
    try:
        return slices.encode(table.cut.digests, texts, keys)
    except duckdb.InvalidInputException:
        return None


@dataclass
class _Formats:
    """Compares each Parquet file of a table with the CSV rows it holds, with a cache: pairs
    recorded equal are not compared again, and those found equal are recorded once the whole
    package is found valid."""

    cache: Cache | None
    sliced: dict[str, slices.Slices]
    found: list[str] = field(default_factory=list)

    def same(self, package: Package, parquet: Package, name: str) -> bool:
        cut = self.sliced.get(name)
        if cut is None or self.cache is None:
            return _same_rows(package, parquet, name)
        resource, schema = parquet.resource(name), package.resource(name)["schema"]
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        files = [parquet.file(str(path)) for path in paths]
        counts = [pq.read_metadata(file).num_rows for file in files]
        if sum(counts) != sum(cut.lines):
            return False
        header, first = cut.data[: cut.header_end], 0
        for file, count in zip(files, counts, strict=True):
            named, rows = cut.span(first, count)
            first += count
            held = [hashlib.sha256(header).hexdigest(), named]
            sha256 = sha256_bounded(file, MAX_RESOURCE_BYTES)
            key = slices.format_key(resource["schema"], sha256, held)
            if slices.same_format(self.cache, key):
                continue
            csv_rows = read_csv_table(header + rows, schema, name)
            cut.release()
            equal = csv_rows.equals(read_parquet_table(file, resource["schema"]))
            del csv_rows
            pa.default_memory_pool().release_unused()  # beside DuckDB's tables: given back
            if not equal:
                return False
            self.found.append(key)
        return True

    def remember(self) -> None:
        """Record the pairs found equal."""
        if self.cache is None:
            return
        for key in self.found:
            slices.remember_format(self.cache, key)
