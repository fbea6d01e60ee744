"""List fields (a delimiter in their Table Schema) are list<string> columns in Parquet, which
DuckDB reads as VARCHAR[]; in CSV they are the items joined by the delimiter, and load()
gives the same Python lists from either."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from claimpack import load
from claimpack.schema import load_schemas

from conftest import REPO

SCHEMAS = load_schemas(REPO / "schema")
LISTS = {name: [f for f in s.fields if f.delimiter is not None] for name, s in SCHEMAS.items()}


def test_the_schemas_mark_every_list_the_build_writes() -> None:
    marked = {(name, f.name) for name, fields in LISTS.items() for f in fields}
    assert {("discrepancies", "values"), ("entities", "aliases"), ("predicates", "categories"),
            ("statements", "qualifiers"), ("statements", "excluding")} <= marked  # fmt: skip


def test_list_fields_are_list_of_string_columns_in_parquet() -> None:
    for name, fields in LISTS.items():
        stored = pq.read_schema(REPO / "dist" / "parquet" / f"{name}.parquet")
        for f in fields:
            assert stored.field(f.name).type == pa.list_(pa.string()), (name, f.name)


def test_duckdb_reads_parquet_lists_as_varchar_arrays() -> None:
    for name, fields in LISTS.items():
        path = (REPO / "dist" / "parquet" / f"{name}.parquet").as_posix()
        rows = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
        described = {row[0]: row[1] for row in rows}
        for f in fields:
            assert described[f.name] == "VARCHAR[]", (name, f.name)
    aliases = (REPO / "dist" / "parquet" / "entities.parquet").as_posix()
    found = duckdb.sql(
        f"SELECT list_contains(aliases, 'Talpalpa') FROM read_parquet('{aliases}') "
        "WHERE entity_id = 'tapalpa'"
    ).fetchall()
    assert found == [(True,)]


def test_load_gives_the_same_lists_from_csv_and_parquet() -> None:
    from_csv = load(REPO / "datapackage.json")
    from_parquet = load(REPO / "dist" / "parquet" / "datapackage.json")
    for name, fields in LISTS.items():
        for f in fields:
            assert list(from_csv[name][f.name]) == list(from_parquet[name][f.name]), f.name
            assert all(v is None or isinstance(v, list) for v in from_csv[name][f.name])


def test_a_csv_cell_is_the_parquet_list_joined_by_the_delimiter() -> None:
    for name, fields in LISTS.items():
        text = pa.csv.read_csv(
            REPO / "dist" / "csv" / f"{name}.csv",
            convert_options=pa.csv.ConvertOptions(
                column_types={f.name: pa.string() for f in fields}, strings_can_be_null=True
            ),
        )
        stored = pq.read_table(REPO / "dist" / "parquet" / f"{name}.parquet")
        for f in fields:
            joined = [None if v is None else str(f.delimiter).join(v)
                      for v in stored.column(f.name).to_pylist()]  # fmt: skip
            assert text.column(f.name).to_pylist() == joined, (name, f.name)
