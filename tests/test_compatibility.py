"""Every client users read Frictionless packages with reads this one as its Table Schemas say.

Three packages: the repository's (datapackage.json), a release zip made by the project's own
release code, and a small project built here whose cells hold what CSV readers trip on (quotes,
newlines, commas, non-ASCII). Seven clients: frictionless-py, the legacy Python `datapackage`,
datapackage-js, DuckDB, pandas, pyarrow and the R script in R/. Each must give every table's
row count and every cell's value, with the type its client maps the field's Table Schema type
to. What is expected comes from the CSV as Python's csv module reads it with the declared
dialect, cast by the field types of schema/*.json: nothing here is a hard-coded count.

The clients that are not Python libraries of claimpack's run in a subprocess and print JSON:
the legacy `datapackage` in its own virtualenv (.venv-datapackage, from
tests/compat/requirements-datapackage.lock), datapackage-js from tests/compat/node_modules
(`npm ci` of the committed lock), R with Rscript. `make test` installs the first two when it
can; a missing one is skipped with the reason, except in CI, where it is a failure.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import math
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import frictionless
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from claimpack import build
from claimpack.published.release import archive_bytes, release_files, release_stamp

from conftest import ENTITIES, STATEMENTS, write_project

REPO = Path(__file__).resolve().parents[1]
COMPAT = REPO / "tests" / "compat"
LEGACY_PYTHON = REPO / ".venv-datapackage" / "bin" / "python"
NODE_CLIENT = COMPAT / "node_modules" / "datapackage"
SCHEMAS = {
    path.stem: json.loads(path.read_text(encoding="utf-8"))
    for path in sorted((REPO / "schema").glob("*.json"))
}


def require(available: bool, reason: str) -> None:
    """Skip a test whose client is not installed here; in CI (CI set) every client must be."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI must run every compatibility test", pytrace=False)
    pytest.skip(reason)


# --- The packages --------------------------------------------------------------------------

# An article and coding whose cells hold a quote character, a newline, commas and non-ASCII
# text, in statements (quote), entities (name, description) and sources (headline).
AWKWARD_ARTICLE = (
    ' date 2026-02-23 Officials said "the boss, aged 59,\nwas killed" on Sunday in Tapalpa, '
    "Jalisco — near Guadalajara.\n"
)
AWKWARD_ENTITY = {
    "id": "jalisco", "type": "place", "name": 'Jalisco, "the state"', "aliases": ["Jalisco"],
    "description": 'A state, "Jalisco", of México;\nin the west.',
}  # fmt: skip
AWKWARD_STATEMENT = {
    "subject": "boss", "predicate": "death_circumstance", "value": "killed in Tapalpa",
    "attributed_to": "officials",
    "quote": 'the boss, aged 59,\nwas killed" on Sunday in Tapalpa, Jalisco — near',
}  # fmt: skip


