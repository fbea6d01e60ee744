"""Table Schema v2 writes missing values as objects, {"value": "-", "label": "not asked"}: in
a v2 package they are read as their values, as frictionless reads them; in a v1 package
(which frictionless refuses) and in any other shape they are refused, naming the member."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimpack.tableschema import Refused

from test_tableschema_differential import oracle, ours

V2 = "https://datapackage.org/profiles/2.0/datapackage.json"
DATA = "edad,ciudad\n34,Guadalajara\n-,Zapopan\nN/D,-\nNA,Tapalpa\n"


def package(root: Path, schema: dict[str, Any], profile: str | None = V2) -> Path:
    (root / "d.csv").write_text(DATA)
    resource = {"name": "d", "path": "d.csv", "schema": schema}
    descriptor = root / "datapackage.json"
    head = {"$schema": profile} if profile else {}
    descriptor.write_text(json.dumps({**head, "name": "p", "resources": [resource]}))
    return descriptor


FIELDS = [{"name": "edad", "type": "integer"}, {"name": "ciudad"}]
OBJECTS = [{"value": "-", "label": "sin respuesta"}, {"value": "N/D"}]


@pytest.mark.parametrize(
    "schema",
    [
        {"fields": FIELDS, "missingValues": OBJECTS},
        {"fields": [{**FIELDS[0], "missingValues": OBJECTS}, FIELDS[1]]},
        {"fields": FIELDS, "missingValues": [{"value": ""}]},
        {"fields": FIELDS, "missingValues": []},
    ],
    ids=["schema", "field", "no-label", "none"],
)
def test_missing_values_as_objects_are_their_values(tmp_path: Path, schema: dict[str, Any]) -> None:
    descriptor = package(tmp_path, schema)
    assert ours(descriptor) == oracle(descriptor)
    assert ("type-error", "d", 5, "edad") in ours(descriptor)  # "NA" is not listed: no integer


def test_a_missing_value_as_an_object_leaves_the_other_fields_alone(tmp_path: Path) -> None:
    fields = [FIELDS[0], {"name": "ciudad", "constraints": {"required": True}}]
    schema = {"fields": [{**fields[0], "missingValues": OBJECTS}, fields[1]]}
    descriptor = package(tmp_path, schema)
    assert ours(descriptor) == oracle(descriptor)  # "-" is a city here, present


@pytest.mark.parametrize(
    ("schema", "profile", "place", "said"),
    [
        ({"fields": FIELDS, "missingValues": OBJECTS}, None, "schema.missingValues",
         "are Table Schema v2"),
        ({"fields": [{**FIELDS[0], "missingValues": OBJECTS}, FIELDS[1]]},
         "https://datapackage.org/profiles/1.0/datapackage.json",
         "schema.fields[0].missingValues", "are Table Schema v2"),
        ({"fields": FIELDS, "missingValues": ["NA", {"value": "-"}]}, V2,
         "schema.missingValues", "or (Table Schema v2) of objects"),
        ({"fields": FIELDS, "missingValues": [{"label": "falta"}]}, V2,
         "schema.missingValues", "or (Table Schema v2) of objects"),
        ({"fields": FIELDS, "missingValues": [{"value": 0}]}, V2,
         "schema.missingValues", "or (Table Schema v2) of objects"),
        ({"fields": FIELDS, "missingValues": [{"value": "-"}, {"value": "-", "label": "x"}]},
         V2, "schema.missingValues", "gives the value '-' twice"),
        ({"fields": FIELDS, "missingValues": [{"value": "-", "label": "x"},
                                              {"value": "NA", "label": "x"}]},
         V2, "schema.missingValues", "gives the label 'x' twice"),
    ],
    ids=["v1", "v1-profile", "mixed", "no-value", "value-not-text", "value-twice",
         "label-twice"],
)  # fmt: skip
def test_missing_values_frictionless_finds_in_error_are_refused_at_the_member(
    tmp_path: Path, schema: dict[str, Any], profile: str | None, place: str, said: str
) -> None:
    descriptor = package(tmp_path, schema, profile)
    with pytest.raises(Exception, match="descriptor is not valid"):
        oracle(descriptor)
    with pytest.raises(Refused) as refused:
        ours(descriptor)
    (problem,) = refused.value.problems
    assert problem.place == f"resources[0].{place}" and said in problem.message, problem
