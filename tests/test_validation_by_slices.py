"""A build validates a package by what changed since the last valid one (published/slices.py),
and its report is always the one a full validation of the same bytes gives: after edits of any
table, with a corrupted row planted in the staged package, with damaged or tampered records."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import mmap
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimpack import build, pipeline
from claimpack.cache import Cache
from claimpack.layout import CACHE_DIR
from claimpack.problems import InvalidPackage
from claimpack.published import slices
from claimpack.published import validate as published_validate
from claimpack.synth import synthesize

from conftest import REPO

TABLES = ("statements", "sources", "entities", "discrepancies", "discrepancy_statements")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built synthetic project whose statements table has many slices: 1,600 rows, about
    a dozen slices of 128 lines on average, so that no one slice an edit touches is likely
    to hold half the table (which a validation by what changed leaves to a full one)."""
    root = tmp_path_factory.mktemp("slices") / "project"
    synthesize(REPO, root, 20, 80, seed=3)
    build(root)
    return root


@pytest.fixture
def project(corpus: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(corpus, copy)
    return copy


def fast_paths(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each validation by what changed gave the report itself."""
    used: list[bool] = []
    run = published_validate._validate_changed

    def observed(*args: Any, **kwargs: Any) -> published_validate.Report | None:
        report = run(*args, **kwargs)
        used.append(report is not None)
        return report

    monkeypatch.setattr(published_validate, "_validate_changed", observed)
    return used


def reports(root: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report with the build's records, and that of a full validation."""
    descriptor = root / "datapackage.json"
    recorded = published_validate.validate_package(descriptor, root, cache=Cache(root))
    full = published_validate.validate_package(descriptor, root)
    return recorded.to_dict(), full.to_dict()


def rewrite(root: Path, table: str, change: Any) -> None:
    """Change a published CSV's rows (change(rows) edits the list of rows, header first) and
    declare its new size and sha256, as a build would."""
    path = root / "dist" / "csv" / f"{table}.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    change(rows)
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    data = text.getvalue().encode("utf-8")
    path.write_bytes(data)
    descriptor_path = root / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    resource["bytes"], resource["hash"] = len(data), f"sha256:{hashlib.sha256(data).hexdigest()}"
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def test_the_statements_table_is_cut_into_many_slices(corpus: Path) -> None:
    data = (corpus / "dist" / "csv" / "statements.csv").read_bytes()
    cut = slices.cut(data)
    assert cut is not None and len(cut.digests) > 2
    assert (
        b"".join(data[a:b] for a, b in zip(cut.starts, cut.ends, strict=True))
        == data[cut.header_end :]
    )


def test_lines_alike_in_every_sampled_byte_are_still_cut_into_bounded_slices() -> None:
    """One discrepancy holding every statement: its id repeated at the start of each line,
    one value at the end."""
    lines = [b"dc_0000000000000000,st_%016x,Oseguera\n" % i for i in range(5000)]
    data = b"discrepancy_id,statement_id,compared_value\n" + b"".join(lines)
    cut = slices.cut(data)
    assert cut is not None and sum(cut.lines) == len(lines)
    assert max(cut.lines) <= slices.MOST_LINES and len(cut.lines) >= len(lines) // slices.MOST_LINES


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.binary(max_size=60).map(lambda b: b.replace(b"\n", b"") + b"\n"), max_size=400),
    st.integers(1, 300),
)
def test_a_mapped_file_cut_a_block_at_a_time_gives_the_slices_of_the_whole(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], block: int
) -> None:
    """Each pass reads a block at a time and gives its pages back: the slices are those of
    the file read whole, at any block size; a carriage return anywhere refuses the file."""
    data = b"h,i\n" + b"".join(lines)
    path = tmp_path_factory.mktemp("cut") / "table.csv"
    path.write_bytes(data)
    whole = slices.cut(data)
    with (
        path.open("rb") as handle,
        mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped,
    ):
        original, slices.BLOCK = slices.BLOCK, block
        try:
            in_blocks = slices.cut(mapped)
        finally:
            slices.BLOCK = original
        if whole is None:
            assert in_blocks is None and b"\r" in data
        else:
            assert in_blocks is not None
            fields = ("header_end", "starts", "ends", "lines", "digests")
            assert [getattr(in_blocks, f) for f in fields] == [getattr(whole, f) for f in fields]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"\n", b"") + b"\n"),
        min_size=1,
        max_size=3000,
    ),
    st.data(),
)
def test_an_edited_line_changes_only_the_slices_around_it(lines: list[bytes], data: Any) -> None:
    """A slice's end depends on its own last line only: replacing one line leaves every slice
    that neither holds it nor follows it directly as it was (a run cut by MOST_LINES aside)."""
    lines = [line.replace(b"\r", b"") or b"\n" for line in lines]
    place = data.draw(st.integers(0, len(lines) - 1))
    edited = [*lines]
    edited[place] = (
        data.draw(st.binary(max_size=40)).replace(b"\n", b"").replace(b"\r", b"") + b"\n"
    )
    before, after = (slices.cut(b"h\n" + b"".join(rows)) for rows in (lines, edited))
    assert before is not None and after is not None
    if max(before.lines) < slices.MOST_LINES and max(after.lines) < slices.MOST_LINES:
        assert len(set(before.digests) - set(after.digests)) <= 2