@dataclass(frozen=True)
class Target:
    """A package as a client is pointed at it: the CSV descriptor (unpacked, for clients that
    read files on disk), the archive when it is a release, and the Parquet descriptor."""

    name: str
    descriptor: Path
    archive: Path | None = None

    @property
    def parquet_descriptor(self) -> Path:
        return self.descriptor.parent / "dist" / "parquet" / "datapackage.json"

    @property
    def source(self) -> Path:
        """What a client that reads release zips is given: the zip itself where there is one."""
        return self.archive or self.descriptor


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The descriptor of a small project whose cells hold the awkward text."""
    root = write_project(
        tmp_path_factory.mktemp("awkward") / "project",
        articles={"000_aaaaaaaaaaaaaaaa": AWKWARD_ARTICLE},
        statements={
            "000_aaaaaaaaaaaaaaaa": [AWKWARD_STATEMENT],
            "001_bbbbbbbbbbbbbbbb": STATEMENTS["001_bbbbbbbbbbbbbbbb"],
        },
        entities=[*ENTITIES, AWKWARD_ENTITY],
    )
    build(root)
    return root / "datapackage.json"


@pytest.fixture(scope="module", params=["repository", "release", "awkward"])
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Target:
    if request.param == "repository":
        return Target("repository", REPO / "datapackage.json")
    if request.param == "awkward":
        return Target("awkward", request.getfixturevalue("awkward"))
    # The release as `claimpack release` writes it (same code, same bytes), in a tmp folder.
    folder = tmp_path_factory.mktemp("release")
    created = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["created"]
    archive = folder / "release.zip"
    archive.write_bytes(archive_bytes(release_files(REPO), release_stamp(created)))
    with zipfile.ZipFile(archive) as bundle:  # as `unzip` would
        bundle.extractall(folder / "unpacked")
    return Target("release", folder / "unpacked" / "datapackage.json", archive)


# --- What every client must give: the CSV, read with the declared dialect, cast by the schema -


@dataclass(frozen=True)
class Table:
    name: str
    fields: list[dict[str, Any]]
    resource: dict[str, Any]
    columns: dict[str, list[Any]]

    @property
    def rows(self) -> int:
        return len(next(iter(self.columns.values())))


def cast(field: dict[str, Any], text: str, missing: list[str]) -> Any:
    """A CSV cell as Table Schema v1 reads it, in the plain form every client is compared in:
    None, str, int, float, bool, or a date as YYYY-MM-DD."""
    if text in missing:
        return None
    kind = field["type"]
    if "delimiter" in field:  # a list, written as its items joined by the delimiter
        return text.split(field["delimiter"])
    if kind == "string":
        return text
    if kind == "integer":
        return int(text)
    if kind == "number":
        number = float(text)
        assert not math.isnan(number), f"{field['name']}: NaN would read as null in plain()"
        return number
    if kind == "boolean":
        true = field.get("trueValues", ["true", "True", "TRUE", "1"])
        false = field.get("falseValues", ["false", "False", "FALSE", "0"])
        assert text in true or text in false, f"{field['name']}: {text!r} is no boolean"
        return text in true
    if kind == "date":
        return dt.date.fromisoformat(text).isoformat()
    raise AssertionError(f"{field['name']}: no reference cast for Table Schema type {kind!r}")


def expected_tables(descriptor: Path) -> dict[str, Table]:
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    tables = {}
    for resource in package["resources"]:
        schema = SCHEMAS[resource["name"]]
        fields = schema["fields"]
        declared = [(f["name"], f["type"]) for f in resource["schema"]["fields"]]
        assert declared == [(f["name"], f["type"]) for f in fields], resource["name"]
        dialect = resource["dialect"]
        missing = resource["schema"].get("missingValues", [""])
        path = descriptor.parent / resource["path"]
        with path.open(encoding=resource["encoding"], newline="") as handle:
            reader = csv.reader(
                handle,
                delimiter=dialect["delimiter"],
                quotechar=dialect["quoteChar"],
                doublequote=dialect["doubleQuote"],
                skipinitialspace=dialect["skipInitialSpace"],
                strict=True,
            )
            header = next(reader) if dialect["header"] else None
            rows = list(reader)
        assert header == [f["name"] for f in fields], resource["name"]
        columns = {
            field["name"]: [cast(field, row[i], missing) for row in rows]
            for i, field in enumerate(fields)
        }
        tables[resource["name"]] = Table(resource["name"], fields, resource, columns)
    return tables


@pytest.fixture(scope="module")
def expected(target: Target) -> dict[str, Table]:
    return expected_tables(target.descriptor)


def test_the_awkward_package_has_every_cell_a_csv_reader_trips_on(awkward: Path) -> None:
    """So that the comparisons below are not empty: each kind of cell is there."""
    cells = [
        value
        for table in expected_tables(awkward).values()
        for column in table.columns.values()
        for value in column
        if isinstance(value, str)
    ]
    assert any('"' in cell for cell in cells)
    assert any("\n" in cell for cell in cells)
    assert any("," in cell for cell in cells)
    assert any(not cell.isascii() for cell in cells)


def test_every_csv_resource_declares_its_dialect_encoding_and_scheme(target: Target) -> None:
    """Data Package v1 with CSV Dialect 1.2: the legacy clients assume nothing, so every
    property the files depend on is said; what is said is what the files are."""
    package = json.loads(target.descriptor.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource["scheme"] == "file" and resource["format"] == "csv"
        assert resource["encoding"] == "utf-8" and resource["mediatype"] == "text/csv"
        dialect = resource["dialect"]
        assert dialect["csvddfVersion"] == 1.2
        assert dialect["header"] is True and dialect["skipInitialSpace"] is False
        data = (target.descriptor.parent / resource["path"]).read_bytes()
        data.decode(resource["encoding"])
        terminator = dialect["lineTerminator"].encode()
        assert data.endswith(terminator)
        if terminator == b"\n":
            assert b"\r" not in data, "a CR in a file that says its lines end with LF"
        header = data.split(terminator, 1)[0].decode()
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert header == dialect["delimiter"].join(fields)
    parquet = json.loads(target.parquet_descriptor.read_text(encoding="utf-8"))
    for resource in parquet["resources"]:
        assert resource["scheme"] == "file" and resource["format"] == "parquet"
        assert "dialect" not in resource


# --- Comparing a client's tables ----------------------------------------------------------


def plain(value: Any) -> Any:
    """A client's value in the form cast() gives. NaN is read as null: numpy's float columns
    (pandas without nullable dtypes, and frictionless-py's Parquet reader, which goes through
    them) have no other null; cast() refuses a NaN in the CSV, so the two cannot be confused."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, float | decimal.Decimal) and math.isnan(value):
        return None
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime | pd.Timestamp):
        assert value.time() == dt.time(0), value
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if hasattr(value, "item") and getattr(value, "ndim", 0) == 0:  # numpy scalars
        return plain(value.item())
    if hasattr(value, "tolist"):  # a numpy array: a list cell read through pandas
        return [plain(item) for item in value.tolist()]
    return value


