"""One thing found in an article: its kind, where it is, and what it normalizes to."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field
from typing import Any

KINDS = ("quotation", "number", "date", "entity")


@dataclass(frozen=True)
class Finding:
    """A span of the article: `text == article[char_start:char_end]` always (code points)."""

    kind: str
    char_start: int
    char_end: int
    text: str
    value: float | str | None = None
    low: float | str | None = None
    high: float | str | None = None
    unit: str | None = None
    speaker: str | None = None
    entity_id: str | None = None
    extra: tuple[tuple[str, Any], ...] = field(default=())

    def get(self, key: str) -> Any:
        """One of the kind-specific details (bound, precision, counts, cue, suggestion...)."""
        return dict(self.extra).get(key)

    def to_dict(self) -> dict[str, Any]:
        """The --json shape: the shared keys always, then the kind's own details by name."""
        shared = {
            "kind": self.kind,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "text": self.text,
            "value": _plain(self.value),
            "low": _plain(self.low),
            "high": _plain(self.high),
            "unit": self.unit,
            "speaker": self.speaker,
            "entity_id": self.entity_id,
        }
        return shared | {key: value for key, value in self.extra}


def _plain(value: float | str | None) -> float | int | str | None:
    """Whole numbers print as integers: 25, not 25.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def finding(kind: str, text: str, start: int, end: int, **details: Any) -> Finding:
    """A finding over text[start:end]; details that are not shared keys go to `extra`."""
    shared = {key: details.pop(key) for key in list(details) if key in _SHARED}
    extra = tuple(sorted((key, value) for key, value in details.items() if value is not None))
    return Finding(kind, start, end, text[start:end], extra=extra, **shared)


_SHARED = {"value", "low", "high", "unit", "speaker", "entity_id"}


class Spans:
    """Findings asked whether one of them overlaps, or holds, a span: by bisection over their
    starts and the furthest end reached so far, not by a scan of all of them."""

    def __init__(self, findings: list[Finding]) -> None:
        ordered = sorted(findings, key=lambda f: f.char_start)
        self.starts = [f.char_start for f in ordered]
        self.reach = list(itertools.accumulate((f.char_end for f in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # those starting before it ends
        return before > 0 and self.reach[before - 1] > start

    def holds(self, start: int, end: int) -> bool:
        before = bisect.bisect_right(self.starts, start)  # starting where it does
        return before > 0 and self.reach[before - 1] >= end
