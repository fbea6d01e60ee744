"""A problem found in a zipped package names the zip and the member it is in
("datos.zip:d.csv:row 2:edad", "datos.zip:paquete/d.csv" for a package in a folder of the
zip): a data file's problems were named "d.csv" alone, as if the file were beside the zip."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from claimpack.cli import app


def zipped(tmp_path: Path, folder: str) -> Path:
    (tmp_path / "d.csv").write_text("edad,nombre\n34,Ana\ntreinta,Luis\n-1,Eva\n")
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"n": range(1000), "w": [str(n) for n in range(1000)]}), sink)
    whole = sink.getvalue().to_pybytes()
    (tmp_path / "e.parquet").write_bytes(whole[:200] + b"\0" * 400 + whole[600:])
    fields = [{"name": "edad", "type": "integer", "constraints": {"minimum": 0}},
              {"name": "nombre"}]  # fmt: skip
    resources = [
        {"name": "d", "path": "d.csv", "schema": {"fields": fields}},
        {"name": "e", "path": "e.parquet",
         "schema": {"fields": [{"name": "n", "type": "integer"}, {"name": "w"}]}},
    ]  # fmt: skip
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "p", "resources": resources}))
    bundle = tmp_path / "datos.zip"
    with zipfile.ZipFile(bundle, "w") as writer:
        for name in ("datapackage.json", "d.csv", "e.parquet"):
            writer.write(tmp_path / name, f"{folder}{name}")
    return bundle


@pytest.mark.parametrize("folder", ["", "paquete/"])
def test_a_problem_in_a_zip_names_the_zip_and_the_member(tmp_path: Path, folder: str) -> None:
    bundle = zipped(tmp_path, folder)
    result = CliRunner().invoke(app, ["validate", str(bundle)])
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    named = f"{bundle.as_posix()}:{folder}"
    assert result.exit_code == 1 and len(lines) == 3, result.output
    assert lines[0].startswith(f"error: {named}d.csv:row 3:edad: ") and "[type-error]" in lines[0]
    assert lines[1].startswith(f"error: {named}d.csv:row 4:edad: "), lines
    assert lines[2].startswith(f"error: {named}e.parquet: "), lines
    assert "not a Parquet file" in lines[2] and "claimpack-validate-" not in result.output


def test_the_tasks_and_counts_of_a_zip_are_under_the_members_names(tmp_path: Path) -> None:
    bundle = zipped(tmp_path, "paquete/")
    result = CliRunner().invoke(app, ["validate", str(bundle), "-f", "json", "--limit-errors", "1"])
    tasks = {task["place"]: task for task in json.loads(result.output)["tasks"]}
    named = f"{bundle.as_posix()}:paquete/"
    assert set(tasks) == {f"{named}d.csv", f"{named}e.parquet"}, tasks
    assert tasks[f"{named}d.csv"]["stats"]["errors"] == 2
    assert len(tasks[f"{named}d.csv"]["errors"]) == 1
