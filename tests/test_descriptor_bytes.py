"""A descriptor's bytes are json's (indent 2, UTF-8), however they are written."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from claimpack.stages.describe import descriptor_bytes

from strategies import JSON_VALUES


def _as_json(descriptor: dict[str, Any]) -> bytes:
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@given(st.dictionaries(st.text(), JSON_VALUES, max_size=6))
def test_a_descriptor_is_written_as_json_writes_it(descriptor: dict[str, Any]) -> None:
    assert descriptor_bytes(descriptor) == _as_json(descriptor)


@given(st.floats(min_value=1e-6, max_value=1e18) | st.floats(max_value=-1e-6, min_value=-1e18))
def test_a_float_is_written_as_json_writes_it(number: float) -> None:
    """Floats that json writes with an exponent and those it writes without, side by side."""
    descriptor = {"resources": [{"schema": {"fields": [{"constraints": {"minimum": number}}]}}]}
    assert descriptor_bytes(descriptor) == _as_json(descriptor)
