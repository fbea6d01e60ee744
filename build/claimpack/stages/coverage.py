"""Stage: coverage. Which parts of each article no statement's evidence touches.

For every article: each sentence must be touched by a statement's quote or listed as a waiver
(a sentence that makes no claim, with the reason); each number or date expression and each
direct quotation must lie inside the statements' evidence. Found by rule from the text, so a
claim a coder skipped shows up here instead of silently missing from the dataset.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, overload

import pyarrow as pa

from claimpack.articles import Span, date_line, is_list_marker, sentences
from claimpack.problems import Problem
from claimpack.schema import TableSchema
from claimpack.speech import spoken_parts
from claimpack.stages.anchor import Anchored
from claimpack.stages.read_seeds import Article, Seeds
from claimpack.vocabulary import (
    COLLECTIVES,
    ENGLISH_MONTHS,
    ENGLISH_WEEKDAYS,
    FRACTIONS,
    RELATIVE_DAYS,
    SCALES,
    SEASONS,
    SPANISH_MONTHS,
    SPANISH_SCALES,
    SPANISH_UNITS,
    SPANISH_WEEKDAYS,
    UNITS,
)

# The words normalize.py reads as numbers in both languages, and the plurals an article uses for
# vague counts. Spanish "un"/"una" are articles far more often than counts, as English "a" is.
NUMBER_WORDS = sorted(
    {*UNITS, *SCALES, *FRACTIONS, *(f"{word}s" for word in SCALES), "decade", "decades",
     *SPANISH_UNITS, *SPANISH_SCALES, *COLLECTIVES, "década", "décadas"}
    - {"a", "an", "zero", "un", "una", "uno"},
    key=lambda word: (-len(word), word),
)  # fmt: skip
# English month and day names are capitalized ("May", not "may"); Spanish ones are written in
# lower case, and capitalized are names ("Mayo").
ENGLISH_CALENDAR = [name.capitalize() for name in [*ENGLISH_WEEKDAYS, *ENGLISH_MONTHS]]
SPANISH_CALENDAR = [*SPANISH_WEEKDAYS, *SPANISH_MONTHS]


def whole_word_of(words: Iterable[str]) -> str:
    """A pattern matching any of the words (each of word characters only), as a tree of their
    shared beginnings: between word boundaries it matches what "|".join(words) matches (of
    such words at most one fits between two boundaries), without trying every word in turn
    at each position."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(key) + pattern(child) for key, child in sorted(node.items()) if key]
        if not branches:
            return ""
        ends = "" in node
        body = f"(?:{'|'.join(branches)})" if len(branches) > 1 or ends else branches[0]
        return body + "?" if ends else body

    return pattern(tree)


# The words that start the phrases of time (in any case): "last year", "a month ago", "el año
# pasado", "hace unos días"; and two phrases whole.
NEAR, AGO, SPANISH_NEAR, SPANISH_AGO = ("last", "next", "this"), ("a", "one"), ("el", "la"), "hace"
SOON = ("tomorrow", "recent months")


def number_or_date_alternatives(one_of: Callable[[Iterable[str]], str]) -> str:
    """What counts as a number or a date in an article's text, each list of words written by
    `one_of`: "|".join reads plainest, whole_word_of scans faster. The words and phrases
    all start at a word boundary, tested once for all of them."""
    return (
        r"(?<![^\W\d_])\$?\d+(?:,\d{3})*(?:\.\d+)?"  # digits after a letter name: "G7", "MP5"
        r"|\b(?:(?i:" + one_of(NUMBER_WORDS) + r")\b"
        r"|(?:" + one_of(ENGLISH_CALENDAR) + r")\b"
        r"|(?:" + one_of(SPANISH_CALENDAR) + r")\b"
        r"|(?i:(?:" + "|".join(NEAR) + ") (?:year|month|week|" + "|".join(SEASONS) + r"))\b"
        r"|(?i:(?:" + "|".join(AGO) + r") (?:year|month|week) ago|" + "|".join(SOON) + r")\b"
        r"|(?i:" + one_of(RELATIVE_DAYS) + r")\b"
        r"|(?i:(?:"
        + "|".join(SPANISH_NEAR)
        + r") (?:año|mes|semana) (?:pasad[oa]|próxim[oa])|"
        + SPANISH_AGO
        + r" (?:un|una|unos|unas) (?:días?|semanas?|mes|meses|años?))\b)"
    )


def starts_of(words: Iterable[str]) -> str:
    """The first letters of the words, as a character class."""
    return "[" + re.escape("".join(sorted({word[0] for word in words}))) + "]"


