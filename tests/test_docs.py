"""Generated documentation matches the package and the command line it describes."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from claimpack.cli import app, cli_reference
from claimpack.pipeline import layout_markdown
from claimpack.published.docs import fill_blocks, update_docs

REPO = Path(__file__).resolve().parents[1]
GENERATED = ("docs/vocabulary.md", "docs/problems.md", "DATACARD.md", "docs/cli.md", "README.md")


def test_committed_docs_are_what_the_package_and_commands_give(tmp_path: Path) -> None:
    shutil.copy(REPO / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copytree(REPO / "dist", tmp_path / "dist")
    (tmp_path / "docs").mkdir()
    for path in GENERATED:
        shutil.copy(REPO / path, tmp_path / path)
    update_docs(tmp_path, cli_reference, layout_markdown())
    drifted = [p for p in GENERATED if (tmp_path / p).read_text() != (REPO / p).read_text()]
    assert drifted == [], "run `claimpack docs` and commit the result"


def test_every_command_and_option_is_in_the_reference() -> None:
    reference = (REPO / "docs" / "cli.md").read_text()
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        assert f"## `claimpack {name}`" in reference
        for parameter in command.params:
            for option in getattr(parameter, "opts", []):
                if option.startswith("--"):
                    assert option in reference, (name, option)


def test_blocks_are_replaced_and_the_text_around_them_kept() -> None:
    text = "intro\n<!-- generated:a -->\nold\n<!-- /generated:a -->\noutro\n"
    assert fill_blocks(text, {"a": "new"}) == (
        "intro\n<!-- generated:a -->\nnew\n<!-- /generated:a -->\noutro\n"
    )
    assert fill_blocks(text, {}) == text


def test_top_level_help_lists_the_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("build", "validate", "coverage", "diff", "check-version", "release", "report"):
        assert name in result.output
