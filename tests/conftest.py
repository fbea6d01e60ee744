"""Small projects built in a temporary folder: the repo's schemas and vocabulary, tiny articles."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings
from pydantic import ValidationError

from claimpack import build
from claimpack.models import StatementIn
from claimpack.problems import InvalidSeeds
from claimpack.stages.anchor import AmbiguousQuote, QuoteNotFound, anchor
from claimpack.stages.statements import statement_id
from claimpack.synth import synthesize

REPO = Path(__file__).resolve().parents[1]

# Property tests pin behaviour, not speed: no per-example deadline, which a busy CI machine
# would otherwise turn into failures (speed is measured by the scripts in bench/).
settings.register_profile("claimpack", deadline=None)
settings.load_profile("claimpack")

ARTICLE_A = (
    " date 2026-02-23 Officials said the boss was killed on Sunday in Tapalpa. "
    "The United States had offered a reward of up to $15 million. He was 59.\n"
)
ARTICLE_B = "The boss, 58, was killed in Talpalpa. The reward was $10 million.\n"

ENTITIES: list[dict[str, Any]] = [
    {"id": "boss", "type": "person", "name": "The boss", "aliases": ["boss"],
     "description": "A cartel boss."},
    {"id": "officials", "type": "group", "name": "Officials", "aliases": ["Officials"],
     "description": "Unnamed officials."},
    {"id": "tapalpa", "type": "place", "name": "Tapalpa", "aliases": ["Tapalpa"],
     "misspellings": {"Talpalpa": "Tapalpa"}, "description": "A town."},
]  # fmt: skip

STATEMENTS: dict[str, list[dict[str, Any]]] = {
    "000_aaaaaaaaaaaaaaaa": [
        {"subject": "boss", "predicate": "death_circumstance", "value": "killed in Tapalpa",
         "attributed_to": "officials", "quote": "the boss was killed on Sunday in Tapalpa"},
        {"subject": "boss", "predicate": "reward_amount", "value": "up to $15 million",
         "quote": "offered a reward of up to $15 million"},
        {"subject": "boss", "predicate": "age", "value": "59", "quote": "He was 59."},
    ],
    "001_bbbbbbbbbbbbbbbb": [
        {"subject": "boss", "predicate": "age", "value": "58", "quote": "The boss, 58,"},
        {"subject": "boss", "predicate": "death_circumstance", "value": "killed in Talpalpa",
         "quote": "was killed in Talpalpa"},
        {"subject": "boss", "predicate": "reward_amount", "value": "$10 million",
         "quote": "The reward was $10 million."},
    ],
}  # fmt: skip


def write_project(
    root: Path,
    articles: dict[str, str] | None = None,
    statements: dict[str, list[dict[str, Any]]] | None = None,
    entities: list[dict[str, Any]] | None = None,
    replace_articles: bool = False,
) -> Path:
    """A complete project under root: schemas and vocabulary from the repo, the rest given
    (articles are added to the two small defaults unless replace_articles)."""
    defaults = {"000_aaaaaaaaaaaaaaaa": ARTICLE_A, "001_bbbbbbbbbbbbbbbb": ARTICLE_B}
    articles = (articles or {}) if replace_articles else defaults | (articles or {})
    statements = STATEMENTS if statements is None else statements
    shutil.copytree(REPO / "schema", root / "schema")
    seeds = root / "seeds"
    (seeds / "statements").mkdir(parents=True)
    shutil.copy(REPO / "seeds" / "predicates.yaml", seeds / "predicates.yaml")
    shutil.copy(REPO / "seeds" / "package.yaml", seeds / "package.yaml")
    sources = []
    for source_id, text in sorted(articles.items()):
        data = text.encode("utf-8")
        (seeds / f"{source_id}.txt").write_bytes(data)
        sources.append({"id": source_id, "sha256": hashlib.sha256(data).hexdigest()})
    dump(seeds / "sources.yaml", sources)
    dump(seeds / "entities.yaml", ENTITIES if entities is None else entities)
    for source_id, coded in statements.items():
        with_ids = [_with_id(source_id, articles.get(source_id, ""), item) for item in coded]
        dump(
            seeds / "statements" / f"{source_id}.yaml",
            {"source": source_id, "statements": with_ids},
        )
    return root


def _with_id(source_id: str, article: str, statement: dict[str, Any]) -> dict[str, Any]:
    """The statement with the id a coder would give it (first, as fill-ids writes it); one that
    has an id, or cannot be given one (a broken statement, a quote not in the article), as it is."""
    if "id" in statement:
        return statement
    try:
        coded = StatementIn.model_validate(statement)
        start = anchor(article, coded).start
    except (ValidationError, QuoteNotFound, AmbiguousQuote):
        return statement
    return {"id": statement_id(source_id, coded, start), **statement}


def dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def published_bytes(root: Path) -> dict[str, bytes]:
    """Every published file under root, by relative path."""
    paths = [root / "datapackage.json", *sorted((root / "dist").rglob("*"))]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in paths if p.is_file()}


def built_partitioned(root: Path, articles: int, per_article: int, seed: int) -> Path:
    """A synthetic project, built: seeds, cache and release, its tables of sources written to
    Parquet in partitions (so that cached parts are read back too)."""
    synthesize(REPO, root, articles, per_article, seed=seed)
    with (root / "seeds" / "package.yaml").open("a", encoding="utf-8") as package:
        package.write("parquet_partitions_above: 10\n")
    build(root)
    return root


@contextmanager
def copied(built: Path) -> Iterator[Path]:
    """A copy of a built project (seeds, cache and release) to edit."""
    with tempfile.TemporaryDirectory(prefix="claimpack-incremental-") as scratch:
        shutil.copytree(built, Path(scratch) / "project", symlinks=True)
        yield Path(scratch) / "project"


def outcome(root: Path) -> Any:
    """What a build of root gives: its published bytes, or the problems it refused with."""
    try:
        build(root)
    except InvalidSeeds as error:
        return [str(problem) for problem in error.problems]
    return published_bytes(root)


def cold_build_of(root: Path) -> Any:
    """The outcome of a build of root's seeds in a fresh folder (no cache, no release)."""
    with tempfile.TemporaryDirectory(prefix="claimpack-cold-") as scratch:
        fresh = Path(scratch) / "project"
        for folder in ("seeds", "schema"):
            shutil.copytree(root / folder, fresh / folder)
        return outcome(fresh)


def spoil_entries(entries: list[Path], damage: str) -> None:
    """Spoil cache entries in one way: cut short, a byte changed, or another entry's bytes."""
    for number, entry in enumerate(entries):
        data = entry.read_bytes()
        if damage == "truncate":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "flip":
            entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
        elif damage == "foreign":
            entry.write_bytes(entries[(number + 1) % len(entries)].read_bytes())


def drafted_statements(sentence: str, predicate: str, dated: str = "2026-02-23") -> list[Any]:
    """The statements of one predicate that the draft of a short article (a date line, a
    title, the sentence) gives, as `claimpack suggest` writes them."""
    from claimpack.drafting.drafts import draft_file, suggest
    from claimpack.drafting.mentions import load_registry

    text = f" date {dated} Cifras.\n\n{sentence}\n"
    registry = load_registry(Path(__file__).resolve().parents[1])
    drafted = yaml.safe_load(draft_file("000_x", text, suggest(text, registry)))
    return [s for s in drafted["statements"] if s["predicate"] == predicate]
