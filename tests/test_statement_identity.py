"""A statement keeps the id stored in its coding when its quote or value is corrected, so that
`claimpack diff` shows the correction as that row changed, in text, markdown and JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from claimpack import build
from claimpack.cli import app

from conftest import STATEMENTS, write_project

SOURCE = "001_bbbbbbbbbbbbbbbb"
TYPO = {"subject": "boss", "predicate": "death_circumstance", "value": "killed in Talpapla",
        "quote": "was killed in Talpalpa"}  # fmt: skip
WRONG = "  value: killed in Talpapla\n  quote: was killed in Talpalpa\n"
RIGHT = "  value: killed in Talpalpa\n  quote: killed in Talpalpa\n"


def revisions(tmp_path: Path) -> tuple[Path, Path, str]:
    """The descriptors of a package built with a typo in a statement's value and a quote one
    word too long, and of the package built after correcting both; and the statement's id."""
    statements = {**STATEMENTS, SOURCE: [STATEMENTS[SOURCE][0], TYPO, STATEMENTS[SOURCE][2]]}
    project = write_project(tmp_path / "project", statements=statements)
    build(project)
    old = tmp_path / "old"
    shutil.copytree(project / "dist", old / "dist")
    shutil.copy(project / "datapackage.json", old / "datapackage.json")
    coding = project / "seeds" / "statements" / f"{SOURCE}.yaml"
    text = coding.read_text(encoding="utf-8")
    assert WRONG in text
    coding.write_text(text.replace(WRONG, RIGHT), encoding="utf-8")
    build(project)
    identifier = text.split(WRONG)[0].rsplit("- id: ", 1)[1].split("\n")[0]
    return old / "datapackage.json", project / "datapackage.json", identifier


def test_a_corrected_statement_is_a_changed_row_with_the_same_id(tmp_path: Path) -> None:
    old, new, identifier = revisions(tmp_path)
    runner = CliRunner()

    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])

    assert result.exit_code == 1, result.output
    (statements,) = [t for t in json.loads(result.output)["tables"] if t["name"] == "statements"]
    assert (statements["rows_added"], statements["rows_removed"]) == ([], [])
    assert statements["rows_changed"] == [
        {
            "key": {"statement_id": identifier},
            "changes": {
                "value": {"old": "killed in Talpapla", "new": "killed in Talpalpa"},
                "value_raw": {"old": "killed in Talpapla", "new": "killed in Talpalpa"},
                "quote": {"old": "was killed in Talpalpa", "new": "killed in Talpalpa"},
                "char_start": {"old": 14, "new": 18},
            },
        }
    ]

    text = runner.invoke(app, ["diff", str(old), str(new)]).output
    changed = text[text.index("== statements") :].split("\n== ")[0].splitlines()
    assert changed == [
        "== statements",
        f"  changed statement_id='{identifier}':",
        "      value: 'killed in Talpapla' -> 'killed in Talpalpa'",
        "      value_raw: 'killed in Talpapla' -> 'killed in Talpalpa'",
        "      quote: 'was killed in Talpalpa' -> 'killed in Talpalpa'",
        "      char_start: '14' -> '18'",
    ]

    markdown = runner.invoke(app, ["diff", str(old), str(new), "--format", "markdown"]).output
    assert "| statements | changed | 0 | 0 | 1 |" in markdown
    escaped = identifier.replace("_", "\\_")  # as Markdown shows it, no emphasis
    assert f"- changed statement\\_id='{escaped}':" in markdown
    assert "  - quote: 'was killed in Talpalpa' -&gt; 'killed in Talpalpa'" in markdown
