"""What both engines need to know of a file before SQL reads it: its size and hash, whether
its lines are all records (the fast CSV path), and its header row, read by Python's csv
module exactly as frictionless reads it (one row; the data rows are read by SQL)."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from claimpack.tableschema.package import Dialect
from claimpack.tableschema.report import Error

CHUNK = 1 << 24
EMPTY = "the source is empty"  # a source-error, but a file read: as no rows


@dataclass(frozen=True)
class FileFacts:
    size: int
    md5: str
    sha256: str
    lines: int  # records if no quoted field holds a line break and no line is blank
    lone_cr: bool
    escaped: bool  # the dialect's escape character occurs (Python's reader reads it anywhere)


def file_facts(
    path: Path, want_hash: bool, lines: bool = True, escape: str | None = None
) -> FileFacts:
    """One streaming pass in C (hashlib, bytes.count): sizes, digests, line count and whether
    the escape character occurs; none when neither digests nor lines are asked for (the size
    is the file's)."""
    if not want_hash and not lines:
        return FileFacts(path.stat().st_size, "", "", 0, False, False)
    md5, sha256 = hashlib.md5(), hashlib.sha256()
    size = count = crlf = cr = 0
    last = tail = b""
    wanted = escape.encode() if escape and lines else b""
    escaped = False
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if want_hash:
                md5.update(chunk)
                sha256.update(chunk)
            size += len(chunk)
            count += chunk.count(b"\n") if lines else 0
            found = chunk.count(b"\r") if lines else 0  # most files have none: no CRLF then
            cr += found
            if found or last == b"\r":
                crlf += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
            if wanted and not escaped:  # tail: the start of a character the last chunk cut
                escaped = wanted in tail + chunk
                tail = chunk[len(chunk) - len(wanted) + 1 :]
            last = chunk[-1:]
    if size and last not in (b"\n", b"\r"):
        count += 1
    return FileFacts(size, md5.hexdigest(), sha256.hexdigest(), count, cr != crlf, escaped)


def encoding_errors(path: Path) -> list[Error]:
    """frictionless' encoding-error where the file first stops being UTF-8, its byte offset
    and line named; none for a UTF-8 file. One pass of the incremental decoder, in C."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, lines = 0, 1
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(CHUNK)
            held = decoder.getstate()[0]  # the start of a character the last chunk cut
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                start = error.start - len(held)  # in chunk; < 0 in the bytes held
                line = lines + chunk[: max(start, 0)].count(b"\n")
                bad = (held + chunk)[error.start : error.end].hex(" ")
                note = f"byte {offset + start} (line {line}) is not UTF-8: {bad}, {error.reason}"
                return [Error("encoding-error", note=note)]
            if not chunk:
                return []
            offset += len(chunk)
            lines += chunk.count(b"\n")


def unread_record(row: int, escape_at_end: bool, dialect: Dialect) -> Error:
    """The source-error of a CSV whose records stop being read at `row` (from 1, the
    header's): a quote that opens there and never closes, or, at the last record, an escape
    character with nothing after it to escape but the file's last line break. frictionless
    reads the rest of the file as one cell, or makes the escape a line break in the cell,
    which hides the fault."""
    if escape_at_end:
        note = (
            f'row {row} ends the file with the escape character "{dialect.escape_char}", '
            "which has nothing to escape (only the last line break or the end of the "
            "file): the row is not read"
        )
    else:
        note = f"a quote opens in row {row} and never closes: the rest of the file is not read"
    return Error("source-error", rowNumber=row, note=note)


def file_errors(
    facts: FileFacts, expected_bytes: int | None, expected_hash: str | None
) -> list[Error]:
    """byte-count and hash-count, as frictionless' baseline check reports them."""
    found = []
    if expected_hash:
        algorithm, _, digest = expected_hash.rpartition(":")
        actual = {"": facts.md5, "md5": facts.md5, "sha256": facts.sha256}.get(algorithm)
        if actual and actual != digest:
            found.append(
                Error("hash-count", note=f'expected is "{digest}" and actual is "{actual}"')
            )
    if expected_bytes and expected_bytes != facts.size:
        note = f'expected is "{expected_bytes}" and actual is "{facts.size}"'
        found.append(Error("byte-count", note=note))
    return found


def python_dialect(dialect: Dialect) -> dict[str, object]:
    return {
        "delimiter": dialect.delimiter,
        "quotechar": dialect.quote_char,
        "doublequote": dialect.double_quote,
        "escapechar": dialect.escape_char,
    }


HEADER_LIMIT = 1 << 22  # characters a first record may take (4 MiB: 5,000 labels take 60 KiB)
FIELD_LIMIT = 1 << 17  # characters a header field may take: Python's reader's default limit


class UnreadableHeader(ValueError):
    """The first record is not whole within HEADER_LIMIT, or not CSV Python's reader reads."""


def first_record(path: Path, dialect: Dialect) -> list[str] | None:
    """The first CSV record (None for an empty file), read from the file's head only, a line
    ending at a line feed, a carriage return or both; UnreadableHeader when it does not end
    within HEADER_LIMIT characters (a quote left open) or Python's reader refuses it."""
    with path.open("r", encoding="utf-8", newline="") as handle:
        head = handle.read(1 << 20)
        while head and not _complete(head, dialect):
            if len(head) >= HEADER_LIMIT:
                raise UnreadableHeader(
                    f"the header does not end within its first {HEADER_LIMIT >> 20} MiB "
                    "(a quote left open?)"
                )
            more = handle.read(1 << 20)
            if not more:
                break
            head += more
    head = head.removeprefix("\ufeff")  # a byte-order mark is no part of the first label
    lines = io.StringIO(head, newline="")  # split at \n, \r and \r\n, none of them changed
    too_long = f"the header has a field longer than {FIELD_LIMIT} characters"
    try:
        record = next(csv.reader(lines, **python_dialect(dialect)), None)  # type: ignore[arg-type]
    except csv.Error as error:  # the reader's own limit (process-wide: a library may raise it)
        reason = too_long if "field limit" in str(error) else f"not readable as CSV: {error}"
        raise UnreadableHeader(reason) from None
    if record is not None and any(len(label) > FIELD_LIMIT for label in record):
        raise UnreadableHeader(too_long)
    return record


def _complete(head: str, dialect: Dialect) -> bool:
    """Whether head holds a whole first record (a line break outside quotes)."""
    quote = re.escape(dialect.quote_char)
    quoted = f"{quote}(?:[^{quote}]|{quote}{quote})*{quote}"
    return re.match(rf"(?:{quoted}|[^{quote}\r\n])*[\r\n]", head) is not None
