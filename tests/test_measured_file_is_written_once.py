"""A large CSV's parts are read once: measured (size and sha256) and, given a file, written to it
in the same reading, so a rebuild does not decompress and write a million rows twice."""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimpack.stages.write import Measured, Parts, measure


class CountedParts:
    """Parts that count how often they are read."""

    def __init__(self, parts: list[bytes]) -> None:
        self.parts, self.readings = parts, 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.readings += 1
        return iter(self.parts)


def test_measured_parts_are_written_to_the_file_in_the_same_reading(tmp_path: Path) -> None:
    parts = CountedParts([b"a,b\n", b"1,2\n" * 1000, b"3,4\n"])
    target = tmp_path / "statements.csv"
    measured = Measured(Parts([b"head\n"], parts), target.open("wb"))
    whole = b"head\n" + b"".join(parts.parts)
    assert measure(measured) == (len(whole), hashlib.sha256(whole).hexdigest())
    assert target.read_bytes() == whole
    assert measured.written is not None and measured.written.closed
    assert parts.readings == 1


def test_measured_parts_without_a_file_are_read_again_when_written(tmp_path: Path) -> None:
    parts = CountedParts([b"x\n", b"y\n"])
    measured = Measured(parts)
    assert measure(measured) == (4, hashlib.sha256(b"x\ny\n").hexdigest())
    assert b"".join(measured) == b"x\ny\n"
    assert parts.readings == 2
