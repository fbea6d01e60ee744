"""Runs a plan on DuckDB: a streamed count per resource, numbered tables only where errors are.

Each resource is first read as it streams (CSV through DuckDB's parallel reader, Parquet
natively) by one query that counts the errors every check would find; a resource with none
is done. Only a resource with errors (or a CSV that DuckDB's
reader does not read one row per line) is loaded into a numbered table of text cells, and
its errors are selected, ordered and capped by one query."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import duckdb

from claimpack.tableschema import csv_sql, queries
from claimpack.tableschema.header import label_errors
from claimpack.tableschema.package import Dialect, refuse
from claimpack.tableschema.plan import (
    FieldPlan,
    Plan,
    ResourcePlan,
    expected_fields,
    parquet_cells,
)
from claimpack.tableschema.reading import FileFacts, file_errors, file_facts, first_record
from claimpack.tableschema.report import DEFAULT_LIMIT, Error, Report, Task, capped
from claimpack.tableschema.sql import DUCKDB

NULL_SENTINEL = "\x01claimpack:no-null\x02"


@dataclass
class _Source:
    """A resource as opened: its facts (being computed), its header errors, its typed
    relation (streamed, or numbered), and how to number it."""

    resource: ResourcePlan
    facts: Future[FileFacts]
    found: list[Error]
    table: queries.Loaded | None = None
    header_lines: int | None = None  # a streamed CSV gives one row per line less these
    number: Callable[[], queries.Loaded] | None = None  # None: the table is numbered
    trusted: bool = False  # the streamed rows are known to be the file's rows

    def errors(self) -> list[Error]:
        """File errors (size, hash) and header errors."""
        facts = self.facts.result()
        return file_errors(facts, self.resource.bytes, self.resource.hash) + self.found

    def whole(self, rows: int) -> bool:
        """Whether `rows` streamed rows are the file's rows: one per line."""
        if self.header_lines is None:
            return True
        facts = self.facts.result()
        return not facts.lone_cr and rows == facts.lines - self.header_lines


def validate_plan(plan: Plan, limit_errors: int = DEFAULT_LIMIT, exact_csv: bool = False) -> Report:
    """Run every check of the plan; exact_csv forces the record-by-regex CSV reader. Sizes,
    hashes and line counts are computed in a thread while DuckDB reads."""
    con: Any = duckdb.connect(config={"preserve_insertion_order": True})
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            con.execute("SET enable_progress_bar = false")
            sources = {
                resource.name: _open(con, pool, resource, f"r{index}", exact_csv)
                for index, resource in enumerate(plan.resources)
            }
            tasks = [_run(con, plan, r, sources, limit_errors) for r in plan.resources]
            return Report(tuple(tasks), "duckdb")
    finally:
        con.close()


def count_errors(plan: Plan) -> dict[str, int | None]:
    """Each resource's error count as its one streamed query gives it (file and header errors
    aside); None where the resource is not streamed or its stream is not the file's rows.
    For tests: the counts must equal the totals of the detailed queries."""
    con: Any = duckdb.connect(config={"preserve_insertion_order": True})
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        con.execute("SET enable_progress_bar = false")
        sources = {
            r.name: _open(con, pool, r, f"r{i}", False) for i, r in enumerate(plan.resources)
        }
        counts: dict[str, int | None] = {}
        for resource in plan.resources:
            source = sources[resource.name]
            counts[resource.name] = None
            if source.table is None or source.number is None:
                continue
            lookups = _lookups(con, resource, sources)
            try:
                query = queries.count_query(resource, source.table, lookups)
                rows, errors = con.execute(query).fetchone()
            except duckdb.Error:
                continue
            if source.whole(rows):
                source.trusted = True
                counts[resource.name] = int(errors)
        return counts
    finally:
        pool.shutdown()
        con.close()


def _numbered(source: _Source) -> queries.Loaded | None:
    """The source's relation with rows numbered as frictionless numbers them."""
    if source.number is not None:
        source.table, source.number = source.number(), None
    return source.table


