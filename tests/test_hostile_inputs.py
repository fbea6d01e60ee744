"""Contributions from anyone: links out of the project, FIFOs, forged journals, a second writer,
damaged archives and broken packages all get a located message; nothing outside is read,
nothing published is lost, nothing hangs."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimpack import build
from claimpack.cli import app
from claimpack.publish import JOURNAL, publish_lock

from conftest import published_bytes


def run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(arguments))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


SECRET = "s3cr3t-outside-the-project"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside.txt"
    secret.write_text(f"{SECRET}\n")
    return secret


def test_an_article_linked_out_of_the_project_is_refused(project: Path, outside: Path) -> None:
    build(project)
    before = published_bytes(project)
    article = project / "seeds" / "001_bbbbbbbbbbbbbbbb.txt"
    article.unlink()
    article.symlink_to(outside)
    code, output = run("build", "--root", str(project))
    assert code == 1 and "seeds/001_bbbbbbbbbbbbbbbb.txt" in output and "[unsafe-path]" in output
    assert SECRET not in output and published_bytes(project) == before


def test_a_fifo_or_a_device_in_seeds_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "seeds" / "002_cccccccccccccccc.txt")
    code, output = run("build", "--root", str(project))
    assert code == 1 and "002_cccccccccccccccc.txt is not a regular file" in output


def test_a_statements_folder_linked_out_of_the_project_is_refused(
    project: Path, tmp_path: Path
) -> None:
    statements = project / "seeds" / "statements"
    shutil.move(statements, tmp_path / "elsewhere")
    statements.symlink_to(tmp_path / "elsewhere")
    code, output = run("build", "--root", str(project))
    assert code == 1 and "seeds/statements" in output and "[unsafe-path]" in output


def test_a_resource_path_out_of_the_package_is_never_read(project: Path, outside: Path) -> None:
    build(project)
    descriptor = json.loads((project / "datapackage.json").read_text())
    descriptor["resources"][0]["path"] = str(outside)
    (project / "datapackage.json").write_text(json.dumps(descriptor))
    for command in (["validate"], ["report"], ["diff", "datapackage.json", "datapackage.json"]):
        os.chdir(project)
        code, output = run(*command)
        assert code == 1 and "[unsafe-path]" in output and SECRET not in output, command
    assert not (project / "dist" / "report.html").exists()


def test_a_stray_journal_deletes_nothing(project: Path) -> None:
    build(project)
    before = published_bytes(project)
    (project / JOURNAL).write_text(json.dumps({"staging": ".build-staging-1", "existed": []}))
    code, output = run("validate", str(project / "datapackage.json"))
    assert code == 1 and "[bad-journal]" in output and "delete" in output
    assert published_bytes(project) == before


@pytest.mark.parametrize(
    "journal", ["{not json", json.dumps({"staging": "../../etc", "existed": []}), "[]"]
)
def test_a_corrupt_or_forged_journal_is_a_message_not_a_traceback(
    project: Path, journal: str
) -> None:
    build(project)
    before = published_bytes(project)
    (project / JOURNAL).write_text(journal)
    code, output = run("build", "--root", str(project))
    assert code == 1 and "[bad-journal]" in output
    assert published_bytes(project) == before


def test_a_second_writer_waits_for_the_lock_then_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimpack import publish

    build(project)
    monkeypatch.setattr(publish, "LOCK_WAIT_SECONDS", 0.3)
    monkeypatch.setattr(publish_lock, "__defaults__", (0.3,))
    with publish_lock(project):
        code, output = run("build", "--root", str(project))
    assert code == 1 and "[publish-busy]" in output


def test_release_refuses_a_package_that_does_not_validate(project: Path) -> None:
    build(project)
    (project / "dist" / "csv" / "sources.csv").write_text("source_id\n")
    code, _ = run("release", "--root", str(project))
    assert code == 1 and not (project / "dist" / "releases").exists()


@pytest.mark.parametrize("epoch", ["0", "abc", "-5"])
def test_a_source_date_epoch_zip_cannot_store_is_a_usage_error(
    project: Path, epoch: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, output = run("release", "--root", str(project))
    assert code == 2 and "[bad-environment]" in output


def zip_of(project: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as bundle:
        for path in ["datapackage.json", *sorted(p.relative_to(project).as_posix()
                     for p in (project / "dist").rglob("*") if p.is_file())]:  # fmt: skip
            bundle.write(project / path, path)
    return target


def test_an_archive_with_a_duplicate_entry_is_refused(project: Path, tmp_path: Path) -> None:
    build(project)
    bundle = zip_of(project, tmp_path / "package.zip")
    with zipfile.ZipFile(bundle, "a") as archive, pytest.warns(UserWarning):
        archive.writestr("datapackage.json", "{}")
    code, output = run("validate", str(bundle))
    assert code == 1 and "appears twice" in output


@pytest.mark.parametrize("alias", ["./datapackage.json", "dist//../datapackage.json"])
def test_an_entry_written_twice_under_another_spelling_is_refused(
    project: Path, tmp_path: Path, alias: str
) -> None:
    """`./t.csv` unpacks over `t.csv`: which of the two was validated depended on order."""
    build(project)
    bundle = zip_of(project, tmp_path / "package.zip")
    with zipfile.ZipFile(bundle, "a") as archive:
        archive.writestr(alias, "{}")
    code, output = run("validate", str(bundle))
    if ".." in alias:
        assert code == 1 and "leaves the archive's folder" in output, output
    else:
        assert code == 1 and "appears twice" in output, output


def test_an_entry_that_cannot_be_unpacked_is_named_as_the_archive_has_it(
    project: Path, tmp_path: Path
) -> None:
    build(project)
    bundle = zip_of(project, tmp_path / "package.zip")
    with zipfile.ZipFile(bundle, "a") as archive:
        archive.writestr("datapackage.json/inside", "x")  # a file where a folder must be
    code, output = run("validate", str(bundle))
    assert code == 1 and "package.zip:datapackage.json/inside: a damaged entry" in output
    assert "claimpack-" not in output, output  # no temporary folder


def test_an_archive_with_a_damaged_entry_is_refused(project: Path, tmp_path: Path) -> None:
    build(project)
    bundle = zip_of(project, tmp_path / "package.zip")
    data = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as archive:
        info = archive.getinfo("datapackage.json")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5] ^= 0xFF  # corrupt the stored bytes: the CRC no longer matches
    bundle.write_bytes(bytes(data))
    code, output = run("validate", str(bundle))
    assert code == 1 and "[bad-archive]" in output


def test_an_archive_of_two_packages_is_refused_not_half_checked(
    project: Path, tmp_path: Path
) -> None:
    """Only the first would be validated, and the other's faults called valid."""
    build(project)
    single = zip_of(project, tmp_path / "package.zip")
    bundle = tmp_path / "two.zip"
    with zipfile.ZipFile(single) as source, zipfile.ZipFile(bundle, "w") as target:
        for folder in ("first", "second"):
            for info in source.infolist():
                target.writestr(f"{folder}/{info.filename}", source.read(info))
    code, output = run("validate", str(bundle))
    assert code == 2 and "holds 2 packages (first/datapackage.json, second/" in output, output
    with zipfile.ZipFile(bundle, "a") as archive:  # one at the top is the package
        archive.writestr("datapackage.json", (project / "datapackage.json").read_bytes())
        for path in sorted((project / "dist").rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(project).as_posix())
    code, output = run("validate", str(bundle))
    assert code == 0, output


