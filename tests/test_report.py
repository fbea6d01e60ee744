"""The HTML report as a file: self-contained, deterministic, ordered as promised, worded in
labels and names rather than codes, and carried by a release without the articles.

How it renders (layout, keyboard, touch, screen readers, screenshots) is in
test_report_browser.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from claimpack import build
from claimpack.problems import UsageError
from claimpack.published.reader import open_package
from claimpack.published.release import release
from claimpack.published.report import _locate, render_report, write_report

from conftest import ARTICLE_B, STATEMENTS, write_project

REPO = Path(__file__).resolve().parents[1]
CSV = REPO / "dist" / "csv"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report") / "report.html"
    write_report(REPO / "datapackage.json", target)
    return target


@pytest.fixture(scope="module")
def page(report: Path) -> str:
    return report.read_text(encoding="utf-8")


class Visible(HTMLParser):
    """The text a reader sees outside the article's own words (article text, quotes and their
    context) and outside secondary ids; attribute values are not text."""

    SKIP_TAGS: ClassVar = {"script", "style", "title"}
    SKIP_CLASSES: ClassVar = {
        "text",
        "quote",
        "ctx",
        "quote-alone",
        "id",
        "evidence",
        "waived-list",
    }
    VOID: ClassVar = {"meta", "input", "br", "img", "hr", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append(tag in self.SKIP_TAGS or bool(classes & self.SKIP_CLASSES))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.stack):
            self.chunks.append(data)


def visible_text(page: str) -> str:
    parser = Visible()
    parser.feed(page)
    return " ".join(parser.chunks)


def cards(page: str) -> list[str]:
    """Each disagreement card's markup, in page order."""
    return re.findall(r'<article class="card .*?</article>', page, flags=re.DOTALL)


def test_the_committed_report_is_the_one_the_package_gives(report: Path) -> None:
    committed = (REPO / "dist" / "report.html").read_text(encoding="utf-8")
    assert committed == report.read_text(encoding="utf-8"), "run `claimpack report` and commit it"


def test_the_same_package_gives_the_same_bytes_whatever_the_hash_seed(
    page: str, tmp_path: Path
) -> None:
    for seed in ("1", "2"):
        target = tmp_path / f"report-{seed}.html"
        command = [sys.executable, "-m", "claimpack", "report", "-o", str(target)]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
        assert target.read_text(encoding="utf-8") == page


def test_the_report_needs_nothing_from_outside(page: str) -> None:
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert not re.search(r"<script[^>]*\bsrc=", page), "scripts are inline"
    assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", page)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_disagreements_are_ordered_major_first_then_by_how_many_sources_then_by_id(
    page: str,
) -> None:
    links = pd.read_csv(CSV / "discrepancy_statements.csv")
    statements = pd.read_csv(CSV / "statements.csv").set_index("statement_id")
    links["source_id"] = statements.loc[links["statement_id"], "source_id"].to_numpy()
    sources = links.groupby("discrepancy_id")["source_id"].nunique()
    counts = links.groupby("discrepancy_id")["statement_id"].nunique()
    discrepancies = pd.read_csv(CSV / "discrepancies.csv")
    expected = sorted(
        discrepancies.itertuples(index=False),
        key=lambda d: (
            d.severity != "major",
            -sources[d.discrepancy_id],
            -counts[d.discrepancy_id],
            d.discrepancy_id,
        ),
    )
    shown = [re.search(r'id="(dc_[0-9a-f]+)"', card)[1] for card in cards(page)]  # type: ignore[index]
    assert shown == [d.discrepancy_id for d in expected]
    severities = [re.search(r'data-severity="(\w+)"', card)[1] for card in cards(page)]  # type: ignore[index]
    assert severities == sorted(severities, key=lambda s: s != "major")


def test_each_card_has_one_column_per_compared_value(page: str) -> None:
    links = pd.read_csv(CSV / "discrepancy_statements.csv", keep_default_na=False)
    values = links.groupby("discrepancy_id")["compared_value"].nunique()
    for card in cards(page):
        discrepancy_id = re.search(r'id="(dc_[0-9a-f]+)"', card)[1]  # type: ignore[index]
        assert card.count('<section class="side"') == values[discrepancy_id], discrepancy_id
    reward = next(card for card in cards(page) if "reward offered" in card)
    columns = re.findall(r'<h4><span class="value">(.*?)</span> <span class="count">(.*?)<', reward)
    # "up to" an offer is the amount offered: it stands beside $15 million against $10 million
    assert columns == [
        ("USD 15,000,000", "2 sources"),
        ("up to USD 15,000,000", "2 sources"),
        ("USD 10,000,000", "1 source"),
    ]


