"""What the build reads off an article's text itself: its date line, headline and words."""

from __future__ import annotations

import datetime as dt
import re

DATE_LINE = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s+")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*(?=\s+|$)")


def date_line(text: str) -> tuple[dt.date | None, int]:
    """The date from a leading ` date YYYY-MM-DD ` line, and where the article body starts."""
    match = DATE_LINE.match(text)
    if match is None:
        return None, 0
    try:
        return dt.date.fromisoformat(match[1]), match.end()
    except ValueError:
        return None, 0


def headline(text: str) -> str:
    """The first sentence of the article body."""
    _, start = date_line(text)
    body = text[start:].lstrip()
    first_line = body.split("\n", 1)[0]
    match = SENTENCE_END.search(first_line)
    return first_line[: match.end()].strip() if match else first_line.strip()


def word_count(text: str) -> int:
    _, start = date_line(text)
    return len(text[start:].split())
