"""A drafted quote is its finding's sentence, cut to a bounded window of whole words when the
sentence is longer (a line with no full stop): the draft grows as the article does."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimpack.drafting.drafts import QUOTE_LIMIT, draft_file, suggest
from claimpack.drafting.mentions import load_registry

REPO = Path(__file__).resolve().parents[1]
REGISTRY = load_registry(REPO)
SOUP = (
    "convoy 14 trucks crossed bridges near Zapotlán while neighbours counted 3 fires "
    "on Tuesday and nine roads closed según vecinos 120 familias quedaron sin luz el jueves "
    "mientras 7 patrullas recorrían calles vacías"
).split()


def soup(words: int, seed: int = 7) -> str:
    """One line of words in random order, with no sentence end."""
    pick = random.Random(seed)
    return " date 2026-03-03 " + " ".join(pick.choice(SOUP) for _ in range(words)) + "\n"


def drafted(text: str) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = yaml.safe_load(
        draft_file("000_x", text, suggest(text, REGISTRY))
    )["statements"]
    return statements


def test_quotes_of_a_line_with_no_sentence_end_are_bounded_and_verbatim() -> None:
    text = soup(1_500)
    statements = [s for s in drafted(text) if s["predicate"] != "said"]
    assert len(statements) > 100
    for statement in statements:
        quote = statement["quote"]
        assert len(quote) <= QUOTE_LIMIT
        assert quote in text and str(statement["value"]) in quote
        assert quote == quote.strip()
        start = text.find(quote)  # whole words: no word cut at either end
        assert text[start - 1].isspace() and text[start + len(quote)].isspace()


def test_twice_the_text_holds_about_twice_the_quoted_characters() -> None:
    """Counted, not timed: every quote is as long as the line let it be before."""
    sizes = {}
    for words in (400, 800):
        statements = drafted(soup(words))
        sizes[words] = sum(len(s["quote"]) for s in statements) / len(soup(words))
    assert sizes[800] < 1.3 * sizes[400], sizes


@pytest.mark.parametrize(
    "sentence",
    [
        "The state prosecutor said on Friday that 42 vehicles had been burned across the region, "
        + "a figure that, she added, could still rise as municipal officials finish counting " * 8
        + "the damage.",
        "La fiscalía informó el viernes que 42 vehículos fueron incendiados en la región, cifra "
        + "que según dijo podría aumentar cuando las autoridades municipales terminen de contar "
        * 8
        + "los daños.",
    ],
)
def test_a_long_sentence_is_cut_to_whole_words_around_its_number(sentence: str) -> None:
    text = " date 2026-03-03 Headline.\n\n" + sentence + "\n"
    assert len(sentence) > QUOTE_LIMIT
    (counted,) = [s for s in drafted(text) if s["value"] == "42"]
    quote = counted["quote"]
    assert len(quote) <= QUOTE_LIMIT and quote.startswith(sentence[:20]) and "42" in quote
    assert sentence[len(quote)] == " "


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said 42 vehicles were burned in the region on Friday, and that more could be "
        "found as roads reopen.",
        "Las autoridades dijeron que 42 vehículos fueron incendiados el viernes en la región.",
    ],
)
def test_a_sentence_within_the_limit_is_quoted_whole(sentence: str) -> None:
    text = " date 2026-03-03 Headline.\n\n" + sentence + " Another sentence.\n"
    (counted,) = [s for s in drafted(text) if s["value"] == "42"]
    assert counted["quote"] == sentence
