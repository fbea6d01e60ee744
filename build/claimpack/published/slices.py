"""What a valid validation leaves for the next one: the slices of each table found valid.

A CSV table is cut into slices of whole lines, each ending at a line its own bytes choose (so
an edit moves no other slice's bounds), and each named by its sha256. After a valid validation,
a record per table (`.claimpack-cache/validation-slices/`, under a key naming claimpack's code,
the validator's libraries, the table's header and checks) lists its slices, all of whose rows
passed every check of one row, with the key cells of each row: those the checks across rows
read. The next validation loads and checks only the slices that no record lists. The pairs of
a Parquet file and the CSV rows it holds that compared equal are recorded too
(`validation-formats/`). Records are facts about bytes, true whenever they are found; one that
is missing or damaged is a miss, and what it would have said is checked again.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import mmap
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.ipc

from claimpack.cache import Cache, code_version, digest, library_version
from claimpack.memo import VALIDATOR_LIBRARIES
from claimpack.tableschema.plan import ResourcePlan

KIND = "validation_slices"
FORMAT_KIND = "validation_formats"
BLOCK = 1 << 24  # bytes searched for line breaks at a time
SPAN = 128  # a line ends a slice when the hash of its length and some bytes is 0 modulo SPAN
MOST_LINES = 8 * SPAN  # lines alike in every byte sampled still end a slice this often


@functools.cache
def _libraries() -> dict[str, str]:
    """The validator's libraries, by version (their code is not claimpack's code_version)."""
    return {name: library_version(name) for name in VALIDATOR_LIBRARIES}


@dataclass(frozen=True)
class Slices:
    """A CSV file of one record per line (no carriage return, a line break at the end), cut
    into slices after its header line: each slice's byte range, line count and sha256."""

    data: bytes | mmap.mmap
    header_end: int
    starts: list[int]
    ends: list[int]
    lines: list[int]
    digests: list[str]

    def release(self) -> None:
        """Give back the pages of a mapped file read so far (they are read again if used)."""
        if isinstance(self.data, mmap.mmap):
            self.data.madvise(mmap.MADV_DONTNEED)

    def first_lines(self) -> list[int]:
        """The place of each slice's first line among the data lines (from 0)."""
        return np.cumsum([0, *self.lines[:-1]]).tolist()[: len(self.lines)]  # type: ignore[no-any-return]

    def span(self, first: int, count: int) -> tuple[list[Any], bytes]:
        """The data lines [first, first + count): what names them (the slices that hold them,
        with the lines taken of each) and their bytes."""
        firsts = self.first_lines()
        index = max(bisect.bisect_right(firsts, first) - 1, 0)
        named: list[Any] = []
        begin = end = self.header_end
        line, stop = first, first + count
        while line < stop and index < len(self.lines):
            within, upto = line - firsts[index], min(stop - firsts[index], self.lines[index])
            offsets = self._offsets(index) if within or upto < self.lines[index] else None
            if not named:
                begin = self.starts[index] + (offsets[within] if offsets else 0)
            end = self.starts[index] + offsets[upto] if offsets else self.ends[index]
            named.append((self.digests[index], within, upto))
            line, index = firsts[index] + upto, index + 1
        return named, self.data[begin:end]

    def _offsets(self, index: int) -> list[int]:
        """Where each line of a slice starts, and where the slice ends, from its start."""
        chunk = self.data[self.starts[index] : self.ends[index]]
        return [0, *(1 + int(p) for p in np.flatnonzero(np.frombuffer(chunk, np.uint8) == 10))]


def cut(data: bytes | mmap.mmap) -> Slices | None:
    """The file's slices; None unless every line ends with a line feed and none holds a
    carriage return (a file that is not read one row per line is checked whole). A mapped
    file is read a block at a time in each pass, and the pages of each block given back once
    read: cutting a table of hundreds of megabytes adds a block to the memory in use, not the
    table (a build cuts statements.csv while it derives discrepancies, at its peak)."""
    if data[-1:] != b"\n":
        return None
    buffer = np.frombuffer(data, dtype=np.uint8)
    found = []
    for start in range(0, len(buffer), BLOCK):  # no mask as large as the file
        block = buffer[start : start + BLOCK]
        if (block == 13).any():
            return None
        found.append(start + np.flatnonzero(block == 10))
        _let_go(data, start, start + len(block))
    breaks = np.concatenate(found)
    header_end = int(breaks[0]) + 1
    ends = breaks[1:].astype(np.int64) + 1
    starts = np.concatenate(([header_end], ends[:-1])).astype(np.int64)
    last = _ends_slice(buffer, starts, ends, data)
    slice_ends = ends[last].tolist()
    slice_starts = [header_end, *slice_ends[:-1]][: len(slice_ends)]
    lines = np.diff(np.flatnonzero(last), prepend=-1).tolist()
    view = memoryview(data)
    digests, released = [], 0
    for a, b in zip(slice_starts, slice_ends, strict=True):
        digests.append(hashlib.sha256(view[a:b]).hexdigest())
        if b - released >= BLOCK:
            _let_go(data, released, b)
            released = b
    _let_go(data, released, len(buffer))
    return Slices(data, header_end, slice_starts, slice_ends, lines, digests)


