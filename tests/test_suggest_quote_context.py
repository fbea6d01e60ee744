"""A drafted quote that occurs more than once in the article gets the nearest prefix (else
suffix) of whole words that picks one place, as the build anchors it; its other places are
found without searching the whole article again for every statement."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, SupportsIndex

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from claimpack.drafting.drafts import draft_file, suggest
from claimpack.drafting.mentions import load_registry

REPO = Path(__file__).resolve().parents[1]
REGISTRY = load_registry(REPO)


def drafted(text: str) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = yaml.safe_load(
        draft_file("000_x", text, suggest(text, REGISTRY))
    )["statements"]
    return statements


def places(text: str, needle: str) -> int:
    """How many places needle occurs at, overlapping ones too (as the build counts)."""
    found, at = 0, text.find(needle)
    while at >= 0:
        found, at = found + 1, text.find(needle, at + 1)
    return found


@pytest.mark.parametrize(
    ("text", "quote", "context"),
    [
        (" date 2026-03-03 Nine buses burned on Monday.\n\nNine buses burned on Monday. Police "
         "said so.\n", "Nine buses burned on Monday.", {"prefix": "Monday.\n\n"}),
        (" date 2026-03-03 Según vecinos, 125 camiones ardieron.\n\n25 camiones ardieron.\n",
         "25 camiones ardieron.", {"prefix": "ardieron.\n\n"}),
        (" date 2026-03-03 Vecinos: ardieron 9 autobuses.\n\nReportes: ardieron 9 autobuses.\n",
         "Reportes: ardieron 9 autobuses.", {}),
        (" date 2026-03-03 Police counted 125 trucks.\n\nWitnesses said 25 trucks.\n",
         "Witnesses said 25 trucks.", {}),
    ],
)  # fmt: skip
def test_a_repeated_quote_gets_the_nearest_words_that_pick_one_place(
    text: str, quote: str, context: dict[str, str]
) -> None:
    [*_, last] = [s for s in drafted(text) if s["quote"] == quote]
    assert {k: last[k] for k in ("prefix", "suffix") if k in last} == context
    needle = last.get("prefix", "") + quote + last.get("suffix", "")
    assert places(text, needle) == 1


SENTENCES = [
    "Nine buses burned.",
    "Ardieron 9 autobuses.",
    "Police said 12 roads closed on Monday.",
    "El lunes cerraron 12 carreteras.",
    "12",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=12), st.sampled_from(" \n"))
def test_a_drafted_quote_with_its_context_occurs_in_one_place_or_has_none(
    sentences: list[str], gap: str
) -> None:
    """Sentences repeated in a row (places of a quote that overlap its context): a prefix or
    suffix is given only where it picks one place, and never to a quote found once."""
    text = " date 2026-03-03 " + gap.join(sentences) + "\n"
    for statement in drafted(text):
        quote = statement["quote"]
        has_context = "prefix" in statement or "suffix" in statement
        if places(text, quote) == 1:
            assert not has_context, statement
        elif has_context:
            needle = statement.get("prefix", "") + quote + statement.get("suffix", "")
            assert places(text, needle) == 1, statement


class Scanned(str):
    """An article that counts the characters its searches are asked to look through."""

    characters = 0

    def _count(self, start: SupportsIndex | None, end: SupportsIndex | None) -> None:
        span = range(len(self))[slice(start, end)]
        Scanned.characters += len(span)

    def find(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        self._count(start, end)
        return super().find(sub, start, end)

    def rfind(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        self._count(start, end)
        return super().rfind(sub, start, end)

    def count(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        self._count(start, end)
        return super().count(sub, start, end)

    def startswith(self, prefix: Any, start: Any = None, end: Any = None) -> bool:
        self._count(start, None if start is None else int(start) + len(prefix))
        return super().startswith(prefix, start, end)


WORDS = (
    "trucks 14 burned near Zapotlán on Tuesday while 3 roads closed and vecinos contaron 120 "
    "familias sin luz el jueves"
).split()


def test_twice_the_article_is_searched_about_twice_as_much() -> None:
    """Counted, not timed: the characters the draft's searches of the article look through."""
    scanned = {}
    for paragraphs in (100, 200):
        pick = random.Random(5)
        body = "\n\n".join(
            " ".join(pick.choice(WORDS) for _ in range(12)) + "." for _ in range(paragraphs)
        )
        text = " date 2026-03-03 Headline.\n\n" + body + "\n"
        Scanned.characters = 0
        draft_file("000_x", Scanned(text), suggest(text, REGISTRY))
        scanned[paragraphs] = Scanned.characters / len(text)
    assert scanned[200] < 1.5 * scanned[100], scanned
