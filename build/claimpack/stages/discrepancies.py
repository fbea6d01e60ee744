"""Stage: derive discrepancies. Where statements disagree, found from the data alone.

Each rule groups statements by a comparison key, so that nothing compares all pairs
(docs/codebook.md, Discrepancies, states them for coders):
- estimates: numbers and dates of single-valued predicates, by (subject, predicate, object,
  scope), as low/best/high estimates: ranges that exclude each other are a conflict (major),
  best estimates that differ inside overlapping ranges an estimate difference (minor); a
  source's parts of a total (at the scene + died later) are summed and compared with totals;
- identity: entities and categories of single-valued predicates; a category and a narrower one
  (the vocabulary's `broader`) are a refinement (minor), other different values a conflict;
- related predicates (the vocabulary's `related`): dates that must come in order (founded, then
  began operating), and the fate of the wounded (wounded in one account, died of their wounds
  in another);
- negation: a claim and its denial (`negated: true`);
- spelling variants: misspelled names, owned by the article or, inside a quotation, by the
  speaker it quotes;
- quote variants: quotations of one speaker that share a run of words but differ in wording.
A negated statement takes part only in the negation rule. Every rule but spelling reads only
the statements of one key, a subject and a predicate family (the predicates `related` joins),
so a rebuild derives again only the keys whose statements changed (derivation_cache.py).
"""

from __future__ import annotations

import collections
import datetime as dt
import difflib
import functools
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from claimpack.ids import content_id
from claimpack.models import EntityIn, PredicateIn, Relation
from claimpack.schema import TableSchema
from claimpack.scratch import scratch
from claimpack.stages.normalize import period
from claimpack.wording import (
    SourceName,
    bound_text,
    code_text,
    date_text,
    join,
    money_text,
    number_text,
    possessive,
    scope_text,
    verb,
)

KIND_BY_VALUE_TYPE = {
    "money": "amount_conflict",
    "count": "count_conflict",
    "quantity": "quantity_conflict",
    "proportion": "quantity_conflict",
    "date": "date_conflict",
    "entity": "entity_conflict",
    "category": "category_conflict",
}
ESTIMATED_TYPES = frozenset({"money", "count", "quantity", "proportion", "date"})
TOTAL = "total"
SHINGLE = 6
INFINITY = math.inf
CONFLICT, REVISION, ESTIMATE, REFINEMENT = "conflict", "revision", "estimate", "refinement"


Signature = tuple[float, float, float, float, str]  # low, high, best_low, best_high, value


class Item(NamedTuple):
    """One side of a comparison: the statements behind one compared value from one voice of
    one source (made once for all of them: a value thousands of statements give is one item).
    A named tuple, not a frozen dataclass: one is made for every group of statements, five
    times faster."""

    source_id: str
    statement_ids: tuple[str, ...]
    low: float  # the range the value can have (-inf/inf where open)
    high: float
    best_low: float  # the best estimate: a number, or the period a date names at its precision
    best_high: float
    value: str  # the compared value, canonical: "4", "around 2007", "donald-trump"
    label: str  # how the description shows it: "4 (Nemesio Rubén Oseguera Cervantes + 3)"
    voice: str  # the claimant's name; "" for the article's own voice
    composed: bool = False  # a whole added up from its parts, a statement of each part

    @property
    def signature(self) -> Signature:
        return (self.low, self.high, self.best_low, self.best_high, self.value)


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
    rule: str = "estimate"
    related_predicate: str | None = None

    @functools.cached_property
    def discrepancy_id(self) -> str:
        parts: dict[str, Any] = {
            "kind": self.kind,
            "extent": self.extent,
            "subject": self.subject_id,
            "predicate": self.predicate,
            "object": self.object_id,
            "scope": self.scope,
            "statements": sorted(statement for statement, _ in self.links),
        }
        if self.related_predicate:
            parts["related"] = self.related_predicate
        return content_id("dc", parts)


@dataclass
class Context:
    """What every rule needs besides the statements: names and the vocabulary."""

    names: dict[str, str]
    predicates: dict[str, PredicateIn]
    sources: dict[str, SourceName] = field(default_factory=dict)

    def name(self, entity_id: str | None) -> str:
        return self.names.get(entity_id, entity_id) if entity_id else ""

    def source(self, source_id: str, *extra: str) -> str:
        return self.sources.get(source_id, SourceName(source_id)).render(*extra)

    def published(self, source_id: str) -> dt.date | None:
        name = self.sources.get(source_id)
        return name.published if name else None


# The columns the rules compare (the quotes, most of a row's bytes, are read only where a
# registered spelling occurs in them: spelling_variants).
RULE_COLUMNS = (
    "statement_id", "source_id", "subject_id", "predicate", "object_id", "value",
    "value_number", "unit", "value_date", "date_precision", "bound", "value_low", "value_high",
    "date_low", "date_high", "scope", "excluding", "negated", "attributed_to", "char_start",
)  # fmt: skip


def derive_discrepancies(
    statements: pa.Table,
    predicates: list[PredicateIn],
    entities: list[EntityIn],
    sources: dict[str, SourceName] | None = None,
) -> list[Discrepancy]:
    """Every discrepancy the coded statements contain, in a stable order. `sources` names each
    source in the descriptions (by default its id)."""
    context = context_of(predicates, entities, sources)
    return in_order(
        [
            *keyed_discrepancies(statements, context),
            *spelling_variants(statements, entities, context),
        ]
    )


def context_of(
    predicates: list[PredicateIn],
    entities: list[EntityIn],
    sources: dict[str, SourceName] | None = None,
) -> Context:
    """What the rules read besides the statements, in the lookups they use."""
    return Context(
        {entity.id: entity.name for entity in entities},
        {predicate.id: predicate for predicate in predicates},
        dict(sources or {}),
    )


def in_order(found: list[Discrepancy]) -> list[Discrepancy]:
    """The published order, whichever way the discrepancies were found."""
    return sorted(found, key=lambda d: (d.kind, d.subject_id, d.predicate, d.discrepancy_id))


def keyed_discrepancies(statements: pa.Table, context: Context) -> list[Discrepancy]:
    """The discrepancies of every rule but spelling. Each reads only statements of one key:
    a subject and a predicate family (predicate_families), so the discrepancies of a key are
    derived from its statements alone (derivation_cache.py relies on it). The statements stay
    in Arrow; Python objects are made only of what a rule compares one by one."""
    rows = statements.select([name for name in RULE_COLUMNS if name in statements.column_names])
    if "negated" in rows.column_names:
        negated = pc.fill_null(rows["negated"], False)
        rows = rows.drop_columns(["negated"])
    else:
        negated = pa.repeat(pa.scalar(False), rows.num_rows)
    rows = rows.append_column("negated", negated)
    items = value_items(rows, context)
    return [
        *value_conflicts(items, context),
        *related_conflicts(items, context),
        *negation_conflicts(rows, context),
        *quote_variants(rows, context),
    ]


