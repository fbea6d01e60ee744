"""The fast scans of an article's text find exactly what the plain regular expressions find:
numbers and dates (tried only where one can start, each list of words as a tree of their
beginnings), sentences (abbreviations looked for only just before a full stop), and the
headline (the first sentence, without splitting the rest)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from claimpack.articles import (
    ABBREVIATION,
    SENTENCE_END,
    Span,
    _trimmed,
    date_line,
    headline,
    is_list_marker,
)
from claimpack.articles import sentences as fast_sentences
from claimpack.stages.coverage import (
    ENGLISH_CALENDAR,
    NUMBER_WORDS,
    RELATIVE_DAYS,
    SPANISH_CALENDAR,
    number_or_date_alternatives,
    numbers_and_dates,
)

PLAIN_NUMBER_OR_DATE = re.compile(number_or_date_alternatives("|".join))

# Pieces that make the scans' corner cases likely: number and calendar words in any case, words
# they start or end, digits and dollars, abbreviations, the letters IGNORECASE folds to ASCII.
PIECES = [
    *NUMBER_WORDS, *ENGLISH_CALENDAR, *SPANISH_CALENDAR, *RELATIVE_DAYS, "el año pasado",
    "hace unos días", "ONE", "Six", "often", "someone", "sixtyish", "_one",
    "a year ago", "A Month ago", "one week ago", "last year", "this spring", "Next Week",
    "today", "recent months", "1. ", "2) ", "\n3. ", "$", "$$", "15", "1,000", "3.5", "٣", "²",
    "U.S.", "U.S.A.",
    "Gov.", "Mrs.", "e.g.", "A.", "x.Y.", ".", "!", "?", "\u201d", '"', "'", ")", " ", " ",
    "\n", "date 2026-02-23 ", "\u0130", "\u0131", "\u017f", "\u212a", "\u017fix", "é", "Rubén",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join)


def reference_sentences(text: str) -> list[Span]:
    """sentences() as first written: the abbreviation is looked for from the line's start."""

    def ends(start: int, stop: int) -> Iterator[int]:
        for match in SENTENCE_END.finditer(text, start, stop):
            if not ABBREVIATION.search(text, start, match.start() + 1):
                yield match.end()
        yield stop

    _, body_start = date_line(text)
    found = []
    for line in re.finditer(r"[^\n]+", text):
        start = max(line.start(), body_start)
        for end in ends(start, line.end()):
            span = _trimmed(text, start, end)
            if span is not None:
                found.append(span)
            start = end
    return found


@settings(max_examples=500)
@given(texts)
def test_numbers_and_dates_are_what_finditer_finds(text: str) -> None:
    _, body_start = date_line(text)
    expected = [
        (m.start(), m.end(), m[0])
        for m in PLAIN_NUMBER_OR_DATE.finditer(text, body_start)
        if not is_list_marker(text, m.start(), m.end())
    ]
    assert [(s.start, s.end, s.text) for s in numbers_and_dates(text)] == expected


@settings(max_examples=500)
@given(texts)
def test_sentences_and_headline_are_what_the_full_scan_finds(text: str) -> None:
    expected = reference_sentences(text)
    assert fast_sentences(text) == expected
    assert headline(text) == (expected[0].text if expected else "")
