"""Settings of claimpack's own processes (the console script's, a build's workers).

Unlike a caller's process, in which claimpack's library runs beside the caller's code, such a
process may leave out a library it never uses."""

from __future__ import annotations

import importlib.abc
import sys
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
