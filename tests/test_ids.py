"""Statement ids: the same content gives the same id, any change of content a new one. Article
ids: their order as text is the order of their numbers, at any size."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from claimpack.ids import ARTICLE_ID, article_id, article_number
from claimpack.models import StatementIn
from claimpack.schema import load_schemas
from claimpack.stages.statements import statement_id

from conftest import REPO

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


@given(st.lists(st.integers(0, 10**25), min_size=2, max_size=50, unique=True))
def test_article_ids_sort_as_text_in_the_order_of_their_numbers(numbers: list[int]) -> None:
    ids = [article_id(number, "0123456789abcdef" * 4) for number in numbers]
    assert sorted(ids) == [article_id(n, "0123456789abcdef" * 4) for n in sorted(numbers)]
    assert [article_number(identifier) for identifier in ids] == numbers


def test_the_first_thousand_articles_keep_their_three_digit_ids() -> None:
    assert article_id(7, "ab" * 32) == "007_abababababababab"
    assert article_id(999, "ab" * 32) == "999_abababababababab"
    assert article_id(1000, "ab" * 32) == "a1000_abababababababab"
    assert article_id(123456, "ab" * 32) == "c123456_abababababababab"
    assert article_number("000_0ccfc37349d82a4d") == 0


def test_an_id_whose_letter_miscounts_its_digits_is_no_article_id() -> None:
    for number in ("a999", "b1000", "a0999", "1000", "0001", "A1000", "99"):
        assert article_number(f"{number}_0123456789abcdef") is None


def test_the_source_id_pattern_of_the_schema_is_the_article_id_pattern() -> None:
    schema = load_schemas(REPO / "schema")["sources"]
    pattern = schema.field("source_id").constraints["pattern"]
    assert f"^{pattern}$" == ARTICLE_ID.pattern
