"""claimpack: build and validate the el-mencho-2026 data package."""

from claimpack.pipeline import build
from claimpack.published.load import load
from claimpack.validation import validate_package

__all__ = ["build", "load", "validate_package"]
