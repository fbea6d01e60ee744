"""Read the published tables back with the types their Table Schemas give them.

`load("datapackage.json")` returns a typed pandas DataFrame per table: nullable integers,
dates as dates, enums as categoricals with the schema's levels. The same readers let
`validate` compare the CSV and Parquet copies of a table value by value.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from claimpack.archive import unpack
from claimpack.schema import TableSchema


def read_csv_table(path: Path, schema: dict[str, Any]) -> pa.Table:
    """A CSV table typed by its Table Schema: empty cells are null, booleans are true/false."""
    arrow_schema = TableSchema(path.stem, schema).to_pyarrow()
    return pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(encoding="utf-8"),
        convert_options=pa_csv.ConvertOptions(
            column_types=arrow_schema,
            include_columns=arrow_schema.names,
            strings_can_be_null=True,
            null_values=[""],
            true_values=["true"],
            false_values=["false"],
        ),
    ).cast(arrow_schema)


def read_parquet_table(path: Path, schema: dict[str, Any]) -> pa.Table:
    arrow_schema = TableSchema(path.stem, schema).to_pyarrow()
    return pq.read_table(path).select(arrow_schema.names).cast(arrow_schema)


def to_dataframe(table: pa.Table, schema: dict[str, Any]) -> pd.DataFrame:
    """pandas types derived from the schema; enum fields become categoricals with its levels."""
    table_schema = TableSchema("table", schema)
    frame = table.to_pandas().astype(table_schema.to_pandas_dtypes())
    for schema_field in table_schema.fields:
        if schema_field.enum is not None:
            frame[schema_field.name] = pd.Categorical(
                frame[schema_field.name], categories=schema_field.enum
            )
    return frame


def load(descriptor: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of a package as a typed DataFrame, keyed by resource name.

    `descriptor` is a datapackage.json (in the repository or an unpacked release) or a
    release .zip, which is checked and unpacked into a temporary folder first.
    """
    path = Path(descriptor)
    if path.suffix == ".zip":
        with tempfile.TemporaryDirectory(prefix="claimpack-load-") as unpacked:
            return load(unpack(path, Path(unpacked)))
    package = json.loads(path.read_text(encoding="utf-8"))
    frames = {}
    for resource in package["resources"]:
        file = path.parent / resource["path"]
        reader = read_parquet_table if resource.get("format") == "parquet" else read_csv_table
        frames[resource["name"]] = to_dataframe(
            reader(file, resource["schema"]), resource["schema"]
        )
    return frames
