"""How claimpack uses its processes: libraries left out, the collector paused, SIGTERM deferred.

claimpack's own processes (the console script's, a build's workers) may leave out a library
they never use, unlike a caller's process, in which claimpack's library runs beside the
caller's code. A build, in any process, pauses the cyclic garbage collector while it runs.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.abc
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any


class _PandasUnused(importlib.abc.MetaPathFinder):
    """Finds no pandas, as if it were not installed (an import of it raises)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(f"No module named {name!r} (not used here)", name=name)


def pandas_unused() -> None:
    """pandas as if not installed, in a process of claimpack's own that never uses it (a
    build's worker; the console script's build and validate). pyarrow imports pandas the
    first time it converts a Python list, only to check the list for pandas objects: 0.15-0.25
    s and some 40 MB a process. Without pandas, pyarrow converts lists the same way. Never in
    a caller's process: pyarrow remembers, and would not convert to pandas there again."""
    if "pandas" not in sys.modules and not any(
        isinstance(finder, _PandasUnused) for finder in sys.meta_path
    ):
        sys.meta_path.insert(0, _PandasUnused())


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the block runs (a build, or a worker's
    chunk of articles), on again after it if it was on. A build makes millions of objects
    that live until their stage ends (outcomes, values, discrepancies), and the collector,
    started every 700 allocations, scans the survivors again and again: a tenth of a worker's
    time and some 3 s of a cold build's own process at a million statements. The stages make
    almost no cycles (a cold build at a million statements leaves under a thousand objects in
    them), and what they leave is collected once the collector is on again. Objects are still
    freed as soon as nothing refers to them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def termination_deferred() -> Iterator[None]:
    """SIGTERM held back while the block runs, then acted on as it would have been: starting
    worker processes, cut short, leaves a worker reading half its start from its pipe (and
    printing a traceback) or a pool whose manager thread cannot be joined. Only the main
    thread can set a handler; elsewhere the block just runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda number, _frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        if received:
            signal.raise_signal(signal.SIGTERM)
