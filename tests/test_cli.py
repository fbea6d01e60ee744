"""The command line: every command explains itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from claimpack.cli import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert {"build", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_unknown_option_is_a_usage_error() -> None:
    assert CliRunner().invoke(app, ["validate", "--no-such-option"]).exit_code == 2


def test_version_and_short_help_are_accepted() -> None:
    version = CliRunner().invoke(app, ["--version"])
    assert version.exit_code == 0 and version.output.startswith("claimpack ")
    assert CliRunner().invoke(app, ["validate", "-h"]).exit_code == 0


@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_takes_json_but_through_format(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert "--json" not in result.output


def test_counts_are_said_in_the_right_number(project: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--root", str(project)])
    assert result.exit_code == 0, result.output
    assert "1 row " not in result.output.replace("1 row\n", "") and "1 rows" not in result.output


def test_diff_json_keeps_json_types_and_text_shows_values_in_full(
    project: Path, tmp_path: Path
) -> None:
    import json
    import shutil

    from claimpack import build

    build(project)
    shutil.copytree(project, tmp_path / "new")
    statements = tmp_path / "new" / "seeds" / "statements" / "000_aaaaaaaaaaaaaaaa.yaml"
    long_note = "A note long enough that a truncated rendering would hide its last word: end."
    text = statements.read_text().replace(
        "quote: He was 59.", f'quote: He was 59.\n  note: "{long_note}"'
    )
    statements.write_text(text)
    build(tmp_path / "new")
    old, new = str(project / "datapackage.json"), str(tmp_path / "new" / "datapackage.json")
    shown = CliRunner().invoke(app, ["diff", old, new])
    assert shown.exit_code == 1 and long_note in shown.output
    data = json.loads(CliRunner().invoke(app, ["diff", old, new, "--format", "json"]).output)
    statements_diff = next(t for t in data["tables"] if t["name"] == "statements")
    change = statements_diff["rows_changed"][0]["changes"]
    assert change["note"] == {"old": None, "new": long_note}
    counts = next(t for t in data["tables"] if t["name"] == "coverage")
    assert counts["status"] == "same"