# Every alternative starts at a "$", a digit or the start of a word with a letter one of its
# words starts with (in any case for the words matched in any case): the lookahead in front
# lets the scan skip every other position at one test instead of trying each alternative.
NUMBER_OR_DATE = re.compile(
    r"(?=[$\d]|\b(?:(?i:"
    + starts_of([*NUMBER_WORDS, *RELATIVE_DAYS, *NEAR, *AGO, *SOON, *SPANISH_NEAR, SPANISH_AGO])
    + ")|"
    + starts_of([*ENGLISH_CALENDAR, *SPANISH_CALENDAR])
    + "))(?:"
    + number_or_date_alternatives(whole_word_of)
    + ")"
)  # fmt: skip
# Direct quotations in marks: curly or straight double quotes, and Spanish angle quotes.
QUOTATION = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"\n]*\"|\u00ab[^\u00bb]*\u00bb")
PARAGRAPH = re.compile(r"[^\n]+")


class Spans(Sequence[Span]):
    """Spans of an article's text given by their offsets (start, end, start, end, ...), made
    into Span objects only when looked at: a build counts every article's sentences but looks
    at the spans of few (and needs the text of few)."""

    __slots__ = ("_article", "_made", "_offsets")

    def __init__(self, article: Article, offsets: Sequence[int]) -> None:
        self._article, self._offsets = article, offsets
        self._made: tuple[Span, ...] | None = None

    @property
    def offsets(self) -> Sequence[int]:
        return self._offsets

    def _spans(self) -> tuple[Span, ...]:
        if not self._offsets:  # no text to read
            return ()
        if self._made is None:
            text, offsets = self._article.text, self._offsets
            self._made = tuple(
                Span(start, end, text[start:end])
                for start, end in zip(offsets[::2], offsets[1::2], strict=True)
            )
        return self._made

    def __len__(self) -> int:
        return len(self._offsets) // 2

    @overload
    def __getitem__(self, index: int) -> Span: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Span]: ...

    def __getitem__(self, index: int | slice) -> Span | Sequence[Span]:
        return self._spans()[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(self._spans())

    def __repr__(self) -> str:
        return repr(self._spans())


@dataclass(frozen=True)
class ArticleCoverage:
    source_id: str
    path: str
    sentences: Sequence[Span]
    waived: Sequence[Span]
    uncovered_sentences: Sequence[Span]
    numbers: Sequence[Span]
    uncovered_numbers: Sequence[Span]
    quotations: Sequence[Span]
    uncovered_quotations: Sequence[Span]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (each span as start, end, text), for JSON."""
        return {
            name: [asdict(span) for span in value]
            if isinstance(value, Sequence) and not isinstance(value, str)
            else value
            for name, value in ((f.name, getattr(self, f.name)) for f in fields(self))
        }

    @property
    def complete(self) -> bool:
        return not (self.uncovered_sentences or self.uncovered_numbers or self.uncovered_quotations)

    def problems(self) -> Iterator[Problem]:
        kinds = (
            ("uncovered-sentence", "no statement or waiver touches this sentence",
             self.uncovered_sentences),
            ("uncovered-number", "number or date outside every statement's quote",
             self.uncovered_numbers),
            ("uncovered-quotation", "quotation outside the statements' quotes",
             self.uncovered_quotations),
        )  # fmt: skip
        for kind, message, spans in kinds:
            for span in spans:
                place = f"chars {span.start}-{span.end}"
                yield Problem(kind, self.path, place, f"{message}: {_excerpt(span.text)!r}")


def numbers_and_dates(text: str) -> list[Span]:
    """Every match of NUMBER_OR_DATE in the body, in order, as finditer gives them, but a
    numbered list's item markers ("1. "), which claim nothing a coder could cover."""
    _, body_start = date_line(text)
    return [
        Span(m.start(), m.end(), m[0])
        for m in NUMBER_OR_DATE.finditer(text, body_start)
        if not is_list_marker(text, m.start(), m.end())
    ]


def quotations(text: str) -> list[Span]:
    """Every direct quotation in the body, in order: each with its quotation marks, and each
    part of dash dialogue as its spoken words (speech.spoken_parts)."""
    return _in_text_order([*marked_quotations(text), *dialogue(text)])


def marked_quotations(text: str) -> list[Span]:
    _, body_start = date_line(text)
    return [Span(m.start(), m.end(), m[0]) for m in QUOTATION.finditer(text, body_start)]


def dialogue(text: str) -> list[Span]:
    """The spoken words of the body's dash dialogue, paragraph by paragraph."""
    _, body_start = date_line(text)
    return [
        Span(part.start, part.end, text[part.start : part.end])
        for line in PARAGRAPH.finditer(text, body_start)
        for part in spoken_parts(text, line.start(), line.end())
    ]


def _in_text_order(spans: list[Span]) -> list[Span]:
    return sorted(spans, key=lambda span: span.start)


class Intervals:
    """Merged half-open intervals, for "is this span covered" and "is it touched" in log time."""

    def __init__(self, pairs: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(p for p in pairs if p[0] < p[1]):  # empty spans cover nothing
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def covers(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and self.ends[index] >= end

    def touches(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.ends, start + 1)
        return index < len(self.starts) and self.starts[index] < end


def article_coverage(
    source_id: str,
    path: str,
    text: str,
    evidence: Iterable[tuple[int, int]],
    waivers: Iterable[tuple[int, int]],
) -> ArticleCoverage:
    claimed, waived = Intervals(evidence), Intervals(waivers)
    all_sentences = sentences(text)
    touched = [claimed.touches(s.start, s.end) for s in all_sentences]
    waived_only = [
        not t and waived.touches(s.start, s.end)
        for s, t in zip(all_sentences, touched, strict=True)
    ]
    numbers = numbers_and_dates(text)
    marked, spoken = marked_quotations(text), dialogue(text)
    return ArticleCoverage(
        source_id=source_id,
        path=path,
        sentences=tuple(all_sentences),
        waived=tuple(s for s, w in zip(all_sentences, waived_only, strict=True) if w),
        uncovered_sentences=tuple(
            s for s, t, w in zip(all_sentences, touched, waived_only, strict=True) if not (t or w)
        ),
        numbers=tuple(numbers),
        # A waived sentence makes no claim, so its figures of speech ("today's headlines") are not.
        uncovered_numbers=tuple(
            n
            for n in numbers
            if not claimed.covers(n.start, n.end) and not waived.covers(n.start, n.end)
        ),
        quotations=tuple(_in_text_order([*marked, *spoken])),
        # The words inside the quotation marks must be in the evidence; the marks need not be.
        uncovered_quotations=tuple(
            _in_text_order(
                [q for q in marked if not claimed.covers(q.start + 1, q.end - 1)]
                + [q for q in spoken if not claimed.covers(q.start, q.end)]
            )
        ),
    )


def waiver_rows(seeds: Seeds, anchored: Anchored) -> list[dict[str, object]]:
    """Every waiver with its place in its article, as rows of the waivers table."""
    return [
        {
            "source_id": statement_set.file.source,
            "quote": waiver.quote,
            "char_start": anchored.waivers[(statement_set.file.source, index)].start,
            "char_end": anchored.waivers[(statement_set.file.source, index)].end,
            "reason": waiver.reason,
        }
        for statement_set in seeds.statement_sets
        for index, waiver in enumerate(statement_set.file.waivers)
    ]


def measure_coverage(
    seeds: Seeds, statements: pa.Table, anchored: Anchored
) -> list[ArticleCoverage]:
    """Coverage of every article by the built statements and the anchored waivers."""
    evidence: dict[str, list[tuple[int, int]]] = {source_id: [] for source_id in seeds.articles}
    columns = statements.select(["source_id", "char_start", "char_end"]).to_pydict()
    for source_id, start, end in zip(
        columns["source_id"], columns["char_start"], columns["char_end"], strict=True
    ):
        evidence[source_id].append((start, end))
    waived: dict[str, list[tuple[int, int]]] = {source_id: [] for source_id in seeds.articles}
    for (source_id, _), position in anchored.waivers.items():
        waived[source_id].append((position.start, position.end))
    return [
        article_coverage(
            source_id, article.path, article.text, evidence[source_id], waived[source_id]
        )
        for source_id, article in sorted(seeds.articles.items())
    ]


def coverage_tables(
    reports: list[ArticleCoverage],
    waivers: list[dict[str, object]],
    schemas: dict[str, TableSchema],
) -> tuple[pa.Table, pa.Table]:
    """The coverage summary table and the waivers table."""
    rows = [
        {
            "source_id": report.source_id,
            "sentences": len(report.sentences),
            "sentences_covered": len(report.sentences)
            - len(report.waived)
            - len(report.uncovered_sentences),
            "sentences_waived": len(report.waived),
            "sentences_uncovered": len(report.uncovered_sentences),
            "numbers_and_dates": len(report.numbers),
            "numbers_and_dates_uncovered": len(report.uncovered_numbers),
            "quotations": len(report.quotations),
            "quotations_uncovered": len(report.uncovered_quotations),
        }
        for report in reports
    ]
    return (
        schemas["coverage"].table(rows),
        schemas["waivers"].table(waivers),
    )


def _excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