def _let_go(data: bytes | mmap.mmap, start: int, end: int) -> None:
    """Give back the pages of a mapped file's bytes [start, end) (read again if used)."""
    if isinstance(data, mmap.mmap) and end > start:
        aligned = start - start % mmap.PAGESIZE
        data.madvise(mmap.MADV_DONTNEED, aligned, end - aligned)


def _ends_slice(
    buffer: np.ndarray[Any, Any], starts: Any, ends: Any, data: bytes | mmap.mmap | None = None
) -> Any:
    """Which lines end a slice. The rule looks only at the line itself (its length and bytes
    near its start, middle and end, where ids, keys and values sit), so an edit moves no other
    slice's bounds; a run of lines alike in every byte sampled (one key repeated on every
    line) is still cut every MOST_LINES lines, so no slice grows with the file. The lines are
    sampled a block of the file at a time, each block's pages given back after (see cut)."""
    parts = []
    first = 0
    while first < len(ends):
        upto = max(int(np.searchsorted(starts, starts[first] + BLOCK)), first + 1)
        parts.append(_line_hashes(buffer, starts[first:upto], ends[first:upto]))
        if data is not None:
            _let_go(data, int(starts[first]), int(ends[upto - 1]))
        first = upto
    hashed = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
    last = (hashed >> np.uint64(29)) % np.uint64(SPAN) == 0
    last[-1:] = True
    previous = -1
    for line in np.flatnonzero(last).tolist():
        if line - previous > MOST_LINES:
            last[previous + MOST_LINES : line : MOST_LINES] = True
        previous = line
    return last


def _line_hashes(buffer: np.ndarray[Any, Any], starts: Any, ends: Any) -> Any:
    """A hash of each line's length and the bytes sampled of it."""
    hashed = (ends - starts).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    last_bytes = ends - 1
    places = [np.minimum(starts + offset, last_bytes) for offset in (0, 3, 8, 14)]
    places += [np.maximum(ends - back, starts) for back in (2, 9, 22)]
    places.append(starts + (ends - starts) // 2)
    for place in places:
        sample = buffer[place].astype(np.uint64)
        hashed = (hashed ^ sample) * np.uint64(0x100000001B3)
    return hashed


def context(resource: ResourcePlan, header: bytes, keys: list[int]) -> str:
    """What a slice's record of a table depends on besides the slice's bytes: the code, the
    libraries, the table's checks, its header line and which cells are kept."""
    checks = {
        "name": resource.name,
        "fields": [asdict(f) for f in resource.fields],
        "dialect": asdict(resource.dialect),
        "missing": list(resource.missing_values),
    }
    return digest(KIND, code_version(), _libraries(), checks, header.hex(), keys)


@dataclass(frozen=True)
class Record:
    """The slices found valid, in order; the sha256 of the articles their quotes were found
    in; and each row's key cells (`__slice`, its place in `digests`; `__line`, its place in
    the slice; then the cells)."""

    digests: list[str]
    texts: str
    keys: pa.Table


def recall(cache: Cache, key: str) -> Record | None:
    """The record under key, or None when there is no sound one."""
    data = cache.get(KIND, key)
    if data is None:
        return None
    try:
        table = pa.ipc.open_stream(data).read_all()
        listed = json.loads((table.schema.metadata or {})[b"claimpack"])
        digests, texts = listed["slices"], listed["texts"]
    except (pa.ArrowException, ValueError, KeyError, TypeError, OSError):
        return None
    if not isinstance(digests, list) or not all(isinstance(d, str) for d in digests):
        return None
    if not isinstance(texts, str):
        return None
    return Record(list(digests), texts, table.replace_schema_metadata(None))


def encode(digests: list[str], texts: str, keys: pa.RecordBatchReader) -> pa.Buffer:
    """A record as an Arrow stream, its key cells taken a batch at a time and compressed
    (LZ4: a third of the size, read back for the cost of hashing the plain stream): a table's
    key cells are never all held while DuckDB holds the tables."""
    sink = pa.BufferOutputStream()
    listed = json.dumps({"slices": digests, "texts": texts}).encode("ascii")
    schema = keys.schema.with_metadata({b"claimpack": listed})
    options = pa.ipc.IpcWriteOptions(compression="lz4")
    with pa.ipc.new_stream(sink, schema, options=options) as writer:
        for batch in keys:
            writer.write_batch(batch)
    return sink.getvalue()


def remember(cache: Cache, key: str, record: pa.Buffer) -> None:
    """Store an encoded record."""
    cache.put(KIND, key, [memoryview(record)])


def remember_all(cache: Cache, records: list[tuple[str, pa.Buffer]]) -> None:
    """Store each encoded record under its key."""
    for key, record in records:
        remember(cache, key, record)


def format_key(schema: dict[str, Any], parquet_sha256: str, rows: list[Any]) -> str:
    """The key of a fact: the Parquet file of that sha256 holds the CSV rows `rows` names
    (the header's sha256 and the slices that hold them), typed by the schema."""
    return digest(FORMAT_KIND, code_version(), _libraries(), schema, parquet_sha256, rows)


def same_format(cache: Cache, key: str) -> bool:
    return cache.get(FORMAT_KIND, key) == b"same"


def remember_format(cache: Cache, key: str) -> None:
    cache.put(FORMAT_KIND, key, b"same")
