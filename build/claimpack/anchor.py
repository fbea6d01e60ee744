"""Stage 3, anchor evidence: find each curated quote in its article and record its offsets.

Offsets are Unicode code points into the article decoded as UTF-8, end exclusive (the W3C Web
Annotation TextPositionSelector); Python's str indexing counts exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimpack.models import Evidence


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int


class QuoteNotFound(ValueError):
    """The quote (with its prefix and suffix) is not in the article."""


class AmbiguousQuote(ValueError):
    """The quote occurs more than once; a prefix or suffix must pick one."""


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
    if matched == 0:
        return f"quote not found in the article: {quote!r}"
    position = text.find(quote[:matched])
    found = text[position + matched : position + matched + 12]
    return (
        f"quote not found in the article: it matches up to character {matched} "
        f"({quote[:matched][-20:]!r}), then the quote has {quote[matched : matched + 12]!r} "
        f"where the article has {found!r}"
    )


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
