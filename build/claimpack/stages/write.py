"""Stage: write tables. Every table as CSV and as Parquet, from one typed pyarrow table each.

Rows are already in primary-key order, and both writers are deterministic, so the same inputs
give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pyarrow as pa
import pyarrow.parquet as pq

from claimpack.layout import CSV, PARQUET
from claimpack.stages.normalize import format_number


def csv_cell(value: object) -> str:
    """One cell as Table Schema reads it by default: empty for null, true/false, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(table: pa.Table) -> bytes:
    return csv_header(table) + csv_rows(table)


def csv_header(table: pa.Table) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(table.column_names)
    return buffer.getvalue().encode("utf-8")


def csv_rows(table: pa.Table) -> bytes:
    """The table's rows as CSV, without the header: rows of a table written in parts (an
    article at a time) join into the file the whole table would give."""
    buffer = io.StringIO()
    columns = [_cells(table.column(name)) for name in table.column_names]
    csv.writer(buffer, lineterminator="\n").writerows(zip(*columns, strict=True))
    return buffer.getvalue().encode("utf-8")


def _cells(column: pa.ChunkedArray) -> list[str]:
    values = column.to_pylist()
    if pa.types.is_string(column.type):  # csv_cell of text is the text itself
        return ["" if value is None else value for value in values]
    return [csv_cell(value) for value in values]


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=True, store_schema=True)
    return bytes(sink.getvalue().to_pybytes())


def serialize_tables(
    tables: dict[str, pa.Table], csv_bodies: dict[str, bytes] | None = None
) -> dict[str, bytes]:
    """The bytes of every table's CSV and Parquet file, by path from the project root; a
    table's CSV rows are taken from csv_bodies where given (written an article at a time)."""
    files = {}
    for name, table in tables.items():
        body = (csv_bodies or {}).get(name)
        files[CSV.path(name)] = csv_header(table) + (body if body is not None else csv_rows(table))
        files[PARQUET.path(name)] = parquet_bytes(table)
    return files
