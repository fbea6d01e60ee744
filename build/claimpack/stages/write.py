"""Stage: write tables. Every table as CSV and as Parquet, from one typed pyarrow table each.

Rows are already in primary-key order, and both writers are deterministic, so the same inputs
give byte-identical files. A large table of sources is written to Parquet in partitions
(layout.py), so that a reader can take the part it needs.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import hashlib
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from claimpack.cache import Cache, code_version, digest
from claimpack.ids import article_number
from claimpack.layout import (
    CSV,
    PARQUET,
    PARQUET_DIR,
    PARTITION_COLUMN,
    SOURCES_PER_BUCKET,
    partition_path,
)
from claimpack.schema import DELIMITER_KEY
from claimpack.stages.normalize import format_number

PARQUET_KIND, CSV_KIND = "parquet", "csv"


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


def _csv_writer(buffer: io.StringIO, quote_all: bool = False) -> Any:
    """A writer of exactly the dialect the descriptor declares."""
    return csv.writer(
        buffer,
        delimiter=str(CSV_DIALECT["delimiter"]),
        quotechar=str(CSV_DIALECT["quoteChar"]),
        doublequote=bool(CSV_DIALECT["doubleQuote"]),
        lineterminator=str(CSV_DIALECT["lineTerminator"]),
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )


def csv_bytes(table: pa.Table) -> bytes:
    return csv_header(table) + csv_rows(table)


def csv_header(table: pa.Table) -> bytes:
    buffer = io.StringIO()
    _csv_writer(buffer).writerow(table.column_names)
    return buffer.getvalue().encode("utf-8")


def csv_rows(table: pa.Table) -> bytes:
    """The table's rows as CSV, without the header: rows of a table written in parts (an
    article at a time) join into the file the whole table would give."""
    [rows] = csv_row_groups(table, [table.num_rows])
    return rows


def csv_row_groups(table: pa.Table, sizes: list[int]) -> list[bytes]:
    """csv_rows of each group of consecutive rows of the sizes given (a few articles' rows,
    each article's on its own), the cells made for all of them at once. Arrow makes, quotes
    and joins the cells a column at a time, as Python's writer would write them (a cell is
    quoted when it holds the delimiter, the quote character or a line end; a quote in it is
    doubled). A table with a cell holding a lone carriage return, or of one column (whose
    empty cell the writer quotes), is written by Python's writer."""
    columns = [_cells(table.column(field.name), field) for field in table.schema]
    delimiter, quote = str(CSV_DIALECT["delimiter"]), str(CSV_DIALECT["quoteChar"])
    found = [_found(column, ("\r", delimiter, quote, "\n")) for column in columns]
    if len(columns) < 2 or any("\r" in texts for texts in found):
        return _written_groups([column.to_pylist() for column in columns], sizes)
    cells = [
        _quoted(column, texts, quote) if texts else column
        for column, texts in zip(columns, found, strict=True)
    ]
    rows = pc.binary_join_element_wise(*cells, pa.scalar(delimiter, pa.large_string()))
    rows = rows.combine_chunks() if isinstance(rows, pa.ChunkedArray) else rows
    ends = pa.array(itertools.accumulate(sizes, initial=0), pa.int64())
    groups = pa.LargeListArray.from_arrays(ends, rows)
    lines = pc.binary_join(groups, pa.scalar("\n", pa.large_string())).to_pylist()
    return [
        (line + "\n").encode("utf-8") if size else b""
        for line, size in zip(lines, sizes, strict=True)
    ]


def _found(cells: pa.ChunkedArray, texts: tuple[str, ...]) -> list[str]:
    """Which of the texts the cells may hold: looked for at once in the bytes that hold the
    cells (of a slice, more than its cells: a text found there may be in none of them)."""
    held = b"".join(chunk.buffers()[2] or b"" for chunk in cells.chunks)
    return [text for text in texts if text.encode("utf-8") in held]


def _quoted(cells: pa.ChunkedArray, specials: list[str], quote: str) -> pa.ChunkedArray:
    """The cells, each one holding one of the specials in quotes, its quotes doubled."""
    needed = functools.reduce(pc.or_, [pc.match_substring(cells, text) for text in specials])
    doubled = pc.replace_substring(cells, quote, quote * 2)
    mark, none = (pa.scalar(text, pa.large_string()) for text in (quote, ""))
    return pc.if_else(needed, pc.binary_join_element_wise(mark, doubled, mark, none), cells)


def _written_groups(columns: list[list[str]], sizes: list[int]) -> list[bytes]:
    """csv_row_groups by Python's writer, each row with a cell holding a lone carriage return
    quoted whole: the writer quotes a cell holding a line end only if the end is in its line
    terminator ("\n")."""
    rows = zip(*columns, strict=True)  # each group takes the next rows
    lone_returns = any("\r" in "".join(cells) for cells in columns)
    groups = []
    for size in sizes:
        group = itertools.islice(rows, size)
        buffer = io.StringIO()
        plain = _csv_writer(buffer)
        if not lone_returns:
            plain.writerows(group)
        else:
            quoted = _csv_writer(buffer, quote_all=True)
            for row in group:
                (quoted if any("\r" in cell for cell in row) else plain).writerow(row)
        groups.append(buffer.getvalue().encode("utf-8"))
    return groups


