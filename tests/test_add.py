"""claimpack add: the article copied byte for byte under the next id, its source entry
appended, a draft coding written; a refused article changes nothing."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from claimpack.cli import app
from claimpack.drafting import add as add_module
from claimpack.drafting.fill_ids import fill_ids

from conftest import write_project

runner = CliRunner()
SPANISH = (
    "El gobernador Pablo Lemus dijo el lunes que 25 militares murieron en Tapalpa.\n\n"
    "«Fue un día muy difícil», afirmó Lemus.\n\n(EFE Inputs)\n"
)


def seeds_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "seeds").rglob("*")
            if p.is_file()}  # fmt: skip


def add(root: Path, article: Path, *options: str) -> tuple[int, str]:
    result = runner.invoke(app, ["add", str(article), "--root", str(root), *options])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def test_an_added_article_gets_the_next_number_and_its_own_hash(
    project: Path, tmp_path: Path
) -> None:
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    before = (project / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    code, output = add(project, article, "--date", "2026-02-24")
    assert code == 0, output
    digest = hashlib.sha256(SPANISH.encode("utf-8")).hexdigest()
    source_id = f"002_{digest[:16]}"
    assert (project / "seeds" / f"{source_id}.txt").read_bytes() == SPANISH.encode("utf-8")
    sources = (project / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    assert sources.startswith(before)  # appended, so comments and layout survive
    entry = yaml.safe_load(sources)[-1]
    assert entry["id"] == source_id
    assert entry["sha256"] == digest
    assert entry["language"] == "es"
    assert str(entry["date"]) == "2026-02-24"
    assert (entry["publisher"], entry["publisher_quote"]) == ("EFE", "(EFE Inputs)")
    draft = yaml.safe_load((project / "seeds" / "statements" / f"{source_id}.yaml").read_text())
    assert draft["source"] == source_id
    assert all(statement["draft"] is True for statement in draft["statements"])
    dates = [s for s in draft["statements"] if s["predicate"] == "date"]
    assert dates[0]["note"] == "resolves to 2026-02-23"


def test_after_article_999_the_next_id_says_how_many_digits_its_number_has(
    project: Path, tmp_path: Path
) -> None:
    seeds = project / "seeds"
    last = seeds / "999_cccccccccccccccc.txt"
    last.write_text("Article nine hundred and ninety-nine.\n", encoding="utf-8")
    with (seeds / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write(
            f"- id: {last.stem}\n  sha256: {hashlib.sha256(last.read_bytes()).hexdigest()}\n"
        )
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    code, output = add(project, article, "--date", "2026-02-24")
    assert code == 0, output
    digest = hashlib.sha256(SPANISH.encode("utf-8")).hexdigest()
    assert (seeds / f"a1000_{digest[:16]}.txt").is_file()
    assert sorted(p.stem for p in seeds.glob("*.txt"))[-2:] == [last.stem, f"a1000_{digest[:16]}"]


def test_an_id_of_digits_only_stays_text_in_sources_yaml(project: Path, tmp_path: Path) -> None:
    # one text in about two thousand has a sha256 that starts with 16 decimal digits, and
    # YAML reads 002_1234567890123456 unquoted as a number
    text = next(
        f"Article {n}.\n"
        for n in range(100_000)
        if hashlib.sha256(f"Article {n}.\n".encode()).hexdigest()[:16].isdigit()
    )
    article = tmp_path / "digits.txt"
    article.write_text(text, encoding="utf-8")
    code, output = add(project, article, "--date", "2026-02-24")
    assert code == 0, output
    entry = yaml.safe_load((project / "seeds" / "sources.yaml").read_text(encoding="utf-8"))[-1]
    assert entry["id"] == f"002_{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def test_every_draft_statement_has_the_id_fill_ids_gives_it(project: Path, tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    assert add(project, article)[0] == 0
    (draft,) = (project / "seeds" / "statements").glob("002_*.yaml")
    written = draft.read_text(encoding="utf-8")
    ids = re.findall(r"^- id: (st_[0-9a-f]{16})\n", written, re.MULTILINE)
    assert len(ids) == len(yaml.safe_load(written)["statements"]) == len(set(ids)) > 1
    draft.write_text(re.sub(r"- id: st_[0-9a-f]{16}\n  ", "- ", written), encoding="utf-8")
    assert [item.id for item in fill_ids(project)] == ids
    assert draft.read_text(encoding="utf-8") == written


def test_the_draft_is_refused_by_the_build_until_reviewed(project: Path, tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    assert add(project, article)[0] == 0
    result = runner.invoke(app, ["build", "--root", str(project)])
    assert result.exit_code == 1
    assert "[draft-statement]" in result.output


def test_adding_the_same_text_again_is_refused_and_changes_nothing(
    project: Path, tmp_path: Path
) -> None:
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    assert add(project, article)[0] == 0
    before = seeds_bytes(project)
    code, output = add(project, article)
    assert code == 1
    assert "the same text is already in seeds as 002_" in output
    assert seeds_bytes(project) == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "new.txt:1: article is empty"),
        (b"   \n\n", "new.txt:1: article is empty"),
        ("Primera línea\nCampeón\n".encode("latin-1"), "new.txt:1: article is not UTF-8"),
        (b"ok\nok\n\xff\n", "new.txt:3: article is not UTF-8"),
    ],
)
def test_an_empty_or_non_utf8_file_gets_a_located_error_and_changes_nothing(
    project: Path, tmp_path: Path, data: bytes, expected: str
) -> None:
    article = tmp_path / "new.txt"
    article.write_bytes(data)
    before = seeds_bytes(project)
    code, output = add(project, article)
    assert code == 1
    assert expected in output
    assert "nothing was added" in output
    assert seeds_bytes(project) == before


def test_a_date_that_contradicts_the_date_line_is_a_usage_error(
    project: Path, tmp_path: Path
) -> None:
    article = tmp_path / "new.txt"
    article.write_text(" date 2026-02-23 Text.\n", encoding="utf-8")
    before = seeds_bytes(project)
    code, output = add(project, article, "--date", "2026-02-25")
    assert code == 2
    assert "date line says 2026-02-23" in output
    assert seeds_bytes(project) == before


def test_the_build_resolves_an_added_articles_dates_against_its_date(
    project: Path, tmp_path: Path
) -> None:
    """Found by a probe: `add --date` recorded the date, the draft was resolved against it,
    and the build ignored it, publishing no date for the source and none for `el lunes`, so
    the article's Monday could disagree with no other article's Sunday."""
    article = tmp_path / "new.txt"
    article.write_text("La operación en Tapalpa fue el lunes, dijo la Defensa.\n", "utf-8")
    assert add(project, article, "--date", "2026-02-24")[0] == 0
    [coding] = [p for p in (project / "seeds" / "statements").glob("002_*.yaml")]
    statement = {"subject": "boss", "predicate": "date", "value": "el lunes",
                 "quote": "La operación en Tapalpa fue el lunes"}  # fmt: skip
    coding.write_text(yaml.safe_dump({"source": coding.stem, "statements": [statement]}), "utf-8")
    fill_ids(project)
    result = runner.invoke(app, ["build", "--root", str(project)])
    assert result.exit_code == 0, result.output
    statements = pd.read_csv(project / "dist" / "csv" / "statements.csv", dtype=str)
    sources = pd.read_csv(project / "dist" / "csv" / "sources.csv", dtype=str)
    assert statements.set_index("source_id").loc[coding.stem, "value_date"] == "2026-02-23"
    assert sources.set_index("source_id").loc[coding.stem, "published"] == "2026-02-24"


@pytest.mark.parametrize("failing", ["sources.yaml", ".txt", ".yaml"])
def test_a_write_that_fails_midway_takes_back_the_others(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """A full disk or a stopped command while the article, its draft and its source entry are
    written leaves seeds/ as it was: no article without its entry, no entry without its text."""
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    before = seeds_bytes(project)
    write = add_module.write_atomically

    def failing_write(path: Path, data: bytes) -> None:
        if path.name.endswith(failing):
            raise OSError(28, "No space left on device")
        write(path, data)

    monkeypatch.setattr(add_module, "write_atomically", failing_write)
    code, output = add(project, article)
    assert code != 0 and "No space left on device" in output
    assert seeds_bytes(project) == before


def test_a_coding_file_in_the_way_is_refused_not_overwritten(project: Path, tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    digest = hashlib.sha256(SPANISH.encode("utf-8")).hexdigest()
    stray = project / "seeds" / "statements" / f"002_{digest[:16]}.yaml"
    stray.write_text("source: kept\n", encoding="utf-8")
    before = seeds_bytes(project)
    code, output = add(project, article)
    assert code == 1 and "[path-in-the-way]" in output and "nothing was added" in output
    assert seeds_bytes(project) == before


SECRET = "s3cr3t-outside-the-project"


def test_a_sources_file_linked_out_of_the_project_is_not_copied_in(
    project: Path, tmp_path: Path
) -> None:
    """Appending to sources.yaml read the linked file and wrote it, and the new entry, into
    the project, where a commit would publish it."""
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"# {SECRET}\n", encoding="utf-8")
    sources = project / "seeds" / "sources.yaml"
    sources.unlink()
    sources.symlink_to(outside)
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    before = seeds_bytes(project)
    code, output = add(project, article)
    assert code == 1 and "seeds/sources.yaml" in output and "[unsafe-path]" in output
    assert seeds_bytes(project) == before and sources.is_symlink()
    assert SECRET not in output


def test_a_statements_folder_linked_out_of_the_project_gets_no_draft(
    project: Path, tmp_path: Path
) -> None:
    statements = project / "seeds" / "statements"
    shutil.move(statements, tmp_path / "elsewhere")
    statements.symlink_to(tmp_path / "elsewhere")
    before = sorted(path.name for path in (tmp_path / "elsewhere").iterdir())
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    code, output = add(project, article)
    assert code == 1 and "seeds/statements/002_" in output and "[unsafe-path]" in output
    assert sorted(path.name for path in (tmp_path / "elsewhere").iterdir()) == before
    assert not list((project / "seeds").glob("002_*"))


@pytest.mark.parametrize("kind", ["fifo", "link out", "device"])
def test_an_article_in_seeds_that_is_no_file_of_the_project_is_refused_without_reading_it(
    project: Path, tmp_path: Path, kind: str
) -> None:
    """Looking for the same text among the articles read each one whole: a FIFO blocked the
    command for ever, a link to /dev/zero filled the memory, a link out read a file elsewhere."""
    odd = project / "seeds" / "009_0123456789abcdef.txt"
    if kind == "fifo":
        os.mkfifo(odd)
    else:
        outside = tmp_path / "outside.txt"
        outside.write_text(f"{SECRET}\n", encoding="utf-8")
        odd.symlink_to(outside if kind == "link out" else Path("/dev/zero"))
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    before = seeds_bytes(project)
    code, output = add(project, article)
    assert code == 1 and "seeds/009_0123456789abcdef.txt" in output and "[unsafe-path]" in output
    assert seeds_bytes(project) == before


def test_a_sources_file_linked_inside_the_project_is_appended_to(
    project: Path, tmp_path: Path
) -> None:
    sources = project / "seeds" / "sources.yaml"
    shutil.move(sources, project / "sources-kept-here.yaml")
    sources.symlink_to(Path("..") / "sources-kept-here.yaml")
    article = tmp_path / "new.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    code, output = add(project, article)
    assert code == 0, output
    assert "- id: 002_" in sources.read_text(encoding="utf-8")


def test_suggest_takes_no_date_from_a_sources_file_linked_out_of_the_project(
    project: Path, tmp_path: Path
) -> None:
    article = project / "seeds" / "002_0123456789abcdef.txt"
    article.write_bytes(SPANISH.encode("utf-8"))
    outside = tmp_path / "outside.yaml"
    outside.write_text("- id: 002_0123456789abcdef\n  date: 2026-03-01\n", encoding="utf-8")
    sources = project / "seeds" / "sources.yaml"
    sources.unlink()
    sources.symlink_to(outside)
    result = runner.invoke(app, ["suggest", str(article), "--root", str(project)])
    assert result.exit_code == 0, result.output
    assert "date: none" in result.output and "2026-03-01" not in result.output