def test_diff_refuses_a_side_with_a_renamed_header_or_a_repeated_key(
    project: Path, tmp_path: Path
) -> None:
    build(project)
    shutil.copytree(project, tmp_path / "broken")
    table = tmp_path / "broken" / "dist" / "csv" / "sources.csv"
    lines = table.read_text().splitlines(keepends=True)
    table.write_text("".join([*lines, lines[1]]))
    code, output = run(
        "diff", str(project / "datapackage.json"), str(table.parents[2] / "datapackage.json")
    )
    assert code == 1 and "[primary-key]" in output and "No differences" not in output
    table.write_text("".join([lines[0].replace("source_id", "source"), *lines[1:]]))
    code, output = run(
        "diff", str(project / "datapackage.json"), str(table.parents[2] / "datapackage.json")
    )
    assert code == 1 and "[incorrect-label]" in output


def test_markdown_diff_escapes_html(project: Path, tmp_path: Path) -> None:
    build(project)
    shutil.copytree(project, tmp_path / "new")
    entities = tmp_path / "new" / "seeds" / "entities.yaml"
    entities.write_text(
        entities.read_text().replace("A cartel boss.", "<img src=x onerror=alert(1)>")
    )
    build(tmp_path / "new")
    code, output = run(
        "diff", str(project / "datapackage.json"), str(tmp_path / "new" / "datapackage.json"),
        "--format", "markdown",
    )  # fmt: skip
    assert code == 1 and "<img" not in output and "&lt;img" in output


