"""Coverage: every sentence claimed or waived, every number, date and quotation in evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimpack import build
from claimpack.articles import sentences
from claimpack.cli import app
from claimpack.drafting.drafts import draft_file, suggest
from claimpack.drafting.mentions import load_registry
from claimpack.pipeline import coverage
from claimpack.problems import InvalidSeeds
from claimpack.stages.coverage import Intervals, article_coverage, numbers_and_dates

from conftest import REPO, STATEMENTS, write_project


def test_the_committed_coding_covers_every_article_completely() -> None:
    reports = coverage(REPO)
    assert [problem for report in reports for problem in report.problems()] == []
    assert all(report.sentences for report in reports)


def test_sentences_do_not_split_after_abbreviations_or_inside_the_date_line() -> None:
    text = ' date 2026-02-23 The U.S. State Department said "yes." Gov. Lemus agreed.\nA heading\n'
    assert [s.text for s in sentences(text)] == [
        'The U.S. State Department said "yes."',
        "Gov. Lemus agreed.",
        "A heading",
    ]


def test_a_clergy_or_military_title_does_not_end_a_sentence() -> None:
    text = (
        " date 2026-02-23 The Rev. Paul Okafor prayed. El Pbro. Juan Ríos habló. Col. Ada left.\n"
    )
    assert [s.text for s in sentences(text)] == [
        "The Rev. Paul Okafor prayed.",
        "El Pbro. Juan Ríos habló.",
        "Col. Ada left.",
    ]


def test_gaps_are_reported_with_offsets() -> None:
    text = 'Four were killed on Sunday. She said "no comment". Image via Imagn'
    report = article_coverage("000_x", "seeds/000_x.txt", text, [(0, 16)], [(52, 66)])
    assert [(s.start, s.text) for s in report.uncovered_sentences] == [
        (28, 'She said "no comment".')
    ]
    assert [n.text for n in report.uncovered_numbers] == ["Sunday"]
    assert [q.text for q in report.uncovered_quotations] == ['"no comment"']
    assert [s.text for s in report.waived] == ["Image via Imagn"]


def test_coverage_command_fails_on_a_gap(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", articles={"002_cccccccccccccccc": "Two died.\n"})
    result = CliRunner().invoke(app, ["coverage", "--root", str(root)])
    assert result.exit_code == 1
    assert "uncovered: seeds/002_cccccccccccccccc.txt:chars 0-3:" in result.output


pairs = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=8).map(
    lambda items: [(start, start + length) for start, length in items]
)


@given(pairs, st.integers(0, 80), st.integers(1, 10))
def test_intervals_answer_like_a_set_of_positions(
    intervals: list[tuple[int, int]], start: int, length: int
) -> None:
    positions = {p for a, b in intervals for p in range(a, b)}
    merged = Intervals(intervals)
    wanted = set(range(start, start + length))
    assert merged.covers(start, start + length) == (wanted <= positions)
    assert merged.touches(start, start + length) == bool(wanted & positions)


def test_an_article_without_a_coding_file_is_one_problem_saying_so(tmp_path: Path) -> None:
    """Found by a probe: an article with no coding file failed the build with a gap for every
    sentence, number and quotation, and no word of the missing file."""
    root = write_project(tmp_path / "p", statements={"000_aaaaaaaaaaaaaaaa": STATEMENTS[
        "000_aaaaaaaaaaaaaaaa"]})  # fmt: skip
    with pytest.raises(InvalidSeeds) as refused:
        build(root)
    [problem] = refused.value.problems
    assert (problem.type, problem.file) == ("missing-coding", "seeds/001_bbbbbbbbbbbbbbbb.txt")
    assert "seeds/statements/001_bbbbbbbbbbbbbbbb.yaml" in problem.message


def test_sentences_end_after_closing_guillemets_and_not_at_a_month_abbreviation() -> None:
    """Found by a probe: 'early Sunday, Feb. 22.' made '22.' a sentence of its own, and a
    Spanish quotation closing a sentence («...») did not end it."""
    text = "Llegaron temprano el domingo, Feb. 22, a Tapalpa. «Fue un golpe.» Luego se fueron.\n"
    assert [span.text for span in sentences(text)] == [
        "Llegaron temprano el domingo, Feb. 22, a Tapalpa.",
        "«Fue un golpe.»",
        "Luego se fueron.",
    ]


def test_a_drafted_quote_is_the_sentence_the_coverage_splits() -> None:
    """The drafter cut its own sentences, at 'Feb.' and 'U.S.': a drafted number's quote ended
    'all 50 U.S.', mid-sentence."""
    text = "The CJNG has a presence in all 50 U.S. states, according to the DEA. It grew.\n"
    drafts = yaml.safe_load(draft_file("x", text, suggest(text, load_registry(REPO))))
    (drafted,) = [s for s in drafts["statements"] if "50" in str(s.get("value"))]
    assert (
        drafted["quote"] == "The CJNG has a presence in all 50 U.S. states, according to the DEA."
    )


def test_dash_dialogue_is_a_quotation_whose_spoken_words_must_be_in_the_evidence() -> None:
    text = (
        "—Nadie sale de noche —dijo Irene Soto—. Tenemos miedo.\n"
        "La sierra —dijo un vecino— sigue cerrada.\n"
    )
    spoken = text.index("Nadie"), text.index(" —dijo")
    report = article_coverage("000_x", "seeds/000_x.txt", text, [spoken], [])
    assert [q.text for q in report.quotations] == ["Nadie sale de noche", "Tenemos miedo."]
    assert [q.text for q in report.uncovered_quotations] == ["Tenemos miedo."]


def test_an_interviews_dash_turns_are_quotations_the_evidence_must_cover() -> None:
    text = (
        "Hablamos con Irene Soto.\n\n—¿Volverá la calma?\n\n—No pronto.\n\n"
        "—Con información de EFE\n"
    )
    answer = text.index("No pronto"), text.index("No pronto") + len("No pronto.")
    report = article_coverage("000_x", "seeds/000_x.txt", text, [answer], [])
    assert [q.text for q in report.quotations] == ["¿Volverá la calma?", "No pronto."]
    assert [q.text for q in report.uncovered_quotations] == ["¿Volverá la calma?"]


def test_a_lone_dash_paragraph_a_colon_introduces_is_a_quotation_to_cover() -> None:
    text = (
        "El alcalde se levantó y dijo:\n\n—Nadie se va de aquí.\n\nLos puntos son:\n\n"
        "—Agua.\n\n—Luz.\n\nY luego:\n\n—con información de EFE\n"
    )
    report = article_coverage("000_x", "seeds/000_x.txt", text, [], [])
    assert [q.text for q in report.quotations] == ["Nadie se va de aquí."]


def test_digits_that_end_a_name_are_not_numbers_to_cover() -> None:
    """Found by a probe: "G7" and "MP5" asked to be covered, though they claim no number and
    the drafter drafts none."""
    text = " date 2026-02-24 T.\n\nThe G7 said an MP5 and US$15 were seized; 4x4 trucks, 3 men.\n"
    assert [span.text for span in numbers_and_dates(text)] == ["15", "4", "3"]


def test_a_numbered_lists_item_markers_are_not_numbers_to_cover() -> None:
    text = " date 2026-02-24 What we know.\n\n1. Where? In Tapalpa.\n2) Who? 4 soldiers.\n"
    assert [span.text for span in numbers_and_dates(text)] == ["4"]
