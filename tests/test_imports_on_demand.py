"""A library is imported by what needs it: the command line alone imports none of the data
libraries, and the build's modules do not import pandas (only reading a package into
DataFrames, diffs and reports need it). pyarrow would import pandas on converting a list:
the console script's build and validate, and a build's workers, run as if it were not
installed; a caller's process keeps it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimpack.per_article import PARALLEL_FROM
from claimpack.synth import synthesize

from conftest import REPO

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


def _loaded_pandas(importtime: str) -> list[str]:
    """The pandas modules an importtime log (stderr of PYTHONPROFILEIMPORTTIME=1) says were
    loaded: an attempt that finds none logs `pandas` alone, a loaded pandas its submodules."""
    lines = [line.rpartition("|")[2].strip() for line in importtime.splitlines()]
    return [name for name in lines if name.startswith("pandas.")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("no-pandas") / "project"
    synthesize(REPO, root, PARALLEL_FROM + 4, 4, seed=5)  # enough articles for workers
    return root


def test_the_console_builds_and_validates_without_pandas_in_any_process(corpus: Path) -> None:
    console = Path(sys.executable).parent / "claimpack"
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    for command in (["build", "--jobs", "2"], ["validate", "--fresh"]):
        run = subprocess.run(
            [str(console), *command], cwd=corpus, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr[-3000:]
        assert "| pandas" in run.stderr  # pyarrow looked for it ...
        assert _loaded_pandas(run.stderr) == []  # ... and found none
        if command[0] == "build":  # a worker's imports are logged too (and its parent's)
            assert run.stderr.count("claimpack.stages.anchor") >= 2


def test_a_callers_process_keeps_pandas_after_a_build(corpus: Path) -> None:
    script = (
        "import sys, pyarrow as pa; from pathlib import Path; from claimpack import build; "
        f"build(Path({str(corpus)!r}), jobs=2); "
        "print(type(pa.table({'a': [1]}).to_pandas()).__name__)"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.split() == ["DataFrame"]
