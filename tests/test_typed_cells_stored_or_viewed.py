"""A small file's typed cells are stored in a table, a large one's computed where read (a
view): the findings are the same either way, the exact CSV reader's included. A small file's
field whose present cells are all in its type's plain form is read by that form alone."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings

from claimpack.tableschema import duckdb_engine, plan_for, queries, validate

from strategies import corrupted_packages
from test_tableschema_differential import write_package

BROKEN_TWICE = {  # a cell breaking two constraints: their order was the engine's reading order
    "fields": [
        {"name": "f0", "type": "string", "constraints": {"enum": ["x y"], "pattern": "x y|b"}},
        {"name": "f1", "type": "integer", "constraints": {"required": True}},
    ],
    "parent_ids": [3],
    "rows": [["abc", "-3", "3", "3"]],
    "corruptions": [],
    "tricky": [],
    "label": "rename",
    "format": "csv",
    "delimiter": ",",
}


PLAIN_ONLY = {  # every typed cell plain: a date that is no day still fails its type
    "fields": [
        {"name": "f0", "type": "number", "constraints": {"minimum": 0}},
        {"name": "f1", "type": "date"},
        {"name": "f2", "type": "integer", "constraints": {"enum": [2, 3]}},
    ],
    "parent_ids": [3],
    "rows": [["1.5", "2026-02-22", "3", "3", "3"], ["-2", "2026-02-30", "7", "3", "3"]],
    "corruptions": [],
    "tricky": [],
    "label": "rename",
    "format": "csv",
    "delimiter": ",",
}


@pytest.mark.parametrize(
    ("cells", "plain"),
    [
        (["1.5", "2026-02-22", "3"], {1, 2, 3}),
        (["", "", ""], {1, 2, 3}),  # missing cells are in no form and need none
        (["1e3", "2026-02-22", " 3"], {2}),  # frictionless reads these; the plain form not
        (["1.5", "2026-02-30", "3"], {1, 3}),  # plain-looking, but no day: the full grammar
    ],
)
def test_a_field_whose_cells_are_all_plain_is_read_as_plain_alone(
    tmp_path: Any, cells: list[str], plain: set[int]
) -> None:
    plan = plan_for(write_package(tmp_path, PLAIN_ONLY))
    fields = next(r for r in plan.resources if r.name == "child").fields[:3]
    rows = [["2", "2026-01-01", "2"], cells]
    values = ", ".join(
        f"({n + 2}, 3, " + ", ".join(f"'{cell}'" for cell in row) + ")"
        for n, row in enumerate(rows)
    )
    connection = duckdb_engine.connect()
    try:
        connection.execute(
            f"CREATE TABLE cells AS SELECT * FROM (VALUES {values}) v(__row, __n, c1, c2, c3)"
        )
        loaded = queries.Loaded("cells", fields, 3, False)
        stored = duckdb_engine.typed_view(connection, loaded, "typed", stored=True)
        viewed = duckdb_engine.typed_view(connection, loaded, "viewed", stored=False)
        # a present cell's type and value, a missing one's being missing (ok is read only
        # where the cell is present)
        read = ", ".join(f"m{n}, m{n} OR ok{n}, k{n}" for n in (1, 2, 3))
        both = connection.execute(
            f"SELECT __row, {read} FROM typed EXCEPT ALL SELECT __row, {read} FROM viewed"
        ).fetchall()
    finally:
        connection.close()
    read_plain = {f.number for f in stored.fields if f.plain and f.value == f.plain_value}
    assert read_plain == plain
    assert all(f.value != f.plain_value for f in viewed.fields if f.plain)
    assert both == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=corrupted_packages())
@example(drawn=BROKEN_TWICE)
@example(drawn=PLAIN_ONLY)
def test_stored_and_viewed_typed_cells_give_the_same_report(
    tmp_path_factory: Any, drawn: dict[str, Any]
) -> None:
    descriptor = write_package(tmp_path_factory.mktemp("pkg"), drawn)
    for exact in (False, True):
        stored = validate(descriptor, exact_csv=exact).to_dict()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(duckdb_engine, "STORED_BYTES", -1)  # every file read as a view
            viewed = validate(descriptor, exact_csv=exact).to_dict()
        assert stored == viewed
