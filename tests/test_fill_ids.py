"""fill-ids: every statement without an id gets the hash of its content, nothing else in the file
changes, and a second run changes nothing."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from typer.testing import CliRunner

from claimpack.cli import app
from claimpack.drafting.fill_ids import fill_ids
from claimpack.models import StatementIn
from claimpack.stages.anchor import anchor
from claimpack.stages.statements import statement_id

from conftest import ARTICLE_A, STATEMENTS, write_project
from strategies import coding_texts

SOURCE = "000_aaaaaaaaaaaaaaaa"
CODING = Path("seeds") / "statements" / f"{SOURCE}.yaml"
OTHER = Path("seeds") / "statements" / "001_bbbbbbbbbbbbbbbb.yaml"
WRITTEN = re.compile(r"id: (st_[0-9a-f]{16})(?:\r?\n *|, )")


def content_hash(statement: dict[str, object]) -> str:
    coded = StatementIn.model_validate(statement)
    return statement_id(SOURCE, coded, anchor(ARTICLE_A, coded).start)


@settings(max_examples=40, deadline=None)
@given(coding_texts(SOURCE, STATEMENTS[SOURCE]))
def test_only_the_missing_ids_are_written_and_a_second_run_changes_nothing(
    coding: tuple[str, list[str | None]],
) -> None:
    text, ids = coding
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder) / "project")
        (root / CODING).write_bytes(text.encode("utf-8"))
        other = (root / OTHER).read_bytes()

        written = fill_ids(root)

        after = (root / CODING).read_bytes().decode("utf-8")
        new = {item.id for item in written}
        assert [item.statement for item in written] == [
            number for number, given_id in enumerate(ids, 1) if given_id is None
        ]
        assert WRITTEN.sub(lambda m: "" if m[1] in new else m[0], after) == text
        statements = yaml.safe_load(after)["statements"]
        assert [s["id"] for s in statements if s["id"] not in new] == [i for i in ids if i]
        hashes = [content_hash(s) for s in statements]
        for item in written:
            assert f"id: {item.id}" in after.splitlines()[item.line - 1]
            earlier = hashes[: item.statement - 1]
            if hashes[item.statement - 1] not in earlier:  # else hashed again: it is taken
                assert item.id == hashes[item.statement - 1]
        assert len(new) == len(written) and not new & set(ids)

        assert fill_ids(root) == []
        assert (root / CODING).read_bytes().decode("utf-8") == after
        assert (root / OTHER).read_bytes() == other


def test_an_empty_id_is_filled_in_where_it_stands(project: Path) -> None:
    coding = project / CODING
    text = coding.read_text(encoding="utf-8")
    ids = re.findall(r"id: (st_[0-9a-f]{16})", text)
    emptied = text.replace(f"- id: {ids[0]}\n", "- id:\n").replace(ids[1], "null")
    emptied = emptied.replace(f"- id: {ids[2]}\n  subject: boss", "- subject: boss\n  id: ~")
    coding.write_text(emptied, encoding="utf-8")

    written = fill_ids(project)

    assert [(item.statement, item.id) for item in written] == list(enumerate(ids, 1))
    assert coding.read_text(encoding="utf-8") == text.replace(
        f"- id: {ids[2]}\n  subject: boss", f"- subject: boss\n  id: {ids[2]}"
    )


def test_a_statement_that_cannot_be_anchored_is_named_and_nothing_is_written(
    project: Path,
) -> None:
    for path in (CODING, OTHER):
        text = (project / path).read_text(encoding="utf-8")
        (project / path).write_text(re.sub(r"- id: st_\w+\n  ", "- ", text), encoding="utf-8")
    broken = (project / OTHER).read_text(encoding="utf-8").replace("The boss, 58,", "The bos, 58")
    (project / OTHER).write_text(broken, encoding="utf-8")
    before = {path: (project / path).read_bytes() for path in (CODING, OTHER)}

    result = CliRunner().invoke(app, ["fill-ids", "--root", str(project)])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {OTHER.as_posix()}:6: statement 1: quote not found in the article: it matches "
        "up to character 7 ('The bos'), then the quote has ', 58' where the article has 's, "
        "58, was k' [quote-not-found]",
        "1 problem found; no id was written.",
    ]
    assert {path: (project / path).read_bytes() for path in (CODING, OTHER)} == before


def test_the_command_lists_the_ids_it_wrote_as_text_or_json(project: Path) -> None:
    text = (project / CODING).read_text(encoding="utf-8")
    first, _, third = re.findall(r"st_[0-9a-f]{16}", text)
    cut = text.replace(f"- id: {first}\n  ", "- ").replace(f"- id: {third}\n  ", "- ")
    runner = CliRunner()
    for output_format in ("text", "json"):
        (project / CODING).write_text(cut, encoding="utf-8")
        result = runner.invoke(app, ["fill-ids", "--root", str(project), "--format", output_format])
        assert result.exit_code == 0, result.output
        assert (project / CODING).read_text(encoding="utf-8") == text
        if output_format == "json":
            assert json.loads(result.output) == {
                "given": [
                    {"file": CODING.as_posix(), "line": 3, "statement": 1, "id": first},
                    {"file": CODING.as_posix(), "line": 14, "statement": 3, "id": third},
                ]
            }
        else:
            assert result.output.splitlines() == [
                f"{CODING.as_posix()}:3: statement 1: id {first}",
                f"{CODING.as_posix()}:14: statement 3: id {third}",
                "wrote 2 ids into 1 coding file",
            ]
    again = runner.invoke(app, ["fill-ids", "--root", str(project)])
    assert again.output == "every statement has an id; nothing was changed\n"
