"""Stage: statements. Each coded statement, with its anchor and normalized value, becomes a row
of the statements table with an id that is a hash of its content.

The table is built a column at a time, one article after another, so that the corpus never
needs to sit in memory as a list of row dicts.
"""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa

from claimpack.ids import content_id
from claimpack.models import StatementIn
from claimpack.problems import InvalidSeeds, Problem
from claimpack.schema import TableSchema
from claimpack.stages.anchor import Anchored
from claimpack.stages.normalize import Normal
from claimpack.stages.read_seeds import Seeds


def statement_id(source_id: str, statement: StatementIn, char_start: int) -> str:
    """Hash of everything a coder wrote for the statement plus where its quote stands. Fields
    added after the first release enter the hash only when set, so that the ids of statements
    that do not use them stay as they were."""
    later_fields = {"negated": statement.negated or None, "time": statement.time}
    return content_id(
        "st",
        {
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
        },
    )


def build_statements(
    seeds: Seeds,
    anchored: Anchored,
    normals: dict[tuple[str, int], Normal],
    schema: TableSchema,
    times: dict[tuple[str, int], Normal] | None = None,
) -> pa.Table:
    """The statements table, sorted by article and position; raise InvalidSeeds when two
    statements of an article say the same thing."""
    columns: dict[str, list[object]] = defaultdict(list)
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    for statement_set in seeds.statement_sets:
        source_id = statement_set.file.source
        for index, statement in enumerate(statement_set.file.statements):
            position = anchored.statements[(source_id, index)]
            normal = normals[(source_id, index)]
            time = (times or {}).get((source_id, index))
            identifier = statement_id(source_id, statement, position.start)
            if identifier in first_seen:
                message = f"same as {first_seen[identifier]}"
                problems.append(
                    statement_set.problem(index, "quote", "duplicate-statement", message)
                )
                continue
            line = statement_set.lines.line(("statements", index))
            first_seen[identifier] = f"{statement_set.path}:{line}"
            row = {
                "statement_id": identifier,
                "source_id": source_id,
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
                "value_low": normal.low,
                "value_high": normal.high,
                "date_low": normal.date_low,
                "date_high": normal.date_high,
                "scope": statement.scope,
                "excluding": sorted(statement.excluding),
                "modality": statement.modality,
                "negated": statement.negated,
                "qualifiers": statement.qualifiers,
                "time": statement.time,
                "time_date": time.date if time else None,
                "time_precision": time.precision if time else None,
                "attributed_to": statement.attributed_to,
                "reported_via": statement.reported_via,
                "quote": statement.quote,
                "char_start": position.start,
                "char_end": position.end,
                "note": statement.note,
            }
            schema.check_row(row)
            for name in schema.field_names:
                columns[name].append(row[name])
    if problems:
        raise InvalidSeeds(problems)
    return schema.from_columns(columns).sort_by(
        [("source_id", "ascending"), ("char_start", "ascending"), ("char_end", "ascending"),
         ("statement_id", "ascending")]
    )  # fmt: skip