def predicate_families(predicates: list[PredicateIn]) -> dict[str, str]:
    """Each predicate's family: the predicates the vocabulary relates (`related`), joined
    transitively and named by their smallest id; a predicate without relations is its own."""
    family = {predicate.id: predicate.id for predicate in predicates}

    def root(name: str) -> str:
        while family[name] != name:
            name = family[name]
        return name

    for predicate in predicates:
        for relation in predicate.related:
            if relation.predicate in family:  # the rules skip a relation to no predicate
                first, second = root(predicate.id), root(relation.predicate)
                family[max(first, second)] = min(first, second)
    return {name: root(name) for name in family}


def discrepancy_key(discrepancy: Discrepancy, families: dict[str, str]) -> tuple[str, str]:
    """The key whose statements a discrepancy (not a spelling variant) is derived from."""
    predicate = discrepancy.predicate
    return (discrepancy.subject_id, families.get(predicate, predicate))


def _plain_rows(statements: pa.Table) -> list[Any]:
    """The rows as named tuples of plain Python values: enums (dictionary columns) as text,
    lists as tuples (rows go in sets). For the few rows a rule reads one by one."""
    row: Any = collections.namedtuple("Row", statements.column_names)  # type: ignore[misc]
    columns = [
        [None if v is None else tuple(v) for v in column.to_pylist()]
        if pa.types.is_list(column.type)
        else column.to_pylist()
        for column in statements.columns
    ]
    return [row(*values) for values in zip(*columns, strict=True)]


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
            "related_predicate": d.related_predicate,
            "object_id": d.object_id,
            "scope": d.scope,
            "values": list(d.values),
            "source_count": len(d.sources),
            "source_ids": list(d.sources),
            "statement_count": len({statement for statement, _ in d.links}),
            "rule": d.rule,
            "description": d.description,
        }
        for d in found
    ]
    links = pa.table(
        {
            "discrepancy_id": pa.array(
                (d.discrepancy_id for d in found for _ in d.links), pa.string()
            ),
            "statement_id": pa.array((s for d in found for s, _ in d.links), pa.string()),
            "value": pa.array((v for d in found for _, v in d.links), pa.string()),
        }
    )
    with scratch() as db:  # a statement's values in a discrepancy, once and in order
        db.register("links", links)
        compared = db.sql(
            "SELECT discrepancy_id, statement_id, list_sort(list_distinct(list(value))) "
            "AS compared_value FROM links GROUP BY ALL"
        ).to_arrow_table()
    return (
        schemas["discrepancies"].table(rows),
        schemas["discrepancy_statements"].from_arrow(compared),
    )


# Items: each statement of a single-valued predicate as a compared value ----------------------

Key = tuple[str, str, str | None, str]  # subject, predicate, object (None for entities), scope
# The columns an item's compared value is made from (_item); the rest of it is whose it is.
VALUE_COLUMNS = (
    "predicate", "object_id", "value", "value_number", "unit", "value_date", "date_precision",
    "bound", "value_low", "value_high", "date_low", "date_high", "excluding",
)  # fmt: skip


def value_items(statements: pa.Table, context: Context) -> dict[Key, list[Item]]:
    """The compared values of every single-valued predicate, by comparison key, with each
    source's parts of a total added up into a total (a negated statement is not compared).
    DuckDB groups the statements by what makes an item (a value, its key, its source and
    voice): a value is made once however many statements give it, and a group is one item."""
    comparable = {
        p.id: p
        for p in context.predicates.values()
        if p.single_valued and p.value_type in KIND_BY_VALUE_TYPE
    }
    names = [c for c in VALUE_COLUMNS if c in statements.column_names]
    value_columns = ", ".join(f'"{name}"' for name in names)
    affirmed = "NOT coalesce(negated, false)" if "negated" in statements.column_names else "true"
    with scratch() as db:
        db.register("statements", statements)
        db.execute(
            f"CREATE TEMP TABLE groups AS SELECT {value_columns}, subject_id, scope, source_id, "
            "attributed_to, list(statement_id) AS statements FROM statements "
            f"WHERE {affirmed} AND list_contains($comparable, predicate::VARCHAR) GROUP BY ALL",
            {"comparable": list(comparable)},
        )
        values = _plain_rows(
            db.sql(
                f"SELECT DISTINCT {value_columns} FROM groups ORDER BY {value_columns}"
            ).to_arrow_table()
        )
        groups = db.sql(
            f"SELECT dense_rank() OVER (ORDER BY {value_columns}) - 1 AS value, subject_id, "
            "scope, source_id, attributed_to, statements FROM groups"
        ).to_arrow_table()
    # Of each value, once: its key's predicate and object, and what it compares.
    made = [
        (value.predicate, _key_object(value, comparable), compared)
        if (compared := _compared(value, comparable[value.predicate].value_type, context))
        is not None
        else None
        for value in values
    ]
    scope_of = functools.cache(scope_key)
    voice_of = functools.cache(lambda claimant: context.name(_text(claimant)))
    statements_of: dict[tuple[Key, str, str, Compared], list[str]] = defaultdict(list)
    names = ["value", "subject_id", "scope", "source_id", "attributed_to", "statements"]
    for code, subject, scope, source, claimant, ids in zip(
        *(groups[name].to_pylist() for name in names), strict=True
    ):
        if (found := made[code]) is not None:
            predicate, key_object, compared = found
            key = (subject, predicate, key_object, scope_of(scope))
            statements_of[(key, source, voice_of(claimant), compared)] += ids
    items_by_key: dict[Key, list[Item]] = defaultdict(list)
    for (key, source, voice, compared), ids in statements_of.items():
        items_by_key[key].append(Item(source, tuple(sorted(set(ids))), *compared, voice))
    for predicate in comparable.values():
        for whole, parts in predicate.parts.items():
            _add_totals_from_parts(items_by_key, predicate.id, whole, parts)
    return {
        key: sorted(items, key=_item_order)
        for key, items in sorted(items_by_key.items(), key=_key_order)
    }


def _key_object(value: Any, comparable: dict[str, PredicateIn]) -> str | None:
    """The object a value's comparison key has: none for an entity, which is the value."""
    return None if comparable[value.predicate].value_type == "entity" else _text(value.object_id)


def scope_key(scope: object) -> str:
    """Scopes as coders write them compare without regard to case or spacing ("Foreign
    Terrorist Organization" and "foreign terrorist organization"); no scope is the total."""
    text = _text(scope)
    return " ".join(text.casefold().split()) if text else TOTAL