def test_an_unchanged_package_is_valid_by_its_records(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = fast_paths(monkeypatch)
    recorded, full = reports(project)
    assert (recorded, used) == (full, [True])


CELLS = st.sampled_from(["", "x", "=1+1", "-5", "2026-13-45", "st_0000000000000000", "true"])


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    table=st.sampled_from(TABLES),
    row=st.integers(min_value=1, max_value=400),
    column=st.integers(min_value=0, max_value=40),
    cell=CELLS | st.text(max_size=12),
    copy=st.booleans(),
)
def test_an_edited_table_gets_the_report_of_a_full_validation(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory, table: str, row: int, column: int,
    cell: str, copy: bool,
) -> None:  # fmt: skip
    root = tmp_path_factory.mktemp("edit") / "project"
    shutil.copytree(corpus, root)

    def change(rows: list[list[str]]) -> None:
        place = 1 + (row - 1) % max(len(rows) - 1, 1)
        if copy and len(rows) > 2:  # a row again, elsewhere: its keys twice
            rows.insert(1 + row % (len(rows) - 1), list(rows[place]))
        elif len(rows) > 1:
            rows[place][column % len(rows[place])] = cell

    rewrite(root, table, change)
    recorded, full = reports(root)
    assert recorded == full
    shutil.rmtree(root)


def test_a_row_removed_from_a_referenced_table_is_found_in_recorded_rows(project: Path) -> None:
    rewrite(project, "entities", lambda rows: rows.pop(1))
    recorded, full = reports(project)
    assert recorded == full and not full["valid"]
    assert any(e["type"] == "foreign-key" for t in full["tasks"] for e in t["errors"])


def test_a_rebuild_after_an_edited_coding_is_validated_by_what_changed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coding = sorted((project / "seeds" / "statements").glob("*.yaml"))[2]
    data = yaml.safe_load(coding.read_text(encoding="utf-8"))
    statements = data["statements"] if isinstance(data, dict) else data
    statements[0]["note"] = "edited"
    coding.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    used = fast_paths(monkeypatch)
    build(project)
    assert used == [True]
    recorded, full = reports(project)
    assert recorded == full and full["valid"]


def edit_note(root: Path, index: int, note: str) -> None:
    coding = sorted((root / "seeds" / "statements").glob("*.yaml"))[index]
    data = yaml.safe_load(coding.read_text(encoding="utf-8"))
    data["statements"][0]["note"] = note
    coding.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def recorded_keys(root: Path) -> dict[str, pa.Table]:
    """Each table's recorded key cells, by the slices' digests they hold (keys are unique)."""
    cache = Cache(root)
    found = {}
    for entry in entries(root, slices.KIND):
        record = slices.recall(cache, entry.name)
        assert record is not None
        found[",".join(record.digests)] = record.keys
    return found


