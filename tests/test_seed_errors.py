"""Bad curated input: a clear error naming the file and place, exit 1, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from claimpack.cli import app
from typer.testing import CliRunner

STATEMENTS_A = "seeds/statements/000_aaaaaaaaaaaaaaaa.yaml"


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def write_bytes(relative: str, data: bytes) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / relative).write_bytes(data)

    return mutate


CASES = {
    "malformed yaml": (
        replace(STATEMENTS_A, "statements:", "statements: ["),
        f"{STATEMENTS_A}:3:1",
        "malformed YAML",
    ),
    "unknown key": (
        replace(STATEMENTS_A, "  predicate: age", "  predicat: age"),
        f"{STATEMENTS_A}:",
        "statements.2.predicat: unknown key (a typo?)",
    ),
    "missing required field": (
        replace(STATEMENTS_A, "  quote: He was 59.", "  note: no quote"),
        f"{STATEMENTS_A}:",
        "statements.2.quote: required field is missing",
    ),
    "wrong type": (
        replace(STATEMENTS_A, "- subject: boss", "- subject: [boss]"),
        f"{STATEMENTS_A}:",
        "statements.0.subject",
    ),
    "unknown entity": (
        replace(STATEMENTS_A, "attributed_to: officials", "attributed_to: oficials"),
        f"{STATEMENTS_A}:",
        "attributed_to 'oficials' is not an entity",
    ),
    "unknown predicate": (
        replace(STATEMENTS_A, "predicate: age", "predicate: aged"),
        f"{STATEMENTS_A}:",
        "predicate 'aged' is not in seeds/predicates.yaml",
    ),
    "quote not in article": (
        replace(STATEMENTS_A, "quote: He was 59.", "quote: He was 59 ."),
        f"{STATEMENTS_A}:",
        "quote not found in the article",
    ),
    "article edited after coding": (
        replace("seeds/000_aaaaaaaaaaaaaaaa.txt", "Officials", "Officers"),
        "seeds/sources.yaml:",
        "changed since it was coded",
    ),
    "article with a BOM": (
        write_bytes("seeds/001_bbbbbbbbbbbbbbbb.txt", b"\xef\xbb\xbfThe boss.\n"),
        "seeds/001_bbbbbbbbbbbbbbbb.txt:1",
        "UTF-8 BOM",
    ),
    "article not UTF-8": (
        write_bytes("seeds/001_bbbbbbbbbbbbbbbb.txt", b"The boss \xe9.\n"),
        "seeds/001_bbbbbbbbbbbbbbbb.txt:1",
        "not UTF-8",
    ),
    "article with CRLF": (
        write_bytes("seeds/001_bbbbbbbbbbbbbbbb.txt", b"The boss.\r\nHe was 58.\r\n"),
        "seeds/001_bbbbbbbbbbbbbbbb.txt:1",
        "CR line endings",
    ),
    "empty article": (
        write_bytes("seeds/001_bbbbbbbbbbbbbbbb.txt", b""),
        "seeds/001_bbbbbbbbbbbbbbbb.txt",
        "article is empty",
    ),
    "value that does not parse": (
        replace(STATEMENTS_A, "value: '59'", "value: He was"),
        f"{STATEMENTS_A}:",
        "'He was' is not a quantity",
    ),
    "duplicate key": (
        replace(STATEMENTS_A, "  predicate: age", "  predicate: age\n  predicate: age"),
        f"{STATEMENTS_A}:",
        "key 'predicate' appears twice",
    ),
    "duplicate entity id": (
        replace("seeds/entities.yaml", "id: officials", "id: boss"),
        "seeds/entities.yaml:",
        "entity 'boss' defined twice",
    ),
    "category outside its set": (
        replace(
            STATEMENTS_A,
            "  predicate: age\n  value: '59'",
            "  predicate: time_of_day\n  value: dawn",
        ),
        f"{STATEMENTS_A}:",
        "value 'dawn' is not one of",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gets_a_located_message_and_exit_1(project: Path, case: str) -> None:
    mutate, where, message = CASES[case]
    mutate(project)
    result = CliRunner().invoke(app, ["build", "--root", str(project)])
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert any(where in line and message in line for line in errors), result.output
    assert not (project / "datapackage.json").exists()
