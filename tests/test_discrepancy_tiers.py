"""The tiers of one comparison key, stated item by item and checked against the grouped
derivation (stages/discrepancies.py, _tiers), which compares each pair of values once.

The rule, for items of one key, a tier being conflict, refinement or estimate (compare):
- within a source and a tier: the source's items that differ by that tier from another of the
  same source's items;
- between sources in a tier: the items that differ by that tier from another item, where the
  items giving either of the two values come from more than one source; reported only where
  these items come from more than one source.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict

import pyarrow as pa
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from claimpack.models import PredicateIn
from claimpack.stages.discrepancies import (
    CONFLICT,
    ESTIMATE,
    REFINEMENT,
    Context,
    Item,
    _item_order,
    _tiers,
    compare,
    value_items,
)

from conftest import REPO
from strategies import source_ids

VOCABULARY = {
    p["id"]: PredicateIn.model_validate(p)
    for p in yaml.safe_load((REPO / "seeds" / "predicates.yaml").read_text(encoding="utf-8"))
}
COUNT, CATEGORY = VOCABULARY["killed_count"], VOCABULARY["role_in"]
TIER_ORDER = {CONFLICT: 0, REFINEMENT: 1, ESTIMATE: 2}
INF = float("inf")
# (low, high, best) of counts that agree, differ in estimate and exclude each other.
COUNTS = [(4, 4, 4), (3, 5, 4), (0, INF, 5), (2, 6, 3), (7, 7, 7), (0, 4, 4), (5, 9, 9)]
CATEGORIES = ["support", "intelligence_support", "intelligence_and_operational_support", "lead"]


@st.composite
def key_items(draw: st.DrawFn) -> tuple[PredicateIn, list[Item]]:
    """The items of one key: a few values, each given by a few sources, some more than once."""
    predicate = draw(st.sampled_from([COUNT, CATEGORY]))
    items = []
    for n in range(draw(st.integers(0, 14))):
        source = draw(source_ids)
        voice = draw(st.sampled_from(["", "Army"]))
        if predicate is COUNT:
            low, high, best = draw(st.sampled_from(COUNTS))
            value = f"{best}" if low == high else f"about {best}"
            items.append(Item(source, (f"st{n:03d}",), low, high, best, best, value, value, voice))
        else:
            value = draw(st.sampled_from(CATEGORIES))
            items.append(Item(source, (f"st{n:03d}",), 0, 0, 0, 0, value, value, voice))
    return predicate, items


def stated_tiers(items: list[Item], predicate: PredicateIn) -> list[tuple[str, str, list[Item]]]:
    """The rule of the module docstring, comparing every pair of items."""
    within: dict[tuple[str, str], set[Item]] = defaultdict(set)
    between: dict[str, set[Item]] = defaultdict(set)
    for a, b in itertools.permutations(items, 2):
        tier = compare(a, b, predicate)
        if tier is None:
            continue
        if a.source_id == b.source_id:
            within[(a.source_id, tier)].add(a)
        giving = {i.source_id for i in items if i.signature in (a.signature, b.signature)}
        if len(giving) > 1:
            between[tier].add(a)
    found = [
        ("within_source", tier, sorted(within[(source, tier)], key=_item_order))
        for source, tier in sorted(within, key=lambda k: (k[0], TIER_ORDER[k[1]]))
    ]
    return found + [
        ("between_sources", tier, sorted(between[tier], key=_item_order))
        for tier in sorted(between, key=TIER_ORDER.__getitem__)
        if len({i.source_id for i in between[tier]}) > 1
    ]


@given(key_items())
def test_tiers_follow_the_item_by_item_rule(drawn: tuple[PredicateIn, list[Item]]) -> None:
    predicate, items = drawn
    comparer = functools.partial(compare, predicate=predicate)
    assert list(_tiers(items, comparer)) == stated_tiers(items, predicate)


BOUNDS = ["exact", "about", "at_least"]


@settings(deadline=None)  # each example runs DuckDB queries: no deadline on two shared cores
@given(st.lists(st.tuples(source_ids, st.sampled_from(COUNTS), st.sampled_from(["", "x"]),
                          st.sampled_from(BOUNDS)), max_size=12))  # fmt: skip
def test_an_item_is_made_from_its_own_row_alone(
    rows: list[tuple[str, tuple[float, float, float], str, str]],
) -> None:
    """Rows that share a value share how it is made: the items of a table are those of each of
    its rows on its own, the rows of one source, voice and value of a key making one item."""
    n_rows = len(rows)
    columns: dict[str, object] = {
        "statement_id": [f"st{n:03d}" for n in range(len(rows))],
        "source_id": [source for source, _, _, _ in rows],
        "subject_id": "raid",
        "predicate": COUNT.id,
        "object_id": None,
        "value": [str(best) for _, (_, _, best), _, _ in rows],
        "value_number": [float(best) for _, (_, _, best), _, _ in rows],
        "unit": None,
        "value_date": None,
        "date_precision": None,
        "bound": [bound for *_, bound in rows],
        "value_low": [low for _, (low, _, _), _, _ in rows],
        "value_high": [None if high == INF else high for _, (_, high, _), _, _ in rows],
        "date_low": None,
        "date_high": None,
        "scope": [None if voice else "at the scene" for _, _, voice, _ in rows],
        "excluding": None,
        "attributed_to": [voice or None for _, _, voice, _ in rows],
    }
    table = pa.table({name: v if isinstance(v, list) else [v] * n_rows
                      for name, v in columns.items()})  # fmt: skip
    context = Context({"x": "X"}, {COUNT.id: COUNT})
    alone: dict[tuple[str, str, str | None, str], list[Item]] = defaultdict(list)
    for n in range(len(rows)):
        for key, items in value_items(table.slice(n, 1), context).items():
            alone[key] += items
    together = value_items(table, context)
    assert per_statement(together) == {
        key: sorted(items, key=_item_order) for key, items in sorted(alone.items())
    }
    for items in together.values():
        sides = [item._replace(statement_ids=()) for item in items]
        assert len(set(sides)) == len(sides)


def per_statement(
    items_by_key: dict[tuple[str, str, str | None, str], list[Item]],
) -> dict[tuple[str, str, str | None, str], list[Item]]:
    """The items of each key split into one item per statement."""
    return {
        key: sorted(
            (i._replace(statement_ids=(s,)) for i in items for s in i.statement_ids),
            key=_item_order,
        )
        for key, items in items_by_key.items()
    }
