"""Runs a plan on Spark: the same plan and queries as the DuckDB engine, in Spark SQL.

The plan is written by sql.SPARK; each resource is loaded once into a table of text cells.

CSV is read as text and split into records and cells by the same regular expressions as the
DuckDB engine's exact reader (csv_sql.py): Python's csv rules, so blank, short and long rows
and quoted line breaks are found and numbered as frictionless numbers them. Spark's own CSV
reader is not used: it skips blank lines, pads or drops ragged rows and reads quotes by other
rules. Parquet is read natively, its rows numbered by `_metadata.row_index`.

The session is the active one (spark-submit), a Spark Connect one when SPARK_REMOTE is set,
or a local one; the settings the plan relies on (UTC, case-sensitive names, ANSI casts) are
set for the run and restored after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from claimpack.tableschema import csv_sql, queries
from claimpack.tableschema.header import label_errors
from claimpack.tableschema.package import refuse
from claimpack.tableschema.plan import (
    Plan,
    ResourcePlan,
    expected_fields,
    parquet_cells,
    refuse_wide,
)
from claimpack.tableschema.reading import (
    EMPTY,
    UnreadableHeader,
    encoding_errors,
    file_errors,
    file_facts,
    first_record,
    unread_record,
)
from claimpack.tableschema.report import DEFAULT_LIMIT, Error, Report, Task, capped
from claimpack.tableschema.sql import SPARK

SETTINGS = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.caseSensitive": "true",
    "spark.sql.ansi.enabled": "true",
    # else `FROM t WHERE (m1)` reads as the table alias WHERE with a column alias m1
    "spark.sql.ansi.enforceReservedKeywords": "true",
}
GLOB = re.compile(r"[*?\[\]{}\\]")  # Hadoop reads these in a path as a pattern


def session() -> Any:
    """The active Spark session, or a new one (Spark Connect when SPARK_REMOTE is set)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName("claimpack-validate")
    return builder.config("spark.ui.showConsoleProgress", "false").getOrCreate()


@contextmanager
def _settings(spark: Any) -> Iterator[None]:
    before = {key: spark.conf.get(key, None) for key in SETTINGS}
    for key, value in SETTINGS.items():
        spark.conf.set(key, value)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)


# What Spark's errors say when the JVM, or a task's share of its memory, ran out: the error
# condition where there is one, else the Java error thrown.
MEMORY_CONDITION = re.compile(r"\[([A-Z_]*(?:OUT_OF_MEMORY|ACQUIRE_MEMORY))\]")
MEMORY_THROWN = re.compile(r"(?:java\.lang\.OutOfMemoryError|SparkOutOfMemoryError): [^\n]*")


def out_of_memory(error: Exception) -> str | None:
    """What Spark said ran out of memory, when the error says so (it comes from the JVM, as
    text), else None."""
    text = str(error)
    condition = MEMORY_CONDITION.search(text)
    if condition is not None:
        return condition[1]
    thrown = MEMORY_THROWN.search(text)
    return None if thrown is None else thrown[0]


def validate_plan(
    plan: Plan, limit_errors: int = DEFAULT_LIMIT, exact_csv: bool = False, spark: Any = None
) -> Report:
    """Run every check of the plan on Spark (CSV is always read by the exact reader); Spark
    running out of memory is a MemoryError, as it is for Python."""
    del exact_csv
    try:
        return _validated(plan, limit_errors, spark)
    except Exception as error:
        condition = out_of_memory(error)
        if condition is None:
            raise
        raise MemoryError(f"Spark: {condition}") from None


def _validated(plan: Plan, limit_errors: int, spark: Any) -> Report:
    spark = spark if spark is not None else session()
    cached: list[Any] = []
    views: list[str] = []
    try:
        with _settings(spark):
            loaded: dict[str, queries.Loaded] = {}
            early: dict[str, list[Error]] = {}
            for index, resource in enumerate(plan.resources):
                relation = f"__claimpack_r{index}"
                found, table = _load(spark, resource, f"{relation}_in", cached, views)
                early[resource.name] = found
                if table is not None:
                    # typed cells as a view; the rows failing a row-level check, cached
                    typed = queries.Loaded(relation, table.fields, table.width, table.has_cells)
                    _view(spark.sql(queries.typed_table(table, table.relation)), relation, views)
                    failing = spark.sql(queries.flagged(typed, SPARK)).cache()
                    cached.append(failing)
                    _view(failing, f"{relation}_bad", views)
                    loaded[resource.name] = typed
            unread = {  # files not read (an empty one is read, as no rows)
                name for name, found in early.items()
                if name not in loaded and EMPTY not in [e.note for e in found]
            }  # fmt: skip
            tasks = [
                _run(spark, plan, r, loaded, early[r.name], unread, limit_errors)
                for r in plan.resources
            ]
            return Report(tuple(tasks), "spark")
    finally:
        for frame in cached:
            frame.unpersist()
        for name in views:
            spark.catalog.dropTempView(name)


