"""claimpack: build and validate the el-mencho-2026 data package."""

from claimpack.load import load
from claimpack.pipeline import build
from claimpack.validate import validate_package

__all__ = ["build", "load", "validate_package"]