def plain_in(field: dict[str, Any], value: Any) -> Any:
    """plain(), and a list field as its items whether the client gave the list (Parquet, R) or
    the CSV text (every CSV reader)."""
    value = plain(value)
    if "delimiter" in field and isinstance(value, str):
        return value.split(field["delimiter"])
    return value


def assert_same_tables(
    client: str,
    expected: dict[str, Table],
    got: dict[str, dict[str, list[Any]]],
    types: dict[str, dict[str, Any]] | None = None,
    expected_type: Callable[[dict[str, Any], Any], bool] | None = None,
) -> None:
    """Every table, row count and value as expected; where types are given (per table and
    field, what the client says it gave), each is the one the field's Table Schema type maps
    to for this client."""
    assert sorted(got) == sorted(expected), client
    for name, table in expected.items():
        columns = got[name]
        assert sorted(columns) == sorted(table.columns), (client, name)
        for field in table.fields:
            column = [plain_in(field, v) for v in columns[field["name"]]]
            assert len(column) == table.rows, (client, name, "row count")
            pairs = zip(table.columns[field["name"]], column, strict=True)
            mismatch = [
                (i, want, have)
                for i, (want, have) in enumerate(pairs)
                if want != have or isinstance(want, bool) != isinstance(have, bool)
            ]
            assert not mismatch[:3], (client, name, field["name"], mismatch[:3])
            if types is not None and expected_type is not None:
                given = types[name][field["name"]]
                assert expected_type(field, given), (client, name, field["name"], given)


# What each client gives for a Table Schema type. One map per client, keyed by the type.
PYTHON_TYPES = {"string": "str", "integer": "int", "number": "Decimal", "boolean": "bool",
                "date": "date"}  # fmt: skip
JS_TYPES = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean",
            "date": "Date"}  # fmt: skip
R_CLASSES = {"string": "character", "integer": "integer", "number": "numeric",
             "boolean": "logical", "date": "Date"}  # fmt: skip
ARROW_TYPES: dict[str, Callable[[pa.DataType], bool]] = {
    "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    "integer": pa.types.is_integer,
    "number": pa.types.is_floating,
    "boolean": pa.types.is_boolean,
    "date": pa.types.is_date,
}
DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE",
                "boolean": "BOOLEAN", "date": "DATE"}  # fmt: skip
DUCKDB_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                   "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}  # fmt: skip


# A list field is a list in Parquet (and R), the joined text in CSV.
LIST_VALUE_TYPES = {"list", "tuple", "ndarray"}


def value_types(mapping: dict[str, str]) -> Callable[[dict[str, Any], Any], bool]:
    """For clients that give values one by one: every value has the type of the map."""
    return lambda field, given: (
        set(given)
        <= {mapping[field["type"]]} | (LIST_VALUE_TYPES if "delimiter" in field else set())
    )


def arrow_type_fits(field: dict[str, Any], given: pa.DataType) -> bool:
    """A string may be dictionary-encoded (an enum as R factor, pandas categorical)."""
    if pa.types.is_dictionary(given):
        return field["type"] == "string" and ARROW_TYPES["string"](given.value_type)
    if "delimiter" in field and pa.types.is_list(given):
        return ARROW_TYPES["string"](given.value_type)
    return ARROW_TYPES[field["type"]](given)


