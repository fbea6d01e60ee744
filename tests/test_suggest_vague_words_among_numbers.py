"""A vague word ("several", "varios") is a finding unless a number found already covers it:
asked of those numbers by bisection, so an article of many numbers and many vague words is read
in work that grows as the article does."""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from claimpack.drafting import numbers
from claimpack.drafting.numbers import find_numbers

NUMBERS_PY = str(Path(numbers.__file__))


def steps(text: str, language: str) -> int:
    """Lines of the number drafter run to read text (counted, not timed)."""
    counted = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal counted
        counted += event == "line"
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename == NUMBERS_PY else None

    sys.settrace(calls)
    try:
        find_numbers(text, language)
    finally:
        sys.settrace(None)
    return counted


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Crews found 14 trucks and several buses, then many roads and 3 bridges. "),
        ("es", "Hallaron 14 camiones y varios autobuses, luego muchas calles y 3 puentes. "),
    ],
)
def test_twice_the_numbers_and_vague_words_take_about_twice_the_work(
    language: str, sentence: str
) -> None:
    small, large = (steps(sentence * repeats, language) for repeats in (150, 300))
    assert large < 2.5 * small, (small, large)


@pytest.mark.parametrize(
    ("language", "text", "vague"),
    [
        ("en", "Several trucks burned; some 14 buses were hit and dozens of roads closed.",
         ["Several", "dozens"]),
        ("es", "Pagaron 3 millones de pesos; varios vecinos y decenas de tiendas cerraron.",
         ["varios", "decenas"]),
        ("es", "Ardieron unos 14 autobuses.", []),
    ],
)  # fmt: skip
def test_a_vague_word_is_found_where_no_number_covers_it(
    language: str, text: str, vague: list[str]
) -> None:
    found = find_numbers(text, language)
    assert [f.text for f in found if f.value is None and f.low is None] == vague
