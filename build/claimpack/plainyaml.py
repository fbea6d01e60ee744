"""A loader for the plain YAML the coding files are written in, three times faster than libyaml's.

libyaml's loader builds a Python node for every value before constructing it. This one reads
one shape only: block mappings of keys to one-line scalars or flow sequences of scalars, and
block sequences of such mappings or of scalars (the shape of the coding files and of
sources.yaml), with comments and blank lines; each line is read by one regular expression. It
returns exactly what yaml.load with PyYAML's safe loader returns, or None for any text it is
not sure of (a multi-line or block scalar, a tag, an anchor, a character YAML refuses, an escape
JSON spells otherwise, a key twice, ...), which the caller then loads with libyaml. Plain
scalars are typed by PyYAML's own resolver and constructors.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from yaml.resolver import Resolver

# Characters YAML refuses in a stream (PyYAML's Reader.NON_PRINTABLE), line breaks other than
# LF, and tabs: a text with any of them is left to libyaml.
UNSURE_CHARACTERS = re.compile(r"[^\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A double-quoted scalar that reads the same as JSON (no escape YAML reads otherwise: \x, \0,
# \e, ..., nor a surrogate \u escape, which JSON pairs and YAML refuses); a single-quoted one;
# a plain one (no indicator first, no ": " or " #" inside, no ":" at the end).
DOUBLE = r'"((?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u(?![dD][89abAB])[0-9a-fA-F]{4})*)"'
SINGLE = r"'((?:[^'\x00-\x1f]|'')*)'"
PLAIN = r"""([^-?:,\[\]{}#&*!|>'"%@`\s](?:[^:#\s]|:(?=\S)|(?<=\S)#|[ ]+(?=[^ #]))*)"""
# One line: indentation, a sequence dash, a key, a value, then spaces and a comment.
LINE = re.compile(
    rf"( *)(?:(-)[ ]+)?(?:([A-Za-z_][A-Za-z0-9_]*):(?=[ ]|$)[ ]*)?"
    rf"(?:{DOUBLE}|{SINGLE}|(\[.*)|{PLAIN})?(?:[ ]+#.*|[ ]*)"
)
# An item of a one-line flow sequence: quoted, or plain without flow indicators, quotes or ":".
FLOW_PLAIN = r"""([^-?:,\[\]{}#&*!|>'"%@`\s](?:[^,\[\]{}#:'"\s]|[ ]+(?=[^ ,\]]))*)"""
FLOW_ITEM = re.compile(rf"[ ]*(?:{DOUBLE}|{SINGLE}|{FLOW_PLAIN})[ ]*(,|\])")
EMPTY_FLOW = re.compile(r"\[[ ]*\]")
TRAILING = re.compile(r"(?:[ ]+#.*|[ ]*)")
STRING_TAG = "tag:yaml.org,2002:str"
MAX_REMEMBERED = 100_000

_resolver = Resolver()
_constructor = yaml.SafeLoader("")
_typed_plains: dict[str, Any] = {}
_NOTHING = object()


class _Unsure(Exception):
    """The text is outside the subset read here."""


def load(text: str) -> Any:
    """What yaml.load(text, SafeLoader) returns (a mapping or a sequence), or None when the
    text is not plain enough."""
    if UNSURE_CHARACTERS.search(text) or text.startswith("\ufeff"):
        return None
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            match = LINE.fullmatch(line)
            if match is None:
                return None
            lines.append(match)
    if not lines or lines[0][1]:
        return None
    document: dict[str, Any] | list[Any]
    try:
        if lines[0][2] is None:
            document, position = _mapping(lines, 0, 0)
        else:
            document, position = _sequence(lines, 0, 0)
    except _Unsure:
        return None
    return document if position == len(lines) else None


def _mapping(lines: list[re.Match[str]], position: int, indent: int) -> tuple[dict[str, Any], int]:
    """The block mapping whose keys stand at column `indent` from lines[position] (whose first
    line may be an item of a sequence: `- key: value`)."""
    mapping: dict[str, Any] = {}
    first = True
    while position < len(lines):
        line = lines[position]
        if line.start(3) != indent or (line[2] is not None and not first):
            break
        first = False
        key = _typed(line[3])
        if not isinstance(key, str) or key in mapping:  # `on:` is True in YAML 1.1
            raise _Unsure
        position += 1
        value = _value(line)
        if value is _NOTHING:
            mapping[key], position = _block(lines, position, indent)
        else:
            mapping[key] = value
            if position < len(lines) and _column(lines[position]) > indent:
                raise _Unsure  # a value that goes on below
    return mapping, position


def _column(line: re.Match[str]) -> int:
    return len(line[1])


def _block(lines: list[re.Match[str]], position: int, indent: int) -> tuple[Any, int]:
    """The value of a key with nothing after its colon: a block sequence (at the key's column
    or deeper), or null."""
    if position == len(lines):
        return None, position
    line = lines[position]
    column = _column(line)
    if column < indent or (column == indent and line[2] is None):
        return None, position
    if line[2] is None:
        raise _Unsure  # a nested mapping: not this shape
    return _sequence(lines, position, column)


def _sequence(lines: list[re.Match[str]], position: int, indent: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    while position < len(lines):
        line = lines[position]
        if _column(line) != indent or line[2] is None:
            break
        if line[3] is not None:
            item, position = _mapping(lines, position, line.start(3))
            items.append(item)
            continue
        value = _value(line)
        if value is _NOTHING:
            raise _Unsure  # an empty item, or one nested below
        items.append(value)
        position += 1
        if position < len(lines) and _column(lines[position]) > indent:
            raise _Unsure
    return items, position


def _value(line: re.Match[str]) -> Any:
    """The scalar or flow sequence on the line, or _NOTHING."""
    if line[4] is not None:
        return json.loads(f'"{line[4]}"') if "\\" in line[4] else line[4]
    if line[5] is not None:
        return line[5].replace("''", "'")
    if line[6] is not None:
        return _flow(line[6])
    if line[7] is not None:
        return _typed(line[7])
    return _NOTHING


def _flow(text: str) -> list[Any]:
    """A one-line flow sequence of scalars: `[]`, `[a, "b"]`, then a comment."""
    empty = EMPTY_FLOW.match(text)
    position = empty.end() if empty is not None else 1
    items: list[Any] = []
    while empty is None:
        match = FLOW_ITEM.match(text, position)
        if match is None:
            raise _Unsure
        if match[1] is not None:
            items.append(json.loads(f'"{match[1]}"'))
        elif match[2] is not None:
            items.append(match[2].replace("''", "'"))
        else:
            items.append(_typed(match[3]))
        position = match.end()
        if match[4] == "]":
            break
    if not TRAILING.fullmatch(text, position):
        raise _Unsure
    return items


def _typed(plain: str) -> Any:
    """A plain scalar as PyYAML's safe loader types it (null, bool, int, float, date, text);
    remembered, as keys and ids repeat on every statement (the values are immutable)."""
    if plain in _typed_plains:
        return _typed_plains[plain]
    if len(_typed_plains) >= MAX_REMEMBERED:
        _typed_plains.clear()
    value = _typed_plains[plain] = _type(plain)
    return value


def _type(plain: str) -> Any:
    tag = _resolver.resolve(yaml.ScalarNode, plain, (True, False))  # type: ignore[no-untyped-call]
    if tag == STRING_TAG:
        return plain
    construct = _constructor.yaml_constructors.get(tag)
    if construct is None or tag.endswith((":merge", ":value", ":yaml")):
        raise _Unsure
    try:
        return construct(_constructor, yaml.ScalarNode(tag, plain))
    except (ValueError, TypeError, yaml.YAMLError):
        raise _Unsure from None
