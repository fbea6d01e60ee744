"""`claimpack validate` on packages it did not build: refused or reported, never trusted."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import stat
import zipfile
from pathlib import Path

import frictionless
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from claimpack import build, tableschema
from claimpack.cli import app
from claimpack.published import archive, reader
from claimpack.tableschema import Refused, reading


def run_validate(target: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", str(target), *options])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def zip_package(root: Path, archive_path: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(archive_path, "w") as bundle:
        for path in [root / "datapackage.json", *sorted((root / "dist").rglob("*"))]:
            if path.is_file():
                bundle.write(path, path.relative_to(root).as_posix())
        for name, data in (extra or {}).items():
            bundle.writestr(name, data)
    return archive_path


def test_a_zipped_package_validates(project: Path, tmp_path: Path) -> None:
    build(project)
    code, output = run_validate(zip_package(project, tmp_path / "package.zip"))
    assert code == 0, output


@pytest.mark.parametrize("entry", ["../escaped.txt", "/tmp/absolute.txt", "dist/../../up.txt"])
def test_archive_entries_that_escape_are_refused_before_anything_is_written(
    project: Path, tmp_path: Path, entry: str
) -> None:
    build(project)
    bundle = zip_package(project, tmp_path / "evil.zip", {entry: b"gotcha"})
    code, output = run_validate(bundle)
    assert code == 1
    assert f"entry {entry!r}" in output and "the archive is refused" in output
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/absolute.txt").exists()


def test_archive_symbolic_links_are_refused(project: Path, tmp_path: Path) -> None:
    build(project)
    bundle = zip_package(project, tmp_path / "link.zip")
    with zipfile.ZipFile(bundle, "a") as writer:
        info = zipfile.ZipInfo("dist/csv/link.csv")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        writer.writestr(info, "/etc/passwd")
    code, output = run_validate(bundle)
    assert code == 1 and "is a symbolic link" in output


def test_archives_that_unpack_too_large_are_refused(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(project)
    bundle = zip_package(project, tmp_path / "bomb.zip", {"padding.bin": b"\0" * 100_000})
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 50_000)
    code, output = run_validate(bundle)
    assert code == 1 and "[archive-too-large]" in output


def test_oversized_resources_are_refused_without_being_read(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(project)
    monkeypatch.setattr(reader, "MAX_RESOURCE_BYTES", 100)
    # the limit changes in this process, not in the code the build's report is keyed by
    code, output = run_validate(project / "datapackage.json", "--fresh")
    assert code == 1
    assert "resources[4].path: statements.csv is" in output and "the limit is 100" in output


def test_cells_a_spreadsheet_would_run_as_formulas_are_reported(project: Path) -> None:
    build(project)
    table = project / "dist" / "csv" / "entities.csv"
    rows = list(csv.reader(table.open(encoding="utf-8")))
    column = rows[0].index("description")
    rows[1][column] = '=HYPERLINK("http://example.org","click")'
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    code, output = run_validate(project / "datapackage.json")
    assert code == 1
    assert "dist/csv/entities.csv:row 2:description: cell starts with '='" in output


def test_a_descriptor_that_is_not_json_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "datapackage.json"
    bad.write_text('{"name": "x",', encoding="utf-8")
    code, output = run_validate(bad)
    assert code == 2 and "[invalid-json]" in output


def third_party(root: Path, data: bytes, schema: dict[str, object], name: str = "d.csv") -> Path:
    """A one-table package written as someone else would write it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(data)
    resource = {"name": "d", "path": name, "schema": schema}
    (root / "datapackage.json").write_text(json.dumps({"resources": [resource]}))
    return root / "datapackage.json"


TWO_FIELDS = {"fields": [{"name": "a"}, {"name": "b"}]}