def duckdb_type_fits(field: dict[str, Any], given: str) -> bool:
    kind = field["type"]
    if "delimiter" in field and given == "VARCHAR[]":
        return True
    if kind == "integer":
        return given in DUCKDB_INTEGERS
    if kind == "number":
        return given in {"DOUBLE", "FLOAT"}
    if kind == "string":
        return given == "VARCHAR" or given.startswith("ENUM(")
    return given == DUCKDB_TYPES[kind]


def pandas_dtype_fits(field: dict[str, Any], given: pd.Series) -> bool:
    kind, dtype = field["type"], given.dtype
    if "delimiter" in field and pd.api.types.is_object_dtype(dtype):
        return all(isinstance(v, list | tuple) or hasattr(v, "tolist") for v in given.dropna())
    if kind == "string":
        if isinstance(dtype, pd.CategoricalDtype):
            return pd.api.types.is_string_dtype(dtype.categories.dtype)
        return pd.api.types.is_string_dtype(dtype)
    if kind == "integer":
        return pd.api.types.is_integer_dtype(dtype)
    if kind == "number":
        return pd.api.types.is_float_dtype(dtype)
    if kind == "boolean":
        return pd.api.types.is_bool_dtype(dtype)
    if kind == "date":  # datetime64, or date objects as pyarrow's date32 gives them
        dates = given.dropna()
        return pd.api.types.is_datetime64_any_dtype(dtype) or (
            pd.api.types.is_object_dtype(dtype) and all(type(v) is dt.date for v in dates)
        )
    raise AssertionError(f"{field['name']}: no pandas dtype for {kind!r}")


def row_client_tables(
    tables: Iterator[tuple[str, list[str], list[dict[str, Any]]]],
) -> tuple[dict[str, dict[str, list[Any]]], dict[str, dict[str, Any]]]:
    """Columns and per-column value type names from (table, field names, rows as dicts)."""
    columns: dict[str, dict[str, list[Any]]] = {}
    types: dict[str, dict[str, Any]] = {}
    for name, fields, rows in tables:
        columns[name] = {f: [row[f] for row in rows] for f in fields}
        types[name] = {
            f: sorted({type(v).__name__ for v in column if v is not None})
            for f, column in columns[name].items()
        }
    return columns, types


def subprocess_json(command: list[str | Path], cwd: Path = REPO) -> Any:
    completed = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout)


def unpack_client_output(
    output: dict[str, Any],
) -> tuple[dict[str, dict[str, list[Any]]], dict[str, dict[str, Any]]]:
    tables = output["tables"]
    for name, table in tables.items():
        for column in table["columns"].values():
            assert len(column["values"]) == table["rows"], name
    columns = {
        name: {f: c["values"] for f, c in table["columns"].items()}
        for name, table in tables.items()
    }
    types = {
        name: {f: c["types"] for f, c in table["columns"].items()} for name, table in tables.items()
    }
    return columns, types


# --- The clients --------------------------------------------------------------------------


def test_frictionless_py(target: Target, expected: dict[str, Table]) -> None:
    """frictionless-py reads the release zip itself, and both descriptors; validate passes."""
    report = frictionless.validate(str(target.source))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    for descriptor in (str(target.source), str(target.parquet_descriptor)):
        package = frictionless.Package(descriptor)
        columns, types = row_client_tables(
            (r.name, r.schema.field_names, r.read_rows()) for r in package.resources
        )
        assert_same_tables("frictionless", expected, columns, types, value_types(PYTHON_TYPES))


def test_legacy_python_datapackage(target: Target, expected: dict[str, Table]) -> None:
    """The legacy `datapackage` (1.x) opens a zip holding one datapackage.json only; a release
    holds two (CSV and Parquet), so, as its users do, it reads the unpacked release."""
    require(
        LEGACY_PYTHON.is_file(),
        "the legacy `datapackage` client is not installed in .venv-datapackage "
        "(`make test` installs it from tests/compat/requirements-datapackage.lock)",
    )
    script = COMPAT / "read_legacy_datapackage.py"
    output = subprocess_json([LEGACY_PYTHON, script, target.descriptor])
    columns, types = unpack_client_output(output)
    assert_same_tables("datapackage (legacy)", expected, columns, types, value_types(PYTHON_TYPES))


