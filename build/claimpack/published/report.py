"""A report to look at: one self-contained HTML file (no scripts, fonts or requests from outside).

The page opens with a summary (disagreements per kind and severity, which sources disagree most)
and a table of contents. Each disagreement is a card, major ones first, then those that involve
more sources: one sentence says what differs, then one column per distinct value lists the
sources that give it, the words that carry the value marked in their article's context. Each
article follows whole, its coded passages marked by how many statements cover them and whether
one is in a disagreement; every passage is a link to its statements, listed under the article,
so they are reachable by keyboard, touch and screen reader. Filters are a small inline script
over a page that reads completely without it. Vocabulary codes and ids are shown as labels and
names, ids only as secondary detail.

Built from the published tables (and the articles, where the package holds them unchanged), in
a fixed order, so the same package gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from claimpack.files import write_atomically
from claimpack.layout import REPORT, TABLE_ORDER
from claimpack.problems import Problem, UsageError
from claimpack.published.load import frames
from claimpack.published.reader import Package, open_package

CONTEXT = 100
STYLE = Path(__file__).with_name("report.css").read_text(encoding="utf-8")
SCRIPT = Path(__file__).with_name("report.js").read_text(encoding="utf-8")

SEVERITIES = {"major": "Major", "minor": "Minor"}
KINDS = {
    "amount_conflict": "Different amounts",
    "count_conflict": "Different counts",
    "quantity_conflict": "Different quantities",
    "date_conflict": "Different dates",
    "entity_conflict": "Different people or bodies",
    "category_conflict": "Different categories",
    "spelling_variant": "Spelling variants",
    "quote_variant": "Quotation variants",
    "estimate_difference": "Different estimates",
    "refinement": "One source claims more",
    "negation_conflict": "Denied and affirmed",
    "fate_conflict": "Different fates",
    "count_revision": "Counts revised by later reports",
}
EXTENTS = {"between_sources": "between sources", "within_source": "within one source"}
MODALITIES = {"asserted": "", "alleged": "alleged", "possible": "possible", "planned": "planned"}
BOUNDS = {
    "exact": "",
    "around": "around",
    "nearly": "nearly",
    "at_least": "at least",
    "more_than": "more than",
    "up_to": "up to",
    "less_than": "less than",
}
PREPOSITIONS = {"in", "of", "by", "for", "to", "at", "on", "with", "from", "as", "against"}
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


# ---------------------------------------------------------------------------------------------
# The package as the report sees it: plain records, looked up by id, in a fixed order.


@dataclass(frozen=True)
class Source:
    source_id: str
    letter: str
    headline: str
    publisher: str | None
    published: dt.date | None
    text: str | None
    anchor: str

    @property
    def name(self) -> str:
        """The publisher where the article names one, else the start of its headline."""
        return self.publisher or _shorten(self.headline, 44)

    @property
    def date(self) -> str:
        return _date(self.published) if self.published else "undated"


@dataclass(frozen=True)
class Statement:
    row: dict[str, Any]

    @property
    def statement_id(self) -> str:
        return str(self.row["statement_id"])

    @property
    def source_id(self) -> str:
        return str(self.row["source_id"])

    @property
    def subject_id(self) -> str:
        return str(self.row["subject_id"])

    @property
    def predicate(self) -> str:
        return str(self.row["predicate"])

    @property
    def start(self) -> int:
        return int(self.row["char_start"])

    @property
    def end(self) -> int:
        return int(self.row["char_end"])

    @property
    def quote(self) -> str:
        return str(self.row["quote"])


@dataclass(frozen=True)
class Side:
    """One column of a card: a compared value and the statements (with their sources) giving it."""

    value: str
    shown: str
    links: list[tuple[Statement, str]]

    @property
    def source_ids(self) -> list[str]:
        return sorted({statement.source_id for statement, _ in self.links})


@dataclass(frozen=True)
class Discrepancy:
    row: dict[str, Any]
    sides: list[Side]

    @property
    def discrepancy_id(self) -> str:
        return str(self.row["discrepancy_id"])

    @property
    def kind(self) -> str:
        return str(self.row["kind"])

    @property
    def severity(self) -> str:
        return str(self.row["severity"])

    @property
    def within(self) -> bool:
        return bool(self.row["extent"] == "within_source")

    @property
    def source_ids(self) -> list[str]:
        return sorted({s for side in self.sides for s in side.source_ids})

    @property
    def statement_count(self) -> int:
        return len({statement.statement_id for side in self.sides for statement, _ in side.links})


@dataclass
class Report:
    title: str
    version: str
    description: str
    severity_note: str
    sources: dict[str, Source]
    statements: dict[str, Statement]
    discrepancies: list[Discrepancy]
    names: dict[str, str]
    aliases: dict[str, list[str]]
    labels: dict[str, str]
    value_types: dict[str, str]
    units: dict[str, str]
    waivers: list[dict[str, Any]]
    coverage: dict[str, dict[str, Any]]
    disputed: dict[str, list[Discrepancy]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def name(self, entity_id: object) -> str:
        return self.names.get(str(entity_id), _human(entity_id))

    def label(self, predicate: object) -> str:
        return self.labels.get(str(predicate), _human(predicate))

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]


def read_report(package: Package, articles: bool = True) -> Report:
    """Everything the page shows, from an open package; articles are read from the sources'
    paths when asked for and the package holds them unchanged."""
    tables = frames(package)
    entities = _rows(tables["entities"])
    names = {str(e["entity_id"]): str(e["name"]) for e in entities}
    aliases: dict[str, list[str]] = {}
    for alias in _rows(tables["entity_aliases"]):
        aliases.setdefault(str(alias["entity_id"]), []).append(str(alias["alias"]))
    for forms in aliases.values():
        forms.sort(key=lambda form: (-len(form), form))
    predicates = _rows(tables["predicates"])
    sources = {}
    for index, row in enumerate(_rows(tables["sources"])):
        source_id = str(row["source_id"])
        text = _article_text(package, row["path"], row["sha256"]) if articles else None
        sources[source_id] = Source(
            source_id=source_id,
            letter=_letter(index),
            headline=str(row["headline"] or source_id),
            publisher=row["publisher"],
            published=row["published"],
            text=text,
            anchor=f"src-{source_id}",
        )
    statements = {str(row["statement_id"]): Statement(row) for row in _rows(tables["statements"])}
    links: dict[str, list[tuple[str, str]]] = {}
    for link in _rows(tables["discrepancy_statements"]):
        links.setdefault(str(link["discrepancy_id"]), []).extend(
            (str(link["statement_id"]), str(value)) for value in link["compared_value"]
        )
    report = Report(
        title=str(package.descriptor.get("title") or package.descriptor.get("name") or ""),
        version=str(package.descriptor.get("version") or ""),
        description=str(package.descriptor.get("description") or ""),
        severity_note=_field_description(package, "discrepancies", "severity"),
        sources=sources,
        statements=statements,
        discrepancies=[],
        names=names,
        aliases=aliases,
        labels={str(p["predicate"]): str(p["label"]) for p in predicates},
        value_types={str(p["predicate"]): str(p["value_type"]) for p in predicates},
        units={str(p["predicate"]): str(p["unit"]) for p in predicates if p["unit"]},
        waivers=_rows(tables["waivers"]),
        coverage={str(c["source_id"]): c for c in _rows(tables["coverage"])},
    )
    for row in _rows(tables["discrepancies"]):
        pairs = [
            (statements[statement_id], value)
            for statement_id, value in links.get(str(row["discrepancy_id"]), [])
            if statement_id in statements
        ]
        report.discrepancies.append(Discrepancy(row, _sides(report, row, pairs)))
    report.discrepancies.sort(key=_card_order)
    report.titles = _titles(report)
    for discrepancy in report.discrepancies:
        for statement_id in sorted(
            {s.statement_id for side in discrepancy.sides for s, _ in side.links}
        ):
            report.disputed.setdefault(statement_id, []).append(discrepancy)
    return report


def _card_order(discrepancy: Discrepancy) -> tuple[int, int, int, str]:
    """Major first, then the disagreements that involve more sources, then by id."""
    ranks = list(SEVERITIES)
    return (
        ranks.index(discrepancy.severity) if discrepancy.severity in ranks else len(ranks),
        -len(discrepancy.source_ids),
        -discrepancy.statement_count,
        discrepancy.discrepancy_id,
    )


def _sides(report: Report, row: dict[str, Any], pairs: list[tuple[Statement, str]]) -> list[Side]:
    """One side per distinct compared value: most sources first, then as `values` lists them."""
    listed = list(row.get("values") or [])
    grouped: dict[str, list[tuple[Statement, str]]] = {}
    for statement, value in pairs:
        grouped.setdefault(value, []).append((statement, value))
    sides = []
    for value, members in grouped.items():
        members.sort(key=lambda pair: (report.sources[pair[0].source_id].letter.rjust(3),
                                       pair[0].start, pair[0].statement_id))  # fmt: skip
        shown = _compared(report, str(row["kind"]), str(row["predicate"]), value)
        sides.append(Side(value, shown, members))
    sides.sort(
        key=lambda side: (
            -len(side.source_ids),
            -len(side.links),
            listed.index(side.value) if side.value in listed else len(listed),
            side.value,
        )
    )
    return sides


def _compared(report: Report, kind: str, predicate: str, value: str) -> str:
    """A compared value as a reader says it: names for entities, words for category codes,
    counts and quantities with their unit."""
    unit = report.units.get(predicate)
    value_type = report.value_types.get(predicate)
    if kind in {"spelling_variant", "quote_variant"}:
        value_type = None  # the words as written, whatever the predicate
    if value_type in {"count", "quantity"} and unit and re.fullmatch(r"[\d.,]+", value):
        return f"{value} {unit}"
    if value_type == "entity":
        return report.name(value)
    if value_type == "category":
        return _human(value)
    if kind == "spelling_variant":
        return f"“{value}”"
    if kind == "quote_variant":
        return f"“…{value}…”"
    return value


# ---------------------------------------------------------------------------------------------
# The page.


def render_report(package: Package, articles: bool = True) -> str:
    """The report for a package; articles are read from the sources' paths where the package
    has them (a release does not), else each side shows its quote alone. With articles=False
    they are left out even where present, as in the report a release carries."""
    report = read_report(package, articles)
    title = _e(report.title)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light">',
        f"<title>{title}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#disagreements">Skip to the disagreements</a>',
        '<header class="masthead"><div class="wrap">',
        f'<p class="eyebrow">Claim report · package version {_e(report.version)}</p>',
        f"<h1>{title}</h1>",
        f'<p class="lede">{_e(_first_sentences(report.description, 1))}</p>',
        "</div></header>",
        '<div class="wrap layout">',
        _contents(report),
        '<main id="main">',
        _summary(report),
        _disagreements(report),
        _articles(report),
        "</main>",
        "</div>",
        '<footer class="wrap foot"><p>Written by <code>claimpack report</code> from the '
        "published tables; every disagreement is derived from the statements by rule. "
        "Quotes are short excerpts of copyrighted articles, shown for research and "
        "commentary.</p></footer>",
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _contents(report: Report) -> str:
    cards = "".join(
        f'<li data-for="{_e(d.discrepancy_id)}"><a href="#{_e(d.discrepancy_id)}">'
        f'<span class="sev-dot {_e(d.severity)}" aria-hidden="true"></span>'
        f'<span class="sr-only">{_e(d.severity)}: </span>'
        f"{_e(report.titles[d.discrepancy_id])}</a></li>"
        for d in report.discrepancies
    )
    articles = "".join(
        f'<li><a href="#{_e(s.anchor)}">{_badge(s)} {_e(s.name)}</a></li>'
        for s in report.sources.values()
    )
    return (
        '<nav class="contents" aria-labelledby="contents-h">'
        '<h2 id="contents-h">Contents</h2><ol>'
        '<li><a href="#summary">At a glance</a></li>'
        f'<li><a href="#disagreements">Disagreements ({len(report.discrepancies)})</a>'
        f'<ol class="toc-cards">{cards}</ol></li>'
        f'<li><a href="#articles">Articles and their statements</a><ol>{articles}</ol></li>'
        "</ol></nav>"
    )


def _summary(report: Report) -> str:
    discrepancies = report.discrepancies
    by_severity = {s: sum(d.severity == s for d in discrepancies) for s in SEVERITIES}
    figures = [
        (len(discrepancies), "disagreements",
         ", ".join(f"{n} {s}" for s, n in by_severity.items())),
        (len(report.sources), "sources", "news articles"),
        (len(report.statements), "statements", "claims coded with their evidence"),
        (len(report.names), "entities", "people, bodies, places, events"),
    ]  # fmt: skip
    cells = "".join(
        f'<div class="figure"><b>{n}</b> <span>{_e(what)}</span><small>{_e(note)}</small></div>'
        for n, what, note in figures
    )
    kinds = sorted(
        {d.kind for d in discrepancies},
        key=lambda k: (
            -sum(d.kind == k and d.severity == "major" for d in discrepancies),
            -sum(d.kind == k for d in discrepancies),
            _kind(k),
        ),
    )
    kind_rows = "".join(
        f'<tr><th scope="row">{_e(_kind(k))}</th>'
        + "".join(
            f"<td>{_count(sum(d.kind == k and d.severity == s for d in discrepancies))}</td>"
            for s in SEVERITIES
        )
        + f"<td>{sum(d.kind == k for d in discrepancies)}</td></tr>"
        for k in kinds
    )
    kind_table = (
        '<div class="table-wrap"><table class="kinds"><caption>Disagreements by kind and '
        'severity</caption><thead><tr><th scope="col">Kind</th>'
        + "".join(f'<th scope="col">{_e(label)}</th>' for label in SEVERITIES.values())
        + '<th scope="col">All</th></tr></thead>'
        f"<tbody>{kind_rows}</tbody></table></div>"
    )
    return (
        '<section id="summary" aria-labelledby="summary-h">'
        '<h2 id="summary-h">At a glance</h2>'
        f'<div class="figures">{cells}</div>'
        f'<div class="glance">{kind_table}{_who_disagrees(report)}</div>'
        f'<p class="note">{_e(_severity_note(report))}</p>'
        "</section>"
    )


def _who_disagrees(report: Report) -> str:
    """Per source: in how many disagreements it gives one of the values, major and minor, and
    how many of them are with itself."""
    counts = {}
    for source_id in report.sources:
        involved = [d for d in report.discrepancies if source_id in d.source_ids]
        counts[source_id] = (
            sum(d.severity == "major" for d in involved),
            sum(d.severity != "major" for d in involved),
            sum(d.within for d in involved),
        )
    order = sorted(
        report.sources,
        key=lambda s: (-counts[s][0], -(counts[s][0] + counts[s][1]), report.sources[s].letter),
    )
    most = max([counts[s][0] + counts[s][1] for s in order] + [1])
    rows = []
    for source_id in order:
        source = report.sources[source_id]
        major, minor, within = counts[source_id]
        bar = (
            '<span class="bar" aria-hidden="true">'
            f'<span class="bar-major" style="width:{100 * major / most:.1f}%"></span>'
            f'<span class="bar-minor" style="width:{100 * minor / most:.1f}%"></span></span>'
        )
        rows.append(
            f'<tr><th scope="row"><a href="#{_e(source.anchor)}">{_badge(source)} '
            f"{_e(source.name)}</a> <small>{_e(source.date)}</small>{bar}</th>"
            f"<td>{_count(major)}</td><td>{_count(minor)}</td><td>{_count(within)}</td></tr>"
        )
    return (
        '<div class="table-wrap"><table class="who"><caption>Which sources disagree most'
        "</caption><thead><tr>"
        '<th scope="col">Source</th><th scope="col">Major</th><th scope="col">Minor</th>'
        '<th scope="col">With itself</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _disagreements(report: Report) -> str:
    parts = [
        '<section id="disagreements" aria-labelledby="disagreements-h">',
        '<h2 id="disagreements-h">Disagreements</h2>',
        '<p class="note">Major disagreements first, then those involving more sources. Each '
        "column is one of the values compared; the marked words carry the value, in their "
        "article's context.</p>",
    ]
    if not report.discrepancies:
        parts.append("<p>The sources do not disagree on anything coded.</p></section>")
        return "\n".join(parts)
    parts.append(_filters(report))
    parts += [_card(report, discrepancy) for discrepancy in report.discrepancies]
    parts.append('<p class="none-shown" id="none-shown" hidden>No disagreement matches the '
                 "filters.</p></section>")  # fmt: skip
    return "\n".join(parts)


def _filters(report: Report) -> str:
    """Checkboxes for kind, severity and source; hidden until the script makes them work."""

    def group(name: str, legend: str, options: list[tuple[str, str, int]]) -> str:
        boxes = "".join(
            f'<label class="chip"><input type="checkbox" name="{name}" value="{_e(value)}" '
            f'checked> {label} <span class="n">{n}</span></label>'
            for value, label, n in options
        )
        return f"<fieldset><legend>{legend}</legend>{boxes}</fieldset>"

    items = report.discrepancies
    severities = [
        (s, _e(label), sum(d.severity == s for d in items))
        for s, label in SEVERITIES.items()
        if any(d.severity == s for d in items)
    ]
    kinds = sorted({d.kind for d in items}, key=_kind)
    sources = [
        (s.source_id, f"{_badge(s)} {_e(s.name)}",
         sum(s.source_id in d.source_ids for d in items))
        for s in report.sources.values()
    ]  # fmt: skip
    return (
        '<form class="filters" id="filters" hidden aria-label="Filter the disagreements">'
        '<details id="filter-box"><summary>Filter by severity, kind and source</summary>'
        + group("severity", "Severity", severities)
        + group("kind", "Kind", [(k, _e(_kind(k)), sum(d.kind == k for d in items)) for k in kinds])
        + group("source", "Source", sources)
        + "</details>"
        '<div class="filter-foot"><p id="filter-status" role="status" aria-live="polite">'
        '</p><button type="reset">Show all</button></div></form>'
    )


def _card(report: Report, discrepancy: Discrepancy) -> str:
    d = discrepancy
    heading = f"{d.discrepancy_id}-h"
    sources = len(d.source_ids)
    tags = [
        f'<span class="sev {_e(d.severity)}">{_e(SEVERITIES.get(d.severity, _human(d.severity)))}'
        "</span>",
        f'<span class="tag">{_e(_kind(d.kind))}</span>',
        f'<span class="tag">{_e(EXTENTS.get(str(d.row["extent"]), _human(d.row["extent"])))}'
        "</span>",
        f'<span class="tag">{_plural(sources, "source")} · '
        f"{_plural(d.statement_count, 'statement')}</span>",
    ]
    if isinstance(d.row.get("scope"), str) and d.row["scope"] != "total":
        tags.append(f'<span class="tag">{_e(_scope(report, d.row["scope"]))}</span>')
    columns = "".join(_side(report, d, side) for side in d.sides)
    return (
        f'<article class="card {_e(d.severity)}" id="{_e(d.discrepancy_id)}" '
        f'aria-labelledby="{_e(heading)}" data-severity="{_e(d.severity)}" '
        f'data-kind="{_e(d.kind)}" data-sources="{_e(" ".join(d.source_ids))}">'
        f'<header><p class="tags">{"".join(tags)}</p>'
        f'<h3 id="{_e(heading)}">{_e(report.titles[d.discrepancy_id])}</h3>'
        f'<p class="sentence">{_sentence(report, d)}</p></header>'
        f'<div class="sides" style="--sides:{len(d.sides)}">{columns}</div>'
        f'<p class="id">id {_e(d.discrepancy_id)}</p></article>'
    )


def _side(report: Report, discrepancy: Discrepancy, side: Side) -> str:
    by_source: dict[str, list[Statement]] = {}
    for statement, _ in side.links:
        by_source.setdefault(statement.source_id, []).append(statement)
    entries = []
    for source_id, statements in by_source.items():
        source = report.source(source_id)
        quotes = "".join(
            _evidence(report, discrepancy, side, source, statement) for statement in statements
        )
        entries.append(
            f'<li><p class="who-says">{_badge(source)} <span class="src-name">'
            f'{_e(source.name)}</span> <span class="date">{_e(source.date)}</span></p>'
            f"{quotes}</li>"
        )
    count = (
        _plural(len(side.links), "statement")
        if discrepancy.within
        else _plural(len(by_source), "source")
    )
    return (
        f'<section class="side" aria-label="{_e(_plain(side.shown))}, {count}">'
        f'<h4><span class="value">{_e(side.shown)}</span> <span class="count">{count}</span></h4>'
        f'<ul class="says">{"".join(entries)}</ul></section>'
    )


def _evidence(
    report: Report, discrepancy: Discrepancy, side: Side, source: Source, statement: Statement
) -> str:
    """The quote in its article's words around it, the value's words marked within the quote."""
    quote = statement.quote
    found = _locate(quote, _candidates(report, discrepancy.kind, side.value, statement))
    if found:
        a, b = found
        inner = f"{_e(quote[:a])}<mark>{_e(quote[a:b])}</mark>{_e(quote[b:])}"
    else:
        inner = f"<mark>{_e(quote)}</mark>"
    before = after = ""
    text = source.text
    if text is not None and text[statement.start : statement.end] == quote:
        before = _e(_context_before(text, statement.start))
        after = _e(_context_after(text, statement.end))
    details = _statement_notes(report, statement)
    own = _value(report, statement)
    telling = discrepancy.kind not in {"spelling_variant", "quote_variant"} and len(own) <= 80
    notes = [f"this statement: {_e(own)}"] if telling and own != side.shown else []
    notes += [_e(n) for n in details]
    notes.append(f'<a href="#{_e(statement.statement_id)}">in the article</a>')
    before = f'<span class="ctx">{before}</span>' if before else ""
    after = f'<span class="ctx">{after}</span>' if after else ""
    return (
        f'<blockquote class="evidence"><p>{before}<span class="quote">{inner}</span>{after}</p>'
        "</blockquote>"
        f'<p class="notes">{" · ".join(notes)}</p>'
    )


def _articles(report: Report) -> str:
    parts = [
        '<section id="articles" aria-labelledby="articles-h">',
        '<h2 id="articles-h">Articles and their statements</h2>',
        '<p class="note">Every coded passage is a link to the statements it carries, listed '
        "under the article. Passages are shaded by how many statements cover them; a thick "
        "underline marks one in a disagreement.</p>",
        '<ul class="legend" aria-label="Legend">'
        '<li><span class="span c1">one statement</span></li>'
        '<li><span class="span c2">two</span></li>'
        '<li><span class="span c3">three or more</span></li>'
        '<li><span class="span c1 disputed">in a disagreement</span></li>'
        '<li><span class="waived">left uncoded, with a reason</span></li></ul>',
    ]
    parts += [_article(report, source) for source in report.sources.values()]
    parts.append("</section>")
    return "\n".join(parts)


def _article(report: Report, source: Source) -> str:
    own = sorted(
        (s for s in report.statements.values() if s.source_id == source.source_id),
        key=lambda s: (s.start, -s.end, s.statement_id),
    )
    waivers = sorted(
        (w for w in report.waivers if w["source_id"] == source.source_id),
        key=lambda w: (int(w["char_start"]), int(w["char_end"])),
    )
    disputed = sum(s.statement_id in report.disputed for s in own)
    meta = [_e(source.publisher or "publisher not named"), _e(source.date),
            f"{_plural(len(own), 'statement')}", f"{disputed} in disagreements"]  # fmt: skip
    coverage = report.coverage.get(source.source_id)
    if coverage:
        meta.append(
            f"{coverage['sentences_covered']} of {coverage['sentences']} sentences coded"
            + (f", {coverage['sentences_waived']} waived" if coverage["sentences_waived"] else "")
        )
    meta.append(f'<span class="id">id {_e(source.source_id)}</span>')
    heading = f"{source.anchor}-h"
    if source.text is not None and _anchored(source.text, own):
        body = f'<div class="text">{_marked_text(report, source, own, waivers)}</div>'
        opened = ""
    else:
        body = (
            '<p class="missing">The article&rsquo;s text is not in this package (a release leaves '
            "the copyrighted articles out); its statements are listed with their quotes.</p>"
        )
        opened = " open"
    items = "".join(_statement_item(report, source, s) for s in own)
    waived = "".join(f"<li><q>{_e(w['quote'])}</q> — {_e(w['reason'])}</li>" for w in waivers)
    waived_list = (
        f'<h4 class="waived-h">Left uncoded</h4><ul class="waived-list">{waived}</ul>'
        if waived
        else ""
    )
    return (
        f'<article class="source" id="{_e(source.anchor)}" aria-labelledby="{_e(heading)}">'
        f'<header><h3 id="{_e(heading)}">{_badge(source)} {_e(source.headline)}</h3>'
        f'<p class="meta">{" · ".join(meta)}</p></header>'
        f"{body}"
        f'<details class="statements"{opened}><summary>The {_plural(len(own), "statement")} '
        f"of {_e(source.letter)}, in text order</summary>"
        f'<ol class="statement-list">{items}</ol>{waived_list}</details></article>'
    )


def _anchored(text: str, statements: list[Statement]) -> bool:
    return all(0 <= s.start <= s.end <= len(text) for s in statements)


def _marked_text(
    report: Report, source: Source, statements: list[Statement], waivers: list[dict[str, Any]]
) -> str:
    """The article with each coded passage a link to its statements; overlapping statements
    cut the text into pieces, each shaded by how many statements cover it."""
    text = source.text or ""
    spans = [(s.start, s.end, s) for s in statements if s.end > s.start]
    waived = [(int(w["char_start"]), int(w["char_end"]), w) for w in waivers]
    cuts = sorted({0, len(text), *(p for a, b, _ in spans for p in (a, b)),
                   *(p for a, b, _ in waived for p in (a, b))})  # fmt: skip
    starts = {s.start for s in statements}
    pieces = []
    for start, end in itertools.pairwise(cuts):
        segment = _e(text[start:end])
        covering = [s for a, b, s in spans if a <= start and end <= b]
        anchor = f' id="t-{_e(source.source_id)}-{start}"' if start in starts else ""
        if covering:
            inner = max(covering, key=lambda s: (s.start, -s.end, s.statement_id))
            level = min(len(covering), 3)
            disputed = any(s.statement_id in report.disputed for s in covering)
            css = f"span c{level}" + (" disputed" if disputed else "")
            said = _plural(len(covering), "statement") + (", in a disagreement" if disputed else "")
            hover = "\n".join(_plain_statement(report, s) for s in covering)
            ids = " ".join(s.statement_id for s in covering)
            pieces.append(
                f'<a class="{css}"{anchor} href="#{_e(inner.statement_id)}" '
                f'data-statements="{_e(ids)}" title="{_e(hover)}">{segment}'
                f'<span class="sr-only"> ({said})</span></a>'
            )
            continue
        reasons = [w for a, b, w in waived if a <= start and end <= b]
        if reasons:
            reason = f"left uncoded: {reasons[0]['reason']}"
            pieces.append(
                f'<span class="waived"{anchor} title="{_e(reason)}">{segment}'
                f'<span class="sr-only"> ({_e(reason)})</span></span>'
            )
        elif anchor:
            pieces.append(f"<span{anchor}>{segment}</span>")
        else:
            pieces.append(segment)
    return "".join(pieces)


def _statement_item(report: Report, source: Source, statement: Statement) -> str:
    s = statement
    notes = [_e(n) for n in _statement_notes(report, s)]
    links = []
    if source.text is not None:
        links.append(f'<a href="#t-{_e(source.source_id)}-{s.start}">show in the text</a>')
    for d in report.disputed.get(s.statement_id, []):
        severity = SEVERITIES.get(d.severity, _human(d.severity)).lower()
        links.append(
            f'<a href="#{_e(d.discrepancy_id)}">{severity} disagreement: '
            f"{_e(report.titles[d.discrepancy_id])}</a>"
        )
    disputed = " disputed" if s.statement_id in report.disputed else ""
    note = s.row.get("note")
    coder = (
        f'<p class="coder-note">Coder&rsquo;s note: {_e(note)}</p>' if isinstance(note, str) else ""
    )
    return (
        f'<li class="statement{disputed}" id="{_e(s.statement_id)}" tabindex="-1">'
        f'<p class="claim"><span class="subject">{_e(report.name(s.subject_id))}</span> '
        f'<span class="predicate">{_e(_predicate_phrase(report, s))}</span> '
        f'<b class="value">{_e(_value(report, s))}</b></p>'
        + (f'<p class="notes">{" · ".join(notes)}</p>' if notes else "")
        + f'<blockquote class="quote-alone"><p>“{_e(s.quote)}”</p></blockquote>'
        + coder
        + f'<p class="links">{" · ".join(links)}'
        + f' <span class="id">id {_e(s.statement_id)}</span></p></li>'
    )


# ---------------------------------------------------------------------------------------------
# Words: titles, sentences and values as a reader says them.


def _titles(report: Report) -> dict[str, str]:
    """Each card's title, made unique by the letters of its sources where two would read the
    same."""
    titles = {d.discrepancy_id: _short_title(report, d) for d in report.discrepancies}
    repeated = Counter(titles.values())
    for d in report.discrepancies:
        if repeated[titles[d.discrepancy_id]] > 1 and not d.within:
            letters = _or([report.source(s).letter for s in d.source_ids], "and")
            titles[d.discrepancy_id] += f" — {letters}"
    return titles


def _short_title(report: Report, d: Discrepancy) -> str:
    subject = report.name(d.row["subject_id"])
    if d.kind == "spelling_variant":
        title = f"Spelling of {subject}"
    elif d.kind == "quote_variant":
        title = f"Wording of a quotation of {subject}"
    else:
        title = f"{subject}: {_predicate_words(report, d.row['predicate'], d.row.get('object_id'))}"
    if d.within and d.source_ids:
        title += f" — within {report.source(d.source_ids[0]).letter}"
    return title


def _sentence(report: Report, d: Discrepancy) -> str:
    """The disagreement in one sentence, its values in bold with how many give each."""
    unit = "statement" if d.within else "source"
    values = _or(
        [
            f"<b>{_e(side.shown)}</b> "
            f"({_plural(len(side.links) if d.within else len(side.source_ids), unit)})"
            for side in d.sides
        ]
    )
    subject = _e(report.name(d.row["subject_id"]))
    ways = _count_word(len(d.sides))
    if d.within and d.source_ids:
        source = report.source(d.source_ids[0])
        who = f"{_badge(source)} {_e(source.name)} ({_e(source.date)})"
    else:
        who = f"{_count_word(len(d.source_ids)).capitalize()} sources"
    if d.kind == "spelling_variant":
        verb = "spells" if d.within else "spell"
        return f"{who} {verb} {subject} {ways} ways: {values}."
    if d.kind == "quote_variant":
        verb = "quotes" if d.within else "quote"
        return f"{who} {verb} the same words of {subject} {ways} ways: {values}."
    verb = "contradicts itself" if d.within else "disagree"
    about = _e(_predicate_words(report, d.row["predicate"], d.row.get("object_id")))
    return f"{who} {verb} on <em>{about}</em> for {subject}: {values}."


def _predicate_words(report: Report, predicate: object, object_id: object) -> str:
    label = report.label(predicate)
    if not isinstance(object_id, str) or report.value_types.get(str(predicate)) == "entity":
        return label
    obj = report.name(object_id)
    if label.split()[-1:] and label.split()[-1] in PREPOSITIONS:
        return f"{label} {obj}"
    return f"{label} ({obj})"


def _predicate_phrase(report: Report, s: Statement) -> str:
    """The predicate and, where it is not the value itself, the object, e.g. 'role in X:'."""
    object_id = s.row.get("object_id")
    if isinstance(object_id, str) and _is_object_value(report, s):
        return f"{report.label(s.predicate)}:"
    return f"{_predicate_words(report, s.predicate, object_id)}:"


def _is_object_value(report: Report, s: Statement) -> bool:
    return report.value_types.get(str(s.predicate)) == "entity" or not isinstance(
        s.row.get("value"), str
    )


def _value(report: Report, s: Statement) -> str:
    """A statement's value as a reader says it: a name, a number with its unit, a date."""
    row = s.row
    kind = report.value_types.get(str(row["predicate"]), "text")
    bound = BOUNDS.get(str(row.get("bound")), _human(row.get("bound"))) if row.get("bound") else ""
    number = row.get("value_number")
    if kind == "entity" or (
        isinstance(row.get("object_id"), str) and not isinstance(row.get("value"), str)
    ):
        shown = report.name(row.get("object_id") or row.get("value"))
    elif isinstance(number, float | int) and not math.isnan(float(number)):
        amount = f"{float(number):,.0f}" if float(number).is_integer() else f"{float(number):,}"
        unit = row.get("unit")
        shown = (f"{unit} {amount}" if unit in {"USD", "MXN", "EUR"} else
                 f"{amount} {unit}" if isinstance(unit, str) else amount)  # fmt: skip
    elif kind == "category":
        shown = _human(row.get("value"))
    elif isinstance(row.get("value_date"), dt.date) and row.get("date_precision") == "day":
        shown = _date(row["value_date"])
    else:
        shown = str(row.get("value") or row.get("value_raw") or "")
    return f"{bound} {shown}".strip()