@pytest.mark.parametrize(
    ("data", "schema", "code", "said"),
    [
        (b"a,b\r1,x\r", TWO_FIELDS, 0, "valid"),  # old Mac line ends
        (b"\n1\n", {"fields": [{"name": "a", "type": "integer"}]}, 1, "[blank-header]"),
        (b"a," + b"x" * 140_000 + b"\n1,2\n", TWO_FIELDS, 1, "longer than 131072 characters"),
        (b'"a,b\n' + b"1,2\n" * 600_000, TWO_FIELDS, 1, "(a quote left open?)"),
        (b'a,b\n1,2\n3,"x\n4,5\n', TWO_FIELDS, 1, "a quote opens in row 3 and never closes"),
        (b'a,b\n1,"2\n2"\n3,"x', TWO_FIELDS, 1, "a quote opens in row 3 and never closes"),
        (b"a,b\n1,\xff\n", TWO_FIELDS, 1, "byte 6 (line 2) is not UTF-8: ff, invalid start"),
        (b"a,b\n" + b"1,2\n" * 300_000 + b"3,\xe2\x82\n", TWO_FIELDS, 1,
         "byte 1200006 (line 300002) is not UTF-8: e2 82, invalid continuation"),
        (b"a,b\n1,2\n" + b",".join([b"1"] * 5000) + b"\n", TWO_FIELDS, 2, "5000 columns"),
        (",".join(f"c{n}" for n in range(600)).encode() + b"\n", TWO_FIELDS, 2, "600 columns"),
        (b"a\n1\n", {"fields": [{"name": f"c{n}"} for n in range(501)]}, 2,
         "501 columns: this engine reads tables of up to 500"),
        (b"a,b\n1,1\n", {**TWO_FIELDS, "primaryKey": 5}, 2, "schema.primaryKey: must be"),
        (b"a,a\n1,1\n", {"fields": [{"name": "a"}, {"name": "a"}], "primaryKey": "a"}, 2,
         "schema.fields[1]: repeats the field name 'a': names must be unique"),
        (b"a,b\n1,1\n", {**TWO_FIELDS, "foreignKeys": ["a"]}, 2, "schema.foreignKeys[0]:"),
        (b"a,b\n1,1\n", {**TWO_FIELDS, "primaryKey": ["a", "c"]}, 2,
         "schema.primaryKey: names 'c', which is not a field of the schema"),
        (b"a,b\n1,1\n", {**TWO_FIELDS, "foreignKeys": [
            {"fields": "a", "reference": {"resource": "", "fields": "a"}},
            {"fields": "b", "reference": {"resource": "other", "fields": "a"}}]}, 2,
         "schema.foreignKeys[1]: references resource 'other', which the package does not have"),
        (b"a,b\n1,1\n", {**TWO_FIELDS, "foreignKeys": [
            {"fields": ["a", "b"], "reference": {"resource": "", "fields": ["a"]}}]}, 2,
         "has 2 fields ['a', 'b'] and 1 reference fields ['a']: they are paired one to one"),
        (b"a,b\n1,1\n", {**TWO_FIELDS, "foreignKeys": [
            {"fields": "c", "reference": {"resource": "", "fields": "a"}}]}, 2,
         "schema.foreignKeys[0]: names 'c', which is not a field of the schema"),
        (b"a,b\n1,1\n", {**TWO_FIELDS, "missingValues": "NA"}, 2, "list of strings"),
        (b"a\n1\n", {"fields": [{"name": "a", "constraints": None}]}, 2, "must be an object"),
        (b"a\n1\n", {"fields": [{"name": "a", "constraints": {"enum": "xyz"}}]}, 2, "enum"),
        (b"a\n1\n", {"fields": [{"name": "a", "constraints": {"minLength": [1]}}]}, 2, "whole"),
        (b"a\nabc\n", {"fields": [{"name": "a", "constraints": {"pattern": "(?=a)abc"}}]}, 2,
         "look-arounds and back-references"),
        (b"a\nabc\n", {"fields": [{"name": "a", "constraints": {"pattern": "(("}}]}, 2,
         "is not a regular expression"),
        (b"a\nabc\n", {"fields": [{"name": "a", "constraints": {"pattern": "abc\\Z"}}]}, 2,
         "\\Z is not needed"),
        (b"a\nabc\n", {"fields": [{"name": "a", "constraints": {"pattern": "a(?>b)c"}}]}, 2,
         "(?> and (?( are not read"),
        (b"a\n1\n", {"fields": [{"name": "a", "type": "number", "bareNumber": "false"}]}, 2,
         "fields[0].bareNumber: must be true or false"),
        (b"a\n1\n", {"fields": [{"name": "a", "type": "number", "groupChar": 5}]}, 2,
         "fields[0].groupChar: must be a string"),
        (b"a\n1\n", {"fields": [{"name": "a", "type": "number", "decimalChar": ""}]}, 2,
         "fields[0].decimalChar: must be a string of one or more"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("reader_limit", [1 << 17, 1 << 30])  # Python's, and frictionless'
def test_a_malformed_table_or_schema_is_reported_or_refused_never_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, schema: dict[str, object],
    code: int, said: str, reader_limit: int,
) -> None:  # fmt: skip
    """Whatever limit Python's CSV reader has in the process (process-wide: importing
    frictionless raises it)."""
    monkeypatch.setattr(reading, "HEADER_LIMIT", 1 << 21)  # the open quote runs on for 2 MiB
    previous = csv.field_size_limit(reader_limit)
    try:
        found, output = run_validate(third_party(tmp_path / "p", data, schema))
    finally:
        csv.field_size_limit(previous)
    assert (found, "Traceback" in output) == (code, False), output
    assert said in output


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"a,b\n1,x\n2,y\\", 'row 3 ends the file with the escape character "\\"'),
        (b"a,b\n1,x\n2,y\\\n", 'row 3 ends the file with the escape character "\\"'),
        (b"a,b\r\n1,x\\\r\n2,y\\\r", 'row 3 ends the file with the escape character "\\"'),
        (b'a,b\n1,"x\\"\n2,y\\\n', "a quote opens in row 2 and never closes"),
        (b"a,b\n1,x\\\\\n", "valid"),  # an escaped escape character
        (b"a,b\n1,x\\\ny\n", "valid"),  # an escaped line break inside a cell: x, newline, y
    ],
)
def test_an_escape_character_that_ends_the_file_is_named_not_taken_for_a_quote(
    tmp_path: Path, data: bytes, said: str
) -> None:
    """A backslash escape at the end of the file has nothing to escape but the last line
    break; it was reported as a quote that never closes, in a file without quotes."""
    descriptor = third_party(tmp_path, data, TWO_FIELDS)
    package = json.loads(descriptor.read_text())
    package["resources"][0]["dialect"] = {"escapeChar": "\\"}
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    assert (code, "Traceback" in output) == (0 if said == "valid" else 1, False), output
    assert said in output


def test_a_quote_left_open_early_in_a_large_file_is_found_at_its_row(tmp_path: Path) -> None:
    """Found by an adversarial probe: the row where records stopped being read was found by
    comparing each record with the text at its offset, which in text beyond ASCII scans the
    text from its start for each record: 60,000 rows took 40 s, a million did not end
    (bench/bench_validate.py prints the time at two sizes)."""
    rows = "".join(f"señal {n},{n}\n" for n in range(60_000))
    descriptor = third_party(tmp_path, f'a,b\n1,"x\n{rows}'.encode(), TWO_FIELDS)
    code, output = run_validate(descriptor)
    assert code == 1 and "a quote opens in row 2 and never closes" in output, output


