"""What changed between two revisions of the package: tables, schemas, rows, metadata.

How much each change weighs for the version number is versioning.py's business; how a diff is
shown is render.py's.

Rows are matched by primary key. A statement keeps its id (stored in its coding) when its quote
or value is corrected, so a correction is a changed row. A discrepancy's id is derived from what
it links and finds, so it changes when they do; rows left unmatched on both sides are then paired
by the table's `matchKey` (a property of its Table Schema: the fields that say which disagreement
a row is), so that such a change shows as a changed row rather than one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from claimpack.problems import InvalidPackage, Problem
from claimpack.published.reader import Package
from claimpack.schema import field_type

DERIVED_METADATA = {"resources", "claimpack", "version", "created"}


@dataclass
class Side:
    label: str
    descriptor: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    schemas: dict[str, dict[str, Any]]

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))


@dataclass
class TableDiff:
    name: str
    status: str  # added, removed, changed, same
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[str] = field(default_factory=list)
    fields_renamed: list[tuple[str, str]] = field(default_factory=list)
    fields_retyped: list[tuple[str, str, str]] = field(default_factory=list)
    key_changed: tuple[list[str], list[str]] | None = None
    rows_added: list[dict[str, str]] = field(default_factory=list)
    rows_removed: list[dict[str, str]] = field(default_factory=list)
    rows_changed: list[dict[str, Any]] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)  # field name -> Table Schema type

    @property
    def changed(self) -> bool:
        return self.status != "same"

    def to_dict(self) -> dict[str, Any]:
        """The table's changes with every cell as the JSON value its field type says: numbers
        as numbers, booleans as booleans, an empty cell as null."""

        def typed(row: dict[str, Any]) -> dict[str, Any]:
            return {name: json_value(value, self.types.get(name)) for name, value in row.items()}

        data = {k: v for k, v in self.__dict__.items() if k != "types"}
        data["rows_added"] = [typed(row) for row in self.rows_added]
        data["rows_removed"] = [typed(row) for row in self.rows_removed]
        data["rows_changed"] = [
            {
                "key": typed(change["key"]),
                "changes": {
                    name: {
                        side: json_value(value, self.types.get(name))
                        for side, value in pair.items()
                    }
                    for name, pair in change["changes"].items()
                },
            }
            for change in self.rows_changed
        ]
        return data


def json_value(cell: Any, field_type: str | None) -> Any:
    """A CSV cell as JSON: null for empty, numbers and booleans typed; text otherwise (also when
    a cell does not read as its type, so nothing is lost)."""
    if cell is None or cell == "":
        return None
    text = str(cell)
    try:
        if field_type == "integer":
            return int(text)
        if field_type == "number":
            number = float(text)
            return int(number) if number.is_integer() and "." not in text else number
    except ValueError:
        return text
    if field_type == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


@dataclass
class PackageDiff:
    old: str
    new: str
    old_version: str
    new_version: str
    metadata: dict[str, tuple[Any, Any]]
    tables: list[TableDiff]

    @property
    def identical(self) -> bool:
        return not self.metadata and not any(t.changed for t in self.tables)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "identical": self.identical,
            "metadata": {k: {"old": a, "new": b} for k, (a, b) in sorted(self.metadata.items())},
            "tables": [table.to_dict() for table in self.tables],
        }


def diff_packages(old: Side, new: Side) -> PackageDiff:
    metadata = {
        key: (old.descriptor.get(key), new.descriptor.get(key))
        for key in sorted(set(old.descriptor) | set(new.descriptor))
        if key not in DERIVED_METADATA and old.descriptor.get(key) != new.descriptor.get(key)
    }
    names = list(new.schemas) + [n for n in old.schemas if n not in new.schemas]
    return PackageDiff(
        old=old.label,
        new=new.label,
        old_version=old.version,
        new_version=new.version,
        metadata=metadata,
        tables=[_diff_table(name, old, new) for name in names],
    )


def _diff_table(name: str, old: Side, new: Side) -> TableDiff:
    if name not in old.schemas:
        types = {f["name"]: field_type(f) for f in new.schemas[name]["fields"]}
        return TableDiff(name, "added", rows_added=_records(new.tables[name]), types=types)
    if name not in new.schemas:
        types = {f["name"]: field_type(f) for f in old.schemas[name]["fields"]}
        return TableDiff(name, "removed", rows_removed=_records(old.tables[name]), types=types)
    old_schema, new_schema = old.schemas[name], new.schemas[name]
    old_types = {f["name"]: field_type(f) for f in old_schema["fields"]}
    new_types = {f["name"]: field_type(f) for f in new_schema["fields"]}
    before, after = old.tables[name], new.tables[name]
    removed = [f for f in old_types if f not in new_types]
    added = [f for f in new_types if f not in old_types]
    renamed = [
        (a, b)
        for a in removed
        for b in added
        if old_types[a] == new_types[b] and before[a].tolist() == after[b].tolist()
    ]
    for a, b in renamed:
        removed.remove(a)
        added.remove(b)
        before = before.rename(columns={a: b})
    result = TableDiff(
        name,
        "same",
        types={**old_types, **new_types},
        fields_added=added,
        fields_removed=removed,
        fields_renamed=renamed,
        fields_retyped=[
            (f, old_types[f], new_types[f])
            for f in new_types
            if f in old_types and old_types[f] != new_types[f]
        ],
    )
    old_key, new_key = old_schema.get("primaryKey", []), new_schema.get("primaryKey", [])
    if [dict(renamed).get(k, k) for k in old_key] != new_key:
        result.key_changed = (old_key, new_key)
    key = [k for k in new_key if k in before.columns and k in after.columns]
    common = [c for c in after.columns if c in before.columns]
    _diff_rows(result, before[common], after[common], key, new_schema.get("matchKey", []))
    if any([added, removed, renamed, result.fields_retyped, result.key_changed,
            result.rows_added, result.rows_removed, result.rows_changed]):  # fmt: skip
        result.status = "changed"
    return result


def _diff_rows(
    result: TableDiff, before: pd.DataFrame, after: pd.DataFrame, key: list[str], match: list[str]
) -> None:
    if not key:
        key = list(after.columns)
    merged = before.merge(after, on=key, how="outer", suffixes=("_old", "_new"), indicator=True)
    value_fields = [c for c in after.columns if c not in key]
    both = merged[merged["_merge"] == "both"]
    for row in both.to_dict("records"):
        changes = {
            f: {"old": row[f"{f}_old"], "new": row[f"{f}_new"]}
            for f in value_fields
            if row[f"{f}_old"] != row[f"{f}_new"]
        }
        if changes:
            result.rows_changed.append({"key": {k: row[k] for k in key}, "changes": changes})
    only_old = _side(merged[merged["_merge"] == "left_only"], key, value_fields, "_old")
    only_new = _side(merged[merged["_merge"] == "right_only"], key, value_fields, "_new")
    match = [m for m in match if m in after.columns]
    if match and only_old and only_new:
        only_old, only_new = _paired_by_match_key(result, only_old, only_new, match)
    result.rows_removed, result.rows_added = only_old, only_new


def _paired_by_match_key(
    result: TableDiff, old: list[dict[str, str]], new: list[dict[str, str]], match: list[str]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Rows left unmatched on both sides paired by their match key, each changed row added to
    the result; the rows left unpaired. Where a match key has several rows on a side, each old
    row takes the new one that differs from it in fewest fields (then the first): no row is
    lost, and the counts of added, removed and changed rows add up."""
    waiting: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for row in new:
        waiting.setdefault(tuple(row[m] for m in match), []).append(row)
    unpaired_old = []
    for row in old:
        candidates = waiting.get(tuple(row[m] for m in match))
        if not candidates:
            unpaired_old.append(row)
            continue
        partner = min(candidates, key=lambda other: sum(row[f] != other[f] for f in row))
        candidates.remove(partner)
        changes = {f: {"old": row[f], "new": partner[f]} for f in row if row[f] != partner[f]}
        result.rows_changed.append({"key": {m: row[m] for m in match}, "changes": changes})
    paired = {id(row) for rows in waiting.values() for row in rows}
    return unpaired_old, [row for row in new if id(row) in paired]


