"""Read the published tables back with the types their Table Schemas give them.

`load("datapackage.json")` returns a typed pandas DataFrame per table: nullable integers,
dates as datetime64, enums as categoricals with the schema's levels, lists as Python lists;
the same frames from the CSV and the Parquet tables.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from claimpack.published.reader import Package, open_package
from claimpack.schema import TableSchema


def to_dataframe(table: pa.Table, schema: dict[str, Any] | str | Path) -> pd.DataFrame:
    """The table with pandas types derived from its Table Schema, given as a dict or as the
    path of its JSON file: each field's column as Field.to_pandas_dtype says."""
    descriptor = schema if isinstance(schema, dict) else json.loads(Path(schema).read_text("utf-8"))
    table_schema = TableSchema("table", descriptor)
    typed = table_schema.conform(table)
    return pd.DataFrame(
        {
            f.name: pd.Series(typed.column(f.name).to_pylist(), dtype="object")
            if f.delimiter is not None
            else typed.column(f.name).to_pandas().astype(f.to_pandas_dtype())
            for f in table_schema.fields
        }
    )


def frames(package: Package) -> dict[str, pd.DataFrame]:
    """Every table of an open package as a typed DataFrame, keyed by resource name."""
    return {
        str(resource["name"]): to_dataframe(package.table(resource["name"]), resource["schema"])
        for resource in package.resources
    }


def load(descriptor: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of a package as a typed DataFrame, keyed by resource name.

    `descriptor` (a str or a Path) is a datapackage.json (in the repository or an unpacked
    release; the Parquet one, dist/parquet/datapackage.json, gives the same frames) or a
    release .zip, which is checked and unpacked into a temporary folder first.
    """
    with open_package(Path(descriptor)) as package:
        return frames(package)