@pytest.mark.parametrize(
    ("member", "said"),
    [
        ({"bytes": "4"}, "resources[0].bytes: must be a whole number of bytes"),
        ({"bytes": -1}, "resources[0].bytes: must be a whole number of bytes"),
        ({"hash": 5}, "resources[0].hash: must be a string"),
        ({"dialect": {"header": "no"}}, "resources[0].dialect.header: must be true or false"),
        ({"dialect": {"doubleQuote": "false", "escapeChar": "\\"}}, "doubleQuote: must be true"),
        ({"dialect": {"delimiter": 5}}, "resources[0].dialect.delimiter: must be a string"),
        ({"dialect": {"doubleQuote": False, "escapeChar": 5}}, "escapeChar: must be a string"),
    ],
)
def test_a_resource_member_of_the_wrong_type_is_refused_not_coerced(
    tmp_path: Path, member: dict[str, object], said: str
) -> None:
    """`header: "no"` was read as true, a delimiter 5 as "5", an escapeChar 5 crashed."""
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]})
    package = json.loads(descriptor.read_text())
    package["resources"][0].update(member)
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    assert (code, "Traceback" in output) == (2, False) and said in output, output


def test_a_truncated_parquet_file_is_reported_with_its_name(tmp_path: Path) -> None:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"id": [1]}), sink)
    whole = sink.getvalue().to_pybytes()
    schema = {"fields": [{"name": "id", "type": "integer"}]}
    target = third_party(tmp_path / "p", whole[: len(whole) // 2], schema, "d.parquet")
    found, output = run_validate(target)
    assert found == 1 and "d.parquet" in output and "not a Parquet file" in output, output


@pytest.mark.parametrize(
    ("rows", "damaged"),
    [(1000, (200, 600)), (100_000, (200, 600)), (100_000, (423_000, 423_400))],
)  # a small file's cells are stored (read at once), a large one's viewed (read by the checks)
def test_a_parquet_file_with_a_damaged_page_is_reported_with_its_name(
    tmp_path: Path, rows: int, damaged: tuple[int, int]
) -> None:
    """Found by a probe: a file whose footer reads but whose pages do not (bytes zeroed in
    the middle) was a traceback from the first query that scanned it."""
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"id": range(rows), "word": [str(n) for n in range(rows)]}), sink)
    whole = sink.getvalue().to_pybytes()
    start, end = damaged
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "word"}]}
    data = whole[:start] + b"\0" * (end - start) + whole[end:]
    found, output = run_validate(third_party(tmp_path / "p", data, schema, "d.parquet"))
    assert found == 1 and "Traceback" not in output, output
    assert "d.parquet: " in output and "not a Parquet file DuckDB reads" in output, output


def test_checksums_that_are_not_text_are_reported(tmp_path: Path) -> None:
    root = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]}).parent
    bundle = tmp_path / "p.zip"
    with zipfile.ZipFile(bundle, "w") as writer:
        for path in sorted(root.iterdir()):
            writer.write(path, path.name)
        writer.writestr("SHA256SUMS", b"\xff\xfe x\n")
    found, output = run_validate(bundle)
    assert found == 1 and "[checksum-unreadable]" in output, output


@pytest.mark.parametrize(
    "line",
    ["garbage", "0" * 64, "z" * 64 + "  d.csv", "0" * 63 + "  d.csv"],
    ids=["no-hash", "no-file-name", "not-hex", "short-hash"],
)
def test_a_malformed_checksum_line_is_named_with_its_line(tmp_path: Path, line: str) -> None:
    """`garbage` was reported with an empty message, a hash that is not hex as a mismatch."""
    found, output = run_validate(_zipped_with_checksum_line(tmp_path, line))
    said = 'SHA256SUMS line 3: expected "<64 hex digits>  <file name>"'
    assert found == 1 and said in output and "[checksum-unreadable]" in output, output


def test_a_checksum_of_a_file_the_archive_lacks_says_so(tmp_path: Path) -> None:
    """The message was the file's name alone."""
    found, output = run_validate(_zipped_with_checksum_line(tmp_path, "0" * 64 + "  gone.csv"))
    said = "SHA256SUMS:3: SHA256SUMS lists gone.csv, which the archive does not hold"
    assert found == 1 and said in output and "[checksum-missing-file]" in output, output


def _zipped_with_checksum_line(tmp_path: Path, line: str) -> Path:
    """A zipped two-file package whose SHA256SUMS lists its files rightly, then `line`."""
    root = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]}).parent
    listed = [f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}"
              for path in sorted(root.iterdir())]  # fmt: skip
    bundle = tmp_path / "p.zip"
    with zipfile.ZipFile(bundle, "w") as writer:
        for path in sorted(root.iterdir()):
            writer.write(path, path.name)
        writer.writestr("SHA256SUMS", "\n".join([*listed, line]) + "\n")
    return bundle


def test_a_format_in_capitals_is_the_format(tmp_path: Path) -> None:
    target = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]})
    descriptor = json.loads(target.read_text())
    descriptor["resources"][0]["format"] = "CSV"
    target.write_text(json.dumps(descriptor))
    assert run_validate(target)[0] == 0


def test_a_folder_without_a_descriptor_is_named(tmp_path: Path) -> None:
    found, output = run_validate(tmp_path)
    expected = f"{(tmp_path / 'datapackage.json').as_posix()}: descriptor not found [missing-file]"
    assert found == 2 and expected in output, output