def test_markdown_diff_neither_mentions_nor_links(project: Path, tmp_path: Path) -> None:
    """The markdown diff becomes a pull-request comment: a description '@octocat #1' pinged a
    user and linked an issue, and '[x](http://...)' made a link."""
    build(project)
    shutil.copytree(project, tmp_path / "new")
    entities = tmp_path / "new" / "seeds" / "entities.yaml"
    said = "'Ask @octocat see #1, **now** [x](http://example.invalid)'"
    entities.write_text(entities.read_text().replace("A cartel boss.", said))
    build(tmp_path / "new")
    code, output = run(
        "diff", str(project / "datapackage.json"), str(tmp_path / "new" / "datapackage.json"),
        "--format", "markdown",
    )  # fmt: skip
    assert code == 1, output
    assert "Ask \\@octocat see \\#1, \\*\\*now\\*\\* \\[x\\]\\(http://example.invalid\\)" in output


@pytest.mark.parametrize(
    "resource_change",
    [
        {"schema": "http://example.invalid/schema.json"},
        {"path": None, "data": [["a"]]},
        {"format": "xlsx", "path": "dist/csv/sources.xlsx"},
    ],
    ids=["remote-schema", "inline-data", "spreadsheet"],
)
def test_validate_refuses_what_it_does_not_read_without_a_traceback(
    project: Path, resource_change: dict[str, object]
) -> None:
    build(project)
    descriptor = json.loads((project / "datapackage.json").read_text())
    descriptor["resources"][0].update(resource_change)
    if descriptor["resources"][0]["path"] is None:
        del descriptor["resources"][0]["path"]
    (project / "datapackage.json").write_text(json.dumps(descriptor))
    code, output = run("validate", str(project / "datapackage.json"))
    assert code in (1, 2) and ("[unsafe-path]" in output or "[unsupported]" in output)


def test_a_schema_given_as_a_file_in_the_package_is_read_in(project: Path) -> None:
    build(project)
    descriptor = json.loads((project / "datapackage.json").read_text())
    (project / "sources.schema.json").write_text(json.dumps(descriptor["resources"][0]["schema"]))
    descriptor["resources"][0]["schema"] = "sources.schema.json"
    (project / "datapackage.json").write_text(json.dumps(descriptor))
    code, output = run("validate", str(project / "datapackage.json"))
    assert code == 0 and output.strip().endswith("datapackage.json: valid"), output


def test_a_pattern_that_backtracks_for_ever_in_python_is_checked_in_linear_time(
    project: Path,
) -> None:
    build(project)
    descriptor = json.loads((project / "datapackage.json").read_text())
    sources = descriptor["resources"][0]
    field = next(f for f in sources["schema"]["fields"] if f["name"] == "publisher")
    field.setdefault("constraints", {})["pattern"] = "(a+)+$"
    table = project / sources["path"]
    lines = table.read_text().splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    cells[header.index("publisher")] = "a" * 40 + "!"
    lines[1] = ",".join(cells) + "\n"
    table.write_text("".join(lines))
    del sources["bytes"], sources["hash"]
    (project / "datapackage.json").write_text(json.dumps(descriptor))
    code, output = run("validate", str(project / "datapackage.json"))
    assert code == 1 and "row 2:publisher" in output and "[constraint-error]" in output