def _view(frame: Any, name: str, views: list[str]) -> None:
    frame.createOrReplaceTempView(name)
    views.append(name)


def _run(spark: Any, plan: Plan, resource: ResourcePlan, loaded: dict[str, queries.Loaded],
         found: list[Error], unread: set[str], limit: int) -> Task:  # fmt: skip
    table = loaded.get(resource.name)
    if table is None:
        return capped(resource.name, resource.path, found, len(found), limit)
    checked, unchecked = queries.unchecked_keys(resource, unread, plan)
    found = found + unchecked
    lookups = {}
    for index, fk in enumerate(checked.foreign_keys):
        own = [next(f for f in checked.fields if f.name == n) for n in fk.fields]
        lookups[index] = f"({queries.lookup_sql(loaded.get(fk.resource), own, fk)})"
    parts = queries.error_parts(checked, table, lookups, plan.sql, f"{table.relation}_bad")
    rows = spark.sql(
        queries.errors_query(parts, limit, queries.common_tables(table, plan.sql), plan.sql)
    ).collect()
    total = (rows[0][-1] if rows else 0) + len(found)
    errors = found + [Error(row[3], row[0], row[1], row[2], row[4], row[5]) for row in rows]
    return capped(resource.name, resource.path, errors, total, limit)


def _location(resource: ResourcePlan) -> str:
    """The file as a URI Spark reads literally (no glob characters, an explicit file: scheme,
    so that a cluster's default file system is not asked for a local path)."""
    path = str(resource.file)
    if GLOB.search(path):
        raise refuse(
            resource.path, "", "a path with * ? [ ] { } or \\ is read by Spark as a pattern"
        )
    return "file://" + path


def _load(spark: Any, resource: ResourcePlan, relation: str, cached: list[Any],
          views: list[str]) -> tuple[list[Error], queries.Loaded | None]:  # fmt: skip
    location = _location(resource)
    facts = file_facts(resource.file, bool(resource.hash), lines=False)
    found = file_errors(facts, resource.bytes, resource.hash)
    if resource.format == "parquet":
        table, columns = _load_parquet(spark, resource, relation, location, views)
        damage = _damage(spark, f"{relation}_raw")
        if damage is not None:  # its keys unread: a foreign key into it is not judged
            return [*found, damage], None
        return found + label_errors(columns, [f.name for f in resource.fields]), table
    try:
        first = first_record(resource.file, resource.dialect)
    except UnicodeDecodeError:
        return [*found, *encoding_errors(resource.file)], None
    except UnreadableHeader as error:
        return [*found, Error("source-error", note=str(error))], None
    if first is None:
        return [*found, Error("source-error", note=EMPTY)], None
    refuse_wide(resource.path, "", len(first))
    labels: list[str] | None = first if resource.dialect.header else None
    fields = expected_fields(resource, labels, SPARK)
    found += label_errors(labels, [f.name for f in resource.fields])
    # Spark's text reader puts U+FFFD for what is not UTF-8, where DuckDB's refuses it.
    unread = encoding_errors(resource.file) or _load_text(
        spark, resource, relation, location, len(fields), cached, views
    )
    if unread:
        return found + unread, None
    return found, queries.Loaded(relation, fields, len(fields), True)


