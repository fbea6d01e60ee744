"""Large tables go to Parquet in hive-style partitions by source (a folder per thousand
articles), described as one resource whose path lists its parts; DuckDB, pyarrow.dataset,
pandas and Spark read the folder as the one table the CSV holds."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimpack import build, load, validate_package
from claimpack.ids import article_number
from claimpack.layout import PARTITION_COLUMN, SOURCES_PER_BUCKET
from claimpack.stages.write import partitions

from conftest import REPO, STATEMENTS, write_project

LATE = "a1000_cccccccccccccccc"  # article 1000: the second bucket
LATE_TEXT = " date 2026-02-24 The boss was 61. He led a cartel.\n"


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three articles, two of them in bucket 0 and one in bucket 1, statements partitioned."""
    late = [
        {"subject": "boss", "predicate": "age", "value": "61", "quote": "The boss was 61."},
        {"subject": "boss", "predicate": "characterized_as", "value": "cartel leader",
         "quote": "He led a cartel."},
    ]  # fmt: skip
    root = write_project(
        tmp_path_factory.mktemp("partitioned"),
        articles={LATE: LATE_TEXT},
        statements={**STATEMENTS, LATE: late},
    )
    with (root / "seeds" / "package.yaml").open("a", encoding="utf-8") as package:
        package.write("parquet_partitions_above: 2\n")
    build(root)
    return root


def csv_ids(root: Path) -> list[str]:
    """The statement ids of the CSV table."""
    return sorted(load(root / "datapackage.json")["statements"]["statement_id"])


def test_a_table_over_the_threshold_is_described_as_its_partitions(partitioned: Path) -> None:
    descriptor = json.loads((partitioned / "dist/parquet/datapackage.json").read_text())
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    assert paths["statements"] == [
        f"statements/{PARTITION_COLUMN}=0/part-0.parquet",
        f"statements/{PARTITION_COLUMN}=1/part-0.parquet",
    ]
    assert paths["predicates"] == "predicates.parquet"  # no source_id: one file
    assert validate_package(partitioned / "datapackage.json").valid


def test_duckdb_reads_the_partitions_as_the_csv_table(partitioned: Path) -> None:
    folder = partitioned / "dist/parquet/statements"
    with duckdb.connect() as connection:
        frame = connection.execute(
            "SELECT * EXCLUDE (source_bucket) FROM read_parquet($glob, hive_partitioning = true)",
            {"glob": f"{folder}/**/*.parquet"},
        ).df()
        buckets = connection.execute(
            "SELECT source_id, source_bucket FROM read_parquet($glob, hive_partitioning = true) "
            "GROUP BY ALL ORDER BY source_id",
            {"glob": f"{folder}/**/*.parquet"},
        ).fetchall()
    assert [bucket for _, bucket in buckets] == [0, 0, 1]
    assert sorted(frame["statement_id"]) == csv_ids(partitioned)


def test_pyarrow_dataset_and_pandas_read_the_partitions_as_the_csv_table(partitioned: Path) -> None:
    folder = partitioned / "dist/parquet/statements"
    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table()
    assert sorted(table.column("statement_id").to_pylist()) == csv_ids(partitioned)
    assert sorted(pd.read_parquet(folder)["statement_id"]) == csv_ids(partitioned)
    from_parts = load(partitioned / "dist/parquet/datapackage.json")["statements"]
    pd.testing.assert_frame_equal(from_parts, load(partitioned / "datapackage.json")["statements"])


def test_spark_reads_the_partitions_as_the_csv_table(partitioned: Path) -> None:
    pyspark = pytest.importorskip("pyspark.sql", reason="pyspark is not installed here")
    spark = pyspark.SparkSession.builder.master("local[1]").getOrCreate()
    try:
        frame = spark.read.parquet(str(partitioned / "dist/parquet/statements"))
        ids = sorted(row.statement_id for row in frame.select("statement_id").collect())
        assert ids == csv_ids(partitioned)
        assert PARTITION_COLUMN in frame.columns
    finally:
        spark.stop()


def test_the_five_article_package_keeps_one_parquet_file_per_table() -> None:
    descriptor = json.loads((REPO / "dist/parquet/datapackage.json").read_text())
    assert all(isinstance(resource["path"], str) for resource in descriptor["resources"])


SOURCE_IDS = [f"{n:03d}_{n:016x}" for n in range(0, 1000, 97)] + [
    f"a{n}_{n:016x}" for n in range(1000, 3500, 211)
]


@given(st.lists(st.sampled_from(SOURCE_IDS), max_size=40), st.booleans(), st.integers(0, 40))
def test_partitions_are_each_buckets_rows_in_table_order(
    sources: list[str], in_order: bool, cut: int
) -> None:
    """In source order (as the build writes) or not, in one chunk or two."""
    sources = sorted(sources) if in_order else sources
    table = pa.table({"source_id": pa.array(sources, pa.string()), "row": range(len(sources))})
    table = pa.concat_tables([table.slice(0, cut), table.slice(cut)])
    bucket_of = [(article_number(s) or 0) // SOURCES_PER_BUCKET for s in sources]
    expected = [
        (bucket, [row for row, b in enumerate(bucket_of) if b == bucket])
        for bucket in sorted(set(bucket_of))
    ]
    found = [(part.bucket, part.rows()["row"].to_pylist()) for part in partitions(table)]
    assert found == expected
    for part in partitions(table):  # each bucket's sources, as its rows name them in order
        assert part.sources == pc.unique(part.rows()["source_id"]).to_pylist()