def test_a_refusal_in_an_archive_names_the_archive_not_the_folder_it_was_unpacked_to(
    tmp_path: Path,
) -> None:
    root = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]}).parent
    (root / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "d", "path": "nope.csv", "schema": {"fields": []}}]})
    )
    bundle = tmp_path / "p.zip"
    with zipfile.ZipFile(bundle, "w") as writer:
        writer.write(root / "datapackage.json", "datapackage.json")
    found, output = run_validate(bundle)
    assert found == 2 and f"{bundle.as_posix()}:datapackage.json:resources[0].path" in output
    assert "claimpack-validate-" not in output, output


def test_the_counts_of_an_archives_problems_are_under_its_name(tmp_path: Path) -> None:
    """Found by a probe: two invalid paths in a zipped package were counted under the folder
    it was unpacked to, so the JSON task said 0 errors beside its 2, and a note said 2 more
    were hidden, naming a temporary folder."""
    root = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]}).parent
    resources = [{"name": n, "path": p, "schema": {"fields": [{"name": "a"}]}}
                 for n, p in (("a", "../a.csv"), ("b", "/b.csv"))]  # fmt: skip
    (root / "datapackage.json").write_text(json.dumps({"resources": resources}))
    bundle = tmp_path / "p.zip"
    with zipfile.ZipFile(bundle, "w") as writer:
        writer.write(root / "datapackage.json", "datapackage.json")
    found, output = run_validate(bundle, "--format", "json")
    [task] = json.loads(output)["tasks"]
    assert found == 1 and task["stats"]["errors"] == len(task["errors"]) == 2, output
    assert "not shown" not in run_validate(bundle)[1]


def test_a_refused_package_asked_for_json_gets_json(tmp_path: Path) -> None:
    schema = {**TWO_FIELDS, "primaryKey": 5}
    result = CliRunner().invoke(
        app, ["validate", str(third_party(tmp_path / "p", b"a,b\n1,1\n", schema)), "--format",
              "json"],
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert result.exit_code == 2 and report["valid"] is False and report["exit_code"] == 2
    assert report["errors"][0]["place"] == "resources[0].schema.primaryKey"


@pytest.mark.parametrize(
    ("schema_text", "said"),
    [
        (None, "cannot read schema.json: No such file or directory [missing-file]"),
        ('{"fields": [', "schema.json is not JSON: Expecting value: line 2"),
        ("[" * 100_000 + "]" * 100_000, "schema.json is not JSON: nested too deeply"),
        ('[{"name": "a"}]', "resources[0].schema: schema.json is not a JSON object [invalid"),
    ],
    ids=["missing", "not-json", "nested-too-deeply", "not-an-object"],
)
def test_a_schema_file_that_cannot_be_read_is_named(
    tmp_path: Path, schema_text: str | None, said: str
) -> None:
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]})
    package = json.loads(descriptor.read_text())
    package["resources"][0]["schema"] = "schema.json"
    descriptor.write_text(json.dumps(package))
    if schema_text is not None:
        (descriptor.parent / "schema.json").write_text(schema_text + "\n")
    code, output = run_validate(descriptor)
    assert code in (1, 2) and "Traceback" not in output and said in output, output


def test_a_schema_file_that_is_no_object_is_named_at_its_member_by_the_library(
    tmp_path: Path,
) -> None:
    """Found by a probe: the refusal named the schema's file alone, not where it is used."""
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]})
    package = json.loads(descriptor.read_text())
    package["resources"][0]["schema"] = "schema.json"
    descriptor.write_text(json.dumps(package))
    (descriptor.parent / "schema.json").write_text("[]")
    with pytest.raises(Refused) as refused:
        tableschema.validate(descriptor)
    (problem,) = refused.value.problems
    assert (problem.file, problem.place) == (descriptor.as_posix(), "resources[0].schema")
    assert problem.message == "schema.json is not a JSON object"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_missing_data_file_is_named_as_missing_not_as_unsupported(
    tmp_path: Path, fmt: str
) -> None:
    """A contributor who deletes or misnames a table's file is told the file is missing,
    at the resource's path, not that the package asks for something claimpack does not read."""
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]})
    package = json.loads(descriptor.read_text())
    package["resources"][0]["path"] = f"gone.{fmt}"
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    assert code == 2 and "Traceback" not in output, output
    assert "resources[0].path: cannot read gone." in output and "[missing-file]" in output, output


def test_a_missing_parquet_file_is_named_as_missing_at_its_own_path(project: Path) -> None:
    """A deleted Parquet file was an unreadable-table of the CSV file it copies."""
    build(project)
    (project / "dist" / "parquet" / "entities.parquet").unlink()
    code, output = run_validate(project / "datapackage.json")
    said = "dist/parquet/datapackage.json:resources[1].path: cannot read entities.parquet"
    assert code == 1 and said in output and "[missing-file]" in output, output
    assert "unreadable-table" not in output and "entities.csv" not in output, output


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("name", ["t[1]", "t?", "t*"])
def test_a_path_with_pattern_characters_is_read_as_that_one_file(
    tmp_path: Path, fmt: str, name: str
) -> None:
    """DuckDB's readers take * ? [ ] in a path as a pattern: `t[1].csv` read `t1.csv`, and
    `*/x.csv` a file outside the package through a linked folder."""
    root = tmp_path / "p"
    (root / "*").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (root / "link").symlink_to(tmp_path / "outside")

    def write(path: Path, value: str) -> None:
        if fmt == "csv":
            path.write_text(f"a\n{value}\n")
        else:
            pq.write_table(pa.table({"a": [value]}), path)

    write(root / f"{name}.{fmt}", "1")
    write(root / "*" / f"{name}.{fmt}", "1")
    for other in ("t1", "tx", "tt"):  # what the pattern also matches, invalid
        write(root / f"{other}.{fmt}", "not a number")
    write(tmp_path / "outside" / f"{name}.{fmt}", "secret")
    schema = {"fields": [{"name": "a", "type": "integer"}]}
    resources = [
        {"name": "here", "path": f"{name}.{fmt}", "format": fmt, "schema": schema},
        {"name": "below", "path": f"*/{name}.{fmt}", "format": fmt, "schema": schema},
    ]
    (root / "datapackage.json").write_text(json.dumps({"name": "p", "resources": resources}))
    code, output = run_validate(root / "datapackage.json")
    assert code == 0 and "secret" not in output, output


