"""Stable identifiers: a hash of canonical JSON of the parts that define a row.

The same content gets the same id in any processing order; no separator can be confused with
part of a value, because the parts are serialized as a JSON array.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def content_id(prefix: str, parts: Any) -> str:
    """`prefix` + "_" + the first 16 hex digits of the SHA-256 of the parts' canonical JSON."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{prefix}_{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:16]}"
