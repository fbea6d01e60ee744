"""Stage: derive discrepancies. Where statements disagree, found from the data alone.

Three rules, each grouping statements by a comparison key so that nothing compares all pairs:
- value conflicts: single-valued predicates, grouped by (subject, predicate, object, scope);
  values compared as intervals, so a bound agrees with the value it bounds;
- spelling variants: quotes that spell a name in a form the registry lists as a misspelling;
- quote variants: quotations of one speaker that share a run of words but differ in wording,
  paired through shared word n-grams.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimpack.ids import content_id
from claimpack.models import EntityIn, PredicateIn
from claimpack.schema import LIST_SEPARATOR, TableSchema
from claimpack.stages.normalize import format_date, format_number
from claimpack.vocabulary import APPROXIMATE_BOUNDS

KIND_BY_VALUE_TYPE = {
    "money": "amount_conflict",
    "count": "count_conflict",
    "quantity": "quantity_conflict",
    "proportion": "quantity_conflict",
    "date": "date_conflict",
    "entity": "entity_conflict",
    "category": "category_conflict",
}
TOTAL = "total"
# Columns of statements that the value and quotation rules never read (the spelling rule reads
# quote and char_start, and gets every column).
UNREAD_COLUMNS = (
    "value_raw",
    "modality",
    "qualifiers",
    "reported_via",
    "quote",
    "char_end",
    "note",
)
PARTS_OF_TOTAL = ("at_scene", "died_later")
SHINGLE = 6
INFINITY = float("inf")


@dataclass(frozen=True)
class Item:
    """One side of a comparison: the statements behind one compared value from one source."""

    source_id: str
    statement_ids: tuple[str, ...]
    low: float
    high: float
    value: str  # the compared value, canonical: "4", "around 2007", "donald-trump"
    label: str  # how the description shows it: "4 (3 + Nemesio Rubén Oseguera Cervantes)"
    approximate: bool
    voice: str

    @property
    def signature(self) -> tuple[float, float, str]:
        return (self.low, self.high, self.value)


@dataclass(frozen=True)
class Discrepancy:
    kind: str
    extent: str
    severity: str
    subject_id: str
    predicate: str
    object_id: str | None
    scope: str | None
    links: tuple[tuple[str, str], ...]  # (statement_id, compared value)
    sources: tuple[str, ...]
    values: tuple[str, ...]
    description: str

    @functools.cached_property
    def discrepancy_id(self) -> str:
        return content_id(
            "dc",
            {
                "kind": self.kind,
                "extent": self.extent,
                "subject": self.subject_id,
                "predicate": self.predicate,
                "object": self.object_id,
                "scope": self.scope,
                "statements": sorted(statement for statement, _ in self.links),
            },
        )


def derive_discrepancies(
    statements: pa.Table,
    predicates: list[PredicateIn],
    entities: list[EntityIn],
) -> list[Discrepancy]:
    """Every discrepancy the coded statements contain, in a stable order."""
    frame = _compared_rows(statements, predicates, entities).to_pandas()
    names = {entity.id: entity.name for entity in entities}
    found = [
        *value_conflicts(frame, predicates, names),
        *spelling_variants(frame, entities),
        *quote_variants(frame, predicates, names),
    ]
    return sorted(found, key=lambda d: (d.kind, d.subject_id, d.predicate, d.discrepancy_id))


def _compared_rows(
    statements: pa.Table, predicates: list[PredicateIn], entities: list[EntityIn]
) -> pa.Table:
    """The statements a rule can compare: all of them when a misspelling is registered (the
    spelling rule reads every quote), else those of single-valued or quotation predicates,
    without the columns no rule reads; filtered in Arrow, before the costlier conversion to
    pandas."""
    if any(entity.misspellings for entity in entities):
        return statements
    compared = sorted(
        p.id
        for p in predicates
        if (p.single_valued and p.value_type in KIND_BY_VALUE_TYPE) or p.value_type == "quotation"
    )
    mask = pc.is_in(statements.column("predicate"), value_set=pa.array(compared, pa.string()))
    unread = [name for name in UNREAD_COLUMNS if name in statements.column_names]
    return statements.filter(mask).drop_columns(unread)


def discrepancy_tables(
    found: list[Discrepancy], schemas: dict[str, TableSchema]
) -> tuple[pa.Table, pa.Table]:
    """The discrepancies table and its link table to statements."""
    rows = [
        {
            "discrepancy_id": d.discrepancy_id,
            "kind": d.kind,
            "extent": d.extent,
            "severity": d.severity,
            "subject_id": d.subject_id,
            "predicate": d.predicate,
            "object_id": d.object_id,
            "scope": d.scope,
            "values": LIST_SEPARATOR.join(d.values),
            "source_count": len(d.sources),
            "statement_count": len(d.links),
            "description": d.description,
        }
        for d in found
    ]
    links = sorted(
        {(d.discrepancy_id, statement, value) for d in found for statement, value in d.links}
    )
    link_rows = [{"discrepancy_id": d, "statement_id": s, "compared_value": v} for d, s, v in links]
    return (
        schemas["discrepancies"].table(rows),
        schemas["discrepancy_statements"].table(link_rows),
    )


# Value conflicts ---------------------------------------------------------------------------


def value_conflicts(
    frame: pd.DataFrame, predicates: list[PredicateIn], names: dict[str, str]
) -> Iterator[Discrepancy]:
    comparable = {
        p.id: p for p in predicates if p.single_valued and p.value_type in KIND_BY_VALUE_TYPE
    }
    rows = frame[frame["predicate"].isin(list(comparable))]
    if rows.empty:
        return
    # One pass over the rows groups them by comparison key (a pandas group per key costs
    # milliseconds, and a corpus has a key per fact).
    groups: dict[tuple[str, str, str | None, str], list[Any]] = defaultdict(list)
    for row in rows.itertuples(index=False):
        entity_valued = comparable[row.predicate].value_type == "entity"
        key_object = None if entity_valued or pd.isna(row.object_id) else str(row.object_id)
        scope = TOTAL if pd.isna(row.scope) else str(row.scope)
        groups[(str(row.subject_id), str(row.predicate), key_object, scope)].append(row)
    items_by_key: dict[tuple[str, str, str | None, str], list[Item]] = defaultdict(list)
    for key in sorted(groups, key=lambda k: tuple(str(part) for part in k)):
        value_type = comparable[key[1]].value_type
        items = [item for item in _items(groups[key], value_type, names) if item is not None]
        items_by_key[key].extend(items)
    _add_totals_from_parts(items_by_key)
    for (subject, predicate, key_object, scope), items in sorted(
        items_by_key.items(), key=lambda kv: tuple(str(k) for k in kv[0])
    ):
        kind = KIND_BY_VALUE_TYPE[comparable[predicate].value_type]
        for extent, sides in _conflicts(items):
            yield _value_discrepancy(
                kind, extent, subject, comparable[predicate], key_object, scope, sides, names
            )


def _items(group: list[Any], value_type: str, names: dict[str, str]) -> Iterator[Item | None]:
    for row in group:
        approximate = row.bound in APPROXIMATE_BOUNDS
        voice = _voice(row.attributed_to, names)
        statement = (row.statement_id,)
        if value_type in {"entity", "category"}:
            value = row.object_id if value_type == "entity" else row.value
            label = names.get(value, value)
            yield Item(row.source_id, statement, 0, 0, value, label, False, voice)
        elif value_type == "date":
            yield _date_item(row, approximate, voice)
        elif pd.notna(row.value_number):
            excluded = row.excluding.split(LIST_SEPARATOR) if isinstance(row.excluding, str) else []
            number = float(row.value_number) + len(excluded)
            low, high = _number_interval(number, row.bound)
            value = _bounded(row.bound, _number_text(number, row.unit))
            label = value
            if excluded:
                label += (
                    f" ({format_number(float(row.value_number))} + "
                    f"{', '.join(names.get(e, e) for e in excluded)})"
                )
            yield Item(row.source_id, statement, low, high, value, label, approximate, voice)


def _date_item(row: Any, approximate: bool, voice: str) -> Item | None:
    if row.value_date is None or pd.isna(row.value_date):
        return None
    first, last = _period(row.value_date, row.date_precision)
    if row.bound == "around":
        widen = {"day": 3, "month": 31, "year": 366, "decade": 5 * 366}[row.date_precision]
        first, last = first - widen, last + widen
    value = _bounded(row.bound, format_date(row.value_date, row.date_precision))
    return Item(row.source_id, (row.statement_id,), first, last, value, value, approximate, voice)


def _bounded(bound: str | None, text: str) -> str:
    return text if bound in (None, "exact") else f"{bound.replace('_', ' ')} {text}"


def _number_text(number: float, unit: str | None) -> str:
    if unit == "USD":
        return f"USD {number:,.0f}" if number == int(number) else f"USD {number:,}"
    return format_number(number)


def _period(date: dt.date, precision: str) -> tuple[int, int]:
    """First and last day (as ordinals) of the day, month, year or decade the date names."""
    if precision == "day":
        return date.toordinal(), date.toordinal()
    if precision == "month":
        following = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        return date.toordinal(), following.toordinal() - 1
    years = 10 if precision == "decade" else 1
    return date.toordinal(), dt.date(date.year + years, 1, 1).toordinal() - 1


def _number_interval(number: float, bound: str | None) -> tuple[float, float]:
    if bound == "up_to":
        return 0, number
    if bound == "at_least":
        return number, INFINITY
    if bound == "more_than":
        return number + 1e-9, INFINITY
    if bound == "nearly":
        return number - max(1.0, 0.2 * number), number
    if bound == "around":
        return number - max(1.0, 0.1 * number), number + max(1.0, 0.1 * number)
    return number, number


def _add_totals_from_parts(
    items_by_key: dict[tuple[str, str, str | None, str], list[Item]],
) -> None:
    """Deaths at the scene plus deaths later, as one source and voice give them, make a total
    that is compared with the totals others give."""
    for (subject, predicate, key_object, scope), items in list(items_by_key.items()):
        if scope != PARTS_OF_TOTAL[0]:
            continue
        later = items_by_key.get((subject, predicate, key_object, PARTS_OF_TOTAL[1]), [])
        totals = items_by_key.get((subject, predicate, key_object, TOTAL), [])
        has_total = {(item.source_id, item.voice) for item in totals}
        composed = []
        for at_scene, died_later in itertools.product(items, later):
            side = (at_scene.source_id, at_scene.voice)
            if side != (died_later.source_id, died_later.voice) or side in has_total:
                continue
            if at_scene.high == INFINITY or died_later.high == INFINITY:
                continue
            composed.append(
                Item(
                    at_scene.source_id,
                    at_scene.statement_ids + died_later.statement_ids,
                    at_scene.low + died_later.low,
                    at_scene.high + died_later.high,
                    format_number(at_scene.high + died_later.high),
                    f"{format_number(at_scene.high + died_later.high)} "
                    f"({at_scene.label} at the scene + {died_later.label} who died later)",
                    at_scene.approximate or died_later.approximate,
                    at_scene.voice,
                )
            )
        if composed:
            items_by_key[(subject, predicate, key_object, TOTAL)] = totals + composed


def _compatible(a: Item, b: Item) -> bool:
    if a.value != b.value and a.low == a.high == b.low == b.high == 0:
        return False  # entities and categories: equal labels only
    return a.low <= b.high and b.low <= a.high


def _conflicts(items: list[Item]) -> Iterator[tuple[str, list[Item]]]:
    """Within-source conflicts per source, then one between-sources conflict, for one key."""
    by_signature: dict[tuple[float, float, str], list[Item]] = defaultdict(list)
    for item in items:
        by_signature[item.signature].append(item)
    signatures = sorted(by_signature)
    by_source: dict[tuple[float, float, str], dict[str, list[Item]]] = {
        signature: defaultdict(list) for signature in signatures
    }
    for item in items:
        by_source[item.signature][item.source_id].append(item)
    within: dict[str, set[Item]] = defaultdict(set)
    between: set[Item] = set()
    for first, second in itertools.combinations(signatures, 2):
        a_items, b_items = by_signature[first], by_signature[second]
        if _compatible(a_items[0], b_items[0]):
            continue
        a_sources, b_sources = by_source[first].keys(), by_source[second].keys()
        for source in sorted(a_sources & b_sources):
            within[source].update(by_source[first][source] + by_source[second][source])
        if len(a_sources | b_sources) > 1:
            between.update(a_items + b_items)
    for source in sorted(within):
        yield "within_source", sorted(within[source], key=_item_order)
    if between and len({item.source_id for item in between}) > 1:
        yield "between_sources", sorted(between, key=_item_order)


def _item_order(item: Item) -> tuple[str, tuple[str, ...]]:
    return (item.source_id, item.statement_ids)


def _value_discrepancy(
    kind: str,
    extent: str,
    subject: str,
    predicate: PredicateIn,
    key_object: str | None,
    scope: str,
    sides: list[Item],
    names: dict[str, str],
) -> Discrepancy:
    what = f"'{predicate.label}' for {names.get(subject, subject)}"
    if key_object:
        what += f" ({names.get(key_object, key_object)})"
    if scope != TOTAL:
        what += f", scope {scope}"
    voices: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for item in sides:
        voices[item.source_id][item.label].add(item.voice)
    claims = "; ".join(
        f"{source} says "
        + " and ".join(label + _citing(by_label[label]) for label in sorted(by_label))
        for source, by_label in sorted(voices.items())
    )
    if extent == "within_source":
        description = f"{sides[0].source_id} contradicts itself on {what}: {claims}."
    else:
        description = f"Sources disagree on {what}: {claims}."
    return Discrepancy(
        kind=kind,
        extent=extent,
        severity="minor" if any(item.approximate for item in sides) else "major",
        subject_id=subject,
        predicate=predicate.id,
        object_id=key_object,
        scope=scope,
        links=tuple((statement, item.value) for item in sides for statement in item.statement_ids),
        sources=tuple(sorted({item.source_id for item in sides})),
        values=tuple(sorted({item.value for item in sides})),
        description=description,
    )


def _citing(voices: set[str]) -> str:
    named = sorted(voice for voice in voices if voice)
    own = "" in voices
    if not named:
        return ""
    return f" (citing {' and '.join(named)}{' and in its own voice' if own else ''})"


def _voice(attributed_to: object, names: dict[str, str]) -> str:
    if isinstance(attributed_to, str):
        return names.get(attributed_to, attributed_to)
    return ""


# Spelling variants -------------------------------------------------------------------------


def spelling_variants(frame: pd.DataFrame, entities: list[EntityIn]) -> Iterator[Discrepancy]:
    forms: dict[str, tuple[str, str, bool]] = {}  # form -> (entity, correct form, misspelled)
    for entity in entities:
        for wrong, right in entity.misspellings.items():
            forms[wrong] = (entity.id, right, True)
            forms.setdefault(right, (entity.id, right, False))
    if not forms:
        return
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?!\w)"
    )
    # entity -> form -> source -> first (char_start, statement_id)
    uses: dict[str, dict[str, dict[str, tuple[int, str]]]] = defaultdict(lambda: defaultdict(dict))
    for row in frame[["source_id", "statement_id", "quote", "char_start"]].itertuples(index=False):
        for form in sorted(set(pattern.findall(row.quote))):
            entity_id = forms[form][0]
            first = uses[entity_id][form].get(row.source_id)
            candidate = (int(row.char_start), row.statement_id)
            if first is None or candidate < first:
                uses[entity_id][form][row.source_id] = candidate
    for entity_id in sorted(uses):
        by_form = uses[entity_id]
        wrong_forms = sorted(f for f in by_form if forms[f][2])
        for wrong in wrong_forms:
            right = forms[wrong][1]
            wrong_sources, right_sources = by_form[wrong], by_form.get(right, {})
            for source in sorted(set(wrong_sources) & set(right_sources)):
                one_source_wrong = {source: wrong_sources[source]}
                one_source_right = {source: right_sources[source]}
                yield _spelling(
                    entity_id, wrong, right, "within_source", one_source_wrong, one_source_right
                )
            others = {s: v for s, v in right_sources.items() if s not in wrong_sources}
            if others:
                yield _spelling(entity_id, wrong, right, "between_sources", wrong_sources, others)


def _spelling(
    entity_id: str,
    wrong: str,
    right: str,
    extent: str,
    wrong_sources: dict[str, tuple[int, str]],
    right_sources: dict[str, tuple[int, str]],
) -> Discrepancy:
    links = [(statement, wrong) for _, statement in wrong_sources.values()]
    links += [(statement, right) for _, statement in right_sources.values()]
    wrong_list = ", ".join(sorted(wrong_sources))
    right_list = ", ".join(sorted(right_sources))
    if extent == "within_source":
        description = (
            f"{wrong_list} spells {right!r} as {wrong!r} in one place and {right!r} in another."
        )
    else:
        description = f"{wrong_list} writes {wrong!r} where {right_list} writes {right!r}."
    return Discrepancy(
        kind="spelling_variant",
        extent=extent,
        severity="minor",
        subject_id=entity_id,
        predicate="known_as",
        object_id=None,
        scope=None,
        links=tuple(sorted(links)),
        sources=tuple(sorted(set(wrong_sources) | set(right_sources))),
        values=(right, wrong),
        description=description,
    )


# Quote variants ----------------------------------------------------------------------------


def quotation_words(text: str) -> list[str]:
    """Words of a quotation with case, punctuation and abbreviation dots folded away."""
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(?<=\w)\.(?=\w)|(?<=\b\w)\.", "", text)
    text = re.sub(r"'s\b", "s", text)
    return re.findall(r"\w+", text)


def quote_variants(
    frame: pd.DataFrame, predicates: list[PredicateIn], names: dict[str, str]
) -> Iterator[Discrepancy]:
    quotation_predicates = [p.id for p in predicates if p.value_type == "quotation"]
    rows = frame[frame["predicate"].isin(quotation_predicates)]
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in rows.itertuples(index=False):
        groups[(row.subject_id, row.predicate)].append(row)
    for (speaker, predicate), group in sorted(groups.items()):
        quotes = {
            row.statement_id: (row.source_id, row.value, quotation_words(row.value))
            for row in group
        }
        shingles: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for statement, (_, _, words) in quotes.items():
            for i in range(max(0, len(words) - SHINGLE + 1)):
                shingles[tuple(words[i : i + SHINGLE])].add(statement)
        candidates = {
            pair
            for statements in shingles.values()
            for pair in itertools.combinations(sorted(statements), 2)
        }
        for first, second in sorted(candidates):
            found = _wording_difference(quotes[first][2], quotes[second][2])
            if found is None:
                continue
            yield _quote_variant(speaker, predicate, names, quotes, first, second, found)


def _wording_difference(a: list[str], b: list[str]) -> tuple[str, str] | None:
    """The differing words inside the stretch both quotations cover, or None if they agree."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return None
    a_start, b_start = blocks[0].a, blocks[0].b
    a_end, b_end = blocks[-1].a + blocks[-1].size, blocks[-1].b + blocks[-1].size
    inner = difflib.SequenceMatcher(None, a[a_start:a_end], b[b_start:b_end], autojunk=False)
    for tag, i1, i2, j1, j2 in inner.get_opcodes():
        if tag != "equal":
            context_a = a[a_start:a_end][max(0, i1 - 3) : i2 + 3]
            context_b = b[b_start:b_end][max(0, j1 - 3) : j2 + 3]
            return " ".join(context_a), " ".join(context_b)
    return None


def _quote_variant(
    speaker: str,
    predicate: str,
    names: dict[str, str],
    quotes: dict[str, tuple[str, str, list[str]]],
    first: str,
    second: str,
    difference: tuple[str, str],
) -> Discrepancy:
    (source_a, _, _), (source_b, _, _) = quotes[first], quotes[second]
    extent = "within_source" if source_a == source_b else "between_sources"
    description = (
        f"{source_a} quotes {names.get(speaker, speaker)} as '... {difference[0]} ...' "
        f"where {source_b} has '... {difference[1]} ...'."
    )
    return Discrepancy(
        kind="quote_variant",
        extent=extent,
        severity="minor",
        subject_id=speaker,
        predicate=predicate,
        object_id=None,
        scope=None,
        links=((first, difference[0]), (second, difference[1])),
        sources=tuple(sorted({source_a, source_b})),
        values=tuple(sorted(difference)),
        description=description,
    )