@pytest.mark.parametrize(
    ("member", "said"),
    [
        ('"maximum": NaN', "NaN is not a JSON value"),
        ('"maximum": -Infinity', "-Infinity is not a JSON value"),
        ('"maximum": 1e400', "1e400 is beyond the range of a number"),
        ('"maximum": ' + "9" * 5000, "a number of 5000 digits is beyond what is read"),
        ('"enum": ["\\ud800"]', "holds a lone surrogate escape"),
    ],
    ids=["nan", "infinity", "overflow", "5000-digits", "lone-surrogate"],
)
def test_a_descriptor_that_python_reads_but_is_not_json_is_refused(
    tmp_path: Path, member: str, said: str
) -> None:
    """NaN once made `maximum` never fire, 1e400 dropped the constraint, 5000 digits and a
    lone surrogate crashed validate."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "t.csv").write_text("a\n5\n")
    field = f'{{"name": "a", "type": "integer", "constraints": {{{member}}}}}'
    resource = f'{{"name": "t", "path": "t.csv", "schema": {{"fields": [{field}]}}}}'
    (root / "datapackage.json").write_text(f'{{"name": "p", "resources": [{resource}]}}')
    code, output = run_validate(root / "datapackage.json")
    assert (code, "Traceback" in output) == (2, False) and "[invalid-json]" in output, output
    assert said in output, output


# Found by an adversarial probe of packages written by others (the five below).


@pytest.mark.parametrize("member", ['"garbage"', "null", "[]"])
def test_a_claimpack_member_written_by_another_tool_is_ignored(tmp_path: Path, member: str) -> None:
    """`"claimpack": "garbage"` was a traceback (exit 3): the member is claimpack's only when
    it is an object."""
    descriptor = third_party(tmp_path / "p", b"a,b\n1,2\n", TWO_FIELDS)
    descriptor.write_text(descriptor.read_text()[:-1] + f', "claimpack": {member}}}')
    assert run_validate(descriptor) == (0, f"{descriptor.as_posix()}: valid\n")


def test_a_package_with_a_seeds_folder_of_its_own_is_no_checkout(tmp_path: Path) -> None:
    """A dbt project's seeds/ made validate take the package for a claimpack checkout: it
    called it stale, removed a `.build-staging-*` folder and created a file through a
    `.publish.lock` link outside the package."""
    root = tmp_path / "p"
    descriptor = third_party(root, b"a,b\n1,2\n", TWO_FIELDS)
    (root / "seeds").mkdir()
    (root / "seeds" / "countries.csv").write_text("code\nmx\n")
    (root / ".build-staging-999999" / "keep").mkdir(parents=True)
    (root / ".publish.lock").symlink_to(tmp_path / "outside")
    assert run_validate(descriptor)[0] == 0
    assert (root / ".build-staging-999999" / "keep").is_dir()
    assert not (tmp_path / "outside").exists()


def test_a_publish_lock_that_is_a_link_is_refused_not_followed(project: Path) -> None:
    (project / ".publish.lock").symlink_to(project.parent / "outside")
    result = CliRunner().invoke(app, ["build", "--root", str(project)])
    assert result.exit_code == 2 and "[unsafe-path]" in result.output, result.output
    assert not (project.parent / "outside").exists()


def test_a_linked_descriptor_is_read_with_the_files_beside_the_link(tmp_path: Path) -> None:
    """The package's folder is the one the descriptor is named in, as frictionless has it:
    through a link to another package's descriptor, that package's data was validated."""
    third_party(
        tmp_path / "elsewhere", b"a,b\n1,2\n", {"fields": [{"name": "a", "type": "integer"}]}
    )
    here = tmp_path / "here"
    here.mkdir()
    (here / "d.csv").write_bytes(b"a,b\nnotanint,2\n")
    (here / "datapackage.json").symlink_to(tmp_path / "elsewhere" / "datapackage.json")
    code, output = run_validate(here / "datapackage.json")
    assert code == 1 and "[type-error]" in output, output


def test_a_folder_and_a_zip_without_its_suffix_are_read_as_packages(tmp_path: Path) -> None:
    third_party(tmp_path / "p", b"a,b\nx,2\n", {"fields": [{"name": "a", "type": "integer"}]})
    assert run_validate(tmp_path / "p")[0] == 1
    archive = tmp_path / "RELEASE.ZIP"
    with zipfile.ZipFile(archive, "w") as bundle:
        for name in ("datapackage.json", "d.csv"):
            bundle.write(tmp_path / "p" / name, name)
    assert run_validate(archive)[0] == 1
    download = archive.rename(tmp_path / "release_download")
    code, output = run_validate(download)
    assert code == 1 and "[type-error]" in output, output


def test_a_path_with_dot_dot_is_refused_even_inside_the_package(tmp_path: Path) -> None:
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]})
    (tmp_path / "p" / "sub").mkdir()
    package = json.loads(descriptor.read_text())
    package["resources"][0]["path"] = "sub/../d.csv"
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    assert code == 1 and "holds '..'" in output and "[unsafe-path]" in output, output


@pytest.mark.parametrize(
    ("field", "place", "said"),
    [
        ({"type": "integer", "constraints": {"minimum": 1.5}}, "constraints.minimum",
         "minimum 1.5 is not a value of type 'integer'"),
        ({"type": "integer", "constraints": {"maximum": True}}, "constraints.maximum",
         "maximum True is not a value of type 'integer'"),
        ({"type": "date", "constraints": {"minimum": 20200101}}, "constraints.minimum",
         "minimum 20200101 is not a value of type 'date'"),
        ({"type": "date", "constraints": {"minimum": "last week"}}, "constraints.minimum",
         "minimum 'last week' is not a value of type 'date'"),
        ({"type": "date", "format": "%d.%m.%Y", "constraints": {"maximum": "2024-03-01"}},
         "constraints.maximum", "maximum '2024-03-01' is not a value of type 'date' written"),
        ({"type": "datetime", "constraints": {"maximum": "2024-03-01"}}, "constraints.maximum",
         "maximum '2024-03-01' is not a value of type 'datetime'"),
        ({"type": "time", "constraints": {"minimum": "noon"}}, "constraints.minimum",
         "minimum 'noon' is not a value of type 'time'"),
        ({"type": "yearmonth", "constraints": {"minimum": "1999"}}, "constraints.minimum",
         "minimum '1999' is not a value of type 'yearmonth'"),
        ({"type": "string", "constraints": {"minimum": "a"}}, "constraints.minimum",
         'constraint "minimum" is not supported by type "string"'),
        ({"type": "integer", "constraints": {"pattern": "[0-9]+"}}, "constraints.pattern",
         'constraint "pattern" is not supported by type "integer"'),
        ({"type": "duration"}, "", "type 'duration'"),
    ],
)  # fmt: skip
def test_a_constraint_that_cannot_apply_is_refused_at_its_field(
    tmp_path: Path, field: dict[str, object], place: str, said: str
) -> None:
    """Found by probes: a bound that does not read as the field's type (a number on a date, or
    text the date's reader does not read) compared with nothing and passed every cell unseen;
    a constraint the field's type does not take (frictionless: field-error) was applied
    anyway; and a refusal named the schema, not the field."""
    schema = {"fields": [{"name": "a"}, {"name": "b", **field}]}
    code, output = run_validate(third_party(tmp_path / "p", b"a,b\nx,1\n", schema))
    member = "resources[0].schema.fields[1]" + (f".{place}" if place else "")
    assert code == 2 and f"{member}: {said}" in output, output


@pytest.mark.parametrize(
    ("field", "refused"),
    [
        ({"type": "integer", "example": "12"}, False),
        ({"type": "integer", "example": 12}, False),
        ({"type": "integer", "example": "doce"}, True),
        ({"type": "integer", "example": 2.5}, True),
        ({"type": "number", "example": "-0.75"}, False),
        ({"type": "number", "groupChar": ",", "example": "3,400"}, True),  # read without it
        ({"type": "date", "example": "2025-11-30"}, False),
        ({"type": "date", "format": "%d/%m/%Y", "example": "30/11/2025"}, False),
        ({"type": "date", "format": "%d/%m/%Y", "example": "2025-11-30"}, True),
        ({"type": "boolean", "trueValues": ["sí"], "falseValues": ["no"], "example": "sí"}, False),
        ({"type": "boolean", "trueValues": ["sí"], "falseValues": ["no"], "example": "true"}, True),
        ({"type": "boolean", "example": True}, False),
        ({"type": "string", "example": 7}, True),
        ({"type": "string", "example": "siete"}, False),
        ({"type": "year", "example": "25"}, True),
        ({"type": "any", "example": [1, 2]}, False),
        ({"type": "integer", "required": True}, True),
    ],
)  # fmt: skip
def test_a_field_frictionless_finds_in_error_by_its_example_or_a_stray_required_is_refused(
    tmp_path: Path, field: dict[str, object], refused: bool
) -> None:
    """Found by a probe: a field whose example its type does not read, or with `required`
    beside its constraints, was valid here and a field-error in frictionless."""
    schema = {"fields": [{"name": "a", **field}]}
    descriptor = third_party(tmp_path / "p", b"a\n", schema)
    code, output = run_validate(descriptor)
    found = frictionless.validate(descriptor)
    assert (
        found.valid is not refused and [e.type for e in found.errors] == ["field-error"] * refused
    )
    if refused:
        member = "example" if "example" in field else "required"
        assert code == 2 and f"resources[0].schema.fields[0].{member}: " in output, output
    else:
        assert code == 0, output


@pytest.mark.parametrize(("rows", "code"), [(b"a;b\n4;5\n", 0), (b"a;b\n4;cinco\n", 1)])
def test_a_dialect_naming_its_v2_profile_is_read(tmp_path: Path, rows: bytes, code: int) -> None:
    """Found by a probe: a Data Package v2 dialect with its `$schema` was refused as an
    option not supported, though the profile changes nothing in how the file is read."""
    schema = {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "integer"}]}
    descriptor = third_party(tmp_path / "p", rows, schema)
    package = json.loads(descriptor.read_text())
    profile = "https://datapackage.org/profiles/2.0/tabledialect.json"
    package["resources"][0]["dialect"] = {"$schema": profile, "delimiter": ";"}
    descriptor.write_text(json.dumps(package))
    found, output = run_validate(descriptor)
    assert found == code, output
    assert "[type-error]" in output if code else "valid" in output


@pytest.mark.parametrize("folder", ["", "paquete/"])
def test_a_zip_made_by_others_is_the_package_in_it_checksums_or_not(
    tmp_path: Path, folder: str
) -> None:
    """A zip of a package folder (no SHA256SUMS) is validated as the package it holds; for
    frictionless a zip whose descriptor is in a folder is one file, found valid whatever
    its data (docs/validation.md)."""
    descriptor = third_party(tmp_path / "p", b"n\n4\ncuatro\n", {"fields": [{"name": "n",
                             "type": "integer"}]})  # fmt: skip
    bundle = tmp_path / "sent.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for path in sorted(descriptor.parent.iterdir()):
            archive.write(path, folder + path.name)
    code, output = run_validate(bundle)
    assert code == 1 and 'cell "cuatro" in row "3"' in output and "[type-error]" in output, output


def test_names_the_data_package_profile_refuses_are_errors_and_the_data_is_still_checked(
    tmp_path: Path,
) -> None:
    """Found by a probe: a package named 'Bad Name!' with a resource 'T T!' was valid here,
    and invalid in frictionless (package-error, resource-error)."""
    descriptor = third_party(
        tmp_path / "p", b"a\nx\n", {"fields": [{"name": "a", "type": "integer"}]}
    )
    package = json.loads(descriptor.read_text())
    package["name"] = "Bad Name!"
    package["resources"][0]["name"] = "T T!"
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    assert code == 1, output
    assert ":name: 'Bad Name!' does not match" in output and "[package-error]" in output
    assert ":resources[0].name: 'T T!' does not match" in output and "[resource-error]" in output
    assert "[type-error]" in output


@pytest.mark.parametrize(
    ("profile", "held_to_the_pattern"),
    [
        ("https://datapackage.org/profiles/2.0/datapackage.json", False),
        ("https://datapackage.org/profiles/2.1/datapackage.json", False),
        ("https://example.org/our-own-profile.json", False),
        ("https://datapackage.org/profiles/1.0/datapackage.json", True),
        (None, True),
    ],
)
def test_only_a_version_1_package_is_held_to_the_name_pattern(
    tmp_path: Path, profile: str | None, held_to_the_pattern: bool
) -> None:
    """Found by a probe: a Data Package v2 package (whose names may be any string) named
    'Informe Diario' with a resource 'Daily Counts' had a package-error and a resource-error
    here, and was valid in frictionless."""
    descriptor = third_party(tmp_path / "p", b"a\n7\n", {"fields": [{"name": "a"}]})
    package = json.loads(descriptor.read_text())
    package |= {"name": "Informe Diario"} | ({"$schema": profile} if profile else {})
    package["resources"][0]["name"] = "Daily Counts"
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    if held_to_the_pattern:
        assert code == 1 and "[package-error]" in output and "[resource-error]" in output, output
    else:
        assert code == 0, output


@pytest.mark.parametrize(
    ("name", "extra", "said"),
    [
        ("d.csv.gz", {}, "'d.csv.gz' is compressed (gz); claimpack reads uncompressed"),
        ("d.csv.gz", {"format": "csv"}, "'d.csv.gz' is compressed (gz)"),
        ("d.csv", {"compression": "zip"}, "'d.csv' is compressed (zip)"),
        ("d.xlsx", {}, "file 'd.xlsx' is not CSV or Parquet, by its name"),
        ("data", {}, "file 'data' has no format: name it .csv or .parquet, or give `format`"),
        ("d.txt", {"format": "tsv"}, "format 'tsv' is not CSV or Parquet"),
    ],
)
def test_a_resource_claimpack_does_not_read_is_named_for_what_it_is(
    tmp_path: Path, name: str, extra: dict[str, str], said: str
) -> None:
    """A compressed CSV was called a file whose format is its whole name ('d.csv.gz'), and
    one declared `format: csv` was read as CSV bytes."""
    descriptor = third_party(tmp_path / "p", gzip.compress(b"a,b\n1,2\n"), TWO_FIELDS, name)
    package = json.loads(descriptor.read_text())
    package["resources"][0].update(extra)
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    assert code == 2 and said in output and "[unsupported]" in output, output


@pytest.mark.parametrize("path", ["", "."])
def test_a_path_that_names_the_package_folder_is_refused_as_the_path_given(
    tmp_path: Path, path: str
) -> None:
    """Found by a probe: `"path": ""` was refused as "p is not a regular file", p being the
    name of the folder the package is in, which the descriptor never wrote."""
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]})
    package = json.loads(descriptor.read_text())
    package["resources"][0].update(path=path, format="csv")
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    assert code == 1 and f"resources[0].path: path '{path}' names no file" in output, output


@pytest.mark.parametrize("member", ["path", "schema"])
def test_a_path_holding_a_nul_character_is_refused_not_a_crash(tmp_path: Path, member: str) -> None:
    """Found by a probe: the operating system's refusal of such a name was a traceback."""
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]})
    package = json.loads(descriptor.read_text())
    package["resources"][0][member] = "d\u0000.csv"
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    assert code == 1 and "Traceback" not in output, output
    assert f"resources[0].{member}: path 'd\\x00.csv' holds a NUL character" in output, output


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        ("[0-9]{1200}", "(RE2): invalid repetition size: {1200}"),
        ("(?:(?:[a-z]{50}){50}){50}", "(RE2): invalid repetition size"),
        ("[a-z]*+x", "(RE2): bad repetition operator: *+"),
        ("(?P<w>[a-z])(?P=w)", "(RE2): invalid perl operator: (?P"),
        ("(?x) [a-z] + ", "(RE2): invalid perl operator: (?x"),
        ("[\\b-]+", "(RE2): invalid escape sequence: \\b"),
        ("[a-z]{,4}", "a repetition {,n}: RE2 reads it otherwise (write {0,n})"),
        ("[[:digit:]]+", "a POSIX class such as [:alpha:]: RE2 reads it otherwise"),
    ],
)
def test_a_pattern_the_engine_compiles_otherwise_is_refused_at_its_field(
    tmp_path: Path, pattern: str, said: str
) -> None:
    """Found by a probe: what Python compiles and RE2 does not was a traceback from the
    database, and what both compile but read otherwise (`{,4}`, `[[:digit:]]`) was judged by
    RE2's reading."""
    schema = {"fields": [{"name": "a", "constraints": {"pattern": pattern}}]}
    code, output = run_validate(third_party(tmp_path / "p", b"a\nabc\n", schema))
    assert code == 2 and "Traceback" not in output and "Warning" not in output, output
    assert "resources[0].schema.fields[0].constraints.pattern: " in output and said in output