def test_records_kept_by_rebuilds_in_a_row_are_those_a_full_validation_makes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each rebuild takes the unchanged slices' rows from the record the last one left; the
    records stay in row order, each row where it lies, as a full validation records them."""
    used = fast_paths(monkeypatch)
    for index, note in ((2, "first edit"), (4, "second edit"), (2, "third edit")):
        edit_note(project, index, note)
        build(project)
    assert used == [True, True, True]
    kept = recorded_keys(project)
    shutil.rmtree(project / CACHE_DIR / slices.KIND)
    published_validate.validate_package(project / "datapackage.json", project, cache=Cache(project))
    assert used == [True, True, True, False]  # no record: validated whole, and recorded
    assert kept.keys() == recorded_keys(project).keys()
    for listed, keys in recorded_keys(project).items():
        assert kept[listed].equals(keys)


def test_a_record_is_kept_while_the_slices_it_does_not_list_are_few(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild that changed a few slices of a large table leaves its record as it was (the
    slices it does not list are checked again by the next validation, which finds the same)."""
    monkeypatch.setattr(published_validate, "STALE", 0.5)  # this table's dozen slices: large
    listed_before = set(recorded_keys(project))
    used = fast_paths(monkeypatch)
    for index, note in ((2, "first edit"), (4, "second edit")):
        edit_note(project, index, note)
        build(project)
    assert used == [True, True]
    assert set(recorded_keys(project)) == listed_before  # no record written again
    recorded, full = reports(project)
    assert recorded == full and full["valid"]
    rewrite(project, "statements", lambda rows: rows.append(rows[-1]))  # a repeated id
    recorded, full = reports(project)
    assert recorded == full and not full["valid"]


def test_a_corrupted_row_planted_in_the_staged_package_is_reported_as_in_full(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = published_validate.validate_package
    full: list[published_validate.Report] = []

    def planted(descriptor: Path, *args: Any, **kwargs: Any) -> published_validate.Report:
        def corrupt(rows: list[list[str]]) -> None:
            rows[len(rows) // 2][rows[0].index("char_end")] = "-3"

        rewrite(descriptor.parent, "statements", corrupt)
        full.append(run(descriptor, *args, article_root=kwargs["article_root"]))
        return run(descriptor, *args, **kwargs)

    monkeypatch.setattr(pipeline, "validate_package", planted)
    with pytest.raises(InvalidPackage) as raised:
        build(project)
    assert full and not full[0].valid
    assert raised.value.problems == full[0].problems


def entries(root: Path, kind: str) -> Iterator[Path]:
    return (path for path in (root / CACHE_DIR / kind).rglob("*") if path.is_file())


def test_damaged_records_are_not_used(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for kind in (slices.KIND, slices.FORMAT_KIND):
        for entry in entries(project, kind):
            entry.write_bytes(entry.read_bytes()[:-7] + b"garbage")
    rewrite(project, "statements", lambda rows: rows.pop())
    used = fast_paths(monkeypatch)
    recorded, full = reports(project)
    assert (recorded, used) == (full, [False])


@pytest.mark.parametrize("tamper", ["drop", "repeat", "shuffled", "renamed", "not arrow"])
def test_a_record_that_does_not_hold_its_slices_rows_is_not_used(
    project: Path, monkeypatch: pytest.MonkeyPatch, tamper: str
) -> None:
    """A record rewritten with a sound checksum but rows missing, repeated (a duplicate key
    hidden, or one made up) or out of row order is not taken for its slices."""
    cache = Cache(project)
    for entry in entries(project, slices.KIND):
        record = slices.recall(cache, entry.name)
        assert record is not None
        keys = record.keys
        if tamper == "drop":
            keys = keys.slice(1)
        elif tamper == "repeat":
            keys = pa.concat_tables([keys, keys.slice(0, 1)])
        elif tamper == "shuffled":  # every row, each in its place, but not in row order
            keys = pa.concat_tables([keys.slice(1), keys.slice(0, 1)])
        elif tamper == "renamed":
            keys = keys.rename_columns([*keys.column_names[:-1], "other"])
        if tamper == "not arrow":
            cache.put(slices.KIND, entry.name, b"not arrow")
        else:
            entry_bytes = slices.encode(record.digests, record.texts, keys.to_reader())
            slices.remember(cache, entry.name, entry_bytes)
    used = fast_paths(monkeypatch)
    recorded, full = reports(project)
    assert recorded == full and full["valid"]
    assert used == [False]


def test_a_parquet_file_recorded_equal_is_compared_again_once_changed(project: Path) -> None:
    part = next((project / "dist" / "parquet").glob("statements*"))
    files = sorted(part.rglob("*.parquet")) if part.is_dir() else [part]
    table = pq.read_table(files[0])
    pq.write_table(table.slice(0, table.num_rows - 1), files[0])
    recorded, full = reports(project)
    assert recorded == full and not full["valid"]
