"""Runs a plan on DuckDB: each file read once, a count per resource, error rows where errors are.

A CSV is read by DuckDB's parallel reader into a table, trusted when it holds one row per
line of the file (so no row was blank, ragged or split over lines); else the exact reader
(records split by regular expressions) reads it. A Parquet file is read where the checks
scan it. One query counts the errors every check would find; a resource with none is done,
and only one with errors has them selected, ordered and capped by a second query. The text
cells stay in the connection (`Cells`), for checks beyond Table Schema to read."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import duckdb

from claimpack.tableschema import csv_sql, queries
from claimpack.tableschema.header import label_errors
from claimpack.tableschema.package import Dialect
from claimpack.tableschema.plan import (
    FieldPlan,
    Plan,
    ResourcePlan,
    expected_fields,
    parquet_cells,
    refuse_wide,
)
from claimpack.tableschema.reading import (
    EMPTY,
    FileFacts,
    UnreadableHeader,
    encoding_errors,
    file_errors,
    file_facts,
    first_record,
    unread_record,
)
from claimpack.tableschema.report import DEFAULT_LIMIT, Error, Report, Task, capped
from claimpack.tableschema.sql import DUCKDB

NULL_SENTINEL = "\x01claimpack:no-null\x02"
STORED_BYTES = 1 << 18  # a file at most this large has its typed cells stored (typed_view)
PAIRED = 2  # resources of a small package opened and counted at once (each_resource)
T = TypeVar("T")


@dataclass(frozen=True)
class Cells:
    """A CSV resource as DuckDB's reader read it, one row per line: a relation of its text
    cells (`__row` as frictionless numbers rows, `c1`..`cN` in the header's order), and the
    header's labels."""

    relation: str
    labels: tuple[str, ...]


@dataclass
class _Source:
    """A resource as opened: its facts (being computed), its header errors, its typed
    relation, and its text cells when DuckDB's reader read it. `unread` when its file could
    not be read (not UTF-8, a quote left open, a damaged Parquet file: an empty one is read,
    as no rows), found when it is opened or, for a Parquet page, when a query scans it."""

    resource: ResourcePlan
    facts: Future[FileFacts]
    found: list[Error]
    table: queries.Loaded | None = None
    cells: Cells | None = None
    unread: bool = False

    def errors(self) -> list[Error]:
        """File errors (size, hash) and header errors."""
        facts = self.facts.result()
        return file_errors(facts, self.resource.bytes, self.resource.hash) + self.found


def connect() -> Any:
    """A connection to a database of its own that keeps rows in the order they were read
    (rowid is a line's place). The relations a plan's run makes are the database's tables
    and views, not temporary ones, so that every cursor of the connection sees them."""
    # Memory freed is given back to the system meanwhile (see claimpack.scratch.RELEASING).
    config: dict[str, Any] = {
        "preserve_insertion_order": True,
        "allocator_background_threads": True,
    }
    con: Any = duckdb.connect(config=config)
    con.execute("SET enable_progress_bar = false")
    return con


def each_resource(con: Any, plan: Plan, job: Callable[[Any, ResourcePlan], T]) -> list[T]:
    """job(connection, resource) for every resource of the plan, in the plan's order. In a
    small package (no file larger than STORED_BYTES) PAIRED resources at a time, each thread
    on a cursor of con's database: DuckDB spends a small table's queries planning, on one
    core and without the GIL, so two tables are planned on the two cores at once; a large
    table's queries already use every core."""
    if any(r.file.stat().st_size > STORED_BYTES for r in plan.resources):
        return [job(con, resource) for resource in plan.resources]
    local, cursors = threading.local(), []

    def run(resource: ResourcePlan) -> T:
        if not hasattr(local, "cursor"):
            local.cursor = con.cursor()
            local.cursor.execute("SET enable_progress_bar = false")
            cursors.append(local.cursor)
        return job(local.cursor, resource)

    try:
        with ThreadPoolExecutor(PAIRED) as pool:
            return list(pool.map(run, plan.resources))
    finally:
        for cursor in cursors:
            cursor.close()


def validate_plan(plan: Plan, limit_errors: int = DEFAULT_LIMIT, exact_csv: bool = False) -> Report:
    """Run every check of the plan in a connection of its own."""
    con = connect()
    try:
        return run_plan(con, plan, limit_errors, exact_csv)[0]
    finally:
        con.close()


def run_plan(
    con: Any, plan: Plan, limit_errors: int = DEFAULT_LIMIT, exact_csv: bool = False
) -> tuple[Report, dict[str, Cells]]:
    """Run every check of the plan in con (exact_csv forces the record-by-regex CSV reader);
    the CSV resources that DuckDB's reader read stay in con, as Cells by resource name.
    Sizes, hashes and line counts are computed in a thread while DuckDB reads."""
    sources = _open_all(con, plan, exact_csv)
    tasks = each_resource(con, plan, lambda c, r: _run(c, plan, r, sources, limit_errors))
    cells = {name: s.cells for name, s in sources.items() if s.cells is not None}
    return Report(tuple(tasks), "duckdb"), cells


def load_cells(con: Any, plan: Plan) -> dict[str, Cells]:
    """The CSV resources that DuckDB's reader reads, loaded into con, unchecked (for checks
    beyond Table Schema when another engine runs the plan)."""
    sources = _open_all(con, plan, False)
    return {name: s.cells for name, s in sources.items() if s.cells is not None}


def count_errors(plan: Plan) -> dict[str, int | None]:
    """Each resource's error count as its one counting query gives it (file and header
    errors aside); None where the resource was not read. For tests: the counts must equal
    the totals of the detailed queries."""
    con = connect()
    try:
        sources = _open_all(con, plan, False)
        counts: dict[str, int | None] = {}
        for resource in plan.resources:
            table = sources[resource.name].table
            counts[resource.name] = None
            if table is not None:
                query = queries.count_query(resource, table, _lookups(resource, sources))
                counts[resource.name] = _count(con, query)
        return counts
    finally:
        con.close()


def _open_all(con: Any, plan: Plan, exact: bool) -> dict[str, _Source]:
    relations = {resource.name: f"r{index}" for index, resource in enumerate(plan.resources)}
    with ThreadPoolExecutor(max_workers=1) as pool:
        opened = each_resource(con, plan, lambda c, r: _open(c, pool, r, relations[r.name], exact))
    return {source.resource.name: source for source in opened}


def _lookups(resource: ResourcePlan, sources: dict[str, _Source]) -> dict[int, str]:
    """The keys each foreign key looks up."""
    return _key_lookups(resource, {name: s.table for name, s in sources.items()})


def _key_lookups(
    resource: ResourcePlan, tables: dict[str, queries.Loaded | None]
) -> dict[int, str]:
    lookups = {}
    for index, fk in enumerate(resource.foreign_keys):
        own = [next(f for f in resource.fields if f.name == n) for n in fk.fields]
        referenced = tables.get(fk.resource)
        lookups[index] = f"({queries.lookup_sql(referenced, own, fk)})"
    return lookups


def check_rows(
    con: Any, resource: ResourcePlan, relation: str
) -> tuple[queries.Loaded, Cells] | None:
    """The resource's file loaded and only the checks of one row alone run (a package checked
    by what changed gives here a file of the changed rows under the table's header): its typed
    relation and text cells when DuckDB's reader read one row per line and no row, label, size
    or hash has an error; else None."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        source = _open(con, pool, resource, relation, False)
        found = source.errors()
    if source.table is None or source.cells is None or found:
        return None
    if _count(con, queries.count_query(resource, source.table, {}, rows=True, keys=False)):
        return None
    return source.table, source.cells


def count_key_errors(con: Any, plan: Plan, tables: dict[str, queries.Loaded]) -> int:
    """The errors of the checks across rows (unique fields, primary and foreign keys) of every
    resource of the plan, over `tables`: typed relations that hold at least every key cell."""
    total = 0
    for resource in plan.resources:
        table = tables[resource.name]
        lookups = _key_lookups(resource, dict(tables))
        total += _count(con, queries.count_query(resource, table, lookups, rows=False))
    return total


def _run(con: Any, plan: Plan, resource: ResourcePlan, sources: dict[str, _Source],
         limit: int) -> Task:  # fmt: skip
    source = sources[resource.name]
    found = source.errors()
    table = source.table
    if table is None:
        return capped(resource.name, resource.path, found, len(found), limit)
    unread = {name for name, other in sources.items() if other.unread}
    checked, unchecked = queries.unchecked_keys(resource, unread, plan)
    found += unchecked
    lookups = _lookups(checked, sources)
    try:
        if _count(con, queries.count_query(checked, table, lookups)) == 0:
            return capped(resource.name, resource.path, found, len(found), limit)
        con.execute(f"CREATE OR REPLACE TABLE {table.relation}_bad AS "
                    f"{queries.flagged(table, DUCKDB)}")  # fmt: skip
        parts = queries.error_parts(checked, table, lookups, plan.sql, f"{table.relation}_bad")
        rows = con.execute(
            queries.errors_query(parts, limit, queries.common_tables(table, plan.sql), plan.sql)
        ).fetchall()
    except duckdb.Error as error:
        if not _unreadable_page(error):
            raise
        damaged = _damaged_lookup(con, checked, sources, lookups)
        if damaged is not None:  # the file a foreign key looks up: reported under its own name
            damaged.unread = True
            return _run(con, plan, resource, sources, limit)
        if resource.format != "parquet":
            raise
        source.unread = True
        found.append(_unreadable_parquet(error))  # a damaged page, read only when scanned
        return capped(resource.name, resource.path, found, len(found), limit)
    total = (rows[0][-1] if rows else 0) + len(found)
    errors = found + [
        Error(t, row, num, name, cell, note) for row, num, name, t, cell, note, _ in rows
    ]
    return capped(resource.name, resource.path, errors, total, limit)


def _damaged_lookup(
    con: Any, resource: ResourcePlan, sources: dict[str, _Source], lookups: dict[int, str]
) -> _Source | None:
    """The Parquet resource, other than this one, whose keys a foreign key of this resource
    could not read (a damaged page, found only when a query scans it), or None."""
    for index, fk in enumerate(resource.foreign_keys):
        other = sources[fk.resource]
        if fk.resource == resource.name or other.resource.format != "parquet":
            continue
        try:
            con.execute(f"SELECT count(*) FROM {lookups[index]} l").fetchall()
        except duckdb.Error as error:
            if _unreadable_page(error):
                return other
            raise
    return None


def _unreadable_page(error: Exception) -> bool:
    """Whether DuckDB failed on a Parquet page it could not read (damaged, cut, compressed
    wrongly), found only when the page is scanned, after the file's footer was read: it says
    so ("Failed to read file"), or runs out of the page's bytes (a plain Error, "Out of
    buffer"). Errors of the queries themselves (binding, conversion) are not the file's."""
    return (
        isinstance(error, duckdb.InvalidInputException | duckdb.IOException)
        or type(error) is duckdb.Error
    )


def _unreadable_parquet(error: Exception) -> Error:
    note = f"not a Parquet file DuckDB reads: {str(error).splitlines()[0]}"
    return Error("source-error", note=note)


def _count(con: Any, count_query: str) -> int:
    """The errors a count query counts, planned without DuckDB's search for common
    subexpressions: for the seed package's small tables, whose counts are mostly planning,
    that search is a quarter of their time; at a million rows it gains nothing."""
    con.execute("SET disabled_optimizers = 'common_subexpressions'")
    try:
        return int(con.execute(count_query).fetchone()[1])
    finally:
        con.execute("RESET disabled_optimizers")


def typed_view(
    con: Any, table: queries.Loaded, relation: str, stored: bool = False
) -> queries.Loaded:
    """A view of the table's typed cells (missing, valid, value), computed where read; with
    `stored`, a table of them, computed once. A query binds a view's every cast again at each
    place it names it (a count names a table and those its keys look up): for the small tables
    of a package that is most of planning their counts, and costs more than storing them."""
    kind = "TABLE" if stored else "VIEW"
    table = _plain_where_all_are(con, table) if stored else table
    con.execute(
        f"CREATE OR REPLACE {kind} {relation} AS {queries.typed_table(table, table.relation)}"
    )
    return replace(table, relation=relation)


def _plain_where_all_are(con: Any, table: queries.Loaded) -> queries.Loaded:
    """The table with each field whose present cells are all in its type's plain form read
    as that form alone. A small table's typed cells cost mostly their planning, and most of
    that is the full grammar's regular expressions, each compiled where it is written;
    counting the cells not in the plain form first costs one match per field."""
    fast = [f for f in table.fields if f.plain is not None]
    if not fast:
        return table
    counts = con.execute(queries.not_plain_counts(table, fast)).fetchone()
    plain = {f.number for f, count in zip(fast, counts, strict=True) if count == 0}
    fields = [queries.read_as_plain(f) if f.number in plain else f for f in table.fields]
    return replace(table, fields=tuple(fields))


def _open(con: Any, pool: ThreadPoolExecutor, resource: ResourcePlan, relation: str,
          exact: bool) -> _Source:  # fmt: skip
    is_csv = resource.format == "csv"
    facts = pool.submit(
        file_facts, resource.file, bool(resource.hash), is_csv, resource.dialect.escape_char
    )
    stored = resource.file.stat().st_size <= STORED_BYTES
    if not is_csv:
        try:
            table, columns = _load_parquet(con, resource, f"{relation}_in")
            typed = typed_view(con, table, relation, stored)  # a stored one reads the pages
        except duckdb.OutOfMemoryException:
            raise
        except duckdb.Error as error:  # not Parquet, truncated, damaged: the file's fault
            return _Source(resource, facts, [_unreadable_parquet(error)], unread=True)
        found = label_errors(columns, [f.name for f in resource.fields])
        return _Source(resource, facts, found, typed)
    try:
        first = first_record(resource.file, resource.dialect)
    except UnicodeDecodeError:
        return _Source(resource, facts, encoding_errors(resource.file), unread=True)
    except UnreadableHeader as error:
        return _Source(resource, facts, [Error("source-error", note=str(error))], unread=True)
    if first is None:
        return _Source(resource, facts, [Error("source-error", note=EMPTY)])
    refuse_wide(resource.path, "", len(first))
    labels: list[str] | None = first if resource.dialect.header else None
    width = len(first)
    fields = expected_fields(resource, labels, DUCKDB)
    found = label_errors(labels, [f.name for f in resource.fields])
    loaded = None if exact else _load_fast(con, resource, f"{relation}_in", width, fields, facts)
    cells = Cells(loaded.relation, tuple(labels)) if loaded and labels else None
    if loaded is None:
        try:
            unread = _load_exact(con, resource, f"{relation}_in", len(fields))
        except duckdb.InvalidInputException:  # read_text reads UTF-8 only
            unread = encoding_errors(resource.file)
            if not unread:
                raise
        if unread:
            return _Source(resource, facts, found + unread, unread=True)
        loaded = queries.Loaded(f"{relation}_in", fields, len(fields), True)
    return _Source(resource, facts, found, typed_view(con, loaded, relation, stored), cells)


def _csv_options(dialect: Dialect) -> str:
    escape = dialect.escape_char if not dialect.double_quote else dialect.quote_char
    return (f"delim={DUCKDB.lit(dialect.delimiter)}, quote={DUCKDB.lit(dialect.quote_char)}, "
            f"escape={DUCKDB.lit(escape or dialect.quote_char)}")  # fmt: skip


def _read_csv(resource: ResourcePlan, width: int) -> str:
    """The file's data rows (the header row skipped as a record) as `width` text cells."""
    columns = ", ".join(f"'c{n}': 'VARCHAR'" for n in range(1, width + 1))
    return (
        f"read_csv({DUCKDB.file(resource.file)}, "
        f"header={str(resource.dialect.header).lower()}, "
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


def _load_fast(
    con: Any, resource: ResourcePlan, relation: str, width: int,
    fields: tuple[FieldPlan, ...], facts: Future[FileFacts],
) -> queries.Loaded | None:  # fmt: skip
    """DuckDB's parallel CSV reader, trusted only when it read one row per line (so no row
    was blank, ragged or split over lines) and the dialect's escape character does not occur
    (Python's reader takes one anywhere, DuckDB's only inside quotes: an escaped delimiter
    or line break outside quotes would be read otherwise): else None, and the exact reader
    runs. The table
    is a plain scan of the file, so its rowid is the line's position less the header's; the
    checks run in later scans of it (computed in the same pipeline they cost more, and an
    IN list read as a join would no longer keep the rows in the file's order). The view
    has no filter on rowid: with one, DuckDB takes twice as long to plan a count."""
    header = 1 if resource.dialect.header else 0
    try:
        con.execute(
            f"CREATE OR REPLACE TABLE {relation}_raw AS SELECT * FROM {_read_csv(resource, width)}"
        )
        rows = con.execute(f"SELECT count(*) FROM {relation}_raw").fetchone()[0]
    except duckdb.Error:
        return None
    read = facts.result()
    if read.lone_cr or read.escaped or rows != read.lines - header:
        con.execute(f"DROP TABLE {relation}_raw")
        return None
    con.execute(
        f"CREATE OR REPLACE VIEW {relation} AS SELECT rowid + {header + 1} AS __row, "
        f"{_cells(width, len(fields))} FROM {relation}_raw"
    )
    return queries.Loaded(relation, fields, len(fields), width > len(fields))


def _load_exact(con: Any, resource: ResourcePlan, relation: str, expected: int) -> list[Error]:
    """Records and cells split by regular expressions over the whole text (csv_sql.py): every
    record counts (blank ones too), rows may be ragged, quoted fields may hold line breaks.
    A source-error, and nothing loaded, where a quote opens and never closes or an escape
    character ends the file."""
    d = resource.dialect
    first_row = 2 if d.header else 1
    text = f"(SELECT content FROM read_text({DUCKDB.file(resource.file)}))"
    con.execute(
        f"CREATE OR REPLACE TABLE {relation}_rec AS SELECT unnest(m) AS __rec, "
        f"unnest(generate_series(1, len(m))) AS __row, len(content) AS __len FROM ("
        f"SELECT {csv_sql.split_records('content', d, DUCKDB)} AS m, "
        f"{csv_sql.ended('content', DUCKDB)} AS content FROM {text} t) x"
    )
    consumed, length, records = con.execute(
        f"SELECT COALESCE(sum(length(__rec)), 0), max(__len), count(*) FROM {relation}_rec"
    ).fetchone()
    if length is not None and consumed < length:
        ended = f"(SELECT {csv_sql.ended('content', DUCKDB)} AS __text FROM {text} t)"
        skipped = csv_sql.first_skipped(ended, d, DUCKDB)
        row, escape_at_end = con.execute(skipped).fetchone() or (records + 1, False)
        return [unread_record(row, escape_at_end, d)]
    width = con.execute(
        f"CREATE OR REPLACE TABLE {relation}_cells AS SELECT __row, len(__cells) AS __n, "
        f"__cells FROM (SELECT __row, {csv_sql.cells('__rec', d, DUCKDB)} AS __cells "
        f"FROM {relation}_rec) c WHERE __row >= {first_row}; "
        f"SELECT COALESCE(max(__n), 0) FROM {relation}_cells"
    ).fetchone()[0]
    refuse_wide(resource.path, "", width)  # a row of more cells than that
    count = max(width, expected, 1)
    columns = ", ".join(f"__cells[{n}] AS c{n}" for n in range(1, count + 1))
    con.execute(f"CREATE OR REPLACE VIEW {relation} AS SELECT *, {columns} FROM {relation}_cells")
    return []


def _load_parquet(
    con: Any, resource: ResourcePlan, relation: str
) -> tuple[queries.Loaded, list[str]]:
    """Parquet columns as text cells in the form the text readers accept."""
    path = DUCKDB.file(resource.file)
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({path})").fetchall()
    labels = _parquet_labels(con, path)
    refuse_wide(resource.path, "", len(labels))
    fields, texts = parquet_cells(
        resource, labels, [DUCKDB.ident(str(row[0])) for row in described],
        [str(row[1]).upper() for row in described], DUCKDB,
    )  # fmt: skip
    cells = [f"{text} AS c{f.number}" for f, text in zip(fields, texts, strict=True)]
    con.execute(
        f"CREATE OR REPLACE VIEW {relation} AS SELECT file_row_number + 2 AS __row, "
        f"{len(labels)} AS __n, {', '.join(cells) or 'NULL AS c0'} "
        f"FROM read_parquet({path}, file_row_number=true)"
    )
    return queries.Loaded(relation, fields, len(fields), False), labels


def _parquet_labels(con: Any, path: str) -> list[str]:
    """The file's own column names, its header: DuckDB's reader renames a name that repeats
    another (`a`, `a_1`; `a`, `A_1`), which would hide a duplicate label. `parquet_schema`
    lists the nodes depth first: the root, then each column and the nodes nested in it."""
    nodes = con.execute(f"SELECT name, num_children FROM parquet_schema({path})").fetchall()
    labels, within = [], 0  # within: the nodes of the last column not yet passed
    for name, children in nodes[1:]:
        if within:
            within -= 1
        else:
            labels.append(str(name))
        within += children or 0
    return labels