@pytest.mark.parametrize(
    "pattern",
    [
        "[a-z]*[\\u00C0-\\u024F][a-z]*",
        "ma\\u00F1ana|d\\U000000EDa",
        "ma\\N{LATIN SMALL LETTER N WITH TILDE}ana",
    ],
)
def test_a_character_written_by_its_code_or_name_in_a_pattern_is_that_character(
    tmp_path: Path, pattern: str
) -> None:
    """Python's escapes \\u, \\U and \\N{...} (the form docs/validation.md advises for letters
    beyond ASCII) were a traceback: RE2 has none of them."""
    schema = {"fields": [{"name": "a", "constraints": {"pattern": pattern}}]}
    code, output = run_validate(third_party(tmp_path / "p", "a\nmañana\nmanana\n".encode(), schema))
    assert "Traceback" not in output, output
    rejected = [line for line in output.splitlines() if "[constraint-error]" in line]
    assert code == 1 and len(rejected) == 1 and 'cell "manana"' in rejected[0], output


@pytest.mark.parametrize(
    ("links", "path"),
    [({"d.csv": "d.csv"}, "d.csv"), ({"a.csv": "b.csv", "b.csv": "a.csv"}, "a.csv"),
     ({"sub": "sub"}, "sub/d.csv")],
)  # fmt: skip
def test_a_loop_of_symbolic_links_is_refused_not_a_crash(
    tmp_path: Path, links: dict[str, str], path: str
) -> None:
    """Found by a probe: following a link that leads back to itself was a traceback."""
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]}, "real.csv")
    for name, target in links.items():
        (tmp_path / "p" / name).symlink_to(target)
    package = json.loads(descriptor.read_text())
    package["resources"][0]["path"] = path
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    assert code == 1 and "Traceback" not in output, output
    assert f"resources[0].path: path '{path}' is a loop of symbolic links" in output, output


