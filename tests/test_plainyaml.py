"""The plain-YAML loader returns what PyYAML's safe loader (libyaml's, as the build uses it)
returns, or nothing: for coding files, for anything shaped like one, and for text that only
looks like one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from claimpack import plainyaml
from claimpack.stages.read_seeds import YAML_LOADER

from conftest import REPO

# Scalars that YAML types, refuses or reads in surprising ways, and ordinary ones.
SCALARS = [
    "59", "1.5", "-5", "+5", ".5", "1e3", "0x1F", "0o17", "1_000", "1:30", "yes", "No", "on",
    "OFF", "true", "~", "null", "", "2026-02-22", "2025-02-30", "2026-02-22 10:00:00", ".inf",
    "a: b", "a #b", "a#b", "C#", "x:y", "x:", "it's", 'say "hi"', "Rubén", "é", "\u2028",
    "\\", "\\x41", "\\ud83d", "\\/", "[a]", "{a}", "&a", "*a", "!t", "!!str x", "|", ">", "%",
    "@", "`", "- x", "? x", " lead", "trail ", "#", "'", '"', "a\tb", "a  b", "=", "<<",
    "Nemesio Rubén Oseguera Cervantes", "killed_in", "U.S. officials, 58,",
]  # fmt: skip
KEYS = ["subject", "predicate", "value", "quote", "note", "on", "null", "a b", "2x", "source"]


def rendered(value: str, style: int) -> str:
    """The scalar written plain, double-quoted as JSON, double-quoted raw, or single-quoted."""
    return [
        value,
        json.dumps(value, ensure_ascii=False),
        f'"{value}"',
        "'" + value.replace("'", "''") + "'",
    ][style]


scalars = st.builds(rendered, st.sampled_from(SCALARS) | st.text(max_size=6), st.integers(0, 3))
flows = st.lists(scalars, max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
comments = st.sampled_from(["", " # note", "  #", "# x", " #: y"])
statement = st.lists(
    st.tuples(st.sampled_from(KEYS), scalars | flows, comments), min_size=1, max_size=4
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Coding files in the seeds' layout and its variants: indentation, compact sequences,
    blank and comment lines, and a character changed anywhere."""
    indent = draw(st.sampled_from(["  ", "", "    "]))
    registry = draw(st.booleans())  # a list of entries at the top, as sources.yaml is
    lines = [] if registry else [f"source: {draw(scalars)}{draw(comments)}", "statements:"]
    indent = "" if registry else indent
    for pairs in draw(st.lists(statement, max_size=3)):
        for number, (key, value, comment) in enumerate(pairs):
            lead = f"{indent}- " if number == 0 else f"{indent}  "
            lines.append(f"{lead}{key}: {value}{comment}")
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(["", "# a comment", f"{indent}    - item"])))
    if draw(st.booleans()) and not registry:
        lines.append(f"waivers: {draw(flows)}")
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at]
            + draw(st.sampled_from([":", "#", " ", "\n", "-", "'", '"', "\t"]))
            + text[at:]
        )
    return text


def libyaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=YAML_LOADER)
    except (yaml.YAMLError, ValueError, TypeError):
        return "refused"


@settings(max_examples=1500)
@given(documents())
def test_what_it_reads_libyaml_reads_alike(text: str) -> None:
    found = plainyaml.load(text)
    if found is not None:
        assert found == libyaml(text)


def test_it_reads_the_committed_coding_files_as_libyaml_does() -> None:
    paths = sorted((REPO / "seeds" / "statements").glob("*.yaml"))
    paths += sorted(Path(REPO / "bench" / "second_coding").glob("0*.yaml"))
    read = [path for path in paths if plainyaml.load(path.read_text(encoding="utf-8")) is not None]
    assert len(read) >= len(paths) - 3  # three use folded (>-) notes, left to libyaml
    for path in read:
        text = path.read_text(encoding="utf-8")
        assert plainyaml.load(text) == libyaml(text)
