"""Benchmark: how build time grows with the number of articles and statements.

Generates synthetic seed sets (articles of numbered sentences, one statement per sentence,
values drawn so that comparison groups are large and conflicting), builds each in a temporary
folder, and prints the time of every stage and the statements per second. Run:

    .venv/bin/python bench/bench_build.py [ARTICLES ...] [--statements-per-article N]

Linear growth shows as a steady statements-per-second figure across sizes.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from claimpack.pipeline import STAGE_TITLES, build

REPO = Path(__file__).resolve().parents[1]
# predicate, and for a number n: the words of the sentence and the value as written in them
TEMPLATES = [
    ("age", lambda n: (f"the boss was {n % 3 + 57} years old", str(n % 3 + 57))),
    ("reward_amount", lambda n: (f"a reward of ${n % 2 * 5 + 10} million was offered",
                                 f"${n % 2 * 5 + 10} million")),
    ("killed_count", lambda n: (f"{n % 4 + 2} people were killed", str(n % 4 + 2))),
]  # fmt: skip


def write_seeds(root: Path, articles: int, per_article: int) -> None:
    shutil.copytree(REPO / "schema", root / "schema")
    seeds = root / "seeds"
    (seeds / "statements").mkdir(parents=True)
    for name in ("predicates.yaml", "package.yaml"):
        shutil.copy(REPO / "seeds" / name, seeds / name)
    entities = [{"id": "boss", "type": "person", "name": "The boss", "aliases": ["boss"],
                 "description": "A cartel boss."}]  # fmt: skip
    (seeds / "entities.yaml").write_text(yaml.safe_dump(entities))
    sources = []
    for number in range(articles):
        source_id = f"{number % 1000:03d}_{number:016x}"
        sentences, statements = [], []
        for index in range(per_article):
            predicate, words = TEMPLATES[index % len(TEMPLATES)]
            claim, text = words(number + index)
            sentence = f"Report {index}: {claim}"
            sentences.append(sentence + ".")
            statements.append({"subject": "boss", "predicate": predicate, "value": text,
                               "quote": sentence})  # fmt: skip
        data = (" ".join(sentences) + "\n").encode()
        (seeds / f"{source_id}.txt").write_bytes(data)
        sources.append({"id": source_id, "sha256": hashlib.sha256(data).hexdigest()})
        coded = {"source": source_id, "statements": statements}
        (seeds / "statements" / f"{source_id}.yaml").write_text(yaml.safe_dump(coded))
    (seeds / "sources.yaml").write_text(yaml.safe_dump(sources))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=int, default=[10, 100, 300])
    parser.add_argument("--statements-per-article", type=int, default=60)
    options = parser.parse_args()
    print(f"{'articles':>9}{'statements':>11}{'seconds':>9}{'stmts/s':>9}  slowest stages")
    for articles in options.articles:
        if articles > 1000:
            raise SystemExit("article numbers have three digits here: at most 1000 articles")
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            write_seeds(root, articles, options.statements_per_article)
            marks: list[tuple[str, float]] = []

            def mark(stage: str, marks: list[tuple[str, float]] = marks) -> None:
                marks.append((stage, time.perf_counter()))

            started = time.perf_counter()
            build(root, mark)
            total = time.perf_counter() - started
        ends = [t for _, t in marks[1:]] + [started + total]
        spans = sorted(
            ((end - t, s) for (s, t), end in zip(marks, ends, strict=True)), reverse=True
        )
        statements = articles * options.statements_per_article
        slowest = ", ".join(f"{stage} {seconds:.2f}s" for seconds, stage in spans[:3])
        print(f"{articles:>9}{statements:>11}{total:>9.2f}{statements / total:>9.0f}  {slowest}")
    assert set(STAGE_TITLES) >= {stage for stage, _ in marks}


if __name__ == "__main__":
    main()
