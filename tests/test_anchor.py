"""Anchoring a quote: a quote that prints like the article's words but is another Unicode
form of them (accents as separate combining marks, or the reverse) is not found, and the
message says why, naming the code points, instead of showing two strings that look equal."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimpack.models import Evidence
from claimpack.stages.anchor import QuoteNotFound, anchor

ACCENTED = "áéíóúñüÁÉÍÓÚÑ"


@pytest.mark.parametrize(("article_form", "quote_form"), [("NFC", "NFD"), ("NFD", "NFC")])
def test_a_quote_in_another_unicode_form_is_named_by_code_points(
    article_form: str, quote_form: str
) -> None:
    words = "Nemesio Rubén Oseguera, Cartel de Jalisco Nueva Generación"
    article = unicodedata.normalize(article_form, f"Dijo que {words} cayó.")
    quote = unicodedata.normalize(quote_form, words)
    with pytest.raises(QuoteNotFound) as raised:
        anchor(article, Evidence(quote=quote))
    message = str(raised.value)
    assert "with accents written another way" in message
    composed, decomposed = "U+00E9 (\u00e9)", "U+0065 + U+0301 (e\u0301)"
    quoted, found = (decomposed, composed) if quote_form == "NFD" else (composed, decomposed)
    assert f"the quote has {quoted} where the article has {found}" in message


@given(
    before=st.text(alphabet="abc ", max_size=20),
    word=st.text(alphabet="xyz" + ACCENTED, min_size=1, max_size=12),
    after=st.text(alphabet="abc ", max_size=20),
)
def test_a_quote_is_anchored_in_its_own_form_and_explained_in_the_other(
    before: str, word: str, after: str
) -> None:
    article = unicodedata.normalize("NFC", before + word + after)
    quote = unicodedata.normalize("NFC", word)
    if article.count(quote) == 1:
        start = anchor(article, Evidence(quote=quote)).start
        assert article[start : start + len(quote)] == quote
    decomposed = unicodedata.normalize("NFD", quote)
    if decomposed != quote:
        with pytest.raises(QuoteNotFound, match="with accents written another way"):
            anchor(article, Evidence(quote=decomposed))


def test_a_quote_with_other_capitals_says_so_and_shows_the_articles_words() -> None:
    """'Gunmen blocked' against the article's 'gunmen blocked' once said it matched up to
    'Gu' and then showed unrelated words from elsewhere in the article."""
    article = "Gulf Ledger staff. At dawn, gunmen blocked roads in Jalisco."
    with pytest.raises(QuoteNotFound) as raised:
        anchor(article, Evidence(quote="Gunmen blocked roads"))
    assert "with other capitals, as 'gunmen blocked roads'" in str(raised.value)