def _statement_notes(report: Report, s: Statement) -> list[str]:
    row = s.row
    notes = []
    if isinstance(row.get("attributed_to"), str):
        via = row.get("reported_via")
        notes.append(
            f"citing {report.name(row['attributed_to'])}"
            + (f", via {report.name(via)}" if isinstance(via, str) else "")
        )
    elif isinstance(row.get("reported_via"), str):
        notes.append(f"via {report.name(row['reported_via'])}")
    modality = MODALITIES.get(str(row.get("modality")), _human(row.get("modality")))
    if modality:
        notes.append(modality)
    if isinstance(row.get("scope"), str) and row["scope"] != "total":
        notes.append(_scope(report, row["scope"]))
    if row.get("excluding"):
        notes.append(f"not counting {_or([report.name(e) for e in row['excluding']], 'and')}")
    if row.get("qualifiers"):
        notes.append("qualified by " + ", ".join(f"“{q}”" for q in row["qualifiers"]))
    return notes


def _plain_statement(report: Report, s: Statement) -> str:
    notes = _statement_notes(report, s)
    extra = f" ({'; '.join(notes)})" if notes else ""
    return (
        f"{report.name(s.subject_id)} — {_predicate_phrase(report, s)} {_value(report, s)}{extra}"
    )


def _scope(report: Report, scope: str) -> str:
    return f"scope: {report.names.get(scope, _human(scope))}"


