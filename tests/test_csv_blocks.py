"""A CSV table is parsed in blocks (in parallel); a row longer than a block, or a quoted line
break at a block's edge, gives the table one block would."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimpack.published import reader
from claimpack.published.reader import read_csv_table
from claimpack.schema import TableSchema
from claimpack.stages.write import csv_bytes

DESCRIPTOR = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "text", "type": "string"},
        {"name": "items", "type": "string", "delimiter": " | "},
    ],
    "primaryKey": ["id"],
}


@pytest.mark.parametrize("longest", [10, 3_000, 200_000])
def test_blocks_read_the_table_one_block_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, longest: int
) -> None:
    rows = [
        {"id": n, "text": f'line {n}\nand "{n}", ' * (n % 7 + 1), "items": [str(n), "x\ny"]}
        for n in range(2_000)
    ]
    rows[1_000]["text"] = 'long, "quoted"\n' * (longest // 15 + 1)
    table = TableSchema("t", DESCRIPTOR).table(rows)
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes(table))
    monkeypatch.setattr(reader, "CSV_BLOCK_BYTES", 1 << 14)
    in_blocks = read_csv_table(path, DESCRIPTOR)
    monkeypatch.setattr(reader, "CSV_BLOCK_BYTES", 1 << 30)
    assert in_blocks.equals(read_csv_table(path, DESCRIPTOR))
    assert in_blocks.to_pylist() == table.to_pylist()