def _trusted(con: Any, source: _Source) -> queries.Loaded | None:
    """The source's relation, once its rows are known to be the file's: a streamed CSV is
    counted (if its own check has not counted it yet), and numbered if the count is off."""
    if source.number is not None and not source.trusted and source.table is not None:
        try:
            rows = con.execute(f"SELECT count(*) FROM {source.table.relation}").fetchone()[0]
            source.trusted = source.whole(rows)
        except duckdb.Error:
            pass
        if not source.trusted:
            _numbered(source)
    return source.table


def _lookups(con: Any, resource: ResourcePlan, sources: dict[str, _Source]) -> dict[int, str]:
    """The keys each foreign key looks up, read from trusted relations (a resource's own
    relation as it is: its check counts its rows)."""
    lookups = {}
    for index, fk in enumerate(resource.foreign_keys):
        own = [next(f for f in resource.fields if f.name == n) for n in fk.fields]
        target = sources.get(fk.resource)
        if target is None:
            referenced = None
        elif fk.resource == resource.name:
            referenced = target.table
        else:
            referenced = _trusted(con, target)
        lookups[index] = f"({queries.lookup_sql(referenced, own, fk)})"
    return lookups


def _run(con: Any, plan: Plan, resource: ResourcePlan, sources: dict[str, _Source],
         limit: int) -> Task:  # fmt: skip
    source = sources[resource.name]
    if source.table is None:
        found = source.errors()
        return capped(resource.name, resource.path, found, len(found), limit)
    if source.number is not None:
        count = queries.count_query(resource, source.table, _lookups(con, resource, sources))
        try:
            rows, errors = con.execute(count).fetchone()
            source.trusted = source.whole(rows)
            if errors == 0 and source.trusted:
                found = source.errors()
                return capped(resource.name, resource.path, found, len(found), limit)
        except duckdb.Error:  # a CSV that DuckDB's reader refuses: read by the exact reader
            pass
    found = source.errors()
    table = _numbered(source)
    assert table is not None
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table.relation}_bad AS "
                f"{queries.flagged(table, DUCKDB)}")  # fmt: skip
    parts = queries.error_parts(
        resource, table, _lookups(con, resource, sources), plan.sql, f"{table.relation}_bad"
    )
    rows = con.execute(
        queries.errors_query(parts, limit, queries.common_tables(table, plan.sql), plan.sql)
    ).fetchall()
    total = (rows[0][-1] if rows else 0) + len(found)
    errors = found + [
        Error(t, row, num, name, cell, note) for row, num, name, t, cell, note, _ in rows
    ]
    return capped(resource.name, resource.path, errors, total, limit)


def _typed(con: Any, table: queries.Loaded, relation: str) -> queries.Loaded:
    """A view of the table's typed cells (missing, valid, value), computed where read."""
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {relation} AS {queries.typed_table(table, table.relation)}"
    )
    return replace(table, relation=relation)


def _open(con: Any, pool: ThreadPoolExecutor, resource: ResourcePlan, relation: str,
          exact: bool) -> _Source:  # fmt: skip
    is_csv = resource.format == "csv"
    facts = pool.submit(file_facts, resource.file, bool(resource.hash), is_csv)
    if not is_csv:
        table, columns = _load_parquet(con, resource, f"{relation}_in")
        found = label_errors(columns, [f.name for f in resource.fields])
        typed = _typed(con, table, relation)
        return _Source(resource, facts, found, typed, None, lambda: typed)
    try:
        first = first_record(resource.file, resource.dialect)
    except UnicodeDecodeError:
        raise refuse(resource.path, "", "not UTF-8 text") from None
    if first is None:
        return _Source(resource, facts, [Error("source-error", note="the source is empty")])
    labels: list[str] | None = first if resource.dialect.header else None
    width = len(first)
    fields = expected_fields(resource, labels, DUCKDB)
    found = label_errors(labels, [f.name for f in resource.fields])

    def number() -> queries.Loaded:
        loaded = None
        lines, lone_cr = facts.result().lines, facts.result().lone_cr
        if not exact and not lone_cr:
            loaded = _load_fast(con, resource, f"{relation}_in", width, fields, lines)
        if loaded is None:
            _load_exact(con, resource, f"{relation}_in", len(fields))
            loaded = queries.Loaded(f"{relation}_in", fields, len(fields), True)
        return _typed(con, loaded, f"{relation}_n")

    if exact:
        return _Source(resource, facts, found, number())
    streamed = _stream_csv(con, resource, f"{relation}_scan", width, fields)
    header = 1 if resource.dialect.header else 0
    return _Source(resource, facts, found, _typed(con, streamed, relation), header, number)


