"""A small file's typed cells are stored in a table, a large one's computed where read (a
view): the findings are the same either way, the exact CSV reader's included."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings

from claimpack.tableschema import duckdb_engine, validate

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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=corrupted_packages())
@example(drawn=BROKEN_TWICE)
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
