"""What the build reads off an article's text itself: its date line, sentences, headline, words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

DATE_LINE = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s+")
ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){2,}|\b(?:Gov|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Lt|Sen|Rep|Capt|Sgt|Adm|Prof"
    r"|Lic|Ing|Gral|Dra|Sra|Srta|Mtro|Mtra|Rev|Fr|Pbro|Mons|Hon|Supt|Col|Maj|Cmdr"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$"
)
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\u00bb]*(?=\s)")
# No abbreviation ABBREVIATION knows ends more than this many characters before its full stop
# ("Gov.", and the last two letters of "U.S.A."), so it is looked for only that far back.
ABBREVIATION_REACH = 8
# What closes a numbered list's item marker: "1. ", "2) ".
LIST_MARKER_CLOSE = re.compile(r"[.)][ \t]")


def date_line(text: str) -> tuple[dt.date | None, int]:
    """The date from a leading ` date YYYY-MM-DD ` line, and where the article body starts."""
    match = DATE_LINE.match(text)
    if match is None:
        return None, 0
    try:
        return dt.date.fromisoformat(match[1]), match.end()
    except ValueError:
        return None, 0


def is_list_marker(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a numbered list's item marker: at most three digits that
    open a line, closed by "." or ")" and a space ("1. ¿Qué pasó?", "2) Who ordered it"). It
    orders the items and counts nothing, unlike "3 people died." opening a paragraph."""
    if not (text[start:end].isdigit() and end - start <= 3 and LIST_MARKER_CLOSE.match(text, end)):
        return False
    at = start
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at == 0 or text[at - 1] == "\n"


def headline(text: str) -> str:
    """The first sentence of the article body (found without splitting the rest)."""
    first = next(_sentences(text), None)
    return first.text if first else ""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Span]:
    """Sentences of the article body: lines split after ., ! or ? (and closing quotes), but
    not after abbreviations such as "U.S." or "Gov."."""
    return list(_sentences(text))


def _sentences(text: str) -> Iterator[Span]:
    _, body_start = date_line(text)
    for line in re.finditer(r"[^\n]+", text):
        start = max(line.start(), body_start)
        for end in sentence_ends(text, start, line.end()):
            span = _trimmed(text, start, end)
            if span is not None:
                yield span
            start = end


def sentence_ends(text: str, start: int, stop: int) -> Iterator[int]:
    """Where sentences end in text[start:stop] (within a line), in order, then stop: after
    ., ! or ? and closing quotes, not after an abbreviation ("U.S.", "Gov.", "Feb.")."""
    for match in SENTENCE_END.finditer(text, start, stop):
        if not closes_abbreviation(text, match.start() + 1, start):
            yield match.end()
    yield stop


def closes_abbreviation(text: str, stop_end: int, start: int = 0) -> bool:
    """Whether the full stop ending at stop_end closes an abbreviation ("U.S.", "Gov.",
    "Feb."), its letters looked for no further back than start: a full stop that ends no
    sentence, nor a phrase ("said Dr. Ana Ruiz")."""
    return (
        ABBREVIATION.search(text, max(start, stop_end - ABBREVIATION_REACH), stop_end) is not None
    )


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def word_count(text: str) -> int:
    _, start = date_line(text)
    return len(text[start:].split())


SENTENCE_REACH = 4096  # characters a sentence is looked back for (a line may be a megabyte)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (within its line) holding text[start:end], as the build's coverage splits
    sentences (articles.sentence_ends: not at "U.S." or "Feb."), looked for no further than
    SENTENCE_REACH either side: a line of a megabyte with no full stop is not scanned again
    for every finding in it."""
    back, ahead = max(0, start - SENTENCE_REACH), min(len(text), end + SENTENCE_REACH)
    line_start = text.rfind("\n", back, start) + 1 or back
    line_end = text.find("\n", end, ahead)
    line_end = ahead if line_end < 0 else line_end
    left = stop = line_start
    for stop in sentence_ends(text, line_start, line_end):
        if stop >= end:
            break
        if stop <= start:
            left = stop
    while left < start and text[left].isspace():
        left += 1
    while stop > left and text[stop - 1].isspace():
        stop -= 1
    return _after_date_line(text, left), stop


def _after_date_line(text: str, position: int) -> int:
    _, body = date_line(text)
    return max(position, body)
