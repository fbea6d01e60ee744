"""Table Schema v2's `exclusiveMinimum` and `exclusiveMaximum`: a cell equal to the bound
breaks it. Checked on every type that takes `minimum`, as frictionless checks them; in a v1
package (which frictionless refuses) they are refused at the constraint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimpack.tableschema import Refused

from test_tableschema_differential import oracle, ours

V2 = "https://datapackage.org/profiles/2.0/datapackage.json"


def package(root: Path, field: dict[str, Any], cells: list[str], profile: str | None = V2) -> Path:
    (root / "d.csv").write_text("x\n" + "".join(f"{cell}\n" for cell in cells))
    resource = {"name": "d", "path": "d.csv", "schema": {"fields": [{"name": "x", **field}]}}
    descriptor = root / "datapackage.json"
    head = {"$schema": profile} if profile else {}
    descriptor.write_text(json.dumps({**head, "name": "p", "resources": [resource]}))
    return descriptor


# (field, low bound, high bound, cells: below, at low, between, at high, above)
CASES = [
    ({"type": "integer"}, 10, 20, ["9", "10", "15", "20", "21"]),
    ({"type": "integer"}, "10", "+20", ["-3", "10", "11", "20", "99"]),
    ({"type": "number"}, 0.5, 2, ["0.4", "0.5", "1e0", "2.0", "NaN"]),
    ({"type": "number"}, "-1e3", "1e3", ["-inf", "-1000", "0", "1000.0", "1e9"]),
    ({"type": "date"}, "2026-02-21", "2026-02-23", ["2026-02-20", "2026-02-21", "2026-02-22",
                                                    "2026-02-23", "2027-01-01"]),
    ({"type": "date", "format": "%d/%m/%Y"}, "21/02/2026", "23/02/2026",
     ["01/01/2026", "21/02/2026", "22/02/2026", "23/02/2026", "24/02/2026"]),
    ({"type": "datetime"}, "2026-02-22T10:00:00Z", "2026-02-22T12:00:00Z",
     ["2026-02-22T09:59:59Z", "2026-02-22T10:00:00Z", "2026-02-22T11:00:00Z",
      "2026-02-22T12:00:00Z", "2026-02-23T00:00:00Z"]),
    ({"type": "time"}, "06:00:00", "18:00:00", ["05:00:00", "06:00:00", "12:30:00",
                                                "18:00:00", "23:00:00"]),
    ({"type": "year"}, 2020, 2026, ["2019", "2020", "2024", "2026", "2030"]),
    ({"type": "yearmonth"}, "2026-01", "2026-03", ["2025-12", "2026-01", "2026-02",
                                                   "2026-03", "2026-04"]),
]  # fmt: skip


@pytest.mark.parametrize(("field", "low", "high", "cells"), CASES)
@pytest.mark.parametrize("which", ["exclusiveMinimum", "exclusiveMaximum", "both"])
def test_exclusive_bounds_break_where_frictionless_says(
    tmp_path: Path, field: dict[str, Any], low: Any, high: Any, cells: list[str], which: str
) -> None:
    constraints = {
        "exclusiveMinimum": {"exclusiveMinimum": low},
        "exclusiveMaximum": {"exclusiveMaximum": high},
        "both": {"exclusiveMinimum": low, "exclusiveMaximum": high, "minimum": low},
    }[which]
    descriptor = package(tmp_path, {**field, "constraints": constraints}, ["", *cells])
    expected = oracle(descriptor)
    assert ours(descriptor) == expected
    broken = {row for _, _, row, _ in expected}
    assert {3, 4} & broken if which != "exclusiveMaximum" else {5, 6} & broken


@pytest.mark.parametrize(
    ("constraint", "bound", "said"),
    [
        ("exclusiveMinimum", "ayer", "'ayer' is not a value of type 'date'"),
        ("exclusiveMaximum", True, "True is not a value of type 'date'"),
        ("exclusiveMaximum", [1], "must be a number, a string or a boolean"),
    ],
)
def test_an_exclusive_bound_that_is_no_value_of_the_type_is_refused(
    tmp_path: Path, constraint: str, bound: Any, said: str
) -> None:
    field = {"type": "date", "constraints": {constraint: bound}}
    with pytest.raises(Refused) as refused:
        ours(package(tmp_path, field, ["2026-02-22"]))
    (problem,) = refused.value.problems
    assert problem.place.endswith(f"constraints.{constraint}") and said in problem.message


@pytest.mark.parametrize("kind", ["string", "boolean", "any"])
def test_an_exclusive_bound_on_a_type_without_order_is_refused(tmp_path: Path, kind: str) -> None:
    field = {"type": kind, "constraints": {"exclusiveMinimum": 1}}
    with pytest.raises(Refused, match='"exclusiveMinimum" is not supported by type'):
        ours(package(tmp_path, field, ["1"]))


@pytest.mark.parametrize("profile", [None, "https://datapackage.org/profiles/1.0/datapackage.json"])
def test_exclusive_bounds_in_a_version_1_package_are_refused(
    tmp_path: Path, profile: str | None
) -> None:
    field = {"type": "integer", "constraints": {"minimum": 0, "exclusiveMaximum": 5}}
    descriptor = package(tmp_path, field, ["3"], profile)
    with pytest.raises(Exception, match='"exclusiveMaximum" requires datapackage v2'):
        oracle(descriptor)
    with pytest.raises(Refused) as refused:
        ours(descriptor)
    (problem,) = refused.value.problems
    assert problem.place == "resources[0].schema.fields[0].constraints.exclusiveMaximum"
    assert "is Table Schema v2" in problem.message
