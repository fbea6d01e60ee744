"""What changed between two revisions of the package: tables, schemas, rows, metadata.

Rows are matched by primary key. Statement and discrepancy ids are hashes of their content, so a
corrected value gives a new id; rows left unmatched on both sides are then paired by the table's
`matchKey` (a property of its Table Schema: the fields that say which claim a row is), so that a
correction shows as a changed row rather than one removed and one added.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from claimpack.archive import unpack
from claimpack.errors import Problem, UsageError

WIDENINGS = {("integer", "number"), ("integer", "string"), ("number", "string"),
             ("boolean", "string"), ("date", "string")}  # fmt: skip
DERIVED_METADATA = {"resources", "claimpack", "version", "created"}
BUMPS = ("none", "patch", "minor", "major")


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

    @property
    def changed(self) -> bool:
        return self.status != "same"

    def required_bump(self) -> tuple[str, list[str]]:
        """The smallest version bump these changes need, and why."""
        reasons: dict[str, list[str]] = {"major": [], "minor": [], "patch": []}
        if self.status == "removed":
            reasons["major"].append(f"table {self.name} removed")
        if self.status == "added":
            reasons["minor"].append(f"table {self.name} added")
        reasons["major"] += [f"{self.name}.{f} removed" for f in self.fields_removed]
        reasons["major"] += [f"{self.name}.{a} renamed to {b}" for a, b in self.fields_renamed]
        for name, old, new in self.fields_retyped:
            kind = "patch" if (old, new) in WIDENINGS else "major"
            reasons[kind].append(f"{self.name}.{name} retyped {old} -> {new}")
        if self.key_changed:
            reasons["major"].append(f"{self.name} primary key changed")
        reasons["minor"] += [f"{self.name}.{f} added" for f in self.fields_added]
        if self.rows_added and self.status != "added":
            reasons["minor"].append(f"{len(self.rows_added)} rows added to {self.name}")
        if self.rows_changed:
            reasons["patch"].append(f"{len(self.rows_changed)} rows corrected in {self.name}")
        if self.rows_removed and self.status != "removed":
            reasons["patch"].append(f"{len(self.rows_removed)} rows removed from {self.name}")
        for bump in ("major", "minor", "patch"):
            if reasons[bump]:
                return bump, reasons[bump]
        return "none", []


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

    def required_bump(self) -> tuple[str, list[str]]:
        found = [t.required_bump() for t in self.tables]
        if self.metadata:
            found.append(("patch", [f"package {key} changed" for key in sorted(self.metadata)]))
        bump = max((b for b, _ in found), key=BUMPS.index, default="none")
        return bump, [reason for b, reasons in found if b == bump for reason in reasons]

    def to_dict(self) -> dict[str, Any]:
        bump, reasons = self.required_bump()
        return {
            "old": self.old,
            "new": self.new,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "identical": self.identical,
            "required_bump": bump,
            "reasons": reasons,
            "metadata": {k: {"old": a, "new": b} for k, (a, b) in sorted(self.metadata.items())},
            "tables": [t.__dict__ for t in self.tables],
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
        return TableDiff(name, "added", rows_added=_records(new.tables[name]))
    if name not in new.schemas:
        return TableDiff(name, "removed", rows_removed=_records(old.tables[name]))
    old_schema, new_schema = old.schemas[name], new.schemas[name]
    old_types = {f["name"]: f["type"] for f in old_schema["fields"]}
    new_types = {f["name"]: f["type"] for f in new_schema["fields"]}
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
        paired_new = {tuple(r[m] for m in match): r for r in only_new}
        unpaired_old = []
        for row in only_old:
            partner = paired_new.pop(tuple(row[m] for m in match), None)
            if partner is None:
                unpaired_old.append(row)
                continue
            changes = {
                f: {"old": row[f], "new": partner[f]} for f in after.columns if row[f] != partner[f]
            }
            result.rows_changed.append({"key": {m: row[m] for m in match}, "changes": changes})
        only_old, only_new = unpaired_old, list(paired_new.values())
    result.rows_removed, result.rows_added = only_old, only_new


def _side(
    frame: pd.DataFrame, key: list[str], fields: list[str], suffix: str
) -> list[dict[str, str]]:
    columns = {**{k: k for k in key}, **{f"{f}{suffix}": f for f in fields}}
    return _records(frame[list(columns)].rename(columns=columns))


def _records(frame: pd.DataFrame) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in row.items()} for row in frame.fillna("").to_dict("records")]


# Reading a side ----------------------------------------------------------------------------


@contextmanager
def open_side(spec: str, repo: Path) -> Iterator[Side]:
    """A package given as a descriptor path, a .zip release, or a git revision of repo."""
    with tempfile.TemporaryDirectory(prefix="claimpack-diff-") as scratch:
        path = Path(spec)
        if spec.endswith(".zip") and path.is_file():
            descriptor = unpack(path, Path(scratch))
        elif path.is_file():
            descriptor = path
        else:
            descriptor = _checkout(spec, repo, Path(scratch))
        yield _read_side(spec, descriptor)


def _checkout(revision: str, repo: Path, target: Path) -> Path:
    """The committed package files at a git revision, written under target."""

    def git(*args: str) -> bytes:
        completed = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
        if completed.returncode != 0:
            reason = completed.stderr.decode().strip() or "unknown revision"
            message = f"not a descriptor, a .zip, or a git revision here ({reason})"
            raise UsageError([Problem("unknown-revision", revision, "", message)])
        return completed.stdout

    git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    listed = git("ls-tree", "-r", "--name-only", revision, "--", "datapackage.json", "dist/csv")
    if b"datapackage.json" not in listed.split(b"\n"):
        message = "this revision has no datapackage.json"
        raise UsageError([Problem("missing-file", revision, "", message)])
    data = git("archive", "--format=tar", revision, "datapackage.json", "dist/csv")
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")
    return target / "datapackage.json"


def _read_side(label: str, descriptor_path: Path) -> Side:
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError([Problem("invalid-json", label, "", str(error))]) from None
    tables, schemas = {}, {}
    for resource in descriptor.get("resources", []):
        name = resource["name"]
        schemas[name] = resource["schema"]
        tables[name] = pd.read_csv(
            descriptor_path.parent / resource["path"], dtype=str, keep_default_na=False
        )
    return Side(label, descriptor, tables, schemas)


# Rendering ---------------------------------------------------------------------------------


def render(diff: PackageDiff, markdown: bool = False, limit: int = 20) -> str:
    """A summary first (one line per table), then details, at most `limit` rows per list."""
    bump, reasons = diff.required_bump()
    heading = "### " if markdown else ""
    bullet = "- " if markdown else "  "
    lines = [
        f"{heading}Data package diff: {diff.old} ({diff.old_version}) -> "
        f"{diff.new} ({diff.new_version})",
        "",
    ]
    if diff.identical:
        return "\n".join([*lines, "No differences."]) + "\n"
    lines.append(f"Largest class of change: {bump} ({'; '.join(reasons)}).")
    lines.append("")
    if markdown:
        lines += ["| table | status | rows added | removed | changed | schema |",
                  "| --- | --- | ---: | ---: | ---: | --- |"]  # fmt: skip
    for table in diff.tables:
        schema = _schema_summary(table)
        counts = (len(table.rows_added), len(table.rows_removed), len(table.rows_changed))
        if markdown:
            lines.append(f"| {table.name} | {table.status} | {counts[0]} | {counts[1]} | "
                         f"{counts[2]} | {schema or ''} |")  # fmt: skip
        else:
            lines.append(
                f"{table.name:<24}{table.status:<9}+{counts[0]:<6}-{counts[1]:<6}~{counts[2]:<6}"
                + (f"  {schema}" if schema else "")
            )
    for key, (old, new) in sorted(diff.metadata.items()):
        lines.append(f"{bullet}package {key}: {_short(old)} -> {_short(new)}")
    for table in diff.tables:
        if not table.changed:
            continue
        lines += ["", f"{heading}{table.name}" if markdown else f"== {table.name}"]
        for title, rows in (("added", table.rows_added), ("removed", table.rows_removed)):
            for row in rows[:limit]:
                lines.append(f"{bullet}{title}: {_row_label(row)}")
            if len(rows) > limit:
                lines.append(f"{bullet}... and {len(rows) - limit} more rows {title}")
        for change in table.rows_changed[:limit]:
            fields = "; ".join(
                f"{name}: {_short(values['old'])} -> {_short(values['new'])}"
                for name, values in change["changes"].items()
            )
            lines.append(f"{bullet}changed {_row_label(change['key'])}: {fields}")
        if len(table.rows_changed) > limit:
            lines.append(f"{bullet}... and {len(table.rows_changed) - limit} more rows changed")
    return "\n".join(lines) + "\n"


def _schema_summary(table: TableDiff) -> str:
    parts = [f"+{f}" for f in table.fields_added] + [f"-{f}" for f in table.fields_removed]
    parts += [f"{a}->{b}" for a, b in table.fields_renamed]
    parts += [f"{f}: {a}->{b}" for f, a, b in table.fields_retyped]
    if table.key_changed:
        parts.append(f"key {table.key_changed[0]}->{table.key_changed[1]}")
    return ", ".join(parts)


def _row_label(row: dict[str, str]) -> str:
    return ", ".join(f"{k}={_short(v, 40)}" for k, v in list(row.items())[:4])


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
