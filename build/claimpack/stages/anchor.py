"""Stage: anchor evidence. Every curated quote (statements, waivers, publisher credits) is found
in its article and given its offsets, or reported, all in one place with one set of codes.

Offsets are Unicode code points into the article decoded as UTF-8, end exclusive (the W3C Web
Annotation TextPositionSelector); Python's str indexing counts exactly that.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from claimpack.layout import SOURCES_FILE
from claimpack.models import Evidence
from claimpack.problems import InvalidSeeds, Problem
from claimpack.stages.read_seeds import Seeds, StatementSet


class Anchor(NamedTuple):
    """Where a quote stands (a named tuple: one is made for every statement)."""

    start: int
    end: int


@dataclass(frozen=True)
class Anchored:
    """Where each piece of evidence stands: statements and waivers by (source id, index in
    their file), publisher credits by source id."""

    statements: dict[tuple[str, int], Anchor]
    waivers: dict[tuple[str, int], Anchor]
    publishers: dict[str, Anchor]


class QuoteNotFound(ValueError):
    """The quote (with its prefix and suffix) is not in the article."""

    code = "quote-not-found"


class AmbiguousQuote(ValueError):
    """The quote occurs more than once; a prefix or suffix must pick one."""

    code = "quote-ambiguous"


def anchor_evidence(seeds: Seeds) -> Anchored:
    """Anchor every quote of the seeds; raise InvalidSeeds listing every one that fails."""
    anchored = Anchored({}, {}, {})
    problems: list[Problem] = []
    for statement_set in seeds.statement_sets:
        source_id = statement_set.file.source
        text = seeds.articles[source_id].text
        evidence = (("statement", statement_set.file.statements, anchored.statements),
                    ("waiver", statement_set.file.waivers, anchored.waivers))  # fmt: skip
        for kind, items, positions in evidence:
            for index, item in enumerate(items):
                try:
                    positions[(source_id, index)] = anchor(text, item)
                except (QuoteNotFound, AmbiguousQuote) as error:
                    loc = (f"{kind}s", index, "quote")
                    line = str(statement_set.lines.line(loc))
                    message = f"{kind} {index + 1}: {error}"
                    problems.append(Problem(error.code, statement_set.path, line, message))
        problems += _repeated_waivers(statement_set, anchored.waivers)
    for index, source in enumerate(seeds.sources):
        article = seeds.articles.get(source.id)
        if source.publisher_quote is None or article is None:
            continue
        try:
            anchored.publishers[source.id] = anchor(
                article.text, Evidence(quote=source.publisher_quote)
            )
        except (QuoteNotFound, AmbiguousQuote) as error:
            line = str(seeds.lines[SOURCES_FILE].line((index, "publisher_quote")))
            message = f"publisher_quote: {error}"
            problems.append(Problem(error.code, SOURCES_FILE, line, message))
    if problems:
        raise InvalidSeeds(problems)
    return anchored


def _repeated_waivers(
    statement_set: StatementSet, waivers: dict[tuple[str, int], Anchor]
) -> list[Problem]:
    """A waiver that starts where an earlier one of its file does: the waivers table has one
    row per place (its primary key), so the published table would break it."""
    first: dict[int, int] = {}
    problems = []
    for index in range(len(statement_set.file.waivers)):
        place = waivers.get((statement_set.file.source, index))
        if place is None:
            continue
        if place.start in first:
            line = str(statement_set.lines.line(("waivers", index, "quote")))
            earlier = statement_set.lines.line(("waivers", first[place.start], "quote"))
            message = (
                f"waiver {index + 1}: waives what waiver {first[place.start] + 1} (line "
                f"{earlier}) already does, from the same place; keep one"
            )
            problems.append(Problem("duplicate-waiver", statement_set.path, line, message))
        first.setdefault(place.start, index)
    return problems


def anchor(text: str, evidence: Evidence) -> Anchor:
    """Locate the one occurrence of prefix + quote + suffix in text."""
    prefix, suffix = evidence.prefix or "", evidence.suffix or ""
    needle = prefix + evidence.quote + suffix
    first = text.find(needle)
    if first < 0:
        raise QuoteNotFound(_not_found_message(text, evidence))
    second = text.find(needle, first + 1)
    if second >= 0:
        count = text.count(needle)
        raise AmbiguousQuote(
            f"quote occurs {count} times (first at {first + len(prefix)}, "
            f"then at {second + len(prefix)}); add a prefix or suffix that picks one"
        )
    start = first + len(prefix)
    return Anchor(start, start + len(evidence.quote))


def _not_found_message(text: str, evidence: Evidence) -> str:
    """Say how far the quote matches, so a one-character slip is easy to find."""
    quote = evidence.quote
    if (evidence.prefix or evidence.suffix) and quote in text:
        return "quote is in the article, but not with the given prefix/suffix"
    matched = _longest_matching_start(text, quote)
    position = text.find(quote[:matched])
    if unicodedata.normalize("NFC", quote) in unicodedata.normalize("NFC", text):
        # The two print alike: say which code points differ.
        where = (
            f"after {quote[:matched][-20:]!r} the quote has {_code_points(quote, matched)} "
            f"where the article has {_code_points(text, position + matched)}"
            if matched
            else f"the article writes the quote's first character, {_code_points(quote, 0)}, "
            "another way"
        )
        return (
            "quote not found in the article as written, though it is there with accents "
            f"written another way: {where}; copy the quote from the article"
        )
    folded = text.casefold().find(quote.casefold())
    if folded >= 0 and len(text.casefold()) == len(text):  # offsets kept by the folding
        written = text[folded : folded + len(quote)]
        return (
            f"quote not found in the article as written: it is there with other capitals, "
            f"as {written[:60]!r}; copy the quote from the article"
        )
    if matched == 0:
        return f"quote not found in the article: {quote!r}"
    found = text[position + matched : position + matched + 12]
    return (
        f"quote not found in the article: it matches up to character {matched} "
        f"({quote[:matched][-20:]!r}), then the quote has {quote[matched : matched + 12]!r} "
        f"where the article has {found!r}"
    )


def _code_points(text: str, start: int) -> str:
    """The character at start with the combining marks after it, as code points."""
    end = start + 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return " + ".join(f"U+{ord(c):04X}" for c in text[start:end]) + f" ({text[start:end]})"


def _longest_matching_start(text: str, quote: str) -> int:
    """Length of the longest start of quote that occurs in text (binary search on length)."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low
