"""Stage: statements. Each coded statement, with its anchor and normalized value, becomes a row
of the statements table under the id its coding gives it.

A statement's id is given once, when it is first coded, as the hash of its content then
(`statement_id`), and stored in the coding file; it stays when the quote or value is corrected,
so that a revision shows a corrected statement as the same row changed.

The table is built a column at a time, one article after another, so that the corpus never
needs to sit in memory as a list of row dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import pyarrow as pa

from claimpack.ids import content_id
from claimpack.models import StatementIn
from claimpack.problems import InvalidSeeds, Problem
from claimpack.schema import TableSchema
from claimpack.stages.anchor import Anchor, Anchored
from claimpack.stages.normalize import Normal
from claimpack.stages.read_seeds import Seeds, StatementSet

# The fields of a coded statement the table takes.
STATEMENT_FIELDS = (
    "id", "subject", "predicate", "object", "value", "scope", "excluding", "modality", "negated",
    "qualifiers", "time", "attributed_to", "reported_via", "quote", "note",
)  # fmt: skip


def statement_id(source_id: str, statement: StatementIn, char_start: int, repeat: int = 0) -> str:
    """The id a statement is given: the hash of everything a coder wrote for it plus where its
    quote stands (statement_content)."""
    return content_id("st", statement_content(source_id, statement, char_start, repeat))


def statement_content(
    source_id: str, statement: StatementIn, char_start: int, repeat: int = 0
) -> dict[str, Any]:
    """What a statement's id is the hash of. Fields added after the first release enter only
    when set, so that the ids of statements that do not use them stay as they were; `repeat`
    (1, 2, ...) is there for a statement whose id is already taken (by one coded like it, then
    corrected)."""
    later_fields = {
        "negated": statement.negated or None,
        "time": statement.time,
        "repeat": repeat or None,
    }
    return {
        **{key: value for key, value in later_fields.items() if value is not None},
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
    }


def new_statement_id(
    source_id: str, statement: StatementIn, char_start: int, taken: set[str]
) -> str:
    """The id to give a statement coded now: its statement_id, hashed again while that is one
    of the ids `taken` (which the new id then joins)."""
    repeat = 0
    while (identifier := statement_id(source_id, statement, char_start, repeat)) in taken:
        repeat += 1
    taken.add(identifier)
    return identifier


def build_statements(
    seeds: Seeds,
    anchored: Anchored,
    normals: dict[tuple[str, int], Normal],
    schema: TableSchema,
    times: dict[tuple[str, int], Normal] | None = None,
) -> pa.Table:
    """The statements table, sorted by article and position; raise InvalidSeeds when two
    statements of an article say the same thing, or two statements have the same id."""
    kept: list[tuple[str, StatementIn, Anchor, Normal, Normal | None]] = []
    problems: list[Problem] = []
    # Where each content and each id was first seen; its line is looked up only if repeated.
    # Content is compared by its repr (equal exactly when the content is), not by the hash of
    # its JSON that statement_id gives, which costs more; and only between statements whose
    # quote stands at the same place (the content holds both), so most statements, whose
    # quote stands alone, are not made a content at all: `alone` keeps them until another
    # statement's quote stands at their place.
    same_content: dict[str, tuple[StatementSet, int]] = {}
    same_id: dict[str, tuple[StatementSet, int]] = {}
    alone: dict[tuple[str, int, str], tuple[StatementIn, StatementSet, int] | None] = {}
    for statement_set in seeds.statement_sets:
        source_id = statement_set.file.source
        for index, statement in enumerate(statement_set.file.statements):
            position = anchored.statements[(source_id, index)]
            place = (source_id, position.start, statement.quote)
            content = None
            if place in alone:
                first = alone[place]
                if first is not None:
                    first_content = statement_content(source_id, first[0], position.start)
                    same_content[repr(first_content)] = first[1:]
                    alone[place] = None
                content = repr(statement_content(source_id, statement, position.start))
            identifier = statement.id or ""  # check_inputs refused a statement without one
            if content in same_content:
                message = f"same as {_place(*same_content[content])}"
                problems.append(
                    statement_set.problem(index, "quote", "duplicate-statement", message)
                )
                continue
            if identifier in same_id:
                problems.append(repeated_id(statement_set, index, *same_id[identifier]))
                continue
            same_id[identifier] = (statement_set, index)
            if content is None:
                alone[place] = (statement, statement_set, index)
            else:
                same_content[content] = (statement_set, index)
            time = (times or {}).get((source_id, index))
            kept.append((source_id, statement, position, normals[(source_id, index)], time))
    if problems:
        raise InvalidSeeds(problems)
    # Sorted as rows, before the columns are made: the statement id (unique once duplicates are
    # refused) makes the order total, and Python orders str by code point as Arrow orders
    # UTF-8 by byte. Sorting a built table took thirty columns through a take.
    kept.sort(key=lambda row: (row[0], row[2].start, row[2].end, row[1].id or ""))
    # Each column at once: the rows transposed, the fields of each kind of object got together.
    sources, coded, positions, values, time_values = _transposed(kept, range(5)).values()
    fields = _transposed(list(map(attrgetter(*STATEMENT_FIELDS), coded)), STATEMENT_FIELDS)
    normal = _transposed(values, Normal._fields)
    anchors = _transposed(positions, Anchor._fields)
    columns: dict[str, list[Any]] = {
        "statement_id": fields["id"],
        "source_id": sources,
        "subject_id": fields["subject"],
        "predicate": fields["predicate"],
        "object_id": fields["object"],
        "value": normal["value"],
        "value_raw": fields["value"],
        "value_number": normal["number"],
        "unit": normal["unit"],
        "value_date": normal["date"],
        "date_precision": normal["precision"],
        "bound": normal["bound"],
        "value_low": normal["low"],
        "value_high": normal["high"],
        "date_low": normal["date_low"],
        "date_high": normal["date_high"],
        "scope": fields["scope"],
        "excluding": [sorted(items) if items else items for items in fields["excluding"]],
        "modality": fields["modality"],
        "negated": fields["negated"],
        "qualifiers": fields["qualifiers"],
        "time": fields["time"],
        "time_date": [time.date if time else None for time in time_values],
        "time_precision": [time.precision if time else None for time in time_values],
        "attributed_to": fields["attributed_to"],
        "reported_via": fields["reported_via"],
        "quote": fields["quote"],
        "char_start": anchors["start"],
        "char_end": anchors["end"],
        "note": fields["note"],
    }
    schema.check_columns(columns)
    return schema.from_columns(columns)


def _transposed(rows: list[Any], names: Sequence[Any]) -> dict[Any, list[Any]]:
    """The columns of rows of equal length, by name (empty ones when there are no rows)."""
    columns = zip(*rows, strict=True) if rows else ((),) * len(names)
    return dict(zip(names, map(list, columns), strict=True))


def repeated_id(
    statement_set: StatementSet, index: int, first_set: StatementSet, first_index: int
) -> Problem:
    """Statement `index` has the id of an earlier statement (`first_index` of `first_set`)."""
    identifier = statement_set.file.statements[index].id
    message = (
        f"id {identifier} is also the id of {_place(first_set, first_index)}; to give one of "
        "them a new id, delete its `id` line and run `claimpack fill-ids`"
    )
    return statement_set.problem(index, "id", "duplicate-id", message)


def _place(statement_set: StatementSet, index: int) -> str:
    """file:line of statement `index` of a coding file."""
    return f"{statement_set.path}:{statement_set.lines.line(('statements', index))}"