def _cells(column: pa.ChunkedArray, field: pa.Field) -> pa.ChunkedArray:
    """The column's cells as csv_cell gives them, as text with no nulls: Arrow's cast to text
    gives the same for text, integers, booleans and dates (ISO), and its join for lists; a
    number is formatted by csv_cell; an enum's levels are made cells once, each taken by its
    index; a column of nulls is empty cells (most articles leave a third of the columns empty).
    Large text: the rows of a whole table may take more than 2 GB."""
    if column.null_count == len(column):
        column = pa.chunked_array([pa.repeat("", len(column))], pa.string())
    elif pa.types.is_dictionary(column.type) and pa.types.is_string(column.type.value_type):
        column = column.cast(pa.string())  # one cast for every chunk (an article's, each)
    elif pa.types.is_dictionary(column.type):
        chunks = [
            pc.take(_cells(pa.chunked_array([chunk.dictionary]), field).combine_chunks(),
                    chunk.indices)
            for chunk in column.chunks
        ]  # fmt: skip
        column = pa.chunked_array(chunks, pa.large_string())
    elif pa.types.is_floating(column.type):
        column = pa.chunked_array([[csv_cell(value) for value in column.to_pylist()]], pa.string())
    elif pa.types.is_list(column.type):
        delimiter = (field.metadata or {}).get(DELIMITER_KEY, b"").decode("utf-8")
        column = pc.binary_join(column, delimiter)
    elif not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    return pc.fill_null(column, "").cast(pa.large_string())


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=True, store_schema=True)
    return bytes(sink.getvalue().to_pybytes())


# A file's bytes, whole or in parts to be written one after the other: a large CSV is not
# joined in memory, and its parts may be read from disk only as they are written (the parts of
# a file can be iterated more than once).
FileData = bytes | Iterable[bytes]


class Parts:
    """Groups of parts read one after the other, each time they are iterated."""

    def __init__(self, *groups: Iterable[bytes]) -> None:
        self._groups = groups

    def __iter__(self) -> Iterator[bytes]:
        for group in self._groups:
            yield from group


class Measured:
    """A file's parts, their size and sha256 taken in a thread from the time it is made:
    hashlib reads them without holding the GIL, beside the build's other stages (a million
    statements' CSV is 220 MB). Given an open file (`written`), the thread writes the parts
    to it too, as it reads them: the file is then in place once measured, and its bytes were
    read once. Else the parts are iterated once that is done, by one thread at a time (they
    may be read from one file)."""

    def __init__(self, parts: Iterable[bytes], written: BinaryIO | None = None) -> None:
        self._parts = parts
        self.written = written
        executor = ThreadPoolExecutor(1)
        self.measure = executor.submit(measure, parts, written)
        executor.shutdown(wait=False)

    def __iter__(self) -> Iterator[bytes]:
        self.measure.result()
        return iter(self._parts)


def measure(data: FileData, written: BinaryIO | None = None) -> tuple[int, str]:
    """The size and sha256 of a file's bytes (read once: a part may be read from disk),
    written to `written` as they are read (which is closed then)."""
    if isinstance(data, Measured):
        return data.measure.result()
    hasher, size = hashlib.sha256(), 0
    with written or contextlib.nullcontext():
        for part in file_parts(data):
            hasher.update(part)
            size += len(part)
            if written is not None:
                written.write(part)
    return size, hasher.hexdigest()


def serialize_tables(
    tables: dict[str, pa.Table],
    csv_files: dict[str, FileData] | None = None,
    partitions_above: int | None = None,
    cache: Cache | None = None,
    source_keys: dict[str, dict[str, str]] | None = None,
) -> dict[str, FileData]:
    """The bytes of every table's CSV and Parquet files, by path from the project root. A
    table's CSV file is taken from csv_files where given (in parts, an article's rows at a
    time, which the file keeps); a table of sources with more rows than partitions_above is written
    to Parquet in partitions. Each file (each partition) is looked up in the cache first, so
    that a build after one article changed writes again only what its rows changed: under the
    keys its sources' rows were computed from where source_keys gives them all, else under the
    digest of its rows."""
    files: dict[str, FileData] = {}
    for name, table in tables.items():
        given = (csv_files or {}).get(name)
        by_source = "source_id" in table.column_names
        partitioned = (
            partitions_above is not None and by_source and table.num_rows > partitions_above
        )
        # the digest of the rows, made once for the files cached under it
        whole = given is None or not partitioned
        content = _content_key(table) if cache is not None and whole else ""
        files[CSV.path(name)] = (
            given
            if given is not None
            else csv_header(table)
            + _cached(CSV_KIND, cache, content, functools.partial(csv_rows, table))
        )
        if partitioned:
            keys = (source_keys or {}).get(name, {})
            with ThreadPoolExecutor() as threads:  # Arrow writes Parquet without the GIL
                write = functools.partial(_cached_parquet, cache=cache, name=name, source_keys=keys)
                parts = list(partitions(table))
                for part, data in zip(parts, threads.map(write, parts), strict=True):
                    files[partition_path(name, part.bucket)] = data
        else:
            write_whole = functools.partial(parquet_bytes, table)
            files[PARQUET.path(name)] = _cached(PARQUET_KIND, cache, content, write_whole)
    return files


