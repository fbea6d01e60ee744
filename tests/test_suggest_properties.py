"""Rules that hold for any text: offsets slice to the finding's text, suggest is deterministic,
and what is found in one paragraph does not depend on the paragraphs after it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimpack.drafting.dates import find_dates
from claimpack.drafting.drafts import suggest
from claimpack.drafting.finding import Finding
from claimpack.drafting.mentions import find_mentions, load_registry
from claimpack.drafting.numbers import find_numbers

REPO = Path(__file__).resolve().parents[1]
REGISTRY = load_registry(REPO)
TOKENS = (
    "25 350,000 350.000 1.5 $15 million USD 10 millones de dólares por ciento % at least "
    "más de entre y and between twenty-five veinticinco una docena a dozen 59-year-old años "
    "Sunday domingo el lunes pasado ayer yesterday last year hace dos días February 22, 2026 "
    '22 de febrero de 2026 2007 the 1990s said dijo afirmó according to según she he “ ” " '
    "« » \u2018 \u2019 ' , . : — ( ) Tapalpa Talpa de Allende Jalisco Claudia Sheinbaum "
    "El Mencho CJNG "
    "Guardia Nacional Omar García Harfuch soldiers militares people personas states estados"
).split(" ")
texts = st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=40).map(
    lambda words: " ".join(words)
)
paragraphs = st.lists(texts, min_size=1, max_size=4).map(lambda parts: "\n\n".join(parts))
date_lines = st.sampled_from(["", " date 2026-02-23 "])


def assert_slices(text: str, found: list[Finding]) -> None:
    for item in found:
        assert 0 <= item.char_start < item.char_end <= len(text)
        assert text[item.char_start : item.char_end] == item.text


@settings(max_examples=150, deadline=None)
@given(date_lines, paragraphs)
def test_every_offset_slices_the_article_to_the_findings_text(prefix: str, body: str) -> None:
    text = prefix + body
    assert_slices(text, suggest(text, REGISTRY).findings)


@settings(max_examples=50, deadline=None)
@given(date_lines, paragraphs)
def test_suggest_is_deterministic(prefix: str, body: str) -> None:
    text = prefix + body
    assert suggest(text, REGISTRY).to_json() == suggest(text, REGISTRY).to_json()


@settings(max_examples=150, deadline=None)
@given(texts, paragraphs, st.sampled_from(["en", "es"]))
@example("2026", "dólares", "en")  # a year is not a count of what the next paragraph names
def test_a_paragraphs_numbers_dates_and_mentions_do_not_depend_on_what_follows(
    first: str, rest: str, language: str
) -> None:
    base = dt.date(2026, 2, 23)
    whole = first + "\n\n" + rest

    def found(text: str) -> list[dict[str, object]]:
        items = [
            *find_numbers(text, language),
            *find_dates(text, base),
            *[m for m in find_mentions(text, REGISTRY) if m.entity_id is not None],
        ]
        return [i.to_dict() for i in items if i.char_end <= len(first)]

    assert json.dumps(found(first), sort_keys=True) == json.dumps(found(whole), sort_keys=True)