def _severity_note(report: Report) -> str:
    note = report.severity_note
    return f"Severity — {note}" if note else ""


def _candidates(report: Report, kind: str, compared: str, statement: Statement) -> Iterator[str]:
    """Words that may carry the value in the quote, most telling first."""
    row = statement.row
    value_type = report.value_types.get(str(row.get("predicate")))
    if kind in {"spelling_variant", "quote_variant"}:
        yield compared
    elif value_type == "entity":
        yield report.name(compared)
        yield from report.aliases.get(compared, [])
    elif value_type == "category":
        yield _human(compared)
    for key in ("value_raw", "value"):
        if isinstance(row.get(key), str):
            yield row[key]
    yield compared
    if isinstance(row.get("object_id"), str):
        yield report.name(row["object_id"])
        yield from report.aliases.get(str(row["object_id"]), [])


def _locate(quote: str, candidates: Iterable[str]) -> tuple[int, int] | None:
    """Where the first candidate that occurs in the quote is, as written or word for word
    (case and punctuation aside), never inside a word."""
    for candidate in candidates:
        phrase = candidate.strip()
        if not phrase:
            continue
        exact = (r"(?<!\w)" if re.match(r"\w", phrase) else "") + re.escape(phrase)
        exact += r"(?!\w)" if re.search(r"\w$", phrase) else ""
        match = re.search(exact, quote, re.IGNORECASE)
        words = re.findall(r"\w+", phrase)
        if match is None and words:
            loose = r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)"
            match = re.search(loose, quote, re.IGNORECASE)
        if match is not None and match.end() > match.start():
            return match.span()
    return None


