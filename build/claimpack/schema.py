"""The Table Schemas in schema/ are the one definition of every table; other types derive from them.

One type map per backend, keyed by the Table Schema field type: pyarrow (Parquet) and pandas
here, R in R/read_el_mencho.R (which reads the schemas from the descriptor at run time).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from claimpack.problems import InvalidSeeds, Problem

# How a list-valued field is written in one text cell (CSV and Parquet alike).
LIST_SEPARATOR = " | "
# What a spreadsheet runs as a formula when a text cell starts with it; no published cell does.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TABLE_ORDER = (
    "sources",
    "entities",
    "entity_aliases",
    "predicates",
    "statements",
    "discrepancies",
    "discrepancy_statements",
    "coverage",
    "waivers",
)

PYARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}
PANDAS_TYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "date32[pyarrow]",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    constraints: dict[str, Any]

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def enum(self) -> list[str] | None:
        values = self.constraints.get("enum")
        return list(values) if values is not None else None


@dataclass(frozen=True)
class TableSchema:
    name: str
    descriptor: dict[str, Any]

    @functools.cached_property
    def fields(self) -> list[Field]:
        return [
            Field(f["name"], f["type"], f.get("description", ""), f.get("constraints", {}))
            for f in self.descriptor["fields"]
        ]

    @functools.cached_property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.descriptor["fields"]]

    @functools.cached_property
    def _known(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The field names, and the names of the required fields (check_row runs per row)."""
        return frozenset(self.field_names), tuple(f.name for f in self.fields if f.required)

    @property
    def primary_key(self) -> list[str]:
        return list(self.descriptor.get("primaryKey", []))

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def table_descriptor(self) -> dict[str, Any]:
        """The schema as it goes into a resource: without the table-level name and title."""
        return {
            k: v for k, v in self.descriptor.items() if k not in {"name", "title", "description"}
        }

    def check_row(self, row: dict[str, Any]) -> None:
        """Refuse a row with a key the schema lacks or a required field missing: a misspelt
        key must not silently become a column of nulls. (A bug in claimpack, not bad input.)"""
        names, required = self._known
        unknown = row.keys() - names
        missing = [name for name in required if row.get(name) is None]
        if unknown or missing:
            raise ValueError(
                f"row for table {self.name}: unknown keys {sorted(unknown)}, "
                f"required fields missing {missing}"
            )

    def table(self, rows: list[dict[str, Any]]) -> pa.Table:
        """A typed table of the rows, with the schema's columns, sorted by its primary key."""
        for row in rows:
            self.check_row(row)
        table = pa.table(
            {name: [row.get(name) for row in rows] for name in self.field_names},
            schema=self.to_pyarrow(),
        )
        return table.sort_by([(name, "ascending") for name in self.primary_key])

    def to_pyarrow(self) -> pa.Schema:
        return self._arrow

    @functools.cached_property
    def _arrow(self) -> pa.Schema:  # an Arrow schema is immutable: made once
        return pa.schema(
            [pa.field(f.name, PYARROW_TYPES[f.type], nullable=not f.required) for f in self.fields]
        )

    def to_pandas_dtypes(self) -> dict[str, str]:
        return {f.name: PANDAS_TYPES[f.type] for f in self.fields}


def load_schemas(schema_dir: Path) -> dict[str, TableSchema]:
    """Read schema/<table>.json for every table, in publication order."""
    schemas, problems = {}, []
    for name in TABLE_ORDER:
        path = schema_dir / f"{name}.json"
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            problems.append(Problem("missing-file", path.as_posix(), "", error.strerror or ""))
            continue
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(Problem("invalid-json", path.as_posix(), "", str(error)))
            continue
        schemas[name] = TableSchema(name, descriptor)
    if problems:
        raise InvalidSeeds(problems)
    return schemas
