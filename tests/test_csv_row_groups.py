"""The CSV rows of a few articles made at once and split by article are each article's rows as
its own table gives them: any split of any table's rows, lone carriage returns included."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimpack.schema import TableSchema
from claimpack.stages.write import csv_row_groups, csv_rows

SCHEMA = TableSchema(
    "t",
    {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"required": True}},
            {"name": "note", "type": "string"},
            {"name": "level", "type": "string", "constraints": {"enum": ["low", "high"]}},
            {"name": "share", "type": "number"},
            {"name": "tags", "type": "string", "delimiter": " | "},
        ],
        "primaryKey": ["id"],
    },
)
notes = st.none() | st.text(st.sampled_from(["\r", "\n", ",", '"', " ", "a", "é"]), max_size=6)
rows = st.lists(
    st.tuples(
        notes,
        st.none() | st.sampled_from(["low", "high"]),
        st.none() | st.floats(allow_nan=False, allow_infinity=False),
        st.lists(st.sampled_from(["x", "y z"]), max_size=2),
    ),
    max_size=12,
)


@given(rows, st.lists(st.integers(0, 5), max_size=6))
def test_each_group_is_the_csv_of_its_own_rows(
    values: list[tuple[str | None, str | None, float | None, list[str]]], cuts: list[int]
) -> None:
    table = SCHEMA.table(
        [
            {"id": n, "note": note, "level": level, "share": share, "tags": tags}
            for n, (note, level, share, tags) in enumerate(values)
        ]
    )
    sizes, left = [], table.num_rows
    for cut in cuts:
        sizes.append(min(cut, left))
        left -= sizes[-1]
    sizes.append(left)
    groups = csv_row_groups(table, sizes)
    starts = [sum(sizes[:n]) for n in range(len(sizes))]
    assert groups == [
        csv_rows(table.slice(start, size)) for start, size in zip(starts, sizes, strict=True)
    ]
    assert b"".join(groups) == csv_rows(table)
