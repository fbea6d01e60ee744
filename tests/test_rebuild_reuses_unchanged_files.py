"""A rebuild takes from the cache every table file (CSV rows, Parquet file or partition) whose
rows are those of an earlier build, and derives discrepancies again only from the statements
of the articles whose entries changed; after any run of edits it publishes the bytes a cold
build of the same seeds publishes, and a spoiled entry of a reused file is written again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimpack import build
from claimpack.cache import Cache
from claimpack.layout import CACHE_DIR
from claimpack.stages.write import CSV_KIND, PARQUET_KIND

from conftest import built_partitioned, cold_build_of, copied, published_bytes, spoil_entries

ARTICLES = 10


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic project built once (ten articles: one partition of statements)."""
    return built_partitioned(tmp_path_factory.mktemp("rebuild") / "project", ARTICLES, 8, 7)


def edit(root: Path, article: int, change: str, index: int) -> None:
    """One edit a coder might make to one coding file that leaves the seeds valid: a note, the
    voice a statement is attributed to (which the rules read) or none, or the order of the
    statements."""
    path = sorted((root / "seeds" / "statements").glob("*.yaml"))[article]
    coding: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    statements = coding["statements"]
    statement = statements[index % len(statements)]
    if change == "note":
        statement["note"] = f"Checked again ({index})."
    elif change == "voice":
        statement["attributed_to"] = statement["subject"]
    elif change == "swap":
        statements[0], statements[-1] = statements[-1], statements[0]
    elif change == "unvoice":
        statement.pop("attributed_to", None)
    path.write_text(yaml.safe_dump(coding, allow_unicode=True, sort_keys=False), "utf-8")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, ARTICLES - 1),
            st.sampled_from(["note", "voice", "swap", "unvoice"]),
            st.integers(0, 20),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_rebuilds_after_random_edits_equal_cold_builds(
    built: Path, edits: list[tuple[int, str, int]]
) -> None:
    with copied(built) as root:
        for article, change, index in edits:  # each rebuild from the cache the last one left
            edit(root, article, change, index)
            build(root)
            assert published_bytes(root) == cold_build_of(root)


def test_a_note_edit_writes_no_table_file_but_the_statements_again(built: Path) -> None:
    """A note is in the statements alone: every other table's files, and every partition but
    the edited article's, are the cache's; the article's partition is written anew."""
    with copied(built) as root:
        before = _entries(root)
        edit(root, ARTICLES // 2, "note", 0)
        build(root)
        added = _entries(root) - before
        assert [path.parts[-3] for path in sorted(added)] == [PARQUET_KIND]
        assert published_bytes(root) == cold_build_of(root)


def _entries(root: Path) -> set[Path]:
    return {
        path
        for kind in (CSV_KIND, PARQUET_KIND)
        for path in (root / CACHE_DIR / kind).rglob("*")
        if path.is_file()
    }


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign", "forged"])
def test_a_spoiled_entry_of_a_reused_file_is_written_again(built: Path, damage: str) -> None:
    """Cut short, a byte changed, another entry's bytes, or a well-stored Parquet entry that
    holds no Parquet file: each is a miss, and the file is written as a cold build writes it."""
    with copied(built) as root:
        entries = sorted(_entries(root))
        if damage == "forged":
            for entry in entries:
                if entry.parts[-3] == PARQUET_KIND:
                    Cache(root).put(PARQUET_KIND, entry.name, b"PAR1 not a Parquet file")
        else:
            spoil_entries(entries, damage)
        edit(root, 0, "note", 1)
        build(root)
        assert published_bytes(root) == cold_build_of(root)
