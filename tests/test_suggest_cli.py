"""claimpack suggest on the command line, and the build's refusal of draft statements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from claimpack.cli import app
from claimpack.models import StatementFile

from conftest import STATEMENTS, write_project

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "tests" / "fixtures" / "articles" / "es_wire_efe.txt"
runner = CliRunner()


def test_json_lists_every_finding_with_the_shared_keys() -> None:
    result = runner.invoke(app, ["suggest", str(ARTICLE), "--format", "json", "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    drafts = json.loads(result.output)["drafts"]
    assert {d["kind"] for d in drafts} == {"quotation", "number", "date", "entity"}
    text = ARTICLE.read_text(encoding="utf-8")
    for draft in drafts:
        assert {"kind", "char_start", "char_end", "text", "value", "low", "high", "unit",
                "speaker", "entity_id"} <= set(draft)  # fmt: skip
        assert text[draft["char_start"] : draft["char_end"]] == draft["text"]


def test_the_draft_coding_is_a_statement_file_with_every_statement_marked_draft(
    tmp_path: Path,
) -> None:
    output = tmp_path / "draft.yaml"
    arguments = ["suggest", str(ARTICLE), "--output", str(output), "--root", str(REPO)]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    coded = StatementFile.model_validate(yaml.safe_load(output.read_text(encoding="utf-8")))
    assert coded.statements
    assert all(statement.draft for statement in coded.statements)
    said = [s for s in coded.statements if s.predicate == "said"]
    assert said[0].attributed_to == "ricardo-trevilla-trejo"


def test_a_date_option_resolves_relative_dates_in_an_undated_article(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The boss was killed on Sunday.\n", encoding="utf-8")
    plain = runner.invoke(app, ["suggest", str(article), "--format", "json"])
    dated = runner.invoke(
        app, ["suggest", str(article), "--format", "json", "--date", "2026-02-23"]
    )
    (undated,) = [d for d in json.loads(plain.output)["drafts"] if d["kind"] == "date"]
    (resolved,) = [d for d in json.loads(dated.output)["drafts"] if d["kind"] == "date"]
    assert (undated["value"], undated["unresolved"]) == (None, True)
    assert resolved["value"] == "2026-02-22"


def test_a_bad_date_or_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    bad_date = runner.invoke(app, ["suggest", str(ARTICLE), "--date", "22/02/2026"])
    missing = runner.invoke(app, ["suggest", str(tmp_path / "nope.txt")])
    for result in (bad_date, missing):
        assert result.exit_code == 2
        assert "error: " in result.output
        assert "Traceback" not in result.output


def test_an_article_that_is_not_utf8_gets_its_line(tmp_path: Path) -> None:
    article = tmp_path / "latin1.txt"
    article.write_bytes("Línea uno\nCampeón\n".encode("latin-1"))
    result = runner.invoke(app, ["suggest", str(article)])
    assert result.exit_code == 1
    assert "latin1.txt:1: article is not UTF-8" in result.output


def test_the_build_refuses_a_statement_still_marked_draft(tmp_path: Path) -> None:
    statements = {source: [dict(s) for s in coded] for source, coded in STATEMENTS.items()}
    statements["000_aaaaaaaaaaaaaaaa"][2]["draft"] = True
    root = write_project(tmp_path / "project", statements=statements)
    result = runner.invoke(app, ["build", "--root", str(root)])
    assert result.exit_code == 1
    expected = "error: seeds/statements/000_aaaaaaaaaaaaaaaa.yaml:"
    lines = [line for line in result.output.splitlines() if line.startswith(expected)]
    assert any("statement 3: is a draft" in line and "[draft-statement]" in line for line in lines)


@pytest.mark.parametrize(
    "body",
    [
        "Troops killed 25 gunmen on Sunday, officials said.\n\n"
        "Troops killed 25 gunmen on Sunday, officials said. The raid was in Tapalpa.\n",
        "Key facts:\n- 25 soldiers died\n+ 70 people were arrested\n"
        "@officials reported 252 roadblocks.\n",
    ],
    ids=["headline-repeats-the-lead", "list-lines"],
)
def test_a_reviewed_draft_anchors_where_quotes_repeat_or_start_like_formulas(
    tmp_path: Path, body: str
) -> None:
    """A headline repeating the lead; list lines starting with '-', '+' or '@': each drafted
    quote is found in one place (a prefix or suffix picks it) and starts with no formula sign,
    so once its draft marks are removed the build anchors every one."""
    root = write_project(tmp_path / "project")
    article = tmp_path / "new.txt"
    article.write_text(f" date 2026-02-23 {body}", encoding="utf-8")
    added = runner.invoke(app, ["add", str(article), "--root", str(root)])
    assert added.exit_code == 0, added.output
    [coding] = (root / "seeds" / "statements").glob("002_*.yaml")
    reviewed = coding.read_text(encoding="utf-8").replace("  draft: true\n", "")
    coding.write_text(reviewed.replace("unknown-subject", "boss"), encoding="utf-8")
    result = runner.invoke(app, ["build", "--root", str(root)])
    kinds = {line.rsplit("[", 1)[-1] for line in result.output.splitlines() if "error:" in line}
    assert not kinds & {"quote-ambiguous]", "formula-cell]", "quote-not-found]"}, result.output


def test_an_output_that_cannot_be_written_is_a_located_usage_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project")
    article = next((root / "seeds").glob("000_*.txt"))
    result = runner.invoke(
        app, ["suggest", str(article), "--root", str(root), "--output", str(tmp_path)]
    )
    assert result.exit_code == 2 and f"error: {tmp_path}: Is a directory" in result.output
