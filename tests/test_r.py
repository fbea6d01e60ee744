"""The R reader gives the same tables, with the same types, as the Python one."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from claimpack import load

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    shutil.which("Rscript") is None,
    reason="Rscript is not installed (Debian: r-base-core r-cran-readr r-cran-jsonlite; "
    ".ci/run installs them)",
)

SCRIPT = """
source("R/read_el_mencho.R")
t <- read_el_mencho("datapackage.json")
s <- t$statements
first_date <- which(!is.na(s$value_date))[1]
cat(jsonlite::toJSON(list(
  rows = lapply(t, nrow),
  classes = list(char_start = class(s$char_start), value_date = class(s$value_date),
                 modality = class(s$modality), value_number = class(s$value_number),
                 single_valued = class(t$predicates$single_valued)),
  modality_levels = levels(s$modality),
  statement_id = s$statement_id[first_date],
  value_date = format(s$value_date[first_date]),
  char_start = s$char_start[1:5],
  value_number = s$value_number[!is.na(s$value_number)][1:5],
  aliases_class = class(t$entities$aliases),
  aliases = lapply(t$entities$aliases[1:3], I)
), auto_unbox = TRUE, digits = NA))
"""


def test_r_reads_every_table_with_the_schema_types() -> None:
    completed = subprocess.run(
        ["Rscript", "-e", SCRIPT], cwd=REPO, capture_output=True, text=True, check=True
    )
    from_r = json.loads(completed.stdout)
    frames = load(REPO / "datapackage.json")
    assert from_r["rows"] == {name: len(frame) for name, frame in frames.items()}
    assert from_r["classes"] == {
        "char_start": "integer",
        "value_date": "Date",
        "modality": "factor",
        "value_number": "numeric",
        "single_valued": "logical",
    }
    statements = frames["statements"]
    assert from_r["modality_levels"] == list(statements["modality"].cat.categories)
    assert from_r["char_start"] == statements["char_start"].head(5).tolist()
    assert from_r["value_number"] == statements["value_number"].dropna().head(5).tolist()
    row = statements.set_index("statement_id").loc[from_r["statement_id"]]
    assert from_r["value_date"] == str(row["value_date"].date())
    assert from_r["aliases_class"] == "list"  # list fields are list columns
    assert from_r["aliases"] == frames["entities"]["aliases"].head(3).tolist()


def test_r_keeps_the_spaces_at_either_end_of_a_cell(tmp_path: Path) -> None:
    """readr trims cells by default; a quote keeps the spaces its offsets count."""
    (tmp_path / "t.csv").write_text('quote,note\n" in Tapalpa",ends  \n', encoding="utf-8")
    fields = [{"name": "quote", "type": "string"}, {"name": "note", "type": "string"}]
    descriptor = {
        "name": "p",
        "resources": [{"name": "t", "path": "t.csv", "schema": {"fields": fields}}],
    }
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    script = (
        f'source("{REPO / "R" / "read_el_mencho.R"}"); '
        f't <- read_el_mencho("{tmp_path / "datapackage.json"}")$t; '
        "cat(jsonlite::toJSON(list(quote = t$quote, note = t$note), auto_unbox = TRUE))"
    )
    completed = subprocess.run(
        ["Rscript", "-e", script], capture_output=True, text=True, check=True
    )
    assert json.loads(completed.stdout) == {"quote": " in Tapalpa", "note": "ends  "}
