"""The Table Schemas in schema/ are the one definition of every table; other types derive from them.

One type map per backend, keyed by the Table Schema field type: pyarrow (Parquet) and pandas
here, R in R/read_el_mencho.R (which reads the schemas from the descriptor at run time).

Two properties of a field change its type in every backend: `constraints.enum` (a dictionary
column in Parquet, a categorical in pandas, a factor in R, with the enum's levels in order) and
`delimiter`, which makes it a list of strings (a list column in Parquet, Python lists in
pandas, a list column in R). In a text cell (CSV) a list is its items joined by the delimiter,
and an empty cell is no list; the build refuses any item that would make that text ambiguous
(`list_item_problem`), so splitting the text on the delimiter gives back the items exactly.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from claimpack.layout import TABLE_ORDER
from claimpack.problems import InvalidSeeds, Problem

# What a spreadsheet runs as a formula when a text cell starts with it; no published cell does.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    "date": "datetime64[us]",  # as pandas reads "2026-02-22": compares with strings, Timestamps
}
# The Arrow field metadata key that carries a list field's delimiter into the written tables.
DELIMITER_KEY = b"delimiter"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    constraints: dict[str, Any]
    delimiter: str | None = None  # set: a list of strings, joined by it in a text cell

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def enum(self) -> list[str] | None:
        values = self.constraints.get("enum")
        return list(values) if values is not None else None

    def to_pyarrow(self) -> pa.Field:
        """The Arrow field of a typed table, as Parquet stores it."""
        if self.delimiter is not None:
            metadata = {DELIMITER_KEY: self.delimiter.encode("utf-8")}
            return pa.field(self.name, pa.list_(pa.string()), not self.required, metadata)
        kind = PYARROW_TYPES[self.type]
        if self.enum is not None:
            kind = pa.dictionary(pa.int32(), kind)
        return pa.field(self.name, kind, nullable=not self.required)

    def to_pandas_dtype(self) -> Any:
        if self.delimiter is not None:
            return "object"  # Python lists, None where the cell is empty
        if self.enum is not None:
            import pandas as pd  # here: importing the schemas (the build) need not wait for it

            return pd.CategoricalDtype(self.enum)
        return PANDAS_TYPES[self.type]

    def conform(self, column: pa.Array | pa.ChunkedArray) -> pa.Array:
        """A column of this field as a typed table holds it, from the column as it was read
        or built: a list from its text (split on the delimiter) or from a list; an enum value
        as an index into the enum's levels, whatever dictionary it came with."""
        array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        if pa.types.is_dictionary(array.type):
            array = array.dictionary_decode()
        if self.delimiter is not None:
            if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
                array = pc.split_pattern(array, self.delimiter)
            return _cast(array, pa.list_(pa.string()))
        kind = PYARROW_TYPES[self.type]
        if self.enum is None:
            return _cast(array, kind)
        levels, _ = self._levels
        values = _cast(array, kind)
        indices = pc.index_in(values, value_set=levels)
        if indices.null_count != values.null_count:
            outside = pc.filter(values, pc.and_(pc.is_null(indices), pc.is_valid(values)))
            raise self._not_a_level(outside[0])
        return pa.DictionaryArray.from_arrays(_cast(indices, pa.int32()), levels)

    def enum_array(self, values: list[Any]) -> pa.DictionaryArray:
        """conform() of an enum field's Python values, each looked up in its levels: for the
        hundred rows of an article, cheaper than building a column and matching it in Arrow."""
        levels, index = self._levels
        try:
            indices = [None if value is None else index[value] for value in values]
        except KeyError as error:
            raise self._not_a_level(error.args[0]) from None
        return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), levels)

    def _not_a_level(self, value: object) -> ValueError:
        return ValueError(f"field {self.name}: {value} is not one of {self.enum}")

    @functools.cached_property
    def _levels(self) -> tuple[pa.Array, dict[Any, int]]:
        """An enum field's levels in Arrow, and each level's index: made once per field."""
        levels = self.enum or []
        return pa.array(levels, PYARROW_TYPES[self.type]), {v: i for i, v in enumerate(levels)}


def _cast(array: pa.Array, kind: pa.DataType) -> pa.Array:
    """The array as `kind`; not cast when it is of that type already (an article's table has
    thirty columns, and a cast costs more than the values of one)."""
    return array if array.type == kind else array.cast(kind)


def list_item_problem(item: str, delimiter: str) -> str | None:
    """Why an item cannot be one of a list written as text with this delimiter, or None. An
    item is not empty, does not contain the delimiter, and does not begin or end with what the
    delimiter holds besides spaces (" | ": no "|" at either end), so that no occurrence of
    the delimiter in the text straddles an item's edge."""
    if not item:
        return "is empty"
    if delimiter in item:
        return f"contains {delimiter!r}, which separates the items of a list"
    inner = delimiter.strip() or delimiter
    if item.startswith(inner[0]) or item.endswith(inner[-1]):
        return f"begins or ends with {inner!r}, which would run into the list's {delimiter!r}"
    return None