def _key_order(entry: tuple[Key, list[Item]]) -> tuple[str, ...]:
    return tuple(str(part) for part in entry[0])


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


# What an item compares: low, high, best_low, best_high, value, label (Item's fields).
Compared = tuple[float, float, float, float, str, str]


def _compared(row: Any, value_type: str, context: Context) -> Compared | None:
    """The compared value a row's VALUE_COLUMNS make, or None where it has none to compare."""
    if value_type in {"entity", "category"}:
        value = row.object_id if value_type == "entity" else row.value
        label = context.name(value) if value_type == "entity" else code_text(value)
        return (0, 0, 0, 0, value, label)
    if value_type == "date":
        if row.value_date is None:
            return None
        best_low, best_high = (d.toordinal() for d in period(row.value_date, row.date_precision))
        low = _ordinal(row.date_low, -INFINITY)
        high = _ordinal(row.date_high, INFINITY)
        label = bound_text(row.bound, date_text(row.value_date, row.date_precision))
        return (low, high, best_low, best_high, bound_text(row.bound, row.value), label)
    if not _known(row.value_number):
        return _compared_range(row, value_type, context)
    excluded = [] if row.excluding is None else list(row.excluding)
    number = float(row.value_number) + len(excluded)
    low = float(row.value_low) + len(excluded) if _known(row.value_low) else 0.0
    high = float(row.value_high) + len(excluded) if _known(row.value_high) else INFINITY
    shown = _number_label(float(row.value_number), row.unit, value_type)
    label = bound_text(row.bound, _number_label(number, row.unit, value_type))
    if excluded:
        others = f"{shown} {'other' if float(row.value_number) == 1 else 'others'}"
        label += f" ({join([*(context.name(e) for e in excluded), others])})"
    value = bound_text(row.bound, _number_value(number, row.unit))
    return (low, high, number, number, value, label)


def _compared_range(row: Any, value_type: str, context: Context) -> Compared | None:
    """A range the article gives instead of a number ("between 20 and 30"): its best estimate
    is the whole range, as a date's is its period, so that any number in it agrees. None for a
    vague value ("several"), which has no number and is never compared."""
    if not (_known(row.value_low) and _known(row.value_high)):
        return None
    excluded = [] if row.excluding is None else list(row.excluding)
    written = float(row.value_low), float(row.value_high)
    low, high = (end + len(excluded) for end in written)

    def label_of(number: float) -> str:
        return _number_label(number, row.unit, value_type)

    label = _span_text(low, high, label_of)
    if excluded:
        others = f"{_span_text(*written, label_of)} others"
        label += f" ({join([*(context.name(e) for e in excluded), others])})"
    value = _span_text(low, high, lambda number: _number_value(number, row.unit))
    return (low, high, low, high, value, label)


def _span_text(low: float, high: float, shown: Callable[[float], str]) -> str:
    """A best estimate as a reader says it: one number, or a range ("20 to 30")."""
    return shown(low) if low == high else f"{shown(low)} to {shown(high)}"


def _known(number: float | None) -> bool:
    return number is not None and not math.isnan(number)


def _ordinal(date: object, default: float) -> float:
    if isinstance(date, dt.date):
        return float(date.toordinal())
    return default


def _number_label(number: float, unit: str | None, value_type: str) -> str:
    if value_type == "money":
        return money_text(number, unit)
    return number_text(number)


def _number_value(number: float, unit: str | None) -> str:
    """The canonical compared value: "4", "USD 15,000,000"."""
    if unit == "USD":
        return f"USD {number:,.0f}" if number == int(number) else f"USD {number:,}"
    return str(int(number)) if number == int(number) else repr(number)


def _add_totals_from_parts(
    items_by_key: dict[Key, list[Item]], predicate: str, whole: str, parts: list[str]
) -> None:
    """The parts of a whole (deaths at the scene plus deaths later), as one source and voice
    give them all, make a whole that is compared with the wholes others give: one whole for
    each way of taking a statement of each part."""
    for subject, key_predicate, key_object, scope in list(items_by_key):
        if key_predicate != predicate or scope != parts[0]:
            continue
        part_items = [
            _per_statement(items_by_key.get((subject, predicate, key_object, part), []))
            for part in parts
        ]
        wholes = items_by_key.get((subject, predicate, key_object, whole), [])
        has_whole = {(item.source_id, item.voice) for item in wholes}
        composed = []
        for combination in itertools.product(*part_items):
            side = (combination[0].source_id, combination[0].voice)
            if any((item.source_id, item.voice) != side for item in combination):
                continue
            if side in has_whole:
                continue
            best = sum(item.best_low for item in combination)
            best_high = sum(item.best_high for item in combination)  # a part may be a range
            label = (
                _span_text(best, best_high, number_text)
                + " ("
                + " + ".join(
                    f"{item.label} {scope_text(part)}"
                    for item, part in zip(combination, parts, strict=True)
                )
                + ")"
            )
            composed.append(
                Item(
                    side[0],
                    tuple(s for item in combination for s in item.statement_ids),
                    sum(item.low for item in combination),
                    sum(item.high for item in combination),
                    best,
                    best_high,
                    _span_text(best, best_high, lambda number: _number_value(number, None)),
                    label,
                    side[1],
                    composed=True,
                )
            )
        if composed:
            items_by_key[(subject, predicate, key_object, whole)] = wholes + composed


def _per_statement(items: list[Item]) -> list[Item]:
    return [item._replace(statement_ids=(s,)) for item in items for s in item.statement_ids]


def _item_order(item: Item) -> tuple[str, tuple[str, ...]]:
    return (item.source_id, item.statement_ids)


# Comparing two values --------------------------------------------------------------------


def compare(a: Item, b: Item, predicate: PredicateIn) -> str | None:
    """conflict, estimate (difference), refinement, or None where the two agree."""
    if predicate.value_type in {"entity", "category"}:
        if a.value == b.value:
            return None
        if predicate.value_type == "category" and (
            narrower(a.value, b.value, predicate) or narrower(b.value, a.value, predicate)
        ):
            return REFINEMENT
        return CONFLICT
    if a.high < b.low or b.high < a.low:
        return CONFLICT
    if _nested(a, b):
        return None
    return ESTIMATE


def _nested(a: Item, b: Item) -> bool:
    """The best estimates agree: equal numbers, or one date's period inside the other's (a year
    and a month in it agree at the precision both give)."""
    return (a.best_low <= b.best_low and b.best_high <= a.best_high) or (
        b.best_low <= a.best_low and a.best_high <= b.best_high
    )