def _context_before(text: str, start: int) -> str:
    if start <= CONTEXT:
        return text[:start]
    piece = text[start - CONTEXT : start]
    cut = re.search(r"\s+", piece)
    return "…" + (piece[cut.end() :] if cut else piece)


def _context_after(text: str, end: int) -> str:
    if len(text) - end <= CONTEXT:
        return text[end:]
    piece = text[end : end + CONTEXT]
    cut = max(piece.rfind(" "), piece.rfind("\n"))
    return (piece[:cut] if cut > 0 else piece).rstrip() + "…"


# ---------------------------------------------------------------------------------------------
# Small helpers.


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows as plain dicts, missing values as None."""
    return [
        {key: None if _missing(value) else value for key, value in record.items()}
        for record in frame.to_dict("records")
    ]


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _article_text(package: Package, path: object, sha256: object) -> str | None:
    """The article's text when the package holds it unchanged; None otherwise."""
    if not isinstance(path, str):
        return None
    file = package.file(path)
    if not file.is_file():
        return None
    data = file.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        return None
    return data.decode("utf-8")


def _field_description(package: Package, resource: str, name: str) -> str:
    for entry in package.resources:
        if entry.get("name") == resource:
            for item in entry.get("schema", {}).get("fields", []):
                if item.get("name") == name:
                    return str(item.get("description") or "")
    return ""


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _badge(source: Source) -> str:
    hover = f"source {source.letter}, id {source.source_id}"
    return f'<span class="badge" title="{_e(hover)}">{_e(source.letter)}</span>'


