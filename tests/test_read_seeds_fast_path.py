"""The coding files' fast path (yaml-rs, then libyaml) returns exactly what the located way
(PyYAML, YAML 1.1) constructs, or nothing: yaml-rs reads YAML 1.2, and what it reads is
believed only where PyYAML reads the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given

from claimpack.stages import read_seeds
from claimpack.stages.read_seeds import _fast_load, _locate, _shared_load

from strategies import yaml_documents

ROOT = Path(__file__).parent.parent


def typed(data: Any) -> Any:
    """The data with the type of every value, so that True is not 1 nor 1.0 1."""
    if isinstance(data, dict):
        return {typed(key): typed(value) for key, value in data.items()}
    if isinstance(data, list):
        return [typed(item) for item in data]
    return (type(data).__name__, repr(data))


def located(text: str) -> Any:
    """What the located way constructs (None where it refuses the file)."""
    found = _locate("f.yaml", text, [])
    return None if found is None else typed(found.data)


def pyyaml(text: str) -> Any:
    """PyYAML's safe load with libyaml's parser, as the located way parses (the pure-Python
    parser differs on a few texts: it refuses `value: a<TAB>b`, which libyaml reads)."""
    return typed(yaml.load(text, Loader=read_seeds.YAML_LOADER))


@given(yaml_documents())
def test_fast_path_is_pyyaml(text: str) -> None:
    shared, fast = _shared_load(text), _fast_load(text)
    if shared is not None:
        assert typed(shared) == located(text) == pyyaml(text)
    if fast is not None:
        assert typed(fast) == located(text) == pyyaml(text)


# What YAML 1.2 reads otherwise than PyYAML: each must come out as PyYAML reads it, or not at
# all where PyYAML refuses the file (None).
TRICKY = [
    ("value: yes", {"value": True}),
    ("value: No", {"value": False}),
    ("value: on", {"value": True}),
    ("value: OFF", {"value": False}),
    ("value: 012", {"value": 10}),
    ("value: 0o12", {"value": "0o12"}),
    ("value: 1e3", {"value": "1e3"}),
    ("value: 1.0e3", {"value": "1.0e3"}),
    ("value: 1:20", {"value": 80}),
    ("time: 2026-02-22", {"time": dt.date(2026, 2, 22)}),
    ("time: 2026-02-22 10:00:00", {"time": dt.datetime(2026, 2, 22, 10)}),
    ("value: =", None),
    ("value: a\u2028b", None),
    ("value: a\x85b", None),
    ("value: a\x01b", None),
    ("value: '\ufffe'", None),
    ("\ufeffvalue: a", {"value": "a"}),
    ("value: a\n---\nvalue: b\n", None),
    ("yes: a", {True: "a"}),
    ("- [yes, 012]", [[True, 10]]),
    ("value: [?a]\n", {"value": [{"a": None}]}),
    ("value: [:a]\n", None),
    ("value: [a b, 'c, d', \"[e]\", yes, '012']\n", {"value": ["a b", "c, d", "[e]", True, "012"]}),
    ('- value: [a]\n  quote: "[sic] b"\n', [{"value": ["a"], "quote": "[sic] b"}]),
]


@pytest.mark.parametrize(("text", "expected"), TRICKY)
def test_yaml_1_1_readings(text: str, expected: Any) -> None:
    assert typed(_fast_load(text)) == typed(expected)


def test_coding_files_take_yaml_rs() -> None:
    """Not a check of the guard but of its cost: coding files, lists written flat on a line
    (a registry's aliases), and quoted numbers are read by yaml-rs, not handed back to PyYAML."""
    for path in sorted((ROOT / read_seeds.STATEMENTS_DIR).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert typed(_shared_load(text)) == pyyaml(text), path.name
    assert _shared_load('value: "0.34"\ncount: "-12"\n') == {"value": "0.34", "count": "-12"}
    flat = "- id: a\n  aliases: [El Mencho, 'Nemesio O.', \"Rubén, Jalisco\"]\n" * 100
    assert (
        _shared_load(flat)
        == [{"id": "a", "aliases": ["El Mencho", "Nemesio O.", "Rubén, Jalisco"]}] * 100
    )
