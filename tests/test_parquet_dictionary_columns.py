"""Enum fields are dictionary columns in Parquet, whose dictionary is the schema's levels in
order: pandas reads them as categoricals (and R's arrow as factors) with those levels."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from claimpack.schema import load_schemas

from conftest import REPO

SCHEMAS = load_schemas(REPO / "schema")
ENUMS = {name: [f for f in s.fields if f.enum is not None] for name, s in SCHEMAS.items()}


def test_enum_fields_are_dictionary_columns_with_the_schema_levels() -> None:
    assert any(ENUMS.values())
    for name, fields in ENUMS.items():
        table = pq.read_table(REPO / "dist" / "parquet" / f"{name}.parquet")
        for f in fields:
            column = table.column(f.name)
            assert pa.types.is_dictionary(column.type), (name, f.name)
            for chunk in column.chunks:
                assert chunk.dictionary.to_pylist() == f.enum, (name, f.name)


def test_pandas_reads_enum_columns_as_categoricals_with_every_level() -> None:
    statements = pd.read_parquet(REPO / "dist" / "parquet" / "statements.parquet")
    modality = SCHEMAS["statements"].field("modality").enum
    assert isinstance(statements["modality"].dtype, pd.CategoricalDtype)
    assert list(statements["modality"].cat.categories) == modality


def test_other_string_fields_stay_plain_strings() -> None:
    stored = pq.read_schema(REPO / "dist" / "parquet" / "statements.parquet")
    assert stored.field("quote").type == pa.string()
    assert stored.field("source_id").type == pa.string()
