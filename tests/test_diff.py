"""diff: matched by key, every change reported, and applying the report gives the new rows."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from claimpack.published.diff import Side, TableDiff, diff_packages
from claimpack.published.render import render
from claimpack.published.versioning import required_bump

SCHEMA = {
    "fields": [{"name": "id", "type": "string"}, {"name": "value", "type": "string"},
               {"name": "count", "type": "integer"}],
    "primaryKey": ["id"],
}  # fmt: skip


def side(rows: dict[str, tuple[str, str]], schema: dict[str, Any] = SCHEMA, **meta: Any) -> Side:
    frame = pd.DataFrame(
        [{"id": k, "value": v, "count": c} for k, (v, c) in sorted(rows.items())],
        columns=["id", "value", "count"],
        dtype=str,
    )
    descriptor = {"name": "p", "version": "0.1.0", **meta}
    return Side("side", descriptor, {"t": frame}, {"t": schema})


tables = st.dictionaries(
    st.text("abcdef", min_size=1, max_size=3),
    st.tuples(st.sampled_from(["x", "y", "z"]), st.sampled_from(["1", "2"])),
    max_size=8,
)


@given(tables)
def test_a_package_compared_with_itself_has_no_differences(rows: dict[str, Any]) -> None:
    result = diff_packages(side(rows), side(rows))
    assert result.identical
    assert required_bump(result) == ("none", [])


def apply(rows: dict[str, tuple[str, str]], table: TableDiff) -> dict[str, tuple[str, str]]:
    result = dict(rows)
    for row in table.rows_removed:
        del result[row["id"]]
    for change in table.rows_changed:
        key = change["key"]["id"]
        value, count = result[key]
        fields = {"value": value, "count": count}
        fields.update({name: c["new"] for name, c in change["changes"].items()})
        result[key] = (fields["value"], fields["count"])
    for row in table.rows_added:
        result[row["id"]] = (row["value"], row["count"])
    return result


@given(tables, tables)
def test_applying_the_reported_changes_to_old_gives_new(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    (table,) = diff_packages(side(old), side(new)).tables
    assert apply(old, table) == new
    assert table.changed == (old != new)


def test_each_class_of_change_needs_its_bump() -> None:
    base = {"a": ("x", "1"), "b": ("y", "2")}
    corrected = {"a": ("x", "1"), "b": ("z", "2")}
    grown = {**base, "c": ("z", "1")}
    fewer = {"a": ("x", "1")}
    assert required_bump(diff_packages(side(base), side(corrected)))[0] == "patch"
    assert required_bump(diff_packages(side(base), side(fewer)))[0] == "patch"
    assert required_bump(diff_packages(side(base), side(grown)))[0] == "minor"
    retitled = diff_packages(side(base), side(base, title="New title"))
    assert required_bump(retitled) == ("patch", ["package title changed"])

    def with_schema(fields: list[dict[str, str]], key: list[str] | None = None) -> Side:
        schema = {"fields": fields, "primaryKey": key or ["id"]}
        frame = side(base).tables["t"].rename(columns={"value": fields[1]["name"]})
        return Side("s", {"version": "0.1.0"}, {"t": frame}, {"t": schema})

    fields = SCHEMA["fields"]
    renamed = with_schema([fields[0], {"name": "label", "type": "string"}, fields[2]])
    assert required_bump(diff_packages(side(base), renamed)) == (
        "major", ["t.value renamed to label"])  # fmt: skip
    narrowed = with_schema([*fields[:2], {"name": "count", "type": "boolean"}])
    assert required_bump(diff_packages(side(base), narrowed))[0] == "major"
    widened = with_schema([*fields[:2], {"name": "count", "type": "number"}])
    assert required_bump(diff_packages(side(base), widened))[0] == "patch"
    rekeyed = with_schema(list(fields), key=["id", "value"])
    assert required_bump(diff_packages(side(base), rekeyed))[0] == "major"
    frames = side(base).tables
    added_table = Side("s", {"version": "0.1.0"}, {**frames, "u": frames["t"]},
                       {"t": SCHEMA, "u": SCHEMA})  # fmt: skip
    assert required_bump(diff_packages(side(base), added_table))[0] == "minor"
    assert required_bump(diff_packages(added_table, side(base)))[0] == "major"


def test_rows_whose_key_is_a_content_hash_are_paired_by_their_match_key() -> None:
    schema = {**SCHEMA, "matchKey": ["count"]}
    old = side({"h1": ("x", "1")}, schema)
    new = side({"h2": ("y", "1")}, schema)
    (table,) = diff_packages(old, new).tables
    assert (table.rows_added, table.rows_removed) == ([], [])
    assert table.rows_changed == [
        {"key": {"count": "1"}, "changes": {"id": {"old": "h1", "new": "h2"},
                                            "value": {"old": "x", "new": "y"}}}
    ]  # fmt: skip


@given(tables, tables)
def test_every_row_is_matched_paired_added_or_removed_once(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    """Found by a probe: two new discrepancies with one match key kept only the last in a
    dict, so the other was neither paired nor added; the report said a row was removed and
    its counts did not add up. Here match keys repeat on both sides ("1", "2")."""
    schema = {**SCHEMA, "matchKey": ["count"]}
    (table,) = diff_packages(side(old, schema), side(new, schema)).tables
    paired = [change["changes"]["id"] for change in table.rows_changed if "id" not in change["key"]]
    common = sorted(old.keys() & new.keys())
    added = [row["id"] for row in table.rows_added]
    removed = [row["id"] for row in table.rows_removed]
    assert sorted([*common, *(ids["new"] for ids in paired), *added]) == sorted(new)
    assert sorted([*common, *(ids["old"] for ids in paired), *removed]) == sorted(old)


def test_a_markdown_diff_shows_changed_fields_as_list_items_not_code() -> None:
    """Found by a probe: each changed field was written `-     name: old -> new`, which
    CommonMark (GitHub's comments) reads as a code block, showing escapes and `-&gt;` as typed."""
    from markdown_it import MarkdownIt

    old = side({"a": ("Claudia Sheinbaum | Sheinbaum", "1")})
    new = side({"a": ("Claudia Sheinbaum | Sheinbaum | Claudia Sheinbaum Pardo", "1")})
    page = MarkdownIt("commonmark").render(render(diff_packages(old, new), markdown=True))
    assert "<pre>" not in page and "<code>" not in page, page
    assert "<li>value: 'Claudia Sheinbaum | Sheinbaum' -&gt; 'Claudia Sheinbaum |" in page, page


def test_metadata_that_differs_late_is_shown_where_it_differs() -> None:
    """Both sides of a long metadata value were cut to their first 60 characters, which
    showed the same words on either side of the arrow."""
    title = "Mexican authorities confirmed on Sunday that the leader was killed in "
    diff = diff_packages(side({}, title=title + "Tapalpa"), side({}, title=title + "Jalisco"))
    line = next(ln for ln in render(diff).splitlines() if ln.strip().startswith("package title"))
    assert "Tapalpa" in line and "Jalisco" in line, line
