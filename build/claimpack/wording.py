"""How the build names sources, values and lists in the sentences of its descriptions.

A description is read by people who do not know the ids: a source is named by its publisher and
date (or the start of its headline), an amount as "$15 million", a date as "22 February 2026",
a category in words. The ids stay in the data (source_ids, the link table), not in the sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
HEADLINE_WORDS = 6  # words of a headline that name a source with no publisher
SCALE_NAMES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))
CURRENCY_SIGNS = {"USD": "$"}
# Scopes of counts that have a reading in words; other scopes are shown as coded.
SCOPE_WORDS = {"at_scene": "at the scene", "died_later": "who died later", "total": "in all"}


@dataclass(frozen=True)
class SourceName:
    """A source as a sentence names it: "ANI" with details "23 February 2026"."""

    name: str
    details: tuple[str, ...] = ()
    published: dt.date | None = None  # what the rules read of a source: when it was published

    def render(self, *extra: str) -> str:
        details = [*self.details, *(e for e in extra if e)]
        return f"{self.name} ({', '.join(details)})" if details else self.name


def source_names(
    sources: Iterable[tuple[str, str | None, dt.date | None, str]],
) -> dict[str, SourceName]:
    """A readable, distinct name for each (source id, publisher, published, headline): the
    publisher, or the first words of the headline in quotation marks, with the date or
    "undated". Where two names would be the same, more of the headline is shown, then the id."""
    rows = sorted(sources)
    names: dict[str, SourceName] = {}
    for words in (HEADLINE_WORDS, HEADLINE_WORDS * 2, None):
        names = {
            source_id: SourceName(
                publisher or _headline_start(headline, words),
                (day_text(published) if published else "undated",),
                published,
            )
            for source_id, publisher, published, headline in rows
        }
        if len({name.render() for name in names.values()}) == len(names):
            return names
    return {
        source_id: SourceName(name.name, (*name.details, source_id), name.published)
        for source_id, name in names.items()
    }


def _headline_start(headline: str, words: int | None) -> str:
    parts = headline.split()
    if not parts:
        return "an untitled article"
    shown = parts if words is None else parts[:words]
    ellipsis = "…" if len(shown) < len(parts) else ""
    return f"“{' '.join(shown).rstrip('.,;:')}{ellipsis}”"


def join(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def verb(count: int, singular: str, plural: str) -> str:
    """The form of a verb that agrees with a subject of `count` sources."""
    return singular if count == 1 else plural


def day_text(date: dt.date) -> str:
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"


def date_text(date: dt.date, precision: str) -> str:
    """A date at its precision: "22 February 2026", "the week of 16 February 2026", "February
    2025", "2025", "the 1990s"."""
    if precision == "day":
        return day_text(date)
    if precision == "week":
        return f"the week of {day_text(date)}"
    if precision == "month":
        return f"{MONTH_NAMES[date.month - 1]} {date.year}"
    if precision == "year":
        return str(date.year)
    return f"the {date.year}s"


def number_text(number: float) -> str:
    """350000 -> "350,000"; 0.6667 -> "0.6667"."""
    if number == int(number):
        return f"{int(number):,}"
    return f"{number:,.4f}".rstrip("0").rstrip(".")


def money_text(number: float, unit: str | None) -> str:
    """15000000 USD -> "$15 million"; 350000 USD -> "$350,000"; other currencies by code."""
    amount = number_text(number)
    for scale, name in SCALE_NAMES:
        if number >= scale and (number / scale) * 100 == int((number / scale) * 100):
            amount = f"{number_text(number / scale)} {name}"
            break
    sign = CURRENCY_SIGNS.get(unit or "")
    return f"{sign}{amount}" if sign else f"{amount} {unit}".rstrip()


def bound_text(bound: str | None, text: str) -> str:
    """ "up to $15 million", "around 2007"; an exact value as it is."""
    return text if bound in (None, "exact") else f"{bound.replace('_', ' ')} {text}"


def code_text(code: str) -> str:
    """A vocabulary code in words: "intelligence_and_operational_support" ->
    "intelligence and operational support"."""
    return code.replace("_", " ")


def scope_text(scope: str) -> str:
    return SCOPE_WORDS.get(scope, code_text(scope))


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"