def narrower(value: str, other: str, predicate: PredicateIn) -> bool:
    """`value` is a narrower category than `other` (reached by following `broader`)."""
    seen = {value}
    while value in predicate.broader:
        value = predicate.broader[value]
        if value == other:
            return True
        if value in seen:
            return False
        seen.add(value)
    return False


# Value conflicts: one key, many sources ----------------------------------------------------


def value_conflicts(items_by_key: dict[Key, list[Item]], context: Context) -> Iterator[Discrepancy]:
    for (subject, predicate_id, key_object, scope), items in items_by_key.items():
        predicate = context.predicates[predicate_id]
        comparer = functools.partial(compare, predicate=predicate)
        revises = functools.partial(_revises, context=context) if predicate.cumulative else None
        for extent, tier, sides in _tiers(items, comparer, revises):
            yield _value_discrepancy(
                tier, extent, subject, predicate, key_object, scope, sides, context
            )


def _tiers(
    items: list[Item], comparer: Any, revises: Callable[..., bool] | None = None
) -> Iterator[tuple[str, str, list[Item]]]:
    """(extent, tier, items) for each kind of disagreement among the items of one key: within
    each source, then between sources; each pair of values is compared once. The items of one
    value (signature) and source go in or stay out together, so the pairs record values, not
    items: a value many sources give costs one entry, not one per item. With `revises` (a
    cumulative count), a conflict of two values that `revises` finds told in order of time is
    a revision."""
    by_side: dict[tuple[Signature, str], list[Item]] = defaultdict(list)
    for item in items:
        by_side[(item.signature, item.source_id)].append(item)
    sources: dict[Signature, set[str]] = defaultdict(set)
    for signature, source in by_side:
        sources[signature].add(source)
    within: dict[tuple[str, str], set[Signature]] = defaultdict(set)
    between: dict[str, set[Signature]] = defaultdict(set)
    for first, second in itertools.combinations(sorted(sources), 2):
        tier = comparer(by_side[(first, min(sources[first]))][0],
                        by_side[(second, min(sources[second]))][0])  # fmt: skip
        if tier is None:
            continue
        if tier == CONFLICT and revises is not None:
            low, high = sorted((first, second), key=lambda signature: signature[:2])
            if revises(sources[low], sources[high]):
                tier = REVISION
        for source in sources[first] & sources[second]:
            within[(source, tier)].update((first, second))
        if len(sources[first] | sources[second]) > 1:
            between[tier].update((first, second))
    tier_order = {CONFLICT: 0, REVISION: 1, REFINEMENT: 2, ESTIMATE: 3}
    for source, tier in sorted(within, key=lambda k: (k[0], tier_order[k[1]])):
        sides = {i for signature in within[(source, tier)] for i in by_side[(signature, source)]}
        yield "within_source", tier, sorted(sides, key=_item_order)
    for tier in sorted(between, key=tier_order.__getitem__):
        sides = {i for s in between[tier] for source in sources[s] for i in by_side[(s, source)]}
        if len({item.source_id for item in sides}) > 1:
            yield "between_sources", tier, sorted(sides, key=_item_order)


def _revises(earlier: set[str], later: set[str], context: Context) -> bool:
    """Whether every source of the lower count was published before every source of the
    higher one, all of them dated: the count grew between reports, as a toll does while the
    dead are found and the wounded die, and the later report revises the earlier. A source
    that gives the lower count as late as another gives the higher one disagrees with it."""
    lower = [context.published(source) for source in earlier]
    higher = [context.published(source) for source in later]
    if None in lower or None in higher:
        return False
    return max(d for d in lower if d) < min(d for d in higher if d)


def _value_discrepancy(
    tier: str,
    extent: str,
    subject: str,
    predicate: PredicateIn,
    key_object: str | None,
    scope: str,
    sides: list[Item],
    context: Context,
) -> Discrepancy:
    what = _what(predicate, subject, key_object, scope, context)
    claims = _claims_by_value(sides, context)
    source = sides[0].source_id
    voices = {item.voice for item in sides}
    if tier == CONFLICT:
        kind = KIND_BY_VALUE_TYPE[predicate.value_type]
        if extent == "within_source":
            if len(voices) > 1:
                description = (
                    f"{context.source(source)} reports accounts that cannot both be true of "
                    f"{what}: {_within_claims(sides)}."
                )
            else:
                description = (
                    f"{context.source(source)} contradicts itself on {what}: it gives "
                    f"{_within_claims(sides)}."
                )
        else:
            description = f"Sources disagree on {what}: {claims}."
    elif tier == REVISION:
        kind = "count_revision"
        description = (
            f"On {what}, later reports count more: {claims}. The count grows as reports come in "
            "(the dead are found, the wounded die), so the later, higher count revises the "
            "earlier one rather than contradicting it."
        )
    elif tier == REFINEMENT:
        kind = "refinement"
        narrowest = [i for i in sides if any(narrower(i.value, j.value, predicate) for j in sides)]
        broadest = [i for i in sides if i not in narrowest]
        more = sorted({i.source_id for i in narrowest})
        description = (
            f"On {what}, {claims}. {join([context.source(s) for s in more])} "
            f"{verb(len(more), 'claims', 'claim')} more: "
            f"{join(sorted({i.label for i in narrowest}))} "
            f"{verb(len({i.label for i in narrowest}), 'refines', 'refine')} "
            f"{join(sorted({i.label for i in broadest}))}, so this is a refinement, not a "
            "contradiction."
        )
        if extent == "within_source":
            description = f"Within {context.source(source)}: " + description
    else:
        kind = "estimate_difference"
        ranges = join(sorted({_range_text(i, predicate) for i in sides}))
        lead = (
            f"{context.source(source)} gives different best estimates of {what}"
            if extent == "within_source"
            else f"Sources give different best estimates of {what}"
        )
        apart = any(a.high < b.low or b.high < a.low for a, b in itertools.combinations(sides, 2))
        overlap = (  # each one's with another's, when not all of them meet (a conflict apart)
            f"Each range overlaps another ({ranges}), so those differences are of estimate; "
            "the values whose ranges do not meet are a conflict, listed apart."
            if apart
            else f"Their ranges overlap ({ranges}), so the difference is one of estimate."
        )
        description = (
            f"{lead}: {claims if extent == 'between_sources' else _within_claims(sides)}. "
            + overlap
        )
    rule = "identity" if predicate.value_type in {"entity", "category"} else "estimate"
    if tier == REFINEMENT:
        rule = "broader_narrower"
    if any(item.composed for item in sides):
        rule = "parts_of_total"
    if tier == REVISION:
        rule = "later_report"
    return Discrepancy(
        kind=kind,
        extent=extent,
        severity="major" if tier == CONFLICT else "minor",
        subject_id=subject,
        predicate=predicate.id,
        object_id=key_object,
        scope=scope,
        links=tuple((statement, item.value) for item in sides for statement in item.statement_ids),
        sources=tuple(sorted({item.source_id for item in sides})),
        values=tuple(sorted({item.value for item in sides})),
        description=description,
        rule=rule,
    )