def _side(
    frame: pd.DataFrame, key: list[str], fields: list[str], suffix: str
) -> list[dict[str, str]]:
    columns = {**{k: k for k in key}, **{f"{f}{suffix}": f for f in fields}}
    return _records(frame[list(columns)].rename(columns=columns))


def _records(frame: pd.DataFrame) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in row.items()} for row in frame.fillna("").to_dict("records")]


def read_side(package: Package) -> Side:
    """A package's CSV tables as written (every cell a string), for comparison; InvalidPackage
    when a table's header is not its schema's or its primary key repeats, since then no row
    can be matched and "no differences" would be a lie."""
    tables, schemas, problems = {}, {}, []
    for resource in package.resources:
        name = str(resource["name"])
        schema = resource.get("schema")
        if not isinstance(schema, dict):
            continue
        try:
            frame = package.text_table(name)
        except (OSError, ValueError) as error:
            problems.append(Problem("unreadable-table", str(resource["path"]), "", str(error)))
            continue
        problems += _structure_problems(frame, schema, str(resource["path"]))
        schemas[name], tables[name] = schema, frame
    if problems:
        raise InvalidPackage(problems)
    return Side(package.label, package.descriptor, tables, schemas)


def _structure_problems(frame: pd.DataFrame, schema: dict[str, Any], path: str) -> list[Problem]:
    fields = [str(f.get("name")) for f in schema.get("fields", [])]
    if list(frame.columns) != fields:
        message = f"header {list(frame.columns)} is not the schema's fields {fields}"
        return [Problem("incorrect-label", path, "row 1", message)]
    key = [k for k in schema.get("primaryKey", []) if k in frame.columns]
    repeated = frame.index[frame.duplicated(key, keep="first")] if key else []
    return [
        Problem("primary-key", path, f"row {index + 2}", f"repeats the primary key {key}")
        for index in repeated
    ]