@pytest.mark.parametrize("schema", [None, "absent"])
def test_a_resource_without_a_schema_is_refused_saying_a_schema_is_needed(
    tmp_path: Path, schema: str | None
) -> None:
    """Found by a probe: it was told its schema "must be an object or a relative path to a
    JSON file", as if it had given one of the wrong kind."""
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]})
    package = json.loads(descriptor.read_text())
    package["resources"][0]["schema"] = None
    if schema == "absent":
        del package["resources"][0]["schema"]
    descriptor.write_text(json.dumps(package))
    code, output = run_validate(descriptor)
    assert code == 2 and "resources[0].schema: a resource needs a Table Schema" in output, output


@pytest.mark.parametrize(
    ("member", "value", "place"),
    [
        ("title", 5, "title"),
        ("version", 1, "version"),
        ("licenses", "MIT", "licenses"),
        ("licenses", [{"name": 3}], "licenses[0].name"),
        ("keywords", ["ok", 2], "keywords"),
        ("contributors", ["Ana"], "contributors[0]"),
        ("sources", [{"title": None}], "sources[0].title"),
        ("resource title", 7, "resources[0].title"),
        ("resource description", ["x"], "resources[0].description"),
        ("field title", 3, "resources[0].schema.fields[0].title"),
    ],
)
def test_a_descriptor_member_of_another_json_type_is_refused_where_frictionless_errs(
    tmp_path: Path, member: str, value: object, place: str
) -> None:
    """Found by a probe: a package, resource or field described by members of another JSON
    type than the standard's ("licenses": "MIT", "version": 1, a numeric title) was valid
    here, and a package-, resource- or field-error in frictionless."""
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a"}]})
    package = json.loads(descriptor.read_text())
    level, _, key = member.rpartition(" ")
    described = {
        "": package,
        "resource": package["resources"][0],
        "field": package["resources"][0]["schema"]["fields"][0],
    }[level]
    described[key] = value
    descriptor.write_text(json.dumps(package))
    assert not frictionless.validate(descriptor).valid
    code, output = run_validate(descriptor)
    assert code == 2 and f"datapackage.json:{place}: " in output, output


def test_a_descriptor_described_as_the_standard_says_is_read(tmp_path: Path) -> None:
    descriptor = third_party(tmp_path / "p", b"a\n1\n", {"fields": [{"name": "a", "title": "A"}]})
    package = json.loads(descriptor.read_text())
    package.update(
        title="T", version="1.0.0", keywords=["k"], licenses=[{"name": "CC0-1.0"}],
        contributors=[{"title": "Ana", "role": "author"}], sources=[{"title": "S"}],
    )  # fmt: skip
    package["resources"][0].update(title="R", description="D", mediatype="text/csv")
    descriptor.write_text(json.dumps(package))
    assert frictionless.validate(descriptor).valid
    code, output = run_validate(descriptor)
    assert code == 0, output
