"""claimpack fill-ids: every coded statement without an id is given one, and nothing else changes.

A statement's id is given once, as the hash of its content at the time (statement_id in
stages/statements.py, the hash every id had before ids were stored), and kept through later
corrections. It is written into the coding file as the statement's first key (`- id: st_…`), or
as the value of an empty `id:`. The file is edited as text, so that its comments, quoting and
layout stay byte for byte; a file whose statements all have ids is not written, so running the
command again changes nothing. An id hashes where the statement's quote stands, so every
statement to be given one must be found in its article first: when one is not, nothing is
written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from claimpack.files import resolve_inside, write_atomically
from claimpack.problems import InvalidSeeds, Problem
from claimpack.stages.anchor import AmbiguousQuote, QuoteNotFound, anchor
from claimpack.stages.read_seeds import read_seeds
from claimpack.stages.statements import new_statement_id


@dataclass(frozen=True)
class Given:
    """An id written into a coding file: where (the statement's line after writing) and which."""

    file: str
    line: int
    statement: int  # 1-based, as messages count statements
    id: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fill_ids(root: Path) -> list[Given]:
    """Give every statement in root's seeds/statements/*.yaml that has no id its id, in file
    order; InvalidSeeds (and nothing written) when the seeds cannot be read or a statement
    without an id cannot be anchored in its article."""
    seeds = read_seeds(root)
    sets = seeds.statement_sets
    taken = {s.id for statement_set in sets for s in statement_set.file.statements if s.id}
    ids: dict[str, dict[int, str]] = defaultdict(dict)
    problems: list[Problem] = []
    for statement_set in sets:
        source_id = statement_set.file.source
        article = seeds.articles.get(source_id)
        for index, statement in enumerate(statement_set.file.statements):
            if statement.id is not None:
                continue
            if article is None:
                message = f"source {source_id!r} has no article in seeds/ to find the quote in"
                problems.append(statement_set.problem(index, None, "unknown-source", message))
                continue
            try:
                start = anchor(article.text, statement).start
            except (QuoteNotFound, AmbiguousQuote) as error:
                problems.append(statement_set.problem(index, "quote", error.code, str(error)))
                continue
            ids[statement_set.path][index] = new_statement_id(source_id, statement, start, taken)
    if problems:
        raise InvalidSeeds(problems)
    given = []
    for path, file_ids in ids.items():
        target = resolve_inside(root, path)
        text = target.read_bytes().decode("utf-8")
        written = write_ids(text, file_ids)
        write_atomically(target, written.encode("utf-8"))
        lines = _statement_lines(written)
        given += [Given(path, lines[i], i + 1, identifier) for i, identifier in file_ids.items()]
    return given


def write_ids(text: str, ids: Mapping[int, str]) -> str:
    """The coding file's text with ids[i] written into statement i (counted from 0): as its first
    key, or as the value of its empty `id:`. Every other character stays as it was."""
    statements = _statement_nodes(yaml.compose(text, Loader=yaml.SafeLoader))
    newline = "\r\n" if "\r\n" in text else "\n"
    edits: list[tuple[int, int, str]] = []  # (start, end, new text) in code points
    for index, identifier in ids.items():
        node = statements[index]
        value = next((v for k, v in node.value if k.value == "id"), None)
        if value is not None:  # `id:` or `id: null`, which the model reads as no id
            start, end = value.start_mark.index, value.end_mark.index
            edits.append((start, end, identifier if end > start else f" {identifier}"))
            continue
        key = node.value[0][0]
        at = key.start_mark.index
        if node.flow_style:
            edits.append((at, at, f"id: {identifier}, "))
        else:  # the next key goes where the first key was: on its own line, same column
            edits.append((at, at, f"id: {identifier}{newline}{' ' * key.start_mark.column}"))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _statement_nodes(document: yaml.Node | None) -> list[yaml.MappingNode]:
    """The mapping nodes of the statements of a coding file (read_seeds has checked its shape)."""
    assert isinstance(document, yaml.MappingNode)
    statements = next(value for key, value in document.value if key.value == "statements")
    return list(statements.value)


def _statement_lines(text: str) -> list[int]:
    """The line on which each statement of a coding file starts."""
    nodes = _statement_nodes(yaml.compose(text, Loader=yaml.SafeLoader))
    return [node.start_mark.line + 1 for node in nodes]
