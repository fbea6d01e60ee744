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

# DuckDB's allocator gives freed memory back to the system from a thread of its own; without
# it, the memory of the build's largest queries stayed with the process to its end (a tenth of
# the peak of a million statements).
RELEASING: dict[str, Any] = {"allocator_background_threads": True}
_OPENING = threading.Lock()  # threads of the build may ask for their first cursor at once
_DATABASE: list[Any] = []


def scratch() -> Any:
    """A new cursor of the process's scratch database; use it in a `with` block."""
    with _OPENING:
        if not _DATABASE:
            import duckdb  # here: the worker processes, which import the callers, need it not

            _DATABASE.append(duckdb.connect(config=RELEASING))
        return _DATABASE[0].cursor()
