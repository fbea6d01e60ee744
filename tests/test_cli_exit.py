"""The console script ends its process without the interpreter's teardown, yet everything a
command printed is there, with its exit code, and the exit handlers have run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_project


def _console(tmp_path: Path, *args: str, before: str = "") -> subprocess.CompletedProcess[str]:
    script = f"import sys; {before}sys.argv = ['claimpack', *{list(args)!r}]; " + (
        "from claimpack.cli import main; main()"
    )
    command = [sys.executable, "-c", script]
    return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)


def test_output_and_exit_code_of_a_command_that_succeeds(tmp_path: Path) -> None:
    done = _console(tmp_path, "--version")
    assert (done.returncode, done.stdout.startswith("claimpack "), done.stderr) == (0, True, "")


def test_messages_and_exit_code_of_a_command_that_fails(tmp_path: Path) -> None:
    done = _console(tmp_path, "validate", "missing.zip")
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and done.stderr.endswith(" found.\n")


def test_everything_printed_reaches_a_pipe(tmp_path: Path) -> None:
    done = _console(tmp_path, "docs", "--help")
    assert done.returncode == 0 and "Example: claimpack build && claimpack docs" in done.stdout


def test_the_exit_handlers_run(tmp_path: Path) -> None:
    done = _console(tmp_path, "--version", before="import atexit; atexit.register(print, 'ran'); ")
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == "ran"


def test_a_build_run_where_there_are_no_seeds_is_a_usage_error(tmp_path: Path) -> None:
    """Run in the wrong folder, or given a --root that does not exist: exit 2, not 1 (the
    code of seeds that are there and wrong)."""
    for args in (["build"], ["build", "--root", str(tmp_path / "nowhere")]):
        done = _console(tmp_path, *args)
        assert done.returncode == 2, done.stderr
        assert "no seeds/ folder in" in done.stderr and "[missing-seeds]" in done.stderr


def test_a_signal_a_library_turns_into_an_error_still_exits_by_the_signal(tmp_path: Path) -> None:
    """DuckDB reports a SIGTERM or Ctrl-C that arrives during a query as its own error
    ("Query interrupted"); the command ends as the signal asks (143), not as a bug (3)."""
    library = (
        "import os, signal, claimpack.cli as cli\n"
        "def query():\n"
        "    try:\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "    except BaseException:\n"
        "        raise RuntimeError('Query interrupted') from None\n"
        "cli.app = query\n"
    )
    script = library + "cli.main()"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 143, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["validate"],
        ["coverage"],
        ["fill-ids"],
        ["suggest", "missing.txt"],
        ["diff", "missing.zip", "datapackage.json"],
    ],
)
def test_a_command_asked_for_json_that_fails_prints_its_problems_as_json(
    tmp_path: Path, command: list[str]
) -> None:
    """A tool (a bot that turns the output into a pull-request comment) reads stdout: with
    --format json, a failure is a JSON report of the problems there too, not nothing."""
    root = write_project(tmp_path / "project")
    coding = root / "seeds" / "statements" / "000_aaaaaaaaaaaaaaaa.yaml"
    coding.write_text(coding.read_text(encoding="utf-8") + "x: [\n", encoding="utf-8")
    done = _console(root, *command, "--format", "json")
    report = json.loads(done.stdout)
    assert done.returncode in (1, 2) and report["valid"] is False, done.stderr
    assert report["exit_code"] == done.returncode and report["errors"], report