def _what(
    predicate: PredicateIn, subject: str, key_object: str | None, scope: str, context: Context
) -> str:
    """ "Cartel de Jalisco Nueva Generación (founded)", "Military operation in Tapalpa
    (number killed, counting Cartel de Jalisco Nueva Generación, at the scene)"."""
    detail = predicate.label
    if key_object:
        joiner = ", counting " if predicate.value_type == "count" else " "
        detail += joiner + context.name(key_object)
    if scope != TOTAL:
        detail += f", {scope_text(scope)}"
    return f"{context.name(subject)} ({detail})"


def _citing(voices: Iterable[str]) -> str:
    named = sorted(voice for voice in set(voices) if voice)
    if not named:
        return ""
    return "citing " + join(named) + (" and in its own voice" if "" in set(voices) else "")


def _claims_by_value(sides: list[Item], context: Context) -> str:
    """ "A (citing X) and B say 4; C says 7": values in order of their best estimate, the same
    value in other words ("$15 million", "up to $15 million" offered) kept together."""
    by_value: dict[tuple[float, float, float, float, str], dict[str, dict[str, set[str]]]] = (
        defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    )
    for item in sides:
        identity = item.value if item.low == item.high == item.best_low == 0 else ""
        same = (item.best_low, item.best_high, item.low, item.high, identity)
        by_value[same][item.label][item.source_id].add(item.voice)
    parts = []
    for same in sorted(by_value):
        wordings = []
        for number, label in enumerate(sorted(by_value[same])):
            sources = by_value[same][label]
            named = [context.source(source, _citing(voices)) for source, voices in
                     sorted(sources.items())]  # fmt: skip
            said = verb(len(named), "says", "say") if number == 0 else ""
            wordings.append(f"{join(named)} {said} {label}".replace("  ", " "))
        parts.append(", ".join(wordings))
    return "; ".join(parts)


def _within_claims(sides: list[Item]) -> str:
    """ "4 (citing X) and 7 (citing Y)" for the claims of one source."""
    by_label: dict[str, set[str]] = defaultdict(set)
    order: dict[str, float] = {}
    for item in sides:
        by_label[item.label].add(item.voice)
        order[item.label] = min(order.get(item.label, INFINITY), item.best_low)
    shown = []
    for label in sorted(by_label, key=lambda text: (order[text], text)):
        citing = _citing(by_label[label])
        shown.append(f"{label} ({citing})" if citing else label)
    return join(shown)


def _range_text(item: Item, predicate: PredicateIn) -> str:
    if predicate.value_type == "date":
        low = "open" if item.low == -INFINITY else dt.date.fromordinal(int(item.low)).isoformat()
        high = "open" if item.high == INFINITY else dt.date.fromordinal(int(item.high)).isoformat()
    else:
        show = (lambda n: money_text(n, predicate.unit)) if predicate.value_type == "money" \
            else number_text  # fmt: skip
        low = show(item.low)
        high = "open" if item.high == INFINITY else show(item.high)
    return f"{item.label}: {low} to {high}" if low != high else f"{item.label}: {low}"


# Related predicates ------------------------------------------------------------------------


def related_conflicts(
    items_by_key: dict[Key, list[Item]], context: Context
) -> Iterator[Discrepancy]:
    """Claims of predicates the vocabulary relates (`related`), compared by the relation's
    rule: `order` or `fate`."""
    for predicate in context.predicates.values():
        for relation in predicate.related:
            other = context.predicates.get(relation.predicate)
            if other is None:
                continue
            if relation.rule == "order":
                yield from _order_conflicts(items_by_key, predicate, other, relation, context)
            elif relation.rule == "fate":
                yield from _fate_conflicts(items_by_key, predicate, other, relation, context)


def _order_conflicts(
    items_by_key: dict[Key, list[Item]],
    first: PredicateIn,
    then: PredicateIn,
    relation: Relation,
    context: Context,
) -> Iterator[Discrepancy]:
    """`first` must not come after `then` (an organization is founded, then begins operating):
    a first date whose range lies wholly after the other's is a conflict, one whose best
    estimate does is an estimate difference."""
    for (subject, predicate_id, key_object, scope), earlier in items_by_key.items():
        if predicate_id != first.id:
            continue
        later = items_by_key.get((subject, then.id, key_object, relation.scope or scope), [])
        pairs: dict[tuple[str, str], set[tuple[Item, Item]]] = defaultdict(set)
        for a, b in itertools.product(earlier, later):
            if a.low > b.high:
                tier = CONFLICT
            elif a.best_low > b.best_high:
                tier = ESTIMATE
            else:
                continue
            extent = "within_source" if a.source_id == b.source_id else "between_sources"
            pairs[(extent, tier)].add((a, b))
        for (extent, tier), found in sorted(pairs.items()):
            firsts = sorted({a for a, _ in found}, key=_item_order)
            thens = sorted({b for _, b in found}, key=_item_order)
            overlap = (
                "The ranges overlap, so the difference is one of estimate."
                if tier == ESTIMATE
                else "The ranges exclude each other."
            )
            description = (
                f"On {context.name(subject)}, {_who_says(firsts, context, first.label)}, "
                f"later than {_who_says(thens, context, then.label)}: {relation.note}. {overlap}"
            )
            sides = firsts + thens
            yield Discrepancy(
                kind="date_conflict" if tier == CONFLICT else "estimate_difference",
                extent=extent,
                severity="major" if tier == CONFLICT else "minor",
                subject_id=subject,
                predicate=first.id,
                object_id=key_object,
                scope=scope,
                links=(links := _labelled_links(((first.label, firsts), (then.label, thens)))),
                sources=tuple(sorted({item.source_id for item in sides})),
                values=tuple(sorted({value for _, value in links})),
                description=description,
                rule="order",
                related_predicate=then.id,
            )


def _labelled_links(
    groups: tuple[tuple[str, list[Item]], ...],
) -> tuple[tuple[str, str], ...]:
    """(statement, "label value") for every statement of every labelled group of items: the
    sides of a rule that compares two predicates or two fates."""
    return tuple(
        (statement, f"{label} {item.value}")
        for label, items in groups
        for item in items
        for statement in item.statement_ids
    )


