"""Read the published tables back with the types their Table Schemas give them.

`load("datapackage.json")` returns a typed pandas DataFrame per table: nullable integers,
dates as dates, enums as categoricals with the schema's levels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from claimpack.published.reader import Package, open_package
from claimpack.schema import TableSchema


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


def frames(package: Package) -> dict[str, pd.DataFrame]:
    """Every table of an open package as a typed DataFrame, keyed by resource name."""
    return {
        str(resource["name"]): to_dataframe(package.table(resource["name"]), resource["schema"])
        for resource in package.resources
    }


def load(descriptor: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of a package as a typed DataFrame, keyed by resource name.

    `descriptor` is a datapackage.json (in the repository or an unpacked release) or a
    release .zip, which is checked and unpacked into a temporary folder first.
    """
    with open_package(Path(descriptor)) as package:
        return frames(package)
