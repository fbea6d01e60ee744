"""The CSV rows Arrow makes, quotes and joins are byte for byte those Python's csv writer
writes of the same cells (csv_cell), at any split into groups: texts with delimiters, quotes,
line ends, lone carriage returns and non-ASCII, empty and null cells, lists and enums. The rows
of a few articles made at once and split by article are each article's rows as its own table
gives them."""

from __future__ import annotations

import csv
import io

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from claimpack.schema import TableSchema
from claimpack.stages.write import CSV_DIALECT, csv_cell, csv_row_groups, csv_rows

SCHEMA = TableSchema(
    "t",
    {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"required": True}},
            {"name": "note", "type": "string"},
            {"name": "level", "type": "string", "constraints": {"enum": ["low", 'a "b", c']}},
            {"name": "share", "type": "number"},
            {"name": "tags", "type": "string", "delimiter": " | "},
            {"name": "day", "type": "date"},
        ],
        "primaryKey": ["id"],
    },
)
texts = st.text(st.sampled_from(["\n", ",", '"', " ", "a", "é", "\x00", "\u2028"]), max_size=6)
rows = st.lists(
    st.fixed_dictionaries(
        {
            "note": st.none() | texts,
            "level": st.none() | st.sampled_from(["low", 'a "b", c']),
            "share": st.none() | st.floats(allow_nan=False, allow_infinity=False),
            "tags": st.lists(st.sampled_from(["x", 'y, "z"', "w\nv"]), max_size=2),
            "day": st.none() | st.dates(),
        }
    ),
    max_size=12,
)


def written_by_python(table: pa.Table) -> bytes:
    """Python's writer of the cells, a row with a lone carriage return quoted whole."""
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    assert CSV_DIALECT["delimiter"] == "," and CSV_DIALECT["quoteChar"] == '"'
    for row in table.to_pylist():
        cells = [csv_cell(value, " | ") for value in row.values()]
        (quoted if any("\r" in cell for cell in cells) else plain).writerow(cells)
    return buffer.getvalue().encode("utf-8")


def group_sizes(rows: int, cuts: list[int]) -> list[int]:
    """Sizes of consecutive groups covering `rows` rows, cut where `cuts` says (some empty)."""
    sizes, left = [], rows
    for cut in cuts:
        sizes.append(min(cut, left))
        left -= sizes[-1]
    return [*sizes, left]


def table_of(values: list[dict[str, object]], lone_return: bool) -> pa.Table:
    numbered = [{"id": n, **row} for n, row in enumerate(values)]
    if lone_return and numbered:
        numbered[-1]["note"] = "one\rtwo"
    return SCHEMA.table(numbered)


@given(rows, st.booleans(), st.lists(st.integers(0, 5), max_size=4))
def test_rows_are_pythons_writers(
    values: list[dict[str, object]], lone_return: bool, cuts: list[int]
) -> None:
    table = table_of(values, lone_return)
    expected = written_by_python(table)
    assert csv_rows(table) == expected
    assert b"".join(csv_row_groups(table, group_sizes(table.num_rows, cuts))) == expected


@given(rows, st.booleans(), st.lists(st.integers(0, 5), max_size=6))
def test_each_group_is_the_csv_of_its_own_rows(
    values: list[dict[str, object]], lone_return: bool, cuts: list[int]
) -> None:
    table = table_of(values, lone_return)
    sizes = group_sizes(table.num_rows, cuts)
    starts = [sum(sizes[:n]) for n in range(len(sizes))]
    assert csv_row_groups(table, sizes) == [
        csv_rows(table.slice(start, size)) for start, size in zip(starts, sizes, strict=True)
    ]


def test_a_table_in_chunks_is_written_as_one() -> None:
    table = SCHEMA.table([{"id": n, "note": f'n{n}, "q"'} for n in range(6)])
    chunked = pa.concat_tables([table.slice(0, 2), table.slice(2, 1), table.slice(3)])
    assert csv_row_groups(chunked, [3, 0, 3]) == csv_row_groups(table, [3, 0, 3])
    assert b"".join(csv_row_groups(chunked, [3, 0, 3])) == written_by_python(table)
