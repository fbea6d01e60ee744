"""The command line: every command explains itself."""

from __future__ import annotations

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
