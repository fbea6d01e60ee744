"""Every command, run where there is nothing for it (an empty folder), answers with a message and
an exit code, never a traceback; a bug is exit code 3 with a request to report it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimpack import cli, validation
from claimpack.cli import app

COMMANDS = [
    ["build"],
    ["validate"],
    ["coverage"],
    ["docs"],
    ["report"],
    ["release"],
    ["diff", "HEAD~1", "HEAD"],
    ["check-version", "--against", "HEAD~1"],
    ["changelog", "--against", "HEAD~1"],
    ["validate", "missing.zip"],
    ["report", "missing.zip"],
    ["diff", "missing.zip", "datapackage.json"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_a_command_in_an_empty_folder_says_what_is_missing(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, command)
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "error: " in result.output and "[" in result.output
    assert list(tmp_path.iterdir()) == [], "a failing command wrote files"


def test_a_bug_exits_3_and_asks_to_report_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(validation, "validate_package", broken)
    monkeypatch.setattr(sys, "argv", ["claimpack", "validate"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 3
    assert "please report it" in capsys.readouterr().err


def test_the_console_script_exits_2_on_a_usage_error(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "claimpack", "validate", "--no-such-option"]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
