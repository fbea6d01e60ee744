"""claimpack.load() gives pandas-native types derived from the Table Schemas: nullable
integers and floats, dates as datetime64 (comparable with strings and Timestamps), enums as
categoricals with the schema's levels, lists as Python lists; and takes a str or a Path, as
to_dataframe takes a schema as a dict or as the path of its file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from claimpack import load
from claimpack.published.load import to_dataframe

from conftest import REPO


@pytest.fixture(scope="module")
def statements() -> pd.DataFrame:
    return load(str(REPO / "datapackage.json"))["statements"]


def test_integers_numbers_and_booleans_are_nullable(statements: pd.DataFrame) -> None:
    assert str(statements["char_start"].dtype) == "Int64"
    assert str(statements["value_number"].dtype) == "Float64"
    assert str(statements["negated"].dtype) == "boolean"


def test_dates_are_datetime64_and_compare_with_strings_and_timestamps(
    statements: pd.DataFrame,
) -> None:
    dates = statements["value_date"]
    assert pd.api.types.is_datetime64_dtype(dates)
    assert (dates == "2026-02-22").any()
    assert (dates[dates.notna()] >= pd.Timestamp("1900-01-01")).all()


def test_enums_are_categoricals_with_the_schema_levels(statements: pd.DataFrame) -> None:
    schema = json.loads((REPO / "schema" / "statements.json").read_text())
    levels = next(f for f in schema["fields"] if f["name"] == "modality")["constraints"]["enum"]
    assert isinstance(statements["modality"].dtype, pd.CategoricalDtype)
    assert list(statements["modality"].cat.categories) == levels


def test_lists_are_python_lists_or_none(statements: pd.DataFrame) -> None:
    qualifiers = statements["qualifiers"]
    assert all(v is None or (isinstance(v, list) and v) for v in qualifiers)
    assert any(isinstance(v, list) and len(v) > 1 for v in qualifiers)


def test_load_takes_a_str_or_a_path_and_the_parquet_descriptor_gives_the_same() -> None:
    from_str = load(str(REPO / "dist" / "parquet" / "datapackage.json"))
    from_path = load(REPO / "datapackage.json")
    for name, frame in from_path.items():
        pd.testing.assert_frame_equal(frame, from_str[name])


SCHEMA_PATH = REPO / "schema" / "entities.json"


@pytest.mark.parametrize("schema", [SCHEMA_PATH, str(SCHEMA_PATH)], ids=["Path", "str"])
def test_to_dataframe_takes_the_schema_as_a_path(schema: str | Path) -> None:
    table = pq.read_table(REPO / "dist" / "parquet" / "entities.parquet")
    frame = to_dataframe(table, schema)
    assert isinstance(frame["type"].dtype, pd.CategoricalDtype)
    assert isinstance(frame["aliases"].iloc[0], list)


def test_load_takes_the_folder_of_an_unpacked_release(tmp_path: Path) -> None:
    """An unpacked release is a folder holding datapackage.json; load reads it as the
    descriptor inside."""
    for part in ("datapackage.json", "dist/csv"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part)
        else:
            shutil.copy(source, tmp_path / part)
    folder, descriptor = load(tmp_path), load(tmp_path / "datapackage.json")
    assert folder.keys() == descriptor.keys()
    assert all(folder[name].equals(descriptor[name]) for name in folder)
