"""Bad curated input: a clear error naming the file and place, exit 1, no traceback, and the
published release untouched. The cases are data: tests/bad_inputs/*.yaml, each an edit to a
small valid project and the message it must produce."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from claimpack import build
from claimpack.cli import app

from conftest import published_bytes

CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))


def apply(edit: dict[str, Any], root: Path) -> None:
    path = root / edit["file"]
    if "append" in edit:
        path.write_text(path.read_text(encoding="utf-8") + edit["append"], encoding="utf-8")
    elif "replace" in edit:
        text = path.read_text(encoding="utf-8")
        assert edit["replace"] in text, f"{edit['replace']!r} not in {edit['file']}"
        path.write_text(text.replace(edit["replace"], edit["with"], 1), encoding="utf-8")
    elif "rename" in edit:
        path.rename(root / edit["rename"])
    elif "hex" in edit:
        path.write_bytes(bytes.fromhex(edit["hex"]))
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(edit["text"], encoding="utf-8")


def test_the_corpus_has_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_bad_input_gets_a_located_message_and_leaves_the_release(project: Path, case: Path) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    build(project)
    before = published_bytes(project)
    for edit in spec.get("edits", [spec.get("edit")]):
        apply(edit, project)
    result = CliRunner().invoke(app, ["build", "--root", str(project)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    expected = spec["expect"]
    assert any(
        f"error: {expected['where']}" in line and expected["message"] in line for line in errors
    ), result.output
    assert published_bytes(project) == before
