"""Stages 3 and 4 for statements: anchor each quote, normalize each value, give each an id.

The statements table is built a column at a time, one article after another, so that the
corpus never needs to sit in memory as a list of row dicts.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

import pyarrow as pa

from claimpack.anchor import AmbiguousQuote, QuoteNotFound, anchor
from claimpack.articles import date_line
from claimpack.errors import InvalidSeeds, Problem
from claimpack.ids import content_id
from claimpack.models import PredicateIn, StatementIn
from claimpack.normalize import Normal, UnparsableValue, normalize
from claimpack.schema import TableSchema
from claimpack.seeds import Seeds
from claimpack.tables import LIST_SEPARATOR


def statement_id(source_id: str, statement: StatementIn, char_start: int) -> str:
    """Hash of everything a coder wrote for the statement plus where its quote stands."""
    return content_id(
        "st",
        {
            "source": source_id,
            "subject": statement.subject,
            "predicate": statement.predicate,
            "object": statement.object,
            "value": statement.value,
            "scope": statement.scope,
            "excluding": sorted(statement.excluding),
            "modality": statement.modality,
            "qualifiers": sorted(statement.qualifiers),
            "attributed_to": statement.attributed_to,
            "reported_via": statement.reported_via,
            "quote": statement.quote,
            "char_start": char_start,
        },
    )


def build_statements(seeds: Seeds, schema: TableSchema) -> pa.Table:
    """Anchor and normalize every coded statement; raise InvalidSeeds listing every failure."""
    predicates = {predicate.id: predicate for predicate in seeds.predicates}
    columns: dict[str, list[object]] = defaultdict(list)
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    for statement_set in seeds.statement_sets:
        coded = statement_set.file
        article = seeds.articles[coded.source]
        published, _ = date_line(article.text)
        for index, statement in enumerate(coded.statements):
            fail = functools.partial(statement_set.problem, index)
            try:
                position = anchor(article.text, statement)
            except QuoteNotFound as error:
                problems.append(fail("quote", "quote-not-found", str(error)))
                continue
            except AmbiguousQuote as error:
                problems.append(fail("quote", "ambiguous-quote", str(error)))
                continue
            try:
                normal = _normalize(statement, predicates[statement.predicate], published)
            except UnparsableValue as error:
                problems.append(fail("value", "unparsable-value", str(error)))
                continue
            identifier = statement_id(coded.source, statement, position.start)
            if identifier in first_seen:
                problems.append(
                    fail("quote", "duplicate-statement", f"same as {first_seen[identifier]}")
                )
                continue
            line = statement_set.lines.line(("statements", index))
            first_seen[identifier] = f"{statement_set.path}:{line}"
            row = {
                "statement_id": identifier,
                "source_id": coded.source,
                "subject_id": statement.subject,
                "predicate": statement.predicate,
                "object_id": statement.object,
                "value": normal.value,
                "value_raw": statement.value,
                "value_number": normal.number,
                "unit": normal.unit,
                "value_date": normal.date,
                "date_precision": normal.precision,
                "bound": normal.bound,
                "scope": statement.scope,
                "excluding": LIST_SEPARATOR.join(sorted(statement.excluding)) or None,
                "modality": statement.modality,
                "qualifiers": LIST_SEPARATOR.join(statement.qualifiers) or None,
                "attributed_to": statement.attributed_to,
                "reported_via": statement.reported_via,
                "quote": statement.quote,
                "char_start": position.start,
                "char_end": position.end,
                "note": statement.note,
            }
            for name in schema.field_names:
                columns[name].append(row[name])
    if problems:
        raise InvalidSeeds(problems)
    table = pa.table(
        {name: columns[name] for name in schema.field_names}, schema=schema.to_pyarrow()
    )
    return table.sort_by(
        [("source_id", "ascending"), ("char_start", "ascending"), ("char_end", "ascending"),
         ("statement_id", "ascending")]
    )  # fmt: skip


def _normalize(statement: StatementIn, predicate: PredicateIn, published: dt.date | None) -> Normal:
    if predicate.value_type == "entity":
        assert statement.object is not None  # checked by check_inputs
        return Normal(value=statement.object)
    assert statement.value is not None  # checked by check_inputs
    return normalize(predicate.value_type, statement.value, predicate.unit, published)
