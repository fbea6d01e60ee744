"""A list field's value comes back item for item through every form the package takes: the
CSV text (items joined by the delimiter), the Parquet list column, and load()'s Python lists.
An item the text form could not tell apart is refused when the table is built."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from claimpack.published.load import to_dataframe
from claimpack.published.reader import read_csv_table, read_parquet_table
from claimpack.schema import TableSchema, list_item_problem
from claimpack.stages.write import csv_bytes, parquet_bytes

from strategies import item_lists, unsplittable_items

DESCRIPTOR = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "items", "type": "string", "delimiter": " | "},
    ],
    "primaryKey": ["id"],
}
SCHEMA = TableSchema("t", DESCRIPTOR)


def round_trip(values: list[list[str]], folder: Path) -> list[list[str] | None]:
    """values → typed table → CSV → typed table → Parquet → typed table → pandas."""
    table = SCHEMA.table([{"id": n, "items": v} for n, v in enumerate(values)])
    (folder / "t.csv").write_bytes(csv_bytes(table))
    from_csv = read_csv_table(folder / "t.csv", DESCRIPTOR)
    (folder / "t.parquet").write_bytes(parquet_bytes(from_csv))
    from_parquet = read_parquet_table(folder / "t.parquet", DESCRIPTOR)
    assert from_parquet.equals(from_csv) and from_csv.equals(table)
    return list(to_dataframe(from_parquet, DESCRIPTOR)["items"])


@given(values=st.lists(item_lists, max_size=4))
def test_list_values_round_trip_csv_parquet_pandas(
    values: list[list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    assume(all(list_item_problem(item, " | ") is None for items in values for item in items))
    found = round_trip(values, tmp_path_factory.mktemp("lists"))
    assert found == [items or None for items in values]


@given(items=item_lists, bad=unsplittable_items, at=st.integers(0, 5))
def test_an_item_the_text_form_cannot_hold_is_refused(items: list[str], bad: str, at: int) -> None:
    items.insert(at, bad)
    with pytest.raises(ValueError, match="field items: item"):
        SCHEMA.table([{"id": 1, "items": items}])


@pytest.mark.parametrize("item", ["a | b", "a |", "| a", "|", ""])
def test_items_that_would_split_otherwise_are_named(item: str) -> None:
    assert list_item_problem(item, " | ") is not None


def test_the_parquet_column_is_a_list_of_strings() -> None:
    assert SCHEMA.to_pyarrow().field("items").type == pa.list_(pa.string())