def test_cards_mark_the_words_that_carry_the_value_within_the_quote(page: str) -> None:
    marked = re.findall(r"<mark>(.*?)</mark>", "".join(cards(page)))
    for words in ("$15 million", "$10 million", "three", "four", "two", "Biden", "58", "59",
                  "around 2007", "2010", "Talpalpa", "Osegeura", "intelligence support",
                  "intelligence and operational support"):  # fmt: skip
        assert words in marked, words
    # the mark is inside the quote, the quote inside its article's words
    assert re.search(
        r'<span class="ctx">[^<]+</span><span class="quote">U.S. officials had placed a '
        r"<mark>\$15 million</mark> bounty on him</span>",
        page,
    )


def test_the_value_words_are_found_as_written_or_word_for_word_never_inside_a_word() -> None:
    quote = "'El Mencho' was a was a top target; 14 people, 4 killed"
    assert _locate(quote, ["el mencho was a was a top"]) == (1, 27)
    assert _locate(quote, ["4"]) == (quote.index(" 4 ") + 1, quote.index(" 4 ") + 2)
    assert _locate(quote, ["Trump", "killed"]) == (quote.index("killed"), len(quote))
    assert _locate(quote, ["absent"]) is None


def test_codes_and_ids_are_shown_as_labels_and_names(page: str) -> None:
    text = visible_text(page)
    predicates = pd.read_csv(CSV / "predicates.csv")
    entities = pd.read_csv(CSV / "entities.csv")
    codes = [p for p in predicates["predicate"] if "_" in p]
    codes += [e for e in entities["entity_id"] if "-" in e]
    codes += [
        "between_sources", "within_source", "count_conflict", "spelling_variant",
        "intelligence_support", "at_scene",
    ]  # fmt: skip
    shown = [code for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]
    assert shown == []
    for label in ("number killed", "reward offered", "office held by", "Donald Trump",
                  "Secretariat of National Defense (Mexico)", "Different counts"):  # fmt: skip
        assert label in text, label


def test_sources_are_named_by_publisher_or_headline_and_date_the_id_secondary(page: str) -> None:
    text = visible_text(page)
    assert "ANI 23 Feb 2026" in re.sub(r"\s+", " ", text)
    assert "Benzinga" in text and "The Mexican army killed the leader of the…" in text
    first_card = cards(page)[0]
    assert '<span class="id">' in first_card or '<p class="id">' in first_card
    assert "000_0ccfc37349d82a4d" not in visible_text(first_card)


def test_the_summary_counts_each_kind_and_severity_and_who_disagrees(page: str) -> None:
    discrepancies = pd.read_csv(CSV / "discrepancies.csv")
    summary = page[page.index('<section id="summary"') : page.index('<section id="disagree')]
    counts = discrepancies.groupby(["kind", "severity"]).size()
    row = re.search(r'<th scope="row">Different counts</th>(.*?)</tr>', summary)
    assert row is not None
    assert re.findall(r">(\d+)<", row[1]) == [str(counts["count_conflict", "major"]), "0", "2"]
    assert "Which sources disagree most" in summary
    who = summary[summary.index('class="who"') :]
    ani = re.search(r"ANI</a>.*?</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", who)
    # ANI's row counts the disagreements it takes part in, from the tables
    links = pd.read_csv(CSV / "discrepancy_statements.csv")
    statements = pd.read_csv(CSV / "statements.csv")[["statement_id", "source_id"]]
    own = links.merge(statements, on="statement_id").merge(discrepancies, on="discrepancy_id")
    ani_rows = own[own["source_id"] == "001_bd22b0fa7cd20e9b"].drop_duplicates("discrepancy_id")
    expected = (
        (ani_rows["severity"] == "major").sum(),
        (ani_rows["severity"] == "minor").sum(),
        (ani_rows["extent"] == "within_source").sum(),
    )
    assert ani is not None and ani.groups() == tuple(str(n) for n in expected)


