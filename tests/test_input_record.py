"""The record of the inputs (fingerprint.InputRecord): a build takes an unchanged file's sha256
from its stat, and reads no unchanged article whose text no stage asks for; a file changed
since (even keeping its size and mtime), a racy one, or a damaged record is read again, and
what is published is always what a cold build of the same seeds publishes."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import cold_build_of, copied, damage_cache, outcome
from typer.testing import CliRunner

from claimpack import build
from claimpack.cache import Cache, code_version, digest
from claimpack.cli import app
from claimpack.fingerprint import STAT_KEY, STAT_KIND, InputRecord
from claimpack.per_article import CREDITS_KIND
from claimpack.problems import InvalidSeeds
from claimpack.stages import read_seeds as read_seeds_module
from claimpack.stages.read_seeds import DECODED_KIND, read_registries
from claimpack.synth import synthesize

from conftest import REPO

ARTICLES = 6


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("record") / "project"
    synthesize(REPO, root, ARTICLES, 6, seed=11)
    return root


@pytest.fixture
def root(project: Path) -> Iterator[Path]:
    """A copy of the project, built twice: its files (new inodes and ctimes) are recorded by
    the first build and taken from the record by the second."""
    with copied(project) as copy:
        build(copy)
        time.sleep(0.01)  # the files are older than the next record's clock
        build(copy)
        yield copy


def articles(root: Path) -> list[Path]:
    return sorted((root / "seeds").glob("*.txt"))


def edit_note(root: Path, index: int, note: str) -> Path:
    """The article whose coding file got a new note on its first statement."""
    path = sorted((root / "seeds" / "statements").glob("*.yaml"))[index]
    coding = yaml.safe_load(path.read_text(encoding="utf-8"))
    coding["statements"][0]["note"] = note
    path.write_text(yaml.safe_dump(coding, sort_keys=False), encoding="utf-8")
    return root / "seeds" / f"{path.stem}.txt"


def same_size_edit(article: Path) -> None:
    """Two letters of the article swapped, its mtime as it was (only its ctime tells)."""
    times = os.stat(article)
    text = article.read_text(encoding="utf-8")
    at = next(
        i for i in range(1, len(text)) if text[i - 1 : i + 1].isalpha() and text[i - 1] != text[i]
    )
    article.write_text(text[: at - 1] + text[at] + text[at - 1] + text[at + 1 :], "utf-8")
    os.utime(article, ns=(times.st_atime_ns, times.st_mtime_ns))


def test_a_rebuild_reads_only_the_articles_a_stage_asks_for(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    read_bounded = read_seeds_module.read_bounded

    def counted(path: Path, limit: int) -> bytes:
        if path.suffix == ".txt":
            read.append(path.name)
        return read_bounded(path, limit)

    monkeypatch.setattr(read_seeds_module, "read_bounded", counted)
    edited = edit_note(root, 2, "Checked again.")
    rebuilt = outcome(root)
    monkeypatch.undo()
    assert rebuilt == cold_build_of(root)
    assert read == [edited.name]  # for its stages; the others' credits are recorded


@pytest.mark.parametrize("kind", [STAT_KIND, DECODED_KIND, CREDITS_KIND])
@pytest.mark.parametrize("damage", ["truncate", "flip", "not-json", "other-shape"])
def test_a_damaged_record_is_not_used(root: Path, kind: str, damage: str) -> None:
    cache = Cache(root)
    key = STAT_KEY if kind == STAT_KIND else digest(kind, code_version())
    if damage in ("truncate", "flip"):
        entries = root / ".claimpack-cache" / kind
        for entry in entries.rglob("*"):
            if entry.is_file() and entry.name == key:
                damage_cache_entry(entry, damage)
    else:
        payload = b'{"clock": 1, "files"' if damage == "not-json" else b'{"clock": "1", "x": [2]}'
        cache.put(kind, key, payload)
    same_size_edit(articles(root)[1])
    edit_note(root, 3, "Seen again.")
    assert outcome(root) == cold_build_of(root)


def damage_cache_entry(entry: Path, damage: str) -> None:
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2] if damage == "truncate" else data[:-2] + b"0}")


def test_an_article_edited_keeping_its_size_and_mtime_is_read_again(root: Path) -> None:
    same_size_edit(articles(root)[0])
    assert outcome(root) == cold_build_of(root)


def test_a_racy_record_is_not_trusted(root: Path) -> None:
    """An article edited within the tick of the record's clock keeps the stat it was recorded
    with: the record (written as such a build would have written it) still names its old
    sha256, and the article is hashed again because it is not older than the record."""
    article = articles(root)[2]
    relative = f"seeds/{article.name}"
    cache = Cache(root)
    payload = cache.get(STAT_KIND, STAT_KEY)
    assert payload is not None
    record = json.loads(payload)
    old = record["files"][relative][4]
    same_size_edit(article)
    now = os.lstat(article)
    record["files"][relative] = [now.st_size, now.st_mtime_ns, now.st_ctime_ns, now.st_ino, old]
    record["clock"] = max(now.st_mtime_ns, now.st_ctime_ns)
    cache.put(STAT_KIND, STAT_KEY, json.dumps(record).encode())
    assert outcome(root) == cold_build_of(root)


def test_an_article_changed_after_it_was_vouched_for_is_refused(root: Path) -> None:
    """Its text, read when first asked for, must still be that of the recorded sha256."""
    seeds, _, problems = read_registries(root, record=InputRecord(Cache(root)))
    assert seeds is not None and not problems
    article = articles(root)[4]
    same_size_edit(article)
    with pytest.raises(InvalidSeeds) as refused:
        _ = seeds.articles[article.stem].text
    assert [(p.type, p.file) for p in refused.value.problems] == [
        ("seed-changed", f"seeds/{article.name}")
    ]


EDITS = ["note", "same-size", "touch", "rewrite", "append", "credit", "forget", "damage"]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, ARTICLES - 1)), max_size=3))
def test_rebuilds_after_edits_equal_cold_builds(
    project: Path, edits: list[tuple[str, int]]
) -> None:
    with copied(project) as root:
        build(root)
        for number, (edit, index) in enumerate(edits):
            article = articles(root)[index]
            if edit == "note":
                edit_note(root, index, f"Edit {number}.")
            elif edit == "same-size":
                same_size_edit(article)
            elif edit == "touch":
                os.utime(article)
            elif edit == "rewrite":  # the same bytes: a new ctime
                article.write_bytes(article.read_bytes())
            elif edit == "append":
                with article.open("a", encoding="utf-8") as handle:
                    handle.write("One more line.\n")
            elif edit == "credit":  # a publisher quote that is in no article
                path = root / "seeds" / "sources.yaml"
                sources = yaml.safe_load(path.read_text(encoding="utf-8"))
                sources[index]["publisher_quote"] = "(Nowhere Wire)"
                path.write_text(yaml.safe_dump(sources, sort_keys=False), encoding="utf-8")
            elif edit == "forget":
                Cache(root).put(STAT_KIND, STAT_KEY, b"{}")
            else:
                damage_cache(root, "flip")
            assert outcome(root) == cold_build_of(root)


def test_a_file_the_build_does_not_read_is_no_input(project: Path) -> None:
    """An editor's swap file or a README in seeds/ was recorded as an input: the package then
    called itself stale wherever the file was absent, as on a fresh clone or in CI."""
    build(project)
    descriptor = (project / "datapackage.json").read_bytes()
    strays = [
        project / "seeds" / "README.md",
        project / "seeds" / "statements" / ".000_aaaaaaaaaaaaaaaa.yaml.swp",
        project / "seeds" / "statements" / ".#000_aaaaaaaaaaaaaaaa.yaml",
        project / "seeds" / "statements" / "notes.txt",
        project / "seeds" / "old" / "000_aaaaaaaaaaaaaaaa.yaml",
        project / "schema" / "draft.json",
    ]
    for stray in strays:
        stray.parent.mkdir(exist_ok=True)
        stray.write_text("source: 000_aaaaaaaaaaaaaaaa\nstatements: []\n")
    build(project)
    assert (project / "datapackage.json").read_bytes() == descriptor
    for stray in strays:
        stray.unlink()
    result = CliRunner().invoke(app, ["validate", str(project / "datapackage.json"), "--fresh"])
    assert result.exit_code == 0, result.output