def _csv_options(dialect: Dialect) -> str:
    escape = dialect.escape_char if not dialect.double_quote else dialect.quote_char
    return (f"delim={DUCKDB.lit(dialect.delimiter)}, quote={DUCKDB.lit(dialect.quote_char)}, "
            f"escape={DUCKDB.lit(escape or dialect.quote_char)}")  # fmt: skip


def _read_csv(resource: ResourcePlan, width: int, header: bool) -> str:
    columns = ", ".join(f"'c{n}': 'VARCHAR'" for n in range(1, width + 1))
    return (
        f"read_csv({DUCKDB.lit(str(resource.file))}, header={str(header).lower()}, "
        f"auto_detect=false, columns={{{columns}}}, {_csv_options(resource.dialect)}, "
        f"strict_mode=true, null_padding=false, nullstr={DUCKDB.lit(NULL_SENTINEL)}, "
        f"all_varchar=true)"
    )


def _cells(width: int, expected: int) -> str:
    """The cells of a row read as `width` columns, as the fields expect them."""
    cells = ", ".join(f"c{n}" for n in range(1, width + 1))
    padding = "".join(f", NULL::VARCHAR AS c{n}" for n in range(width + 1, expected + 1))
    listed = f", [{cells}] AS __cells" if width > expected else ""
    return f"{width} AS __n, {cells}{padding}{listed}"


def _stream_csv(
    con: Any, resource: ResourcePlan, relation: str, width: int, fields: tuple[FieldPlan, ...]
) -> queries.Loaded:
    """The data rows as DuckDB's parallel reader streams them (the header row skipped as a
    record), unnumbered: enough to count errors. The reading is trusted only if it gives
    one row per line of the file less the header's (the caller compares)."""
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {relation} AS SELECT {_cells(width, len(fields))} "
        f"FROM {_read_csv(resource, width, resource.dialect.header)}"
    )
    return queries.Loaded(relation, fields, len(fields), width > len(fields))


def _load_fast(
    con: Any, resource: ResourcePlan, relation: str, width: int,
    fields: tuple[FieldPlan, ...], lines: int,
) -> queries.Loaded | None:  # fmt: skip
    """DuckDB's parallel CSV reader, trusted only when it read one row per line (so no row
    was blank, ragged or split over lines): else None, and the exact reader runs. The table
    is a plain scan of the file, so its rowid is the line's position; the checks run in
    later scans of it (computed in the same pipeline they cost more, and an IN list read as
    a join would no longer keep the rows in the file's order)."""
    expected = len(fields)
    first_row = 2 if resource.dialect.header else 1
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {relation}_raw AS SELECT * FROM "
            f"{_read_csv(resource, width, False)}"
        )
        rows = con.execute(f"SELECT count(*) FROM {relation}_raw").fetchone()[0]
    except duckdb.Error:
        return None
    if rows != lines:
        return None
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {relation} AS SELECT rowid + 1 AS __row, "
        f"{_cells(width, expected)} FROM {relation}_raw WHERE rowid >= {first_row - 1}"
    )
    return queries.Loaded(relation, fields, expected, width > expected)


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
    fields, texts = parquet_cells(
        resource, labels, [DUCKDB.ident(label) for label in labels],
        [types[label] for label in labels], DUCKDB,
    )  # fmt: skip
    cells = [f"{text} AS c{f.number}" for f, text in zip(fields, texts, strict=True)]
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {relation} AS SELECT file_row_number + 2 AS __row, "
        f"{len(labels)} AS __n, {', '.join(cells) or 'NULL AS c0'} "
        f"FROM read_parquet({path}, file_row_number=true)"
    )
    return queries.Loaded(relation, fields, len(fields), False), labels