def test_every_statement_is_listed_and_every_coded_passage_links_to_one(page: str) -> None:
    statements = pd.read_csv(CSV / "statements.csv")
    listed = re.findall(r'<li class="statement(?: disputed)?" id="(st_[0-9a-f]+)"', page)
    assert sorted(listed) == sorted(statements["statement_id"])
    targets = set(re.findall(r'<a class="span [^"]*" (?:id="[^"]*" )?href="#(st_[0-9a-f]+)"', page))
    assert targets and targets <= set(listed)
    covered = set()
    for ids in re.findall(r'data-statements="([^"]+)"', page):
        covered.update(ids.split())
    assert covered == set(statements["statement_id"])
    # kinds of passage are told apart, in words for screen readers too
    for css in ("span c1", "span c2", "span c3", "disputed", "waived"):
        assert f'class="{css}' in page or f" {css}" in page, css
    assert '<span class="sr-only"> (2 statements' in page


def test_a_release_carries_the_report_without_the_articles(project: Path, tmp_path: Path) -> None:
    build(project)
    checkout = write_report(project / "datapackage.json").read_text(encoding="utf-8")
    assert "The United States had offered" in checkout  # article words around the quotes
    target, _ = release(project)
    with zipfile.ZipFile(target) as archive:
        assert "dist/report.html" in archive.namelist()
        carried = archive.read("dist/report.html").decode("utf-8")
        checksums = archive.read("SHA256SUMS").decode("utf-8")
        archive.extractall(tmp_path / "unpacked")
    assert "dist/report.html" in checksums
    assert "The United States had offered" not in carried
    assert '<span class="quote">He was <mark>59</mark>.</span></p>' in carried  # the quote alone
    assert "text is not in this package" in carried
    unpacked = write_report(tmp_path / "unpacked" / "datapackage.json", tmp_path / "u.html")
    assert unpacked.read_text(encoding="utf-8") == carried
    zipped = write_report(target, tmp_path / "z.html")
    assert zipped.read_text(encoding="utf-8") == carried


def test_a_package_without_disagreements_still_gives_a_report(tmp_path: Path) -> None:
    source = "001_bbbbbbbbbbbbbbbb"
    root = write_project(
        tmp_path / "quiet",
        articles={source: ARTICLE_B},
        statements={source: STATEMENTS[source]},
        replace_articles=True,
    )
    build(root)
    with open_package(root / "datapackage.json") as package:
        page = render_report(package)
    assert '<article class="card' not in page and "do not disagree" in page
    assert page.count('<li class="statement') == len(STATEMENTS[source])


def test_a_package_without_claimpack_tables_is_refused_by_name(tmp_path: Path) -> None:
    """Another's package crashed the report (KeyError, exit 3)."""
    (tmp_path / "t.csv").write_text("a\n1\n")
    resource = {"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "a"}]}}
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [resource]}))
    with pytest.raises(UsageError, match="lacks the tables sources, entities"):
        write_report(tmp_path / "datapackage.json")
    assert not (tmp_path / "dist").exists()


def test_a_claimpack_table_without_a_column_the_report_reads_is_refused(tmp_path: Path) -> None:
    shutil.copy(REPO / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copytree(CSV, tmp_path / "dist" / "csv")
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    entities = next(r for r in descriptor["resources"] if r["name"] == "entities")
    csv = tmp_path / entities["path"]
    csv.write_text(csv.read_text().replace("entity_id", "entity_key", 1))
    entities["schema"]["fields"][0]["name"] = "entity_key"
    entities.pop("bytes", None), entities.pop("hash", None)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(UsageError, match="lacks the column 'entity_id'"):
        write_report(tmp_path / "datapackage.json", tmp_path / "report.html")


def test_the_report_is_not_written_over_a_folder_a_link_or_a_device(tmp_path: Path) -> None:
    """The report replaces its target file; a target that is a folder, a link (the file it
    points at would stay, the link be gone) or a device is refused, and left as it was."""
    (tmp_path / "elsewhere.html").write_text("kept", encoding="utf-8")
    (tmp_path / "link.html").symlink_to(tmp_path / "elsewhere.html")
    for target in (tmp_path, tmp_path / "link.html", Path("/dev/null"), Path("")):
        with pytest.raises(UsageError) as refused:
            write_report(REPO / "datapackage.json", target)
        assert refused.value.problems[0].type == "bad-output"
    assert (tmp_path / "link.html").is_symlink() and Path("/dev/null").is_char_device()
