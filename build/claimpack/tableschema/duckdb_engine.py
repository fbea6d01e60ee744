"""Runs a plan on DuckDB: each resource loaded once into a table of text cells, then every
check as one SQL query per resource."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import duckdb

from claimpack.tableschema import csv_sql, queries
from claimpack.tableschema.header import label_errors
from claimpack.tableschema.package import Dialect, refuse
from claimpack.tableschema.plan import FieldPlan, Plan, ResourcePlan, expected_fields
from claimpack.tableschema.reading import file_errors, file_facts, first_record
from claimpack.tableschema.report import Error, Report, Task, capped
from claimpack.tableschema.sql import DUCKDB

NULL_SENTINEL = "\x01claimpack:no-null\x02"


def validate_plan(plan: Plan, limit_errors: int = 1000, exact_csv: bool = False) -> Report:
    """Run every check of the plan; exact_csv forces the record-by-regex CSV reader."""
    con = duckdb.connect(config={"preserve_insertion_order": True})
    try:
        con.execute("SET enable_progress_bar = false")
        loaded: dict[str, queries.Loaded] = {}
        early: dict[str, list[Error]] = {}
        for index, resource in enumerate(plan.resources):
            found, table = _load(con, resource, f"r{index}_in", exact_csv)
            early[resource.name] = found
            if table is not None:
                # the typed cells are a view, computed where a query reads them; the rows
                # that fail a row-level check are found in one scan and kept
                typed = replace(table, relation=f"r{index}")
                con.execute(
                    f"CREATE TEMP VIEW r{index} AS {queries.typed_table(table, table.relation)}"
                )
                con.execute(f"CREATE TEMP TABLE r{index}_bad AS {queries.flagged(typed, DUCKDB)}")
                loaded[resource.name] = typed
        tasks = [_run(con, plan, r, loaded, early[r.name], limit_errors) for r in plan.resources]
        return Report(tuple(tasks), "duckdb")
    finally:
        con.close()


def _run(con: Any, plan: Plan, resource: ResourcePlan, loaded: dict[str, queries.Loaded],
         found: list[Error], limit: int) -> Task:  # fmt: skip
    table = loaded.get(resource.name)
    if table is None:
        return capped(resource.name, resource.path, found, len(found), limit)
    lookups = {}
    for index, fk in enumerate(resource.foreign_keys):
        own = [next(f for f in resource.fields if f.name == n) for n in fk.fields]
        lookups[index] = f"({queries.lookup_sql(loaded.get(fk.resource), own, fk)})"
    parts = queries.error_parts(resource, table, lookups, plan.sql, f"{table.relation}_bad")
    rows = con.execute(
        queries.errors_query(parts, limit, queries.common_tables(table, plan.sql))
    ).fetchall()
    total = (rows[0][-1] if rows else 0) + len(found)
    errors = found + [
        Error(t, row, num, name, cell, note) for row, num, name, t, cell, note, _ in rows
    ]
    return capped(resource.name, resource.path, errors, total, limit)


def _load(con: Any, resource: ResourcePlan, relation: str, exact: bool
          ) -> tuple[list[Error], queries.Loaded | None]:  # fmt: skip
    facts = file_facts(resource.file, bool(resource.hash), resource.format == "csv")
    found = file_errors(facts, resource.bytes, resource.hash)
    if resource.format == "parquet":
        table, columns = _load_parquet(con, resource, relation)
        return found + label_errors(columns, [f.name for f in resource.fields]), table
    try:
        first = first_record(resource.file, resource.dialect)
    except UnicodeDecodeError:
        raise refuse(resource.path, "", "not UTF-8 text") from None
    if first is None:
        return [*found, Error("source-error", note="the source is empty")], None
    labels: list[str] | None = first if resource.dialect.header else None
    width = len(first)
    fields = expected_fields(resource, labels, DUCKDB)
    found += label_errors(labels, [f.name for f in resource.fields])
    if not exact and not facts.lone_cr:
        fast = _load_fast(con, resource, relation, width, fields, facts.lines)
        if fast is not None:
            return found, fast
    _load_exact(con, resource, relation, len(fields))
    return found, queries.Loaded(relation, fields, len(fields), True)


def _csv_options(dialect: Dialect) -> str:
    escape = dialect.escape_char if not dialect.double_quote else dialect.quote_char
    return (f"delim={DUCKDB.lit(dialect.delimiter)}, quote={DUCKDB.lit(dialect.quote_char)}, "
            f"escape={DUCKDB.lit(escape or dialect.quote_char)}")  # fmt: skip


def _load_fast(
    con: Any, resource: ResourcePlan, relation: str, width: int,
    fields: tuple[FieldPlan, ...], lines: int,
) -> queries.Loaded | None:  # fmt: skip
    """DuckDB's parallel CSV reader, trusted only when it read one row per line (so no row
    was blank, ragged or split over lines): else None, and the exact reader runs. The
    row-level checks run as the rows are read, into a `__bad` column, so the table of cells
    is scanned for them only where a row fails."""
    expected = len(fields)
    columns = ", ".join(f"'c{n}': 'VARCHAR'" for n in range(1, width + 1))
    first_row = 2 if resource.dialect.header else 1
    cells = ", ".join(f"c{n}" for n in range(1, width + 1))
    padding = "".join(f", NULL::VARCHAR AS c{n}" for n in range(width + 1, expected + 1))
    listed = f", [{cells}] AS __cells" if width > expected else ""
    read = (
        f"SELECT {width} AS __n, {cells}{padding}{listed} FROM read_csv("
        f"{DUCKDB.lit(str(resource.file))}, header=false, auto_detect=false, "
        f"columns={{{columns}}}, {_csv_options(resource.dialect)}, strict_mode=true, "
        f"null_padding=false, nullstr={DUCKDB.lit(NULL_SENTINEL)}, all_varchar=true)"
    )
    reading = queries.Loaded("r", fields, expected, width > expected)
    checks = queries.flag_condition(reading, DUCKDB)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {relation}_raw AS SELECT {cells}, ({checks}) AS __bad "
            f"FROM ({queries.typed_table(reading, f'({read}) r')}) t"
        )
        rows = con.execute(f"SELECT count(*) FROM {relation}_raw").fetchone()[0]
    except duckdb.Error:
        return None
    if rows != lines:
        return None
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {relation} AS SELECT rowid + 1 AS __row, {width} AS __n, "
        f"{cells}{padding}{listed}, __bad FROM {relation}_raw WHERE rowid >= {first_row - 1}"
    )
    return queries.Loaded(relation, fields, expected, width > expected, "__bad")


def _load_exact(con: Any, resource: ResourcePlan, relation: str, expected: int) -> None:
    """Records and cells split by regular expressions over the whole text (csv_sql.py): every
    record counts (blank ones too), rows may be ragged, quoted fields may hold line breaks."""
    d = resource.dialect
    first_row = 2 if d.header else 1
    text = f"(SELECT content FROM read_text({DUCKDB.lit(str(resource.file))}))"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {relation}_rec AS SELECT unnest(m) AS __rec, "
        f"unnest(generate_series(1, len(m))) AS __row, len(content) AS __len FROM ("
        f"SELECT {csv_sql.split_records('content', d, DUCKDB)} AS m, content FROM {text} t) x"
    )
    consumed, length = con.execute(
        f"SELECT COALESCE(sum(length(__rec)), 0), max(__len) FROM {relation}_rec"
    ).fetchone()
    if length is not None and consumed < length:
        raise refuse(resource.path, "", "malformed CSV (an unclosed quote?): not read")
    width = con.execute(
        f"CREATE OR REPLACE TEMP TABLE {relation}_cells AS SELECT __row, len(__cells) AS __n, "
        f"__cells FROM (SELECT __row, {csv_sql.cells('__rec', d, DUCKDB)} AS __cells "
        f"FROM {relation}_rec) c WHERE __row >= {first_row}; "
        f"SELECT COALESCE(max(__n), 0) FROM {relation}_cells"
    ).fetchone()[0]
    count = max(width, expected, 1)
    columns = ", ".join(f"__cells[{n}] AS c{n}" for n in range(1, count + 1))
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {relation} AS SELECT *, {columns} FROM {relation}_cells"
    )


def _load_parquet(
    con: Any, resource: ResourcePlan, relation: str
) -> tuple[queries.Loaded, list[str]]:
    """Parquet columns as text cells in the form the text readers accept."""
    path = DUCKDB.lit(str(resource.file))
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({path})").fetchall()
    labels = [str(row[0]) for row in described]
    types = {str(row[0]): str(row[1]).upper() for row in described}
    fields = expected_fields(resource, labels, DUCKDB)
    cells = []
    for f, label in zip(fields, labels, strict=True):
        cells.append(f"{_as_text(DUCKDB.ident(label), types[label], f)} AS c{f.number}")
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {relation} AS SELECT file_row_number + 2 AS __row, "
        f"{len(labels)} AS __n, {', '.join(cells) or 'NULL AS c0'} "
        f"FROM read_parquet({path}, file_row_number=true)"
    )
    return queries.Loaded(relation, fields, len(fields), False), labels


def _as_text(column: str, kind: str, field: FieldPlan) -> str:
    if kind == "BOOLEAN" and field.type == "boolean":
        true, false = DUCKDB.lit(field.true_text), DUCKDB.lit(field.false_text)
        return f"CASE WHEN {column} THEN {true} ELSE {false} END"
    if kind in ("DOUBLE", "FLOAT") and field.type == "integer":
        whole = f"CAST(CAST({column} AS HUGEINT) AS VARCHAR)"
        return (
            f"CASE WHEN {column} = trunc({column}) THEN {whole} ELSE CAST({column} AS VARCHAR) END"
        )
    return f"CAST({column} AS VARCHAR)"
