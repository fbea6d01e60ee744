"""Stable identifiers: content hashes for rows, and article ids that sort by number at any size.

A row's id is a hash of canonical JSON of the parts that define it. The same content gets the
same id in any processing order; no separator can be confused with part of a value, because the
parts are serialized as a JSON array.

An article id is its number, `_`, and the first 16 hex digits of its sha256. Numbers below 1000
are written with three digits (`007_…`, the form of the first articles); a larger number is
written whole after a letter that says how many digits follow (a = 4, b = 5, …, z = 29:
`a1000_…`, `b12345_…`). A letter sorts after every digit, and a longer number after a shorter
one, so sorting ids as text sorts articles by number in every tool (DuckDB, pandas, `ls`).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

ARTICLE_ID = re.compile(r"^(?:[0-9]{3}|[a-z][1-9][0-9]{3,})_[0-9a-f]{16}$")
SHORT_NUMBERS = 1000
LONGEST = ord("z") - ord("a") + 4


def content_id(prefix: str, parts: Any) -> str:
    """`prefix` + "_" + the first 16 hex digits of the SHA-256 of the parts' canonical JSON."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{prefix}_{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:16]}"


def article_id(number: int, sha256: str) -> str:
    """The id of article `number` whose bytes have this sha256 (hex)."""
    if number < SHORT_NUMBERS:
        written = f"{number:03d}"
    else:
        digits = str(number)
        if len(digits) > LONGEST:
            raise ValueError(f"article number {number} has more than {LONGEST} digits")
        written = chr(ord("a") + len(digits) - 4) + digits
    return f"{written}_{sha256[:16]}"


def article_number(source_id: str) -> int | None:
    """The number of an article id; None when it is not one (its letter must say how many
    digits follow)."""
    if not ARTICLE_ID.match(source_id):
        return None
    written = source_id.split("_", 1)[0]
    if written[0].isdigit():
        return int(written)
    if len(written) - 1 != ord(written[0]) - ord("a") + 4:
        return None
    return int(written[1:])