def _load_text(spark: Any, resource: ResourcePlan, relation: str, location: str,
               expected: int, cached: list[Any], views: list[str]) -> list[Error]:  # fmt: skip
    """The exact reader: the whole text, records and cells by regular expressions; one job
    reads them (cached) and measures them (consumed length, widest row, records). A
    source-error, and no view of the cells, where a quote opens and never closes or an
    escape character ends the file."""
    d = resource.dialect
    first_row = 2 if d.header else 1
    _view(spark.read.text(location, wholetext=True), f"{relation}_text", views)
    records = (
        f"SELECT posexplode({csv_sql.split_records('value', d, SPARK)}) AS (__p, __rec), "
        f"length({csv_sql.ended('value', SPARK)}) AS __len FROM {relation}_text"
    )
    cells = spark.sql(
        f"SELECT __p + 1 AS __row, length(__rec) AS __used, __len, size(__cells) AS __n, "
        f"__cells FROM (SELECT __p, __rec, __len, {csv_sql.cells('__rec', d, SPARK)} AS __cells "
        f"FROM ({records}) r) c"
    ).cache()
    cached.append(cells)
    _view(cells, f"{relation}_cells", views)
    consumed, length, width, count = spark.sql(
        f"SELECT COALESCE(sum(__used), 0), max(__len), "
        f"COALESCE(max(CASE WHEN __row >= {first_row} THEN __n END), 0), count(*) "
        f"FROM {relation}_cells"
    ).first()
    if length is not None and consumed < length:
        text = f"(SELECT {csv_sql.ended('value', SPARK)} AS __text FROM {relation}_text)"
        skipped = csv_sql.first_skipped(text, d, SPARK)
        row, escape_at_end = spark.sql(skipped).first() or (count + 1, False)
        return [unread_record(row, escape_at_end, d)]
    refuse_wide(resource.path, "", width)  # a row of more cells than that
    count = max(width, expected, 1)
    columns = ", ".join(f"{SPARK.element('__cells', n)} AS c{n}" for n in range(1, count + 1))
    _view(
        spark.sql(
            f"SELECT __row, __n, __cells, {columns} FROM {relation}_cells "
            f"WHERE __row >= {first_row}"
        ),
        relation,
        views,
    )
    return []


def _damage(spark: Any, relation: str) -> Error | None:
    """A source-error when a page of the Parquet file cannot be read (damaged, cut, compressed
    wrongly). Spark reads pages only when a query needs them, so a damaged one would fail a
    later query, another table's foreign key among them: every column is read here once."""
    try:
        spark.sql(f"SELECT count(*), sum(hash(*)) FROM {relation}").collect()
    except Exception as error:  # pyspark's, not imported before a session
        if "FAILED_READ_FILE" not in str(error) and "ParquetDecodingException" not in str(error):
            raise
        reason = next(
            (line.strip() for line in str(error).splitlines() if "Exception: " in line),
            str(error).strip().splitlines()[0],
        )
        return Error("source-error", note=f"not a Parquet file Spark reads: {reason}")
    return None


def _load_parquet(
    spark: Any, resource: ResourcePlan, relation: str, location: str, views: list[str]
) -> tuple[queries.Loaded, list[str]]:
    """Parquet columns as text cells in the form the text readers accept; columns are renamed
    by position first, so that no label is read as SQL."""
    try:
        frame = spark.read.parquet(location)
    except Exception as error:  # pyspark's AnalysisException, not imported before a session
        if "UNSUPPORTED_TIME_TYPE" in str(error):
            raise refuse(resource.path, "", "Spark does not read a Parquet TIME column") from None
        if "COLUMN_ALREADY_EXISTS" in str(error):  # names alike but for case too
            message = (
                "Spark does not read a Parquet file with two columns of one name; "
                "validate it with --engine duckdb, which reports the duplicate label"
            )
            raise refuse(resource.path, "", message) from None
        raise
    labels = list(frame.columns)
    refuse_wide(resource.path, "", len(labels))
    kinds = [kind for _, kind in frame.dtypes]
    numbered = frame.selectExpr("*", "_metadata.row_index AS __index").toDF(
        *[f"__p{n}" for n in range(1, len(labels) + 1)], "__index"
    )
    _view(numbered, f"{relation}_raw", views)
    columns = [f"__p{n}" for n in range(1, len(labels) + 1)]
    fields, texts = parquet_cells(resource, labels, columns, kinds, SPARK)
    cells = [f"{text} AS c{f.number}" for f, text in zip(fields, texts, strict=True)]
    _view(
        spark.sql(
            f"SELECT __index + 2 AS __row, {len(labels)} AS __n, "
            f"{', '.join(cells) or 'NULL AS c0'} FROM {relation}_raw"
        ),
        relation,
        views,
    )
    return queries.Loaded(relation, fields, len(fields), False), labels
