"""One in-memory DuckDB database per process for the build's short computations.

A hash of a column, a grouping, a constant of a schema: opening a database costs 30 to 40 ms,
a cursor of a kept one half a millisecond, and a cold build of the seeds opened five. Each
computation takes a cursor of its own, closed after it, so the views it registers and the
temporary tables it makes are its own and are dropped with it. The validation of a package
keeps a database of its own (duckdb_engine.connect), whose tables every cursor of it must see.
"""

from __future__ import annotations

import threading
from typing import Any

_OPENING = threading.Lock()  # threads of the build may ask for their first cursor at once
_DATABASE: list[Any] = []


def scratch() -> Any:
    """A new cursor of the process's scratch database; use it in a `with` block."""
    with _OPENING:
        if not _DATABASE:
            import duckdb  # here: the worker processes, which import the callers, need it not

            _DATABASE.append(duckdb.connect())
        return _DATABASE[0].cursor()
