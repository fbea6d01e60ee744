"""Articles done together (a worker is sent a few at a time) get each the outcome it gets when
done alone: the same statements, CSV rows, coverage and waivers; and when one of them has a
problem, it alone is stopped, with its own problems, and the others are done as ever."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from claimpack.per_article import (
    ANCHOR,
    Context,
    Outcome,
    Work,
    _compute,
    _computed,
    _decode,
    _works,
    context_of,
)
from claimpack.schema import load_schemas
from claimpack.stages.read_seeds import read_registries

from conftest import STATEMENTS, write_project

ARTICLE_C = "Nobody said the boss was 60. Nothing else.\n"
ARTICLE_D = "An article nobody coded.\n"


def context_and_works(root: Path) -> tuple[Context, list[Work]]:
    seeds, coding_files, problems = read_registries(root)
    assert seeds is not None and not problems
    context = context_of(root, seeds, load_schemas(root / "schema"))
    inputs = {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in coding_files
    }
    works = _works(root, seeds, coding_files, inputs, context.code, "shared")
    return context, list(works.values())


def plain(result: Outcome | bytes, work: Work, context: Context) -> dict[str, Any]:
    """What an outcome holds, an entry's bytes decoded (a table compared by its rows)."""
    outcome = _decode(result, work, context) if isinstance(result, bytes) else result
    assert outcome is not None
    return {
        "stage": outcome.stage,
        "problems": [str(problem) for problem in outcome.problems],
        "coded": outcome.coded,
        "statements": None if outcome.statements is None else outcome.statements.to_pylist(),
        "csv": outcome.csv,
        "coverage": None if outcome.coverage is None else outcome.coverage.to_dict(),
        "waivers": outcome.waivers,
    }


def test_articles_done_together_get_what_each_gets_alone(tmp_path: Path) -> None:
    broken = {"id": "st_0123456789abcdef", "subject": "boss", "predicate": "age",
              "value": "61", "quote": "the boss was 61"}  # fmt: skip
    root = write_project(
        tmp_path / "project",
        articles={"002_cccccccccccccccc": ARTICLE_C, "003_dddddddddddddddd": ARTICLE_D},
        statements={**STATEMENTS, "002_cccccccccccccccc": [broken]},
    )
    context, works = context_and_works(root)
    together = [plain(r, w, context) for r, w in zip(_computed(works, context), works, strict=True)]
    alone = [plain(_compute(work, context), work, context) for work in works]
    assert together == alone
    assert [outcome["stage"] for outcome in together] == ["", "", ANCHOR, ""]
    assert together[2]["problems"] and all(
        "002_cccccccccccccccc" in problem for problem in together[2]["problems"]
    )
    assert together[0]["statements"] and together[1]["statements"]
    assert together[3]["coded"] is None and together[3]["coverage"] is not None


def test_articles_done_together_without_problems_get_what_each_gets_alone(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", articles={"003_dddddddddddddddd": ARTICLE_D})
    context, works = context_and_works(root)
    together = [plain(r, w, context) for r, w in zip(_computed(works, context), works, strict=True)]
    assert together == [plain(_compute(work, context), work, context) for work in works]
    assert [len(outcome["statements"] or []) for outcome in together] == [3, 3, 0]
