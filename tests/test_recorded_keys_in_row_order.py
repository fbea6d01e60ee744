"""A valid validation records each table's key cells as DuckDB scans them, a batch at a time,
each row's number checked against its place: rows read out of their order, or fewer or more
than the slices' lines, are never recorded; a record reads back as it was written."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimpack.cache import Cache
from claimpack.published import slices, validate
from claimpack.tableschema import duckdb_engine


def cells(connection: duckdb.DuckDBPyConnection, rows: int, order: str = "") -> duckdb_engine.Cells:
    """A relation of `rows` text rows numbered from 2 (the header is row 1)."""
    connection.execute(
        f"CREATE OR REPLACE TEMP VIEW t AS SELECT i + 2 AS __row, 'k' || i AS c1, 'x' AS c2 "
        f"FROM range({rows}) r(i) {order}"
    )
    return duckdb_engine.Cells("t", ("id", "other"))


@given(
    lines=st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=12),
    batch=st.integers(min_value=1, max_value=20),
)
def test_each_row_is_placed_in_its_slice_whatever_the_batches(lines: list[int], batch: int) -> None:
    connection = duckdb_engine.connect()
    try:
        relation = cells(connection, sum(lines))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(validate, "KEY_BATCH", batch)
            keys = validate._keys_of(connection, relation, "c1", list(range(len(lines))), lines)
            read = keys.read_all()
    finally:
        connection.close()
    assert read.to_pydict() == {
        "__slice": [index for index, count in enumerate(lines) for _ in range(count)],
        "__line": [line for count in lines for line in range(count)],
        "c1": [f"k{row}" for row in range(sum(lines))],
    }


@pytest.mark.parametrize(("rows", "order"), [(6, "ORDER BY i DESC"), (5, ""), (7, "")])
def test_rows_that_are_not_the_slices_lines_in_order_are_refused(rows: int, order: str) -> None:
    connection = duckdb_engine.connect()
    try:
        relation = cells(connection, rows, order)
        keys = validate._keys_of(connection, relation, "c1", [0, 1], [2, 4])
        with pytest.raises(duckdb.InvalidInputException):
            keys.read_all()
    finally:
        connection.close()


def test_a_record_reads_back_as_written(tmp_path: Path) -> None:
    connection = duckdb_engine.connect()
    try:
        keys = validate._keys_of(connection, cells(connection, 5), "c1, c2", [0, 1], [3, 2])
        written = keys.read_all()
    finally:
        connection.close()
    cache = Cache(tmp_path)
    slices.remember(cache, "a" * 64, slices.encode(["d0", "d1"], "texts", written.to_reader()))
    assert slices.recall(cache, "a" * 64) == slices.Record(["d0", "d1"], "texts", written)
