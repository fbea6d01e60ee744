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
from claimpack.schema import DELIMITER_KEY
from claimpack.stages.normalize import format_number


def csv_cell(value: object, delimiter: str = "") -> str:
    """One cell as Table Schema reads it by default: empty for null, true/false, ISO dates, a
    list as its items joined by its field's delimiter."""
    if value is None:
        return ""
    if isinstance(value, list):
        return delimiter.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# The CSV dialect of every table, as the descriptor declares it (CSV Dialect 1.2).
CSV_DIALECT = {
    "csvddfVersion": 1.2,
    "delimiter": ",",
    "doubleQuote": True,
    "header": True,
    "lineTerminator": "\n",
    "quoteChar": '"',
    "skipInitialSpace": False,
}


def csv_bytes(table: pa.Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=str(CSV_DIALECT["delimiter"]),
        quotechar=str(CSV_DIALECT["quoteChar"]),
        doublequote=bool(CSV_DIALECT["doubleQuote"]),
        lineterminator=str(CSV_DIALECT["lineTerminator"]),
    )
    writer.writerow(table.column_names)
    columns = [table.column(name).to_pylist() for name in table.column_names]
    delimiters = [
        (field.metadata or {}).get(DELIMITER_KEY, b"").decode("utf-8") for field in table.schema
    ]
    for row in zip(*columns, strict=True):
        writer.writerow([csv_cell(value, d) for value, d in zip(row, delimiters, strict=True)])
    return buffer.getvalue().encode("utf-8")


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=True, store_schema=True)
    return bytes(sink.getvalue().to_pybytes())


def serialize_tables(tables: dict[str, pa.Table]) -> dict[str, bytes]:
    """The bytes of every table's CSV and Parquet file, by path from the project root."""
    files = {}
    for name, table in tables.items():
        files[CSV.path(name)] = csv_bytes(table)
        files[PARQUET.path(name)] = parquet_bytes(table)
    return files