def _kind(kind: str) -> str:
    return KINDS.get(kind, _human(kind).capitalize())


def _human(code: object) -> str:
    """A vocabulary code as words: underscores and hyphens become spaces."""
    return re.sub(r"[_-]+", " ", str(code or "")).strip()


def _date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _shorten(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    return text[: cut if cut > width // 2 else width].rstrip(" ,;:") + "…"


def _first_sentences(text: str, count: int) -> str:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    return " ".join(sentences[:count])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _count_word(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def _count(n: int) -> str:
    return str(n) if n else '<span class="zero">0</span>'


def _or(items: list[str], word: str = "or") -> str:
    if len(items) <= 2:
        return f" {word} ".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _plain(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def write_report(descriptor: Path, output: Path | None = None) -> Path:
    """Write the report of the package at descriptor (a datapackage.json or a release zip) to
    output (default: dist/report.html beside the descriptor), atomically."""
    target = output or descriptor.parent / REPORT
    if not target.name or target.is_symlink() or (target.exists() and not target.is_file()):
        message = "the report is written to a new or a regular file (it replaces the file)"
        raise UsageError([Problem("bad-output", str(output), "", message)])
    with open_package(descriptor) as package:
        names = {resource.get("name") for resource in package.resources}
        absent = [name for name in TABLE_ORDER if name not in names]
        lacks = f"the tables {', '.join(absent)}" if absent else ""
        try:
            html_text = None if absent else render_report(package)
        except KeyError as error:  # a column the page reads: the table is another's
            html_text, lacks = None, f"the column {error.args[0]!r}"
    if html_text is None:
        message = f"the report is drawn from a claimpack package, and this one lacks {lacks}"
        raise UsageError([Problem("unsupported", descriptor.as_posix(), "", message)])
    write_atomically(target, html_text.encode("utf-8"))
    return target