def _who_says(items: list[Item], context: Context, before: str = "", after: str = "") -> str:
    """ "A (citing X) and B say founded 2010": the sources behind each value, with the words
    before and after the value that say what it is."""
    by_label: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for item in items:
        by_label[item.label][item.source_id].add(item.voice)
    parts = []
    for label, sources in sorted(by_label.items()):
        named = [context.source(s, _citing(v)) for s, v in sorted(sources.items())]
        value = " ".join(part for part in (before, label, after) if part)
        parts.append(f"{join(named)} {verb(len(named), 'says', 'say')} {value}")
    return join(parts)


def _fate_conflicts(
    items_by_key: dict[Key, list[Item]],
    wounded: PredicateIn,
    killed: PredicateIn,
    relation: Relation,
    context: Context,
) -> Iterator[Discrepancy]:
    """People counted as wounded, apart from the killed, in one account, and the same number
    said to have been wounded and died later in another: the same people, with another fate.
    Groups compare when they are the same or one is unnamed ("people"). The keys of the killed
    are looked up by subject, in their order, not gone through for every key of the wounded."""
    died_scope = relation.scope or TOTAL
    killed_keys: dict[str, list[tuple[str | None, str, list[Item]]]] = defaultdict(list)
    for (k_subject, k_predicate, k_group, k_scope), items in items_by_key.items():
        if k_predicate == killed.id:
            killed_keys[k_subject].append((k_group, k_scope, items))
    for (subject, predicate_id, group, scope), wounded_items in items_by_key.items():
        if predicate_id != wounded.id or scope != TOTAL:
            continue
        died: list[tuple[str | None, Item]] = []
        killed_voices: set[tuple[str, str]] = set()
        died_voices: set[tuple[str, str]] = set()
        for k_group, k_scope, items in killed_keys.get(subject, []):
            if not (k_group == group or k_group is None or group is None):
                continue
            for item in items:
                killed_voices.add((item.source_id, item.voice))
                if k_scope == died_scope and not item.composed:
                    died.append((k_group, item))
                    died_voices.add((item.source_id, item.voice))
        alive = [
            item
            for item in wounded_items
            if (item.source_id, item.voice) in killed_voices - died_voices
        ]
        pairs: dict[str, set[tuple[Item, Item]]] = defaultdict(set)
        for a, (_, b) in itertools.product(alive, died):
            if a.low <= b.high and b.low <= a.high:
                extent = "within_source" if a.source_id == b.source_id else "between_sources"
                pairs[extent].add((a, b))
        for extent, found in sorted(pairs.items()):
            alive_items = sorted({a for a, _ in found}, key=_item_order)
            died_items = sorted({b for _, b in found}, key=_item_order)
            counted = f", {context.name(group)}" if group else ""
            description = (
                f"On {context.name(subject)} (the wounded{counted}), "
                + _who_says(alive_items, context, after="were wounded, apart from those killed")
                + "; "
                + _who_says(died_items, context, after="were wounded and died later")
                + ". The same number of people is alive in one account and dead in the other: "
                f"{relation.note}."
            )
            sides = alive_items + died_items
            yield Discrepancy(
                kind="fate_conflict",
                extent=extent,
                severity="major",
                subject_id=subject,
                predicate=wounded.id,
                object_id=group,
                scope=TOTAL,
                links=(links := _labelled_links((("wounded", alive_items), ("died", died_items)))),
                sources=tuple(sorted({item.source_id for item in sides})),
                values=tuple(sorted({value for _, value in links})),
                description=description,
                rule="fate",
                related_predicate=killed.id,
            )


# Negation ----------------------------------------------------------------------------------


# The columns the negation rule reads of a statement.
NEGATION_COLUMNS = [
    "statement_id", "source_id", "subject_id", "predicate", "object_id", "value", "scope",
    "attributed_to", "char_start",
]  # fmt: skip


def negation_conflicts(statements: pa.Table, context: Context) -> Iterator[Discrepancy]:
    """A negated claim against the same claim affirmed. A denial of the whole (no scope) clashes
    with an affirmation of any part, and a denial of a part with an affirmation of that part
    (major); a denial of a part against an affirmation of the whole is minor, as the
    affirmation may not cover that part. Absence of a mention is never a denial."""
    rows = statements.select([c for c in NEGATION_COLUMNS if c in statements.column_names])
    negated = _plain_rows(rows.filter(statements["negated"]))
    if not negated:
        return
    denied = {(row.subject_id, row.predicate) for row in negated}
    maybe_affirmed = pc.and_(
        pc.invert(statements["negated"]),
        pc.is_in(statements["subject_id"], pa.array(sorted({s for s, _ in denied}), pa.string())),
    )
    by_key: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in _plain_rows(rows.filter(maybe_affirmed)):
        if (row.subject_id, row.predicate) in denied:
            by_key[(row.subject_id, row.predicate)].append(row)
    found: dict[tuple[str, str, str, str, str], tuple[set[Any], set[Any]]] = {}
    for denial in negated:
        predicate = context.predicates[denial.predicate]
        for claim in by_key.get((denial.subject_id, denial.predicate), []):
            severity = _denial_severity(denial, claim, predicate)
            if severity is None:
                continue
            same_source = denial.source_id == claim.source_id
            extent = "within_source" if same_source else "between_sources"
            key = (denial.subject_id, denial.predicate, _claim_value(denial), extent, severity)
            denials, claims = found.setdefault(key, (set(), set()))
            denials.add(denial)
            claims.add(claim)
    for (subject, predicate_id, _, extent, severity), (denials, claims) in sorted(
        found.items(), key=lambda kv: kv[0]
    ):
        yield _negation_discrepancy(
            context.predicates[predicate_id], subject, extent, severity, denials, claims, context
        )


def _claim_value(row: Any) -> str:
    return str(_text(row.object_id) or "") + "|" + str(_text(row.value) or "")


def _denial_severity(denial: Any, claim: Any, predicate: PredicateIn) -> str | None:
    """major, minor, or None where the affirmed statement is not the claim denied."""
    if not _same_claim(denial, claim, predicate):
        return None
    denied_scope = scope_key(denial.scope)
    claimed_scope = scope_key(claim.scope)
    if denied_scope in (claimed_scope, TOTAL):
        return "major"
    if claimed_scope == TOTAL:
        return "minor"
    return None


def _same_claim(denial: Any, claim: Any, predicate: PredicateIn) -> bool:
    if predicate.value_type == "entity":
        return bool(denial.object_id == claim.object_id)
    if _text(denial.object_id) != _text(claim.object_id):
        return False
    if predicate.value_type == "category":
        return bool(denial.value == claim.value or narrower(claim.value, denial.value, predicate))
    if predicate.value_type in ESTIMATED_TYPES:
        return bool(denial.value == claim.value)
    return _folded(denial.value) == _folded(claim.value)


def _folded(value: object) -> tuple[str, ...]:
    return tuple(quotation_words(value)) if isinstance(value, str) else ()


