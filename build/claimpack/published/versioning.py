"""The version policy: every change to the published data carries a version bump that says so.

major: a breaking schema change (table or field removed or renamed, type narrowed, key changed);
minor: new tables, fields or rows; patch: corrections and removals of rows, metadata. While the
major version is 0, a breaking change needs a minor bump and everything else a patch bump.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from claimpack.problems import plural
from claimpack.published.diff import PackageDiff, TableDiff

SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
BUMPS = ("none", "patch", "minor", "major")
WIDENINGS = {("integer", "number"), ("integer", "string"), ("number", "string"),
             ("boolean", "string"), ("date", "string")}  # fmt: skip


def table_bump(table: TableDiff) -> tuple[str, list[str]]:
    """The smallest version bump one table's changes need, and why."""
    name = table.name
    reasons: dict[str, list[str]] = {"major": [], "minor": [], "patch": []}
    if table.status == "removed":
        reasons["major"].append(f"table {name} removed")
    if table.status == "added":
        reasons["minor"].append(f"table {name} added")
    reasons["major"] += [f"{name}.{f} removed" for f in table.fields_removed]
    reasons["major"] += [f"{name}.{a} renamed to {b}" for a, b in table.fields_renamed]
    for field_name, old, new in table.fields_retyped:
        kind = "patch" if (old, new) in WIDENINGS else "major"
        reasons[kind].append(f"{name}.{field_name} retyped {old} -> {new}")
    if table.key_changed:
        reasons["major"].append(f"{name} primary key changed")
    reasons["minor"] += [f"{name}.{f} added" for f in table.fields_added]
    if table.rows_added and table.status != "added":
        reasons["minor"].append(f"{plural(len(table.rows_added), 'row')} added to {name}")
    if table.rows_changed:
        reasons["patch"].append(f"{plural(len(table.rows_changed), 'row')} corrected in {name}")
    if table.rows_removed and table.status != "removed":
        reasons["patch"].append(f"{plural(len(table.rows_removed), 'row')} removed from {name}")
    for bump in ("major", "minor", "patch"):
        if reasons[bump]:
            return bump, reasons[bump]
    return "none", []


def required_bump(diff: PackageDiff) -> tuple[str, list[str]]:
    """The class of the largest change between two revisions (before the 0.x shift), and why."""
    found = [table_bump(t) for t in diff.tables]
    if diff.metadata:
        found.append(("patch", [f"package {key} changed" for key in sorted(diff.metadata)]))
    bump = max((b for b, _ in found), key=BUMPS.index, default="none")
    return bump, [reason for b, reasons in found if b == bump for reason in reasons]


@dataclass(frozen=True)
class Verdict:
    ok: bool
    messages: list[str]


def parse(version: str) -> tuple[int, int, int]:
    match = SEMVER.match(version)
    if match is None:
        raise ValueError(f"{version!r} is not a semantic version")
    return int(match[1]), int(match[2]), int(match[3])


def bump_between(old: str, new: str) -> str:
    """Which part of the version went up from old to new: none, patch, minor, major, or down."""
    before, after = parse(old), parse(new)
    if after == before:
        return "none"
    if after < before:
        return "down"
    if after[0] > before[0]:
        return "major"
    return "minor" if after[1] > before[1] else "patch"


def needed_bump(change: str, version: str) -> str:
    """The bump a class of change needs at this version (0.x shifts everything down one)."""
    if change == "none" or parse(version)[0] > 0:
        return change
    return {"major": "minor", "minor": "patch", "patch": "patch"}[change]


def check_version(diff: PackageDiff, changelog: Path) -> Verdict:
    change, reasons = required_bump(diff)
    needed = needed_bump(change, diff.old_version)
    actual = bump_between(diff.old_version, diff.new_version)
    messages = []
    if actual == "down":
        messages.append(f"version went down from {diff.old_version} to {diff.new_version}")
    elif BUMPS.index(actual) < BUMPS.index(needed):
        what = "; ".join(reasons)
        messages.append(
            f"the data changed ({what}): that needs a {needed} version bump, "
            f"but the version went from {diff.old_version} to {diff.new_version} ({actual})"
        )
    if not has_entry(changelog, diff.new_version):
        messages.append(f"{changelog.name} has no entry for version {diff.new_version}")
    if not messages:
        messages.append(
            f"version {diff.new_version} is consistent with the changes since {diff.old} "
            f"({change if change != 'none' else 'no data changes'})"
        )
        return Verdict(True, messages)
    return Verdict(False, messages)


def has_entry(changelog: Path, version: str) -> bool:
    if not changelog.is_file():
        return False
    pattern = re.compile(rf"^##\s+\[?{re.escape(version)}\]?(\s|$)", re.MULTILINE)
    return bool(pattern.search(changelog.read_text(encoding="utf-8")))


def draft_entry(diff: PackageDiff, date: str) -> str:
    """A changelog entry drafted from the diff, for a maintainer to edit."""
    added, changed, removed = [], [], []
    for table in diff.tables:
        if table.status == "added":
            added.append(f"Table `{table.name}` ({plural(len(table.rows_added), 'row')}).")
            continue
        if table.status == "removed":
            removed.append(f"Table `{table.name}`.")
            continue
        added += [f"Field `{table.name}.{f}`." for f in table.fields_added]
        removed += [f"Field `{table.name}.{f}`." for f in table.fields_removed]
        changed += [f"Field `{table.name}.{a}` renamed to `{b}`." for a, b in table.fields_renamed]
        changed += [f"Field `{table.name}.{f}` is now {new} (was {old})."
                    for f, old, new in table.fields_retyped]  # fmt: skip
        if table.rows_added:
            added.append(f"{plural(len(table.rows_added), 'row')} in `{table.name}`.")
        if table.rows_changed:
            changed.append(f"{plural(len(table.rows_changed), 'row')} corrected in `{table.name}`.")
        if table.rows_removed:
            removed.append(f"{plural(len(table.rows_removed), 'row')} from `{table.name}`.")
    changed += [f"Package `{key}`." for key in sorted(diff.metadata)]
    lines = [f"## [{diff.new_version}] - {date}", ""]
    for title, items in (("Added", added), ("Changed", changed), ("Removed", removed)):
        if items:
            lines += [f"### {title}", "", *[f"- {item}" for item in items], ""]
    return "\n".join(lines)
