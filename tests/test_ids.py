"""Statement ids: the same content gives the same id, any change of content a new one."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from claimpack.models import StatementIn
from claimpack.stages.statements import statement_id

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
slugs = st.from_regex(r"[a-z]{1,8}(-[a-z]{1,8}){0,2}", fullmatch=True)
statements = st.builds(
    StatementIn,
    subject=slugs,
    predicate=st.sampled_from(["age", "said", "location"]),
    value=st.none() | words,
    scope=st.none() | words,
    quote=words,
    attributed_to=st.none() | slugs,
)


@given(statements, st.integers(0, 10**6))
def test_an_id_depends_only_on_content(statement: StatementIn, start: int) -> None:
    copy = StatementIn.model_validate(statement.model_dump())
    identifier = statement_id("000_x", statement, start)
    assert identifier == statement_id("000_x", copy, start)
    assert re.fullmatch(r"st_[0-9a-f]{16}", identifier)


@given(statements, st.integers(0, 10**6), words)
def test_changing_any_content_field_changes_the_id(
    statement: StatementIn, start: int, text: str
) -> None:
    before = statement_id("000_x", statement, start)
    for field in ("value", "scope", "quote"):
        if getattr(statement, field) != text:
            changed = statement.model_copy(update={field: text})
            assert statement_id("000_x", changed, start) != before
    assert statement_id("001_x", statement, start) != before
    assert statement_id("000_x", statement, start + 1) != before


def test_separators_inside_values_cannot_make_two_statements_collide() -> None:
    a = StatementIn(subject="boss", predicate="said", value="a.b", scope="c", quote="q")
    b = StatementIn(subject="boss", predicate="said", value="a", scope="b.c", quote="q")
    assert statement_id("000_x", a, 0) != statement_id("000_x", b, 0)