def _negation_discrepancy(
    predicate: PredicateIn,
    subject: str,
    extent: str,
    severity: str,
    denials: set[Any],
    claims: set[Any],
    context: Context,
) -> Discrepancy:
    denials_sorted = sorted(denials, key=lambda r: (r.source_id, r.char_start, r.statement_id))
    claims_sorted = sorted(claims, key=lambda r: (r.source_id, r.char_start, r.statement_id))
    first = denials_sorted[0]
    shown = context.name(_text(first.object_id)) if predicate.value_type == "entity" else (
        code_text(first.value) if predicate.value_type == "category" else str(first.value)
    )  # fmt: skip
    claim = f"{context.name(subject)} {predicate.label} {shown}".rstrip()
    deniers = _sources_citing(denials_sorted, context)
    affirmers = _sources_citing(claims_sorted, context)
    n_deny = len({r.source_id for r in denials_sorted})
    n_affirm = len({r.source_id for r in claims_sorted})
    if severity == "major":
        description = (
            f"{deniers} {verb(n_deny, 'denies', 'deny')} what {affirmers} "
            f"{verb(n_affirm, 'affirms', 'affirm')}: {claim}."
        )
    else:
        parts = join(sorted({str(r.scope) for r in denials_sorted if _text(r.scope)}))
        description = (
            f"{deniers} {verb(n_deny, 'denies', 'deny')}, as to {parts}, what {affirmers} "
            f"{verb(n_affirm, 'affirms', 'affirm')}: {claim}. The denial covers a part and the "
            "affirmation the whole, so the two clash only if what was affirmed covered that part."
        )
    links = [(r.statement_id, _negation_value(r, shown, negated=True)) for r in denials_sorted]
    links += [(r.statement_id, _negation_value(r, shown, negated=False)) for r in claims_sorted]
    return Discrepancy(
        kind="negation_conflict",
        extent=extent,
        severity=severity,
        subject_id=subject,
        predicate=predicate.id,
        object_id=_text(first.object_id),
        scope=_text(first.scope),
        links=tuple(links),
        sources=tuple(sorted({r.source_id for r in denials_sorted + claims_sorted})),
        values=tuple(sorted({value for _, value in links})),
        description=description,
        rule="negation",
    )


def _negation_value(row: Any, shown: str, negated: bool) -> str:
    scope = _text(row.scope)
    text = shown + (f" ({scope})" if scope else "")
    return f"not {text}" if negated else text


def _sources_citing(rows: list[Any], context: Context) -> str:
    voices: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        voices[row.source_id].add(context.name(_text(row.attributed_to)))
    return join([context.source(s, _citing(v)) for s, v in sorted(voices.items())])


# Spelling variants -------------------------------------------------------------------------


@dataclass(frozen=True)
class Use:
    """A form of a name at one place in an article, and whose words it is: the article's own
    (speaker None) or a quoted speaker's."""

    source_id: str
    position: int
    statement_id: str
    speaker: str | None