@dataclass(frozen=True)
class TableSchema:
    name: str
    descriptor: dict[str, Any]

    @functools.cached_property
    def fields(self) -> list[Field]:
        return [
            Field(
                f["name"],
                f.get("type", "string"),  # Table Schema's default
                f.get("description", ""),
                f.get("constraints", {}),
                f.get("delimiter"),
            )
            for f in self.descriptor["fields"]
        ]

    @functools.cached_property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.descriptor["fields"]]

    @functools.cached_property
    def _known(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The field names, and the names of the required fields (checked for every row)."""
        return frozenset(self.field_names), tuple(f.name for f in self.fields if f.required)

    @property
    def primary_key(self) -> list[str]:
        return list(self.descriptor.get("primaryKey", []))

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def table_descriptor(self, native_lists: bool = False) -> dict[str, Any]:
        """The schema as it goes into a resource: without the table-level name and title.
        With native_lists (Parquet), see native_list_schema."""
        descriptor = {
            k: v for k, v in self.descriptor.items() if k not in {"name", "title", "description"}
        }
        return native_list_schema(descriptor) if native_lists else descriptor

    def check_columns(self, columns: dict[str, list[Any]]) -> None:
        """Refuse a table (as columns) with a column the schema lacks or a required field
        missing in a row: a misspelt key must not silently become a column of nulls. (A bug
        in claimpack, not bad input.)"""
        names, required = self._known
        unknown = columns.keys() - names
        missing = [name for name in required if None in columns.get(name, [None])]
        self._refuse(unknown, missing)

    def _refuse(self, unknown: set[str], missing: list[str]) -> None:
        if unknown or missing:
            raise ValueError(
                f"row for table {self.name}: unknown keys {sorted(unknown)}, "
                f"required fields missing {missing}"
            )

    def table(self, rows: list[dict[str, Any]]) -> pa.Table:
        """A typed table of the rows, with the schema's columns, sorted by its primary key;
        refused (check_columns) when a row has a key the schema lacks or lacks a required one."""
        self._refuse(set().union(*rows) - self._known[0], [])
        columns = {name: [row.get(name) for row in rows] for name in self.field_names}
        self.check_columns(columns)
        table = self.from_columns(columns)
        return table.sort_by([(name, "ascending") for name in self.primary_key])

    def from_columns(self, columns: dict[str, list[Any]]) -> pa.Table:
        """A typed table of the schema's columns, of Python values in the order given. A list
        field takes lists of strings (an empty list is no list: null). Each column is built in
        its field's type at once, not built and then conformed."""
        arrays = []
        for f, arrow in zip(self.fields, self.to_pyarrow(), strict=True):
            values = columns[f.name]
            if f.delimiter is not None:
                items = [self._items(f, value) if value else None for value in values]
                array = pa.array(items, arrow.type)
            elif f.enum is not None:
                array = f.enum_array(values)
            else:
                array = pa.array(values, arrow.type)
            arrays.append(array)
        return pa.Table.from_arrays(arrays, schema=self.to_pyarrow())

    def from_arrow(self, table: pa.Table) -> pa.Table:
        """table() of rows already in Arrow: the same checks (of each list field's distinct
        items once, where a link table repeats a few values a million times), types and order."""
        names, required = self._known
        missing = [n for n in required if n not in table.column_names or table[n].null_count]
        self._refuse(set(table.column_names) - names, missing)
        for f in self.fields:
            if f.delimiter is not None:
                for item in pc.unique(pc.list_flatten(table[f.name])).to_pylist():
                    self._items(f, [item])
        conformed = self.conform(table)
        return conformed.sort_by([(name, "ascending") for name in self.primary_key])

    def _items(self, f: Field, items: Any) -> list[str] | None:
        """A list value as a typed table holds it; refuses an item the text form cannot hold
        (the input checks refuse it first, at its seed line: a bug in claimpack if not)."""
        if items is None or not list(items):
            return None
        for item in items:
            problem = list_item_problem(item, str(f.delimiter))
            if problem:
                raise ValueError(f"table {self.name}, field {f.name}: item {item!r} {problem}")
        return list(items)

    def conform(self, table: pa.Table) -> pa.Table:
        """The schema's columns of a table, each with its field's type (Field.conform)."""
        return pa.Table.from_arrays(
            [f.conform(table.column(f.name)) for f in self.fields], schema=self.to_pyarrow()
        )

    def to_pyarrow(self) -> pa.Schema:
        return self._arrow

    @functools.cached_property
    def _arrow(self) -> pa.Schema:  # an Arrow schema is immutable: made once
        return pa.schema([f.to_pyarrow() for f in self.fields])

    def to_pyarrow_csv(self) -> pa.Schema:
        """The types a CSV reader gives the cells, before conform: lists and enums as text."""
        return pa.schema(
            pa.field(f.name, pa.string() if f.delimiter or f.enum else PYARROW_TYPES[f.type])
            for f in self.fields
        )

    def to_pandas_dtypes(self) -> dict[str, Any]:
        return {f.name: f.to_pandas_dtype() for f in self.fields}


def field_type(field: dict[str, Any]) -> str:
    """A field's type as a diff names it: a list field is list<string>, not string."""
    kind = str(field.get("type", "string"))
    return f"list<{kind}>" if "delimiter" in field else kind


def native_list_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A Table Schema for a format with list columns (Parquet): each field with a delimiter
    becomes of type any, its delimiter kept to say how a CSV writes it. (Not array: the
    Parquet file says list<string> itself, and frictionless reads a list cell through pandas
    as a numpy array, which its array type refuses.)"""
    fields = [
        field | {"type": "any"} if isinstance(field, dict) and "delimiter" in field else field
        for field in schema.get("fields", [])
    ]
    return schema | {"fields": fields}


def load_schemas(schema_dir: str | Path) -> dict[str, TableSchema]:
    """Read schema/<table>.json for every table, in publication order."""
    schemas, problems = {}, []
    for name in TABLE_ORDER:
        path = Path(schema_dir) / f"{name}.json"
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