def _cached_parquet(
    part: Partition, cache: Cache | None, name: str, source_keys: dict[str, str]
) -> bytes:
    """parquet_bytes of a partition, from the cache when it holds them: under the keys the
    part's rows were computed from (the rows of each source, in order: a function of its
    key), or else under the digest of its rows. Its rows are taken only when needed."""
    taken = functools.cache(part.rows)  # a gather is not done twice
    if cache is None:
        return parquet_bytes(taken())
    if part.sources and all(source in source_keys for source in part.sources):
        rows = digest(name, [source_keys[source] for source in part.sources])
    else:
        rows = _content_key(taken())
    return _cached(PARQUET_KIND, cache, rows, lambda: parquet_bytes(taken()))


def _content_key(table: pa.Table) -> str:
    """A digest of the table's schema and rows: the sha256 of its Arrow IPC stream."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return hashlib.sha256(sink.getvalue()).hexdigest()


def _cached(kind: str, cache: Cache | None, rows: str, write: Callable[[], bytes]) -> bytes:
    """write(), from the cache when it holds what the code that writes `kind` wrote of the
    rows `rows` names; an entry not of the shape of that kind is written again."""
    if cache is None:
        return write()
    key = digest(kind, code_version(), rows)
    found = cache.get(kind, key)
    if found is not None and (kind != PARQUET_KIND or found[:4] == found[-4:] == b"PAR1"):
        return found
    data = write()
    cache.put(kind, key, data)
    return data


@dataclass(frozen=True)
class Partition:
    """A bucket of a table: its sources, in the order their rows come, and its rows, taken
    (a slice, or gathered) only when asked for: a rebuild finds most buckets' Parquet files
    in the cache by their sources alone, and a slice of a table of ten thousand chunks costs
    as much as the Parquet lookup."""

    bucket: int
    sources: list[str]
    rows: Callable[[], pa.Table]


def partitions(table: pa.Table) -> Iterator[Partition]:
    """The table's rows by source bucket (the article number over SOURCES_PER_BUCKET), each
    in the table's order, buckets in order."""
    sources = table.column("source_id").combine_chunks()
    runs = pc.run_end_encode(sources)  # in source order (as the build writes tables): a run each
    run_sources = runs.values.to_pylist()
    numbers = [article_number(source_id) for source_id in run_sources]
    if any(number is None for number in numbers):
        raise ValueError("a source id that is not an article id cannot be partitioned")
    of_run = [number // SOURCES_PER_BUCKET for number in numbers if number is not None]
    ends = runs.run_ends.to_pylist()
    in_bucket: dict[int, list[str]] = {}
    for bucket, source in zip(of_run, run_sources, strict=True):
        in_bucket.setdefault(bucket, []).append(source)
    named = {bucket: list(dict.fromkeys(found)) for bucket, found in in_bucket.items()}
    if of_run != sorted(of_run):  # rows not in source order: gather each bucket's rows
        encoded = pa.RunEndEncodedArray.from_arrays(runs.run_ends, pa.array(of_run, pa.int64()))
        buckets = pc.run_end_decode(encoded)
        for bucket in sorted(named):
            rows = functools.partial(_gathered, table, buckets, bucket)
            yield Partition(bucket, named[bucket], rows)
        return
    start = 0  # a bucket is a slice: no copy
    for run, (bucket, end) in enumerate(zip(of_run, ends, strict=True)):
        if run + 1 == len(ends) or of_run[run + 1] != bucket:  # the bucket's last run
            yield Partition(
                bucket, named[bucket], functools.partial(table.slice, start, end - start)
            )
            start = end


def _gathered(table: pa.Table, buckets: pa.Array, bucket: int) -> pa.Table:
    return table.filter(pc.equal(buckets, bucket))


def partition_files(files: Iterable[str], table: str) -> list[str]:
    """The partition files of a table among `files`, in bucket order (empty when the table
    is one file)."""
    prefix = f"{PARQUET_DIR}/{table}/{PARTITION_COLUMN}="
    found = [path for path in files if path.startswith(prefix)]
    return sorted(found, key=lambda path: int(path[len(prefix) :].split("/", 1)[0]))


def file_parts(data: FileData) -> Iterable[bytes]:
    return [data] if isinstance(data, bytes) else data
