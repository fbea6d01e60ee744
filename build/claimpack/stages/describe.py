"""Stage: describe package. The Data Package (v1) descriptors of the CSV and Parquet tables.

The root datapackage.json describes the CSV tables; the Parquet descriptor (beside its files)
describes the same tables as Parquet, with the same schemas. Schemas are copied in from schema/,
never retyped, except that a list field (one with a delimiter) is of type any in Parquet.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pydantic_core

from claimpack.layout import CSV, PARQUET_DESCRIPTOR, TableFormat
from claimpack.schema import TableSchema
from claimpack.stages.read_seeds import Seeds
from claimpack.stages.write import CSV_DIALECT, FileData, measure, partition_files


def describe_package(
    metadata: dict[str, Any],
    schemas: dict[str, TableSchema],
    tables: dict[str, pa.Table],
    files: dict[str, FileData],
    table_format: TableFormat = CSV,
    inputs: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The descriptor of the tables in one format, around the package's metadata (one
    package_metadata for both formats); `files` maps each written table file (by path from
    the project root) to its bytes. The CSV descriptor sits at the root and points to the
    Parquet one; the Parquet descriptor sits beside its files, paths relative to it."""
    descriptor = {**metadata, "claimpack": dict(metadata["claimpack"])}  # metadata unchanged
    descriptor["resources"] = [
        _resource(schemas[name], table_format.path(name), files, table_format) for name in tables
    ]
    if table_format is CSV:
        descriptor["claimpack"]["parquet_descriptor"] = PARQUET_DESCRIPTOR
        descriptor["claimpack"]["inputs"] = inputs or {}
    else:
        # article paths are relative to the project root, which this descriptor is not in
        descriptor["sources"] = [
            {k: v for k, v in source.items() if k != "path"} for source in descriptor["sources"]
        ]
        for resource in descriptor["resources"]:
            # a partitioned table is one resource whose path lists its parts (a folder that
            # DuckDB, pyarrow.dataset, pandas and Spark read as one table with hive partitioning)
            parts = partition_files(files, resource["name"])
            folder = f"{table_format.folder}/"
            if parts:
                resource["path"] = [part.removeprefix(folder) for part in parts]
            else:
                resource["path"] = resource["path"].removeprefix(folder)
    return descriptor


def descriptor_bytes(descriptor: dict[str, Any]) -> bytes:
    """The descriptor as json.dumps(indent=2, ensure_ascii=False) writes it, and a line end.
    pydantic-core's serializer writes the same bytes ten times faster (the descriptors of a
    million statements take json a third of a second), but for a float that json writes with
    an exponent (1e-05, which it writes 0.00001): a descriptor holding one is written by json."""
    if all(number == 0 or 1e-4 <= abs(number) < 1e16 for number in _floats(descriptor)):
        return pydantic_core.to_json(descriptor, indent=2) + b"\n"
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _floats(value: object) -> list[float]:
    """The floats in a JSON value (text skipped without a call: most of a descriptor)."""
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list):
        return [value] if isinstance(value, float) else []
    return [number for item in value if type(item) is not str for number in _floats(item)]


def package_metadata(seeds: Seeds, tables: dict[str, pa.Table]) -> dict[str, Any]:
    """What both descriptors say of the package, its sources and its counts."""
    meta = seeds.package
    # as the sources table has them (in source_id order, its key): no article read again
    sources = tables["sources"].select(["source_id", "path", "headline"]).to_pylist()
    return {
        "profile": "tabular-data-package",
        "name": meta.name,
        "title": meta.title,
        "description": meta.description,
        "version": meta.version,
        "created": f"{meta.created.isoformat()}T00:00:00Z",
        "keywords": list(meta.keywords),
        "licenses": [license.model_dump() for license in meta.licenses],
        "sources": [
            {"title": s["headline"], "path": s["path"], "source_id": s["source_id"]}
            for s in sources
        ],
        "contributors": [contributor.model_dump() for contributor in meta.contributors],
        "claimpack": _summary(tables),
    }


def _summary(tables: dict[str, pa.Table]) -> dict[str, Any]:
    """Counts a reader checks first, computed from the tables."""
    return {
        "row_counts": {name: table.num_rows for name, table in tables.items()},
        "statements_per_source": _counts(tables["statements"].column("source_id")),
        "discrepancies_per_kind": _counts(tables["discrepancies"].column("kind")),
    }


def _counts(column: pa.ChunkedArray) -> dict[str, int]:
    """How often each value occurs, by value (counted by Arrow: a column has a row a
    statement)."""
    counted = pc.value_counts(column).to_pylist()
    return dict(sorted((entry["values"], entry["counts"]) for entry in counted))


def _resource(
    schema: TableSchema, path: str, files: dict[str, FileData], table_format: TableFormat
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": schema.name,
        "path": path,
        "profile": "tabular-data-resource",
        "title": schema.descriptor.get("title", schema.name),
        "description": schema.descriptor.get("description", ""),
        "format": table_format.name,
        "mediatype": table_format.mediatype,
    }
    resource["scheme"] = "file"
    if table_format is CSV:
        # What the files are, said for every client (the legacy ones do not assume it): the
        # writer in stages/write.py writes exactly this dialect.
        resource["dialect"] = dict(CSV_DIALECT)
        # frictionless checks size and hash of text formats only; Parquet is read by pyarrow
        size, sha256 = measure(files[path])
        resource["encoding"] = "utf-8"
        resource["bytes"] = size
        resource["hash"] = f"sha256:{sha256}"
    resource["schema"] = schema.table_descriptor(native_lists=table_format is not CSV)
    return resource
