"""A library is imported by what needs it: the command line alone imports none of the data
libraries, and the build's modules do not import pandas (only reading a package into
DataFrames, diffs and reports need it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "pyarrow", "duckdb", "rich")


def _imported(module: str, names: tuple[str, ...]) -> list[str]:
    """Which of names are in sys.modules after importing module in a fresh interpreter."""
    script = f"import sys, {module}; print(*[n for n in {names!r} if n in sys.modules])"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def test_the_command_line_imports_no_data_library() -> None:
    assert _imported("claimpack.cli", (*HEAVY, "importlib.metadata")) == []


@pytest.mark.parametrize(
    "module", ["claimpack.pipeline", "claimpack.validation", "claimpack.published.validate"]
)
def test_the_build_and_validation_modules_do_not_import_pandas(module: str) -> None:
    assert _imported(module, ("pandas",)) == []