def test_datapackage_js(target: Target, expected: dict[str, Table]) -> None:
    """datapackage-js (npm `datapackage`). Its zip loader takes the last entry named
    datapackage.json as the descriptor (here the Parquet one) and writes no folders, so, as its
    users do with such a zip, it reads the unpacked release."""
    require(
        shutil.which("node") is not None and NODE_CLIENT.is_dir(),
        "datapackage-js is not installed (Debian: nodejs npm; then `make test` runs "
        "`npm ci` in tests/compat; .ci/run does both)",
    )
    script = COMPAT / "read_datapackage_js.js"
    output = subprocess_json(["node", script, target.descriptor])
    columns, types = unpack_client_output(output)
    assert_same_tables("datapackage-js", expected, columns, types, value_types(JS_TYPES))


def parquet_paths(target: Target) -> dict[str, Path]:
    package = json.loads(target.parquet_descriptor.read_text(encoding="utf-8"))
    folder = target.parquet_descriptor.parent
    return {r["name"]: folder / r["path"] for r in package["resources"]}


Columns = tuple[dict[str, list[Any]], dict[str, Any]]  # values and client types, by field
Reader = Callable[[Target, Table], Columns]


def assert_reads_both_formats(
    client: str,
    target: Target,
    expected: dict[str, Table],
    readers: dict[str, Reader],
    fits: Callable[[dict[str, Any], Any], bool],
) -> None:
    """A client that reads one file at a time: every table, in each format, as expected."""
    for source, read in readers.items():
        got = {name: read(target, table) for name, table in expected.items()}
        columns = {name: values for name, (values, _) in got.items()}
        types = {name: given for name, (_, given) in got.items()}
        assert_same_tables(f"{client} {source}", expected, columns, types, fits)


def duckdb_columns(relation: duckdb.DuckDBPyRelation) -> Columns:
    rows = relation.fetchall()
    names = relation.columns
    values = {c: [row[i] for row in rows] for i, c in enumerate(names)}
    return values, {c: str(t) for c, t in zip(names, relation.types, strict=True)}


def test_duckdb(target: Target, expected: dict[str, Table]) -> None:
    """DuckDB reads the Parquet files with their own types, and the CSV files with the declared
    dialect and the schema's types."""
    connection = duckdb.connect()
    readers: dict[str, Reader] = {
        "parquet": lambda t, table: duckdb_columns(
            connection.sql(
                "SELECT * FROM read_parquet($path)",
                params={"path": str(parquet_paths(t)[table.name])},
            )
        ),
        "csv": lambda t, table: duckdb_columns(connection.sql(duckdb_read_csv(t, table))),
    }
    assert_reads_both_formats("duckdb", target, expected, readers, duckdb_type_fits)


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def duckdb_read_csv(target: Target, table: Table) -> str:
    resource, dialect = table.resource, table.resource["dialect"]
    assert resource["encoding"] == "utf-8"
    missing = resource["schema"].get("missingValues", [""])
    quote = dialect["quoteChar"]
    columns = ", ".join(
        f"{sql_text(f['name'])}: {sql_text(DUCKDB_TYPES[f['type']])}" for f in table.fields
    )
    options = {
        "delim": sql_text(dialect["delimiter"]),
        "quote": sql_text(quote),
        "escape": sql_text(quote if dialect["doubleQuote"] else dialect.get("escapeChar", "")),
        "header": str(dialect["header"]).lower(),
        "new_line": sql_text(dialect["lineTerminator"].encode("unicode_escape").decode()),
        "nullstr": "[" + ", ".join(sql_text(m) for m in missing) + "]",
        "columns": "{" + columns + "}",
        "dateformat": "'%Y-%m-%d'",
        "auto_detect": "false",
        "strict_mode": "true",
    }
    path = target.descriptor.parent / resource["path"]
    arguments = ", ".join(f"{key} = {value}" for key, value in options.items())
    return f"SELECT * FROM read_csv({sql_text(str(path))}, {arguments})"


PANDAS_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64",
                 "boolean": "boolean"}  # fmt: skip


def pandas_columns(frame: pd.DataFrame) -> Columns:
    return {c: frame[c].tolist() for c in frame.columns}, {c: frame[c] for c in frame.columns}


def test_pandas(target: Target, expected: dict[str, Table]) -> None:
    """pandas reads the Parquet files as they are, and the CSV files with the declared dialect
    and dtypes from the schema."""
    readers: dict[str, Reader] = {
        "parquet": lambda t, table: pandas_columns(pd.read_parquet(parquet_paths(t)[table.name])),
        "csv": lambda t, table: pandas_columns(pandas_read_csv(t, table)),
    }
    assert_reads_both_formats("pandas", target, expected, readers, pandas_dtype_fits)


