"""The error catalogue: every problem code the code can raise is declared once, with a meaning."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from claimpack.problems import CATALOGUE, Problem

PACKAGE = Path(__file__).resolve().parents[1] / "build" / "claimpack"


def codes_in_source() -> set[str]:
    """String codes passed to Problem(...) or to a `.problem(index, key, code, ...)` helper,
    yielded first in a (code, key, message) tuple, or declared as a `code = "..."` attribute."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                position = {"Problem": 0, "problem": 2}.get(str(name))
                if position is not None and len(node.args) > position:
                    argument = node.args[position]
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        found.add(argument.value)
            if isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple):
                first = node.value.elts[0]  # (code, key, message) tuples of a rule generator
                if isinstance(first, ast.Constant) and "-" in str(first.value):
                    found.add(first.value)
            targets = [getattr(t, "id", None) for t in getattr(node, "targets", [])]
            if targets == ["code"] and isinstance(node.value, ast.Constant):  # type: ignore[attr-defined]
                found.add(str(node.value.value))  # type: ignore[attr-defined]
    return found


def test_the_source_uses_codes_at_all() -> None:
    assert len(codes_in_source()) > 40


def test_every_code_the_source_uses_is_catalogued() -> None:
    assert codes_in_source() - set(CATALOGUE) == set()


def test_every_catalogued_code_has_a_description_and_an_area() -> None:
    for problem_type in CATALOGUE.values():
        assert problem_type.description.endswith(".") and problem_type.area


def test_a_problem_with_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="not in the catalogue"):
        Problem("no-such-code", "file", "1", "message")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a\n::error::forged.yaml", "a\\n::error::forged.yaml"),
        ("a\r\x1b[2Kb.yaml", "a\\r\\x1b[2Kb.yaml"),
        ("a\u202eb.yaml", "a\\u202eb.yaml"),
        ("a\x85b\u2028c\td.yaml", "a\\x85b\\u2028c\\td.yaml"),
    ],
)
def test_a_problem_is_one_line_whatever_its_file_is_named(name: str, shown: str) -> None:
    line = str(Problem("invalid-field", name, "3", "x: unknown key"))
    assert line == f"{shown}:3: x: unknown key [invalid-field]"
    assert line.isprintable()


def test_a_problem_keeps_accents_quotes_and_spanish_punctuation() -> None:
    message = "statement 2: «¿Quién?» — 'Rubén' not found"
    assert str(Problem("quote-not-found", "seeds/a b.yaml", "", message)) == (
        f"seeds/a b.yaml: {message} [quote-not-found]"
    )