def spelling_variants(
    statements: pa.Table, entities: list[EntityIn], context: Context
) -> Iterator[Discrepancy]:
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
    rows = _quoting_any(statements, sorted(forms), context)
    quotations = _quotation_spans(rows, context)
    # entity -> form -> (source, position) -> first use there
    uses: dict[str, dict[str, dict[tuple[str, int], Use]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        for match in pattern.finditer(row.quote):
            form = match[1]
            position = int(row.char_start) + match.start()
            speaker = _speaker_at(quotations.get(row.source_id, []), position)
            use = Use(row.source_id, position, row.statement_id, speaker)
            place = (row.source_id, position)
            known = uses[forms[form][0]][form].get(place)
            if known is None or use.statement_id < known.statement_id:
                uses[forms[form][0]][form][place] = use
    for entity_id in sorted(uses):
        by_form = uses[entity_id]
        for wrong in sorted(f for f in by_form if forms[f][2]):
            right = forms[wrong][1]
            yield from _spellings(
                entity_id, wrong, right, list(by_form[wrong].values()),
                list(by_form.get(right, {}).values()), context,
            )  # fmt: skip


def _quoting_any(statements: pa.Table, forms: list[str], context: Context) -> list[Any]:
    """The statements whose quote has one of the forms in it, and the direct quotations of
    their sources (which say who speaks there): what spelling_variants reads, found in Arrow
    so that the quotes of the other statements never become Python strings."""
    quotes = statements["quote"]
    mentions = functools.reduce(pc.or_, (pc.match_substring(quotes, form) for form in forms))
    quotation_predicates = [
        p.id for p in context.predicates.values() if p.value_type == "quotation"
    ]
    sources = pc.unique(statements.filter(mentions)["source_id"])
    speaking = pc.and_(
        pc.is_in(statements["predicate"], pa.array(quotation_predicates, pa.string())),
        pc.is_in(statements["source_id"], sources),
    )
    columns = ["source_id", "statement_id", "subject_id", "predicate", "value", "quote",
               "char_start"]  # fmt: skip
    return _plain_rows(statements.filter(pc.or_(mentions, speaking)).select(columns))


def _quotation_spans(rows: list[Any], context: Context) -> dict[str, list[tuple[int, int, str]]]:
    """Per source, where each coded direct quotation stands and who is quoted."""
    quotation_predicates = [p.id for p in context.predicates.values()
                            if p.value_type == "quotation"]  # fmt: skip
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for row in (row for row in rows if row.predicate in quotation_predicates):
        quote, value = str(row.quote), str(row.value)
        offset = quote.find(value)
        start, end = (0, len(quote)) if offset < 0 else (offset, offset + len(value))
        spans[row.source_id].append((int(row.char_start) + start, int(row.char_start) + end,
                                     row.subject_id))  # fmt: skip
    return spans


def _speaker_at(spans: list[tuple[int, int, str]], position: int) -> str | None:
    speakers = sorted({speaker for start, end, speaker in spans if start <= position < end})
    return speakers[0] if speakers else None


def _first_per(uses: list[Use], key: Any) -> dict[Any, Use]:
    first: dict[Any, Use] = {}
    for use in sorted(uses, key=lambda u: (u.position, u.statement_id)):
        first.setdefault(key(use), use)
    return first


def _spellings(
    entity_id: str,
    wrong: str,
    right: str,
    wrong_uses: list[Use],
    right_uses: list[Use],
    context: Context,
) -> Iterator[Discrepancy]:
    """A misspelling in an article's own words: within the article where it also writes the
    right form, and against the sources that write the right form. A misspelling inside a
    quotation: the quoted speaker's, against the sources that write the right form."""
    right_by_source = _first_per(right_uses, lambda u: u.source_id)
    own = _first_per([u for u in wrong_uses if u.speaker is None], lambda u: u.source_id)
    own_right = _first_per([u for u in right_uses if u.speaker is None], lambda u: u.source_id)
    for source in sorted(set(own) & set(own_right)):
        description = (
            f"{context.source(source)} writes both {wrong!r} and {right!r} in its own words."
        )
        yield _spelling(entity_id, wrong, right, "within_source", [own[source]],
                        [own_right[source]], description)  # fmt: skip
    others = {s: u for s, u in right_by_source.items() if s not in own}
    if own and others:
        description = (
            f"{_names(own, context)} {verb(len(own), 'writes', 'write')} {wrong!r} in "
            f"{verb(len(own), 'its', 'their')} own words where {_names(others, context)} "
            f"{verb(len(others), 'writes', 'write')} {right!r}."
        )
        yield _spelling(entity_id, wrong, right, "between_sources", list(own.values()),
                        list(others.values()), description)  # fmt: skip
    quoted_speakers = sorted({u.speaker for u in wrong_uses if u.speaker is not None})
    for speaker in quoted_speakers:
        quoting = _first_per([u for u in wrong_uses if u.speaker == speaker],
                             lambda u: u.source_id)  # fmt: skip
        writers = {s: u for s, u in right_by_source.items() if u.speaker != speaker}
        if not writers:
            continue
        sources = set(quoting) | set(writers)
        extent = "between_sources" if len(sources) > 1 else "within_source"
        description = (
            f"{_names(quoting, context)} {verb(len(quoting), 'quotes', 'quote')} "
            f"{context.name(speaker)} spelling {right!r} as {wrong!r}: the misspelling is "
            f"{possessive(context.name(speaker))}, faithfully quoted; "
            f"{_names(writers, context)} {verb(len(writers), 'writes', 'write')} {right!r}."
        )
        yield _spelling(entity_id, wrong, right, extent, list(quoting.values()),
                        list(writers.values()), description, context.name(speaker))  # fmt: skip


def _names(uses: dict[str, Use], context: Context) -> str:
    return join([context.source(source) for source in sorted(uses)])


def _spelling(
    entity_id: str,
    wrong: str,
    right: str,
    extent: str,
    wrong_uses: list[Use],
    right_uses: list[Use],
    description: str,
    speaker: str | None = None,
) -> Discrepancy:
    wrong_value = wrong if speaker is None else f"{wrong} (quoting {speaker})"
    links = {(u.statement_id, wrong_value) for u in wrong_uses}
    links |= {(u.statement_id, right) for u in right_uses}
    return Discrepancy(
        kind="spelling_variant",
        extent=extent,
        severity="minor",
        subject_id=entity_id,
        predicate="known_as",
        object_id=None,
        scope=None,
        links=tuple(sorted(links)),
        sources=tuple(sorted({u.source_id for u in wrong_uses + right_uses})),
        values=(right, wrong_value),
        description=description,
        rule="spelling",
        related_predicate=None,
    )


# Quote variants ----------------------------------------------------------------------------


ABBREVIATION_DOT = re.compile(r"(?<=\w)\.(?=\w)|(?<=\b\w)\.")
POSSESSIVE = re.compile(r"'s\b")
WORD = re.compile(r"\w+")


def quotation_words(text: str) -> list[str]:
    """Words of a quotation with case, punctuation and abbreviation dots folded away."""
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    text = ABBREVIATION_DOT.sub("", text)
    text = POSSESSIVE.sub("s", text)
    return WORD.findall(text)


def quote_variants(statements: pa.Table, context: Context) -> Iterator[Discrepancy]:
    """Every pair of quotations of one speaker (and predicate) whose words differ, found
    through shared word n-grams. Quotations with the same words are compared once as one
    wording, so a quotation many sources repeat word for word costs one comparison, not one
    per pair of sources."""
    quotation_predicates = [
        p.id for p in context.predicates.values() if p.value_type == "quotation"
    ]
    quoting = pc.and_(
        pc.is_in(statements["predicate"], pa.array(quotation_predicates, pa.string())),
        pc.invert(statements["negated"]),
    )
    columns = ["subject_id", "predicate", "statement_id", "source_id", "value"]
    rows = statements.select(columns).filter(quoting)
    groups: dict[tuple[str, str], dict[str, tuple[str, str, list[str]]]] = defaultdict(dict)
    for speaker, predicate, statement, source, value in zip(
        *(rows[name].to_pylist() for name in columns), strict=True
    ):
        groups[(speaker, predicate)][statement] = (source, value, quotation_words(value))
    for (speaker, predicate), quotes in sorted(groups.items()):
        for first, second, found in _differing_pairs(quotes):
            yield _quote_variant(speaker, predicate, context, quotes, first, second, found)


def _differing_pairs(
    quotes: dict[str, tuple[str, str, list[str]]],
) -> list[tuple[str, str, tuple[str, str]]]:
    """(first, second, difference) for every pair of statements, first < second, whose
    wordings share an n-gram and differ, in the order of the pairs."""
    by_wording: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for statement in sorted(quotes):
        by_wording[tuple(quotes[statement][2])].append(statement)
    shingles: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for wording in by_wording:
        for i in range(max(0, len(wording) - SHINGLE + 1)):
            sharing = shingles[wording[i : i + SHINGLE]]
            if not sharing or sharing[-1] != wording:  # an n-gram a wording repeats
                sharing.append(wording)
    candidates = {
        pair for wordings in shingles.values() for pair in itertools.combinations(wordings, 2)
    }
    differences: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, str] | None] = {}
    found = []
    for one, other in candidates:
        for a, b in itertools.product(by_wording[one], by_wording[other]):
            first, second = (a, b) if a < b else (b, a)
            wordings = (tuple(quotes[first][2]), tuple(quotes[second][2]))
            if wordings not in differences:
                differences[wordings] = _wording_difference(*map(list, wordings))
            difference = differences[wordings]
            if difference is not None:
                found.append((first, second, difference))
    return sorted(found)


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
    context: Context,
    quotes: dict[str, tuple[str, str, list[str]]],
    first: str,
    second: str,
    difference: tuple[str, str],
) -> Discrepancy:
    (source_a, _, _), (source_b, _, _) = quotes[first], quotes[second]
    extent = "within_source" if source_a == source_b else "between_sources"
    if extent == "within_source":
        description = (
            f"{context.source(source_a)} quotes {context.name(speaker)} twice, once as "
            f"'… {difference[0]} …' and once as '… {difference[1]} …'."
        )
    else:
        description = (
            f"{context.source(source_a)} quotes {context.name(speaker)} as "
            f"'… {difference[0]} …' where {context.source(source_b)} has "
            f"'… {difference[1]} …'."
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
        rule="wording",
    )