def pandas_read_csv(target: Target, table: Table) -> pd.DataFrame:
    resource, dialect = table.resource, table.resource["dialect"]
    dates = [f["name"] for f in table.fields if f["type"] == "date"]
    return pd.read_csv(
        target.descriptor.parent / resource["path"],
        sep=dialect["delimiter"],
        quotechar=dialect["quoteChar"],
        doublequote=dialect["doubleQuote"],
        skipinitialspace=dialect["skipInitialSpace"],
        header=0 if dialect["header"] else None,
        encoding=resource["encoding"],
        keep_default_na=False,
        na_values=resource["schema"].get("missingValues", [""]),
        dtype={f["name"]: PANDAS_DTYPES[f["type"]] for f in table.fields if f["name"] not in dates},
        parse_dates=dates,
        date_format="%Y-%m-%d",
    )


ARROW_CSV_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
                   "boolean": pa.bool_(), "date": pa.date32()}  # fmt: skip


def arrow_columns(table: pa.Table) -> Columns:
    values = {c: table.column(c).to_pylist() for c in table.column_names}
    return values, {f.name: f.type for f in table.schema}


def test_pyarrow(target: Target, expected: dict[str, Table]) -> None:
    """pyarrow reads the Parquet files as they are, and the CSV files with the declared dialect
    (values may hold newlines) and the schema's types."""
    readers: dict[str, Reader] = {
        "parquet": lambda t, table: arrow_columns(pq.read_table(parquet_paths(t)[table.name])),
        "csv": lambda t, table: arrow_columns(pyarrow_read_csv(t, table)),
    }
    assert_reads_both_formats("pyarrow", target, expected, readers, arrow_type_fits)


def pyarrow_read_csv(target: Target, table: Table) -> pa.Table:
    resource, dialect = table.resource, table.resource["dialect"]
    assert dialect["header"] and not dialect["skipInitialSpace"]
    return pa_csv.read_csv(
        target.descriptor.parent / resource["path"],
        read_options=pa_csv.ReadOptions(encoding=resource["encoding"]),
        parse_options=pa_csv.ParseOptions(
            delimiter=dialect["delimiter"],
            quote_char=dialect["quoteChar"],
            double_quote=dialect["doubleQuote"],
            escape_char=dialect.get("escapeChar", False),
            newlines_in_values=True,
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types={f["name"]: ARROW_CSV_TYPES[f["type"]] for f in table.fields},
            null_values=resource["schema"].get("missingValues", [""]),
            strings_can_be_null=True,
            true_values=["true", "True", "TRUE", "1"],
            false_values=["false", "False", "FALSE", "0"],
        ),
    )


R_SCRIPT = """
args <- commandArgs(trailingOnly = TRUE)
source(args[1])
tables <- read_el_mencho(args[2])
column <- function(values) {
  list(types = jsonlite::unbox(class(values)[1]),
       values = if (is.factor(values) || inherits(values, "Date")) as.character(values) else values)
}
cat(jsonlite::toJSON(list(tables = lapply(tables, function(table) {
  list(rows = jsonlite::unbox(nrow(table)), columns = lapply(table, column))
})), na = "null", digits = NA, null = "null"))
"""


def r_class_fits(field: dict[str, Any], given: str) -> bool:
    """read_el_mencho makes an enum a factor with the schema's levels."""
    if field.get("constraints", {}).get("enum"):
        return given == "factor"
    if "delimiter" in field and given == "list":
        return True
    return given == R_CLASSES[field["type"]]


def test_r_script(target: Target, expected: dict[str, Table]) -> None:
    """R/read_el_mencho.R, the copy in the package where there is one (a release has it)."""
    require(
        shutil.which("Rscript") is not None,
        "Rscript is not installed (Debian: r-base-core r-cran-readr r-cran-jsonlite; "
        ".ci/run installs them)",
    )
    script = target.descriptor.parent / "R" / "read_el_mencho.R"
    if not script.is_file():
        script = REPO / "R" / "read_el_mencho.R"
    output = subprocess_json(["Rscript", "-e", R_SCRIPT, script, target.descriptor])
    columns, types = unpack_client_output(output)
    assert_same_tables("R", expected, columns, types, r_class_fits)
