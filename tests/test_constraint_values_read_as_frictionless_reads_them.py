"""A bound or an enum value is read as frictionless' value_reader reads it: a JSON number as
that number, text by the field's own reader (groupChar, decimalChar, bareNumber, a year's
four digits). Found by probes: a bound of 0.5 on a field whose decimalChar is "," was read
as the text "0.5", which that field does not read, so it bound nothing and every cell passed;
1000.5 with groupChar "." was read as 10005; "1.000,5" and "25 %" were refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimpack.tableschema import Refused

from test_tableschema_differential import oracle, ours

EUROPEAN = {"type": "number", "decimalChar": ",", "groupChar": "."}


def package(root: Path, field: dict[str, Any], cells: list[str]) -> Path:
    (root / "d.csv").write_text("x\n" + "".join(f'"{cell}"\n' for cell in cells))
    resource = {"name": "d", "path": "d.csv", "schema": {"fields": [{"name": "x", **field}]}}
    descriptor = root / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [resource]}))
    return descriptor


@pytest.mark.parametrize(
    ("field", "cells"),
    [
        ({"type": "number", "decimalChar": ",", "constraints": {"minimum": 0.5}},
         ["0,4", "0,5", "7"]),
        ({**EUROPEAN, "constraints": {"maximum": 1000.5}}, ["1.000,4", "1.000,6", "12"]),
        ({**EUROPEAN, "constraints": {"minimum": "1.000,5"}}, ["1.000,4", "2.000"]),
        ({**EUROPEAN, "constraints": {"enum": [1000.5, 3, "2,25"]}},
         ["1.000,5", "3", "2,25", "10.005", "4"]),
        ({"type": "number", "bareNumber": False, "constraints": {"maximum": "25 %"}},
         ["20 %", "30 %", "25%"]),
        ({"type": "integer", "bareNumber": False, "constraints": {"minimum": "MXN 100"}},
         ["MXN 99", "MXN 100", "250 pesos"]),
        ({"type": "integer", "constraints": {"minimum": 1e1, "enum": [10, 20.0, 30.5]}},
         ["9", "10", "20", "30"]),
        ({"type": "year", "constraints": {"minimum": 99}}, ["0098", "0100", "2026"]),
        ({"type": "year", "constraints": {"enum": [2025, 2026.0, "2024"]}},
         ["2024", "2025", "2026"]),
        ({"type": "boolean", "constraints": {"enum": [1, True]}}, ["1", "true", "0"]),
        ({"type": "number", "constraints": {"maximum": "-inf"}}, ["-1e308", "1"]),
    ],
    ids=["decimal-comma", "european-json", "european-text", "european-enum",
         "bare-number", "bare-integer", "integer", "year-json", "year-enum", "boolean-enum",
         "infinity"],
)  # fmt: skip
def test_a_constraint_value_is_read_as_frictionless_reads_it(
    tmp_path: Path, field: dict[str, Any], cells: list[str]
) -> None:
    descriptor = package(tmp_path, field, cells)
    expected = oracle(descriptor)
    assert expected and ours(descriptor) == expected


@pytest.mark.parametrize(
    ("field", "bound"),
    [
        ({"type": "number"}, "NaN"),
        ({"type": "number", "decimalChar": ","}, "0.5"),
        ({"type": "year"}, 2026.0),
        ({"type": "year"}, "26"),
        ({"type": "integer"}, 2.5),
    ],
)
def test_a_bound_the_field_does_not_read_is_refused(
    tmp_path: Path, field: dict[str, Any], bound: Any
) -> None:
    """frictionless raises comparing with it, or with the None it reads it as."""
    descriptor = package(tmp_path, {**field, "constraints": {"minimum": bound}}, ["2020"])
    with pytest.raises(Exception):  # noqa: B017 - whatever frictionless raises
        oracle(descriptor)
    with pytest.raises(Refused, match="is not a value of type"):
        ours(descriptor)