def test_a_full_disk_is_a_message_and_the_release_stays(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import pathlib

    build(project)
    before = published_bytes(project)
    entities = project / "seeds" / "entities.yaml"
    entities.write_text(entities.read_text().replace("A cartel boss.", "A boss."))

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    opened = pathlib.Path.open

    def full_for_writing(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if set(mode) & set("wxa"):  # the staged files are written through Path.open too
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return opened(self, mode, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_bytes", full)
    monkeypatch.setattr(pathlib.Path, "open", full_for_writing)
    code, output = run("build", "--root", str(project))
    monkeypatch.undo()
    assert code == 2 and "No space left on device [os-error]" in output
    assert published_bytes(project) == before


def test_a_parquet_descriptor_that_is_not_json_is_reported(project: Path) -> None:
    build(project)
    (project / "dist" / "parquet" / "datapackage.json").write_text("not json")
    code, output = run("validate", str(project / "datapackage.json"))
    assert code == 1 and "[invalid-json]" in output


def test_a_fifo_resource_is_refused_without_blocking(project: Path) -> None:
    build(project)
    table = project / "dist" / "csv" / "waivers.csv"
    table.unlink()
    os.mkfifo(table)
    code, output = run("validate", str(project / "datapackage.json"))
    assert code == 1 and "waivers.csv is not a regular file" in output


def test_a_header_typo_is_located_not_a_traceback(project: Path) -> None:
    build(project)
    table = project / "dist" / "csv" / "sources.csv"
    lines = table.read_text().splitlines(keepends=True)
    table.write_text("".join([lines[0].replace("sha256", "sha265"), *lines[1:]]))
    code, output = run("validate", str(project / "datapackage.json"))
    assert code == 1 and "[incorrect-label]" in output and "Traceback" not in output


def test_load_refuses_a_resource_out_of_the_package(project: Path, outside: Path) -> None:
    from claimpack import load
    from claimpack.problems import InvalidPackage

    build(project)
    descriptor = json.loads((project / "datapackage.json").read_text())
    descriptor["resources"][0]["path"] = "../" * 12 + str(outside).lstrip("/")
    (project / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(InvalidPackage, match="unsafe-path"):
        load(project / "datapackage.json")


def test_release_after_an_interrupted_publish_packs_the_previous_release(project: Path) -> None:
    """A publish killed half-way leaves a journal; release rolls it back first, so the zip is
    the whole previous release and validates."""
    from claimpack.publish import STAGING_PREFIX, TOKEN

    build(project)
    before = published_bytes(project)
    staging = project / f"{STAGING_PREFIX}999999"
    (staging / "previous" / "dist").mkdir(parents=True)
    (staging / TOKEN).write_text("token")
    os.rename(project / "dist" / "csv", staging / "previous" / "dist" / "csv")
    (project / "dist" / "csv").mkdir()
    (project / "dist" / "csv" / "sources.csv").write_text("half of a new release\n")
    existed = ["dist/csv", "dist/parquet", "datapackage.json"]
    journal = {"staging": staging.name, "token": "token", "existed": existed}
    (project / JOURNAL).write_text(json.dumps(journal))
    code, output = run("release", "--root", str(project))
    assert code == 0, output
    (archive,) = (project / "dist" / "releases").glob("*.zip")
    assert {k: v for k, v in published_bytes(project).items() if "releases" not in k} == before
    assert run("validate", str(archive))[0] == 0


def test_a_statements_file_where_the_folder_must_be_is_named_as_such(project: Path) -> None:
    """Read as no folder at all, every article was reported as having no coding."""
    statements = project / "seeds" / "statements"
    shutil.rmtree(statements)
    statements.write_text("source: 000_aaaaaaaaaaaaaaaa\n")
    code, output = run("build", "--root", str(project))
    assert code == 1 and "seeds/statements: is not a folder" in output, output
    assert "[missing-coding]" not in output, output


def test_an_editors_lock_beside_a_coding_file_is_no_coding(project: Path) -> None:
    """Emacs keeps `.#name` beside a file it edits, a link to nowhere: a hidden coding file is
    refused (test_seed_errors), the lock is not."""
    statements = project / "seeds" / "statements"
    (statements / ".#000_aaaaaaaaaaaaaaaa.yaml").symlink_to("coder@host.1234:1700000000")
    code, output = run("build", "--root", str(project))
    assert code == 0, output


@pytest.mark.parametrize("character", ["\x85", "\x9d", "\u2028", "\u2029"])
def test_an_article_with_a_c1_control_or_a_line_separator_is_refused_at_its_line(
    project: Path, tmp_path: Path, character: str
) -> None:
    """Every quote across the character, and a headline holding it, would publish it: a C1
    control is text decoded as the wrong encoding (U+0085 is cp1252's ellipsis), and some CSV
    readers end a row at U+2028 and U+2029."""
    article = tmp_path / "new.txt"
    article.write_text(f" date 2026-02-23 Officials spoke.\nThey said 25{character}died.\n")
    for command in ("suggest", "add"):
        code, output = run(command, str(article), "--root", str(project))
        assert code == 1 and "new.txt:2: article has the" in output, output
        assert repr(character) in output and "[article-control-character]" in output, output
    assert not list((project / "seeds" / "statements").glob("002_*"))


@pytest.mark.parametrize(
    ("file", "field", "key"),
    [
        ("seeds/statements/000_aaaaaaaaaaaaaaaa.yaml", "  value: '59'\n", "statement 3, note"),
        ("seeds/entities.yaml", "  description: A cartel boss.\n", "entry 1, description"),
    ],
)
def test_a_text_of_two_megabytes_is_refused_at_its_line_and_one_at_the_limit_is_kept(
    project: Path, file: str, field: str, key: str
) -> None:
    """A field of 2 MB was published as one cell; no coding writes more than the limit."""
    from claimpack.stages.check_inputs import MAX_TEXT_LENGTH

    path = project / file
    text = path.read_text(encoding="utf-8")
    name = key.rsplit(" ", 1)[-1]
    for length in (MAX_TEXT_LENGTH, 2_000_000):
        long = f"  {name}: {('word ' * length)[: length - 1]}.\n"
        path.write_text(text.replace(field, f"{field}{long}" if name == "note" else long))
        code, output = run("build", "--root", str(project))
        refused = f"{key}: is {length:,} characters long; a field takes at most"
        if length == MAX_TEXT_LENGTH:
            assert code == 0, output[:2000]
        else:
            assert code == 1 and refused in output and "[text-too-long]" in output, output[:2000]
            assert len(output) < 1_000  # the text is not printed
