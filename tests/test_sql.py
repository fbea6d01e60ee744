"""The Parquet tables answer SQL directly, with DuckDB: the README's queries, run as written."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]


def readme_queries() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", readme, flags=re.DOTALL)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_the_readme_shows_two_queries() -> None:
    assert len(readme_queries()) >= 2


def test_every_discrepancy_comes_back_with_the_sources_on_each_side(in_repo: None) -> None:
    rows = duckdb.sql(readme_queries()[0]).df()
    discrepancies = pd.read_parquet("dist/parquet/discrepancies.parquet")
    assert set(rows["discrepancy_id"]) == set(discrepancies["discrepancy_id"])
    assert (rows.groupby("discrepancy_id")["compared_value"].nunique() >= 2).all()
    assert rows["sources"].str.len().min() > 0


def test_statements_join_sources_and_entities(in_repo: None) -> None:
    rows = duckdb.sql(readme_queries()[1]).df()
    statements = pd.read_parquet("dist/parquet/statements.parquet")
    assert rows["statements"].sum() == len(statements)
    assert set(rows["source_id"]) == set(statements["source_id"])
