"""The statements table is in the order of article, char_start, char_end and statement id,
whatever order the coding files list their statements in: build_statements sorts its rows in
Python, and the rule stated simply is Arrow's sort of the built table."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import yaml

from claimpack import build
from claimpack.synth import synthesize

from conftest import REPO

ORDER = [("source_id", "ascending"), ("char_start", "ascending"), ("char_end", "ascending"),
         ("statement_id", "ascending")]  # fmt: skip


def test_statements_come_out_in_arrows_order_of_their_keys(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    synthesize(REPO, root, 4, 40, seed=5)
    listed = root / "seeds" / "statements"
    for coding in listed.glob("*.yaml"):  # the statements listed last to first
        data = yaml.safe_load(coding.read_text(encoding="utf-8"))
        data["statements"].reverse()
        coding.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    # A statement coded twice on one quote: two rows at the same place, told apart by id.
    first = sorted(listed.glob("*.yaml"))[0]
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    twin = {**data["statements"][0], "id": "st_0000000000000000", "scope": "coded again"}
    data["statements"].append(twin)
    first.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")

    build(root)

    table = pq.read_table(root / "dist" / "parquet" / "statements.parquet")
    assert table.num_rows == 4 * 40 + 1
    assert table.equals(table.sort_by(ORDER))
