"""Where things are in a project and in its published package: the one place that spells them.

Paths are relative to the project root (the folder holding `seeds/` and `datapackage.json`),
POSIX-style, as they appear in descriptors and archives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DESCRIPTOR = "datapackage.json"
CSV_DIR = "dist/csv"
PARQUET_DIR = "dist/parquet"
PARQUET_DESCRIPTOR = f"{PARQUET_DIR}/{DESCRIPTOR}"
REPORT = "dist/report.html"
RELEASES_DIR = "dist/releases"
SEEDS_DIR = "seeds"
STATEMENTS_DIR = f"{SEEDS_DIR}/statements"
# The registries in seeds/, beside the articles (`NNN_<hash>.txt`).
PACKAGE_FILE = f"{SEEDS_DIR}/package.yaml"
SOURCES_FILE = f"{SEEDS_DIR}/sources.yaml"
ENTITIES_FILE = f"{SEEDS_DIR}/entities.yaml"
PREDICATES_FILE = f"{SEEDS_DIR}/predicates.yaml"
SCHEMA_DIR = "schema"
# The package's tables, in publication order; each has its Table Schema schema/<table>.json.
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
CACHE_DIR = ".claimpack-cache"  # what the build derived per file and per article (cache.py)
# What a build replaces, all or nothing (see publish.py).
PUBLISHED = (CSV_DIR, PARQUET_DIR, DESCRIPTOR)


@dataclass(frozen=True)
class TableFormat:
    """How one format of the tables is laid out: folder, file suffix and media type."""

    name: str
    folder: str
    suffix: str
    mediatype: str

    def path(self, table: str) -> str:
        """The table's file, from the project root."""
        return f"{self.folder}/{table}{self.suffix}"


# A large table's Parquet copy is written in hive-style partitions, a folder per thousand
# sources (by article number): dist/parquet/statements/source_bucket=3/part-0.parquet holds
# the rows of articles 3000 to 3999. Readers take the folder as one table.
PARTITION_COLUMN = "source_bucket"
SOURCES_PER_BUCKET = 1000


def partition_path(table: str, bucket: int) -> str:
    """The Parquet file of one partition of a table, from the project root."""
    return f"{PARQUET_DIR}/{table}/{PARTITION_COLUMN}={bucket}/part-0.parquet"


CSV = TableFormat("csv", CSV_DIR, ".csv", "text/csv")
PARQUET = TableFormat("parquet", PARQUET_DIR, ".parquet", "application/vnd.apache.parquet")
FORMATS = {table_format.name: table_format for table_format in (CSV, PARQUET)}


def claimpack_member(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor's `claimpack` member, where the build records its inputs and the Parquet
    descriptor; empty when there is none, or another tool wrote something else under the name."""
    member = descriptor.get("claimpack")
    return member if isinstance(member, dict) else {}
