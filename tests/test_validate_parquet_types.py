"""The validator reads Parquet list and dictionary columns where the schema says so: a
list<string> column in a list field (type any with a delimiter, as the build describes
Parquet) is checked as the text a CSV holds, a dictionary column in an enum field as its
values; a column of the wrong shape is a type error in every cell it fills."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claimpack.tableschema import Refused, validate

LIST = {"name": "tags", "type": "any", "delimiter": " | ", "constraints": {"required": True}}
ENUM = {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}}
TEXT = {"name": "note", "type": "string"}
TAGS = pa.array([["x", "y"], ["z"]], pa.list_(pa.string()))
KINDS = pa.array(["b", "a"]).dictionary_encode()
NOTES = pa.array(["one", "two"])


def parquet_package(root: Path, columns: dict[str, pa.Array], fields: list[dict[str, Any]]) -> Path:
    pq.write_table(pa.table(columns), root / "t.parquet")
    entry = {"name": "t", "path": "t.parquet", "format": "parquet", "schema": {"fields": fields}}
    descriptor = root / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [entry]}))
    return descriptor


def found(descriptor: Path, engine: str = "duckdb") -> list[tuple[Any, ...]]:
    report = validate(descriptor, engine=engine)
    return [(e.type, e.rowNumber, e.fieldName, e.cell) for _, e in report.errors]


def test_list_and_dictionary_columns_are_valid_where_the_schema_says_so(tmp_path: Path) -> None:
    columns = {"tags": TAGS, "kind": KINDS, "note": NOTES}
    assert found(parquet_package(tmp_path, columns, [LIST, ENUM, TEXT])) == []


def test_list_items_are_checked_as_the_csv_text(tmp_path: Path) -> None:
    pattern = LIST | {"constraints": {"pattern": "[a-z]( [|] [a-z])*"}}
    tags = pa.array([["x", "y"], ["Z"]], pa.list_(pa.string()))
    assert found(parquet_package(tmp_path, {"tags": tags}, [pattern])) == [
        ("constraint-error", 3, "tags", "Z")
    ]


def test_a_dictionary_value_outside_the_enum_is_a_constraint_error(tmp_path: Path) -> None:
    kinds = pa.array(["a", "c"]).dictionary_encode()
    assert found(parquet_package(tmp_path, {"kind": kinds}, [ENUM])) == [
        ("constraint-error", 3, "kind", "c")
    ]


@pytest.mark.parametrize(
    ("column", "field", "cells"),
    [
        (TAGS, TEXT, ['["x","y"]', '["z"]']),  # a list where the schema has one string
        (NOTES, LIST, ["one", "two"]),  # text where the schema has a list
        (pa.array([[1], [2]], pa.list_(pa.int64())), LIST, ["[1]", "[2]"]),  # not strings
        # found by a probe: numbers and bytes (not UTF-8) passed as strings
        (pa.array([1, 2]), TEXT, ["1", "2"]),
        (pa.array([b"\xff\xfe", b"\x80"], pa.binary()), TEXT, ["\\xFF\\xFE", "\\x80"]),
    ],
    ids=[
        "list-in-string-field",
        "text-in-list-field",
        "integers-in-list-field",
        "integers-in-string-field",
        "bytes-in-string-field",
    ],
)
def test_a_column_of_the_wrong_shape_is_a_type_error(
    tmp_path: Path, column: pa.Array, field: dict[str, Any], cells: list[str]
) -> None:
    descriptor = parquet_package(tmp_path, {str(field["name"]): column}, [field])
    assert found(descriptor) == [
        ("type-error", row, field["name"], cell) for row, cell in zip((2, 3), cells, strict=True)
    ]


def test_a_delimiter_the_engine_cannot_read_is_refused(tmp_path: Path) -> None:
    field = {"name": "n", "type": "integer", "delimiter": ","}
    with pytest.raises(Refused, match="delimiter of field 'n'"):
        validate(parquet_package(tmp_path, {"n": pa.array([1])}, [field]))


def test_a_null_in_a_boolean_column_is_a_missing_value_not_false(tmp_path: Path) -> None:
    """A null boolean was read as false: required and key checks did not see it."""
    flags = pa.array([True, None, False])
    field = {"name": "flag", "type": "boolean", "constraints": {"required": True}}
    columns = {"flag": flags, "note": pa.array(["a", "b", "c"])}
    assert found(parquet_package(tmp_path, columns, [field, TEXT])) == [
        ("constraint-error", 3, "flag", "")
    ]


def test_typed_dates_and_times_are_checked_in_the_fields_format(tmp_path: Path) -> None:
    """A field's `format` says how a date is written as text; a Parquet date was checked as
    DuckDB prints it (2020-01-31), a type error under `%d/%m/%Y`. It is written in the
    format, so constraints in that format still apply."""
    columns = {
        "day": pa.array([dt.date(2020, 1, 31), None, dt.date(2019, 12, 1)]),
        "moment": pa.array([dt.datetime(2020, 1, 31, 13, 5, 7)] * 3),
        "clock": pa.array([dt.time(13, 5), dt.time(0, 0), dt.time(23, 59)]),
    }
    fields = [
        {"name": "day", "type": "date", "format": "%d/%m/%Y",
         "constraints": {"minimum": "01/01/2020"}},
        {"name": "moment", "type": "datetime", "format": "%d/%m/%Y %H:%M:%S"},
        {"name": "clock", "type": "time", "format": "%H:%M"},
    ]  # fmt: skip
    assert found(parquet_package(tmp_path, columns, fields)) == [
        ("constraint-error", 4, "day", "01/12/2019")
    ]


@pytest.mark.parametrize(
    ("names", "fields"),
    [(["a", "a"], ["a", "b"]), (["a", "a"], ["a"]), (["a", "A"], ["a", "A"])],
    ids=["duplicate", "duplicate-extra", "other-case"],
)
def test_a_parquet_header_is_judged_by_the_files_own_names_as_a_csv_header_is(
    tmp_path: Path, names: list[str], fields: list[str]
) -> None:
    """DuckDB's reader renames a repeated column (`a_1`; `A_1` after `a`): that name was
    reported as an incorrect or extra label, not the file's duplicate label."""
    schema = {"fields": [{"name": name, "type": "integer"} for name in fields]}
    reports = []
    for fmt in ("csv", "parquet"):
        root = tmp_path / fmt
        root.mkdir()
        if fmt == "csv":
            (root / "t.csv").write_text(",".join(names) + "\n" + ",".join("1" * len(names)) + "\n")
        else:
            pq.write_table(pa.table([pa.array([1])] * len(names), names=names), root / "t.parquet")
        entry = {"name": "t", "path": f"t.{fmt}", "format": fmt, "schema": schema}
        (root / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [entry]}))
        reports.append([e.to_dict() for _, e in validate(root / "datapackage.json").errors])
    assert reports[1] == reports[0]
