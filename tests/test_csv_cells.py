"""Every text survives the CSV as written: a cell holding a lone carriage return (which
Python's csv writer would leave unquoted, the lines ending in "\\n") is quoted, and frictionless
and Python's csv module read the same texts back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import frictionless
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from claimpack.schema import TableSchema
from claimpack.stages.write import CSV_DIALECT, csv_bytes, csv_cell

DESCRIPTOR = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "note", "type": "string"},
    ],
    "primaryKey": ["id"],
}
SCHEMA = TableSchema("t", DESCRIPTOR)
texts = st.text(st.sampled_from(["\r", "\n", ",", '"', " ", "a", "é"]), min_size=1, max_size=8)


def read_back(data: bytes) -> list[str]:
    reader = csv.reader(
        io.StringIO(data.decode("utf-8"), newline=""),
        delimiter=str(CSV_DIALECT["delimiter"]),
        quotechar=str(CSV_DIALECT["quoteChar"]),
        doublequote=bool(CSV_DIALECT["doubleQuote"]),
        strict=True,
    )
    return [row[1] for row in list(reader)[1:]]


@settings(max_examples=200)
@given(st.lists(texts, min_size=1, max_size=5))
def test_texts_with_carriage_returns_read_back_as_written(notes: list[str]) -> None:
    table = SCHEMA.table([{"id": n, "note": note} for n, note in enumerate(notes)])
    assert read_back(csv_bytes(table)) == notes


def test_frictionless_reads_a_lone_carriage_return_in_a_cell(tmp_path: Path) -> None:
    notes = ["line one\rline two", "plain", "a\r"]
    table = SCHEMA.table([{"id": n, "note": note} for n, note in enumerate(notes)])
    assert isinstance(table, pa.Table)
    (tmp_path / "t.csv").write_bytes(csv_bytes(table))
    resource = frictionless.Resource(
        path="t.csv", basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(DESCRIPTOR)
    )
    rows = resource.read_rows()
    assert [row["note"] for row in rows] == notes
    report = frictionless.validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])


EVERY_TYPE = TableSchema(
    "t",
    {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"required": True}},
            {"name": "kind", "type": "string", "constraints": {"enum": ["b", "a"]}},
            {"name": "items", "type": "string", "delimiter": " | "},
            {"name": "flag", "type": "boolean"},
            {"name": "day", "type": "date"},
            {"name": "amount", "type": "number"},
            {"name": "note", "type": "string"},
        ],
        "primaryKey": ["id"],
    },
)


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "kind": st.sampled_from(["a", "b", None]),
                "items": st.lists(st.sampled_from(["x", "y z"]), max_size=3),
                "flag": st.sampled_from([True, False, None]),
                "day": st.none() | st.dates(),
                "amount": st.none() | st.floats(allow_nan=False, allow_infinity=False),
                "note": st.none() | texts,
                "id": st.integers(-(2**63), 2**63 - 1),
            }
        ),
        max_size=5,
        unique_by=lambda row: row["id"],
    )
)
def test_every_cell_is_as_csv_cell_writes_it(rows: list[dict[str, object]]) -> None:
    """csv_rows writes each column by Arrow (a cast to text, a join of list items): each cell
    reads back as csv_cell gives it, at any date, integer or number."""
    table = EVERY_TYPE.table(rows)
    written = read_all(csv_bytes(table))
    expected = [[csv_cell(value, " | ") for value in row.values()] for row in table.to_pylist()]
    assert written == expected


def read_all(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))[1:]
