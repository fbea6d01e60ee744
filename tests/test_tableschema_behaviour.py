"""claimpack.tableschema: what it refuses, how it reports, and its deliberate differences
from frictionless (each asserted here, and explained in docs/validation.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claimpack.tableschema import Refused, plan_for, validate

FIELDS = [{"name": "id", "type": "integer", "constraints": {"required": True, "minimum": 1}}]


def package(root: Path, resource: dict[str, Any], text: str | None = "id\n1\n") -> Path:
    if text is not None:
        (root / "t.csv").write_text(text)
    entry = {"name": "t", "path": "t.csv", "format": "csv", "schema": {"fields": FIELDS}}
    descriptor = root / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [entry | resource]}))
    return descriptor


@pytest.mark.parametrize(
    "resource",
    [
        {"path": "https://example.org/t.csv"},
        {"path": "/etc/passwd"},
        {"path": "../t.csv"},
        {"data": [["id"], [1]]},
        {"path": "t.xlsx", "format": "xlsx"},
        {"path": "t.jsonl", "format": "jsonl"},
        {"schema": "https://example.org/schema.json"},
        {"dialect": "https://example.org/dialect.json"},
        {"dialect": {"commentChar": "#"}},
        {"schema": {"fields": [{"name": "id", "type": "date", "format": "any"}]}},
        {"schema": {"fields": [{"name": "id", "type": "geopoint"}]}},
    ],
)
def test_what_the_engine_does_not_read_is_refused_with_exit_code_2(
    tmp_path: Path, resource: dict[str, Any]
) -> None:
    with pytest.raises(Refused) as refused:
        validate(package(tmp_path, resource))
    assert refused.value.exit_code == 2


def test_a_symbolic_link_out_of_the_package_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("id\n1\n")
    (tmp_path / "pkg").mkdir()
    os.symlink(outside, tmp_path / "pkg" / "t.csv")
    with pytest.raises(Refused, match="leaves its folder and is refused"):
        validate(package(tmp_path / "pkg", {}, text=None))


def test_errors_are_capped_per_resource_with_the_exact_total(tmp_path: Path) -> None:
    rows = "".join("0\n" for _ in range(50))
    report = validate(package(tmp_path, {}, "id\n" + rows), limit_errors=10)
    task = report.to_dict()["tasks"][0]
    assert (task["stats"]["errors"], len(task["errors"]), task["truncated"]) == (50, 10, True)
    assert [e["rowNumber"] for e in task["errors"]] == list(range(2, 12))
    assert task["errors"][0]["message"].startswith('The cell "0" in row at position "2"')


def test_the_report_is_ordered_by_row_then_field_then_type(tmp_path: Path) -> None:
    report = validate(package(tmp_path, {}, "id\nx\n0\n\n"))
    found = [(e.rowNumber, e.type) for _, e in report.errors]
    assert found == [(2, "type-error"), (3, "constraint-error"), (4, "blank-row")]


def test_a_null_in_an_integer_parquet_column_is_a_missing_value_not_a_type_error(
    tmp_path: Path,
) -> None:
    """Known difference: frictionless reads the column through pandas, where the null
    becomes NaN, a float, and reports a type-error."""
    pq.write_table(pa.table({"id": pa.array([1, None], pa.int64())}), tmp_path / "t.parquet")
    descriptor = package(tmp_path, {"path": "t.parquet", "format": "parquet"}, text=None)
    found = [(e.type, e.rowNumber) for _, e in validate(descriptor).errors]
    assert found == [("blank-row", 3)]  # as an empty cell in a one-column CSV


def test_integers_of_more_than_38_digits_are_type_errors(tmp_path: Path) -> None:
    """Known difference: Python's int() has no limit; the engine's integers are DECIMAL(38)."""
    report = validate(package(tmp_path, {}, "id\n" + "9" * 39 + "\n"))
    assert [e.type for _, e in report.errors] == ["type-error"]


def test_a_csv_declaring_no_delimiter_is_read_with_commas_not_a_guessed_delimiter(
    tmp_path: Path,
) -> None:
    """frictionless guesses the delimiter (`,`, tab, `;` or `|`) of a CSV whose dialect names
    none; this engine reads the standard's default, a comma, so a file written with
    semicolons and no dialect saying so is one column to it."""
    fields = [{"name": "id", "type": "integer"}, {"name": "n", "type": "integer"}]
    descriptor = package(tmp_path, {"schema": {"fields": fields}}, text="id;n\n3;8\n4;9\n")
    report = validate(descriptor)
    found = {(e["type"], e.get("rowNumber")) for e in report.to_dict()["tasks"][0]["errors"]}
    assert {("incorrect-label", None), ("missing-label", None), ("type-error", 2)} <= found
    said = package(tmp_path, {"schema": {"fields": fields}, "dialect": {"delimiter": ";"}}, None)
    assert validate(said).valid


def test_the_plan_is_data_with_sql_per_check(tmp_path: Path) -> None:
    plan = plan_for(package(tmp_path, {}))
    checks = {(row["field"], row["error"]) for row in plan.describe()}
    assert checks == {("id", "type-error"), ("id", "constraint-error")}
    assert all("$cell" in row["sql"] or "$value" in row["sql"] or row["sql"] == "MISSING"
               for row in plan.describe())  # fmt: skip


def test_row_numbers_hold_when_a_large_csv_is_read_in_parallel(tmp_path: Path) -> None:
    """DuckDB reads a large CSV in parallel batches; the numbered table must still give each
    row its line's number (an enum of 7 values is planned as a join, which keeps no order)."""
    count = 300_000
    body = "".join(f"{n},{'abcdefg'[n % 7]}\n" for n in range(1, count + 1))
    (tmp_path / "t.csv").write_text("id,kind\n" + body + "x,h\n")
    fields = [{"name": "id", "type": "integer"},
              {"name": "kind", "constraints": {"enum": list("abcdefg")}}]  # fmt: skip
    entry = {"name": "t", "path": "t.csv", "format": "csv", "schema": {"fields": fields}}
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [entry]}))
    found = [(e.type, e.rowNumber, e.fieldName) for _, e in validate(descriptor).errors]
    last = count + 2
    assert found == [("type-error", last, "id"), ("constraint-error", last, "kind")]
