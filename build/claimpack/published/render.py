"""How a diff is shown: text for people, markdown for a pull-request comment, JSON for tools."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from claimpack.problems import plural
from claimpack.published.diff import PackageDiff, TableDiff
from claimpack.published.versioning import required_bump


def diff_dict(diff: PackageDiff) -> dict[str, Any]:
    """The diff as data, with the class of change it needs."""
    bump, reasons = required_bump(diff)
    data = diff.to_dict()
    data["required_bump"], data["reasons"] = bump, reasons
    return data


MARKDOWN_SIGNS = re.compile(r"[\\`*_\[\]()#!@~|]")


def render(diff: PackageDiff, markdown: bool = False, limit: int = 20) -> str:
    """A summary first (one line per table), then details, at most `limit` rows per list.

    Markdown is posted as a pull-request comment, so everything the packages say is escaped:
    no HTML, and no `|` that would break the table."""
    bump, reasons = required_bump(diff)
    data = _inert if markdown else str  # what the packages say, never markup in a comment
    heading = "### " if markdown else ""
    bullet = "- " if markdown else "  "
    lines = [
        f"{heading}Data package diff: {data(diff.old)} ({data(diff.old_version)}) -> "
        f"{data(diff.new)} ({data(diff.new_version)})",
        "",
    ]
    if diff.identical:
        text = "\n".join([*lines, "No differences."]) + "\n"
        return html.escape(text, quote=False) if markdown else text
    lines.append(f"Largest class of change: {bump} ({'; '.join(reasons)}).")
    lines.append("")
    if markdown:
        lines += ["| table | status | rows added | removed | changed | schema |",
                  "| --- | --- | ---: | ---: | ---: | --- |"]  # fmt: skip
    for table in diff.tables:
        schema = _schema_summary(table)
        counts = (len(table.rows_added), len(table.rows_removed), len(table.rows_changed))
        if markdown:
            cells = [table.name, table.status, *map(str, counts), schema or ""]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        else:
            lines.append(
                f"{table.name:<24}{table.status:<9}+{counts[0]:<6}-{counts[1]:<6}~{counts[2]:<6}"
                + (f"  {schema}" if schema else "")
            )
    for key, (old, new) in sorted(diff.metadata.items()):
        shown = _around_first_difference(_full(old), _full(new))
        lines.append(f"{bullet}package {key}: {data(shown[0])} -> {data(shown[1])}")
    for table in diff.tables:
        if not table.changed:
            continue
        lines += ["", f"{heading}{table.name}" if markdown else f"== {table.name}"]
        for title, rows in (("added", table.rows_added), ("removed", table.rows_removed)):
            for row in rows[:limit]:
                lines.append(f"{bullet}{title}: {data(_row_label(row))}")
            if len(rows) > limit:
                lines.append(f"{bullet}... and {plural(len(rows) - limit, 'more row')} {title}")
        # a field's change in full (a change cut short may be the part that changed), as a
        # nested item in Markdown: a dash and four spaces would start a code block there
        nested = "  - " if markdown else "      "
        for change in table.rows_changed[:limit]:
            lines.append(f"{bullet}changed {data(_row_label(change['key']))}:")
            lines += [
                f"{nested}{name}: {data(_full(values['old']))} -> {data(_full(values['new']))}"
                for name, values in change["changes"].items()
            ]
        if len(table.rows_changed) > limit:
            more = plural(len(table.rows_changed) - limit, "more row")
            lines.append(f"{bullet}... and {more} changed")
    text = "\n".join(lines) + "\n"
    return html.escape(text, quote=False) if markdown else text


def _inert(text: object) -> str:
    """Text as Markdown shows it and does nothing with: no emphasis, link, code, table cell,
    @mention or #issue reference (a headline '@octocat #1' pinged and linked). HTML is
    escaped after, on the whole comment."""
    return MARKDOWN_SIGNS.sub(r"\\\g<0>", str(text))


def _schema_summary(table: TableDiff) -> str:
    parts = [f"+{f}" for f in table.fields_added] + [f"-{f}" for f in table.fields_removed]
    parts += [f"{a}->{b}" for a, b in table.fields_renamed]
    parts += [f"{f}: {a}->{b}" for f, a, b in table.fields_retyped]
    if table.key_changed:
        parts.append(f"key {table.key_changed[0]}->{table.key_changed[1]}")
    return ", ".join(parts)


def _row_label(row: dict[str, str]) -> str:
    return ", ".join(f"{k}={_short(v, 40)}" for k, v in list(row.items())[:4])


def _full(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)


def _around_first_difference(old: str, new: str, limit: int = 60) -> tuple[str, str]:
    """Two long texts cut to the same window, which starts a little before their first
    difference: cut at the start alone, they may show the same words."""
    if len(old) <= limit and len(new) <= limit:
        return old, new
    first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                 min(len(old), len(new)))  # fmt: skip
    start = max(0, first - 20)

    def window(text: str) -> str:
        cut = text[start : start + limit]
        return ("..." if start else "") + cut + ("..." if start + limit < len(text) else "")

    return window(old), window(new)


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
