"""claimpack: build and validate the el-mencho-2026 data package.

The three entry points are imported on first use, so that importing a submodule (for
example `claimpack.tableschema`, the SQL validator) does not pay for pandas and frictionless.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimpack.pipeline import build
    from claimpack.published.load import load
    from claimpack.validation import validate_package

__all__ = ["build", "load", "validate_package"]
_HOMES = {"build": "claimpack.pipeline", "load": "claimpack.published.load",
          "validate_package": "claimpack.validation"}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'claimpack' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
