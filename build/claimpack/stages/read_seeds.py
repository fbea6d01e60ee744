"""Stage: read seeds. Articles and curated YAML in, typed models out, every error located.

YAML is composed node by node so that each value keeps its line; pydantic's error locations
are then mapped back to `file:line` for the message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import operator
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
import yaml_rs
from pydantic import BaseModel, ValidationError

from claimpack.articles import date_line
from claimpack.cache import Cache, code_version, digest
from claimpack.files import UnsafePath, read_bounded, resolve_inside
from claimpack.fingerprint import InputRecord
from claimpack.ids import article_number
from claimpack.layout import (
    ENTITIES_FILE,
    PACKAGE_FILE,
    PREDICATES_FILE,
    SEEDS_DIR,
    SOURCES_FILE,
    STATEMENTS_DIR,
)
from claimpack.models import EntityIn, PackageMeta, PredicateIn, SourceIn, StatementFile
from claimpack.problems import InvalidSeeds, Problem, UsageError, relative

# libyaml's parser where the wheel has it: the same nodes and marks, many times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_ARTICLE_BYTES = 1_000_000
DECODED_KIND = "decoded"
MAX_YAML_BYTES = 50_000_000
MAX_YAML_VALUES = 5_000_000
MAX_DEPTH = 50
PLAIN_TAGS = {"!"} | {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
}
VALUE_TAG = "tag:yaml.org,2002:value"
INT_TAG = "tag:yaml.org,2002:int"
# What no seed text holds: C0 controls but tab and line feed, DEL, C1 controls (in scraped
# text, almost always a cp1252 character decoded as Latin-1: U+0085 was an ellipsis), and the
# line and paragraph separators U+2028 and U+2029, at which some CSV readers (JavaScript's,
# R's) end a row.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
# A first line that is a date line, or meant as one in another form (` date 24/02/2026`,
# `Date: 2026-02-24`): read as the headline, it would publish no date.
DATE_LINE_SHAPE = re.compile(r"^\s*date\b:?[ \t]*[0-9][0-9/.\-]*(?:\s|$)", re.IGNORECASE)

Loc = tuple[str | int, ...]
Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class Article:
    """An article file: its sha256, the length of its text in code points, and its text,
    read only when first asked for when the build knew the rest without reading the file
    (a rebuild looks at few articles' text)."""

    source_id: str
    path: str
    sha256: str
    length: int
    read: Callable[[], str] = field(repr=False, compare=False)
    recorded_date: dt.date | None = None  # sources.yaml's `date`, for a text without date line

    @functools.cached_property
    def text(self) -> str:
        return self.read()

    @property
    def published(self) -> dt.date | None:
        """The date relative dates are resolved against: the text's date line, else the date
        sources.yaml records (`claimpack add --date`); check_inputs refuses the two differing."""
        return date_line(self.text)[0] or self.recorded_date


def article_of(source_id: str, path: str, text: str, sha256: str) -> Article:
    """An article whose text is read already."""
    return Article(source_id, path, sha256, len(text), functools.partial(str, text))


@dataclass(frozen=True)
class Located:
    """A parsed YAML file with the line of every value, for error messages: found while
    parsing, or (for a file read by the fast path) from its text when first asked for."""

    path: str
    data: Any
    found_lines: dict[Loc, int] | None = None
    text: str = ""

    @functools.cached_property
    def lines(self) -> dict[Loc, int]:
        if self.found_lines is not None:
            return self.found_lines
        lines: dict[Loc, int] = {}
        node = yaml.compose(self.text, Loader=YAML_LOADER)
        if node is not None:
            _construct(node, (), lines)
        return lines

    def line(self, loc: Loc) -> int:
        """The line of a location, or of its nearest ancestor that exists in the file."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


@dataclass(frozen=True)
class StatementSet:
    path: str
    lines: Located
    file: StatementFile

    def problem(self, index: int, key: str | None, kind: str, message: str) -> Problem:
        """A problem with statement `index` (0-based), at the line of its `key` if given."""
        loc: Loc = ("statements", index, key) if key else ("statements", index)
        return Problem(
            kind, self.path, str(self.lines.line(loc)), f"statement {index + 1}: {message}"
        )


@dataclass(frozen=True)
class Seeds:
    package: PackageMeta
    articles: dict[str, Article]
    sources: list[SourceIn]
    entities: list[EntityIn]
    predicates: list[PredicateIn]
    statement_sets: list[StatementSet]
    lines: dict[str, Located] = field(default_factory=dict)


def read_seeds(root: Path) -> Seeds:
    """Read every seed under root/seeds, raising InvalidSeeds with all problems found."""
    seeds, coding_files, problems = read_registries(root)
    statement_sets = []
    for path in coding_files:
        statement_set = read_statement_set(root, path, problems)
        if statement_set is not None:
            statement_sets.append(statement_set)
    if problems or seeds is None:
        raise InvalidSeeds(problems)
    return dataclasses.replace(seeds, statement_sets=statement_sets)


def read_registries(
    root: Path, cache: ParseCache | None = None, record: InputRecord | None = None
) -> tuple[Seeds | None, list[Path], list[Problem]]:
    """Everything in seeds/ but the coding files: the articles and the four registries (no
    statement sets), the coding files to read, and the problems found so far, in the order
    read_seeds reports them. No Seeds when package.yaml cannot be read. Given a cache, what a
    registry parses to is looked up by the sha256 of its text, as for coding files; given the
    record of the inputs, the articles are hashed into it (_read_articles)."""
    seeds_dir = root / SEEDS_DIR
    if not seeds_dir.is_dir():
        message = (
            f"no {SEEDS_DIR}/ folder in {root} (run this in a project checkout, or give --root)"
        )
        raise UsageError([Problem("missing-seeds", SEEDS_DIR, "", message)])  # the wrong place
    problems: list[Problem] = []
    articles = dict(_read_articles(root, seeds_dir, problems, record or InputRecord(None)))

    package_yaml = _load_yaml(root, root / PACKAGE_FILE, problems, cache)
    package = None
    if package_yaml is not None:
        package = _parse(package_yaml, package_yaml.data, (), PackageMeta, problems)
    sources_yaml = _load_yaml(root, root / SOURCES_FILE, problems, cache)
    entities_yaml = _load_yaml(root, root / ENTITIES_FILE, problems, cache)
    predicates_yaml = _load_yaml(root, root / PREDICATES_FILE, problems, cache)
    sources = _parse_list(sources_yaml, SourceIn, problems)
    entities = _parse_list(entities_yaml, EntityIn, problems)
    predicates = _parse_list(predicates_yaml, PredicateIn, problems)
    coding_files = _statement_files(root, problems)
    if package is None:
        return None, coding_files, problems
    for source in sources:
        if source.date is not None and source.id in articles:
            articles[source.id] = dataclasses.replace(
                articles[source.id], recorded_date=source.date
            )
    lines = {
        located.path: located
        for located in (package_yaml, sources_yaml, entities_yaml, predicates_yaml)
        if located is not None
    }
    seeds = Seeds(
        package=package,
        articles=articles,
        sources=sources,
        entities=entities,
        predicates=predicates,
        statement_sets=[],
        lines=lines,
    )
    return seeds, coding_files, problems


def read_statement_set(
    root: Path, path: Path, problems: list[Problem], cache: ParseCache | None = None
) -> StatementSet | None:
    """One coding file, or None with its problems added. A file that libyaml loads plainly
    and the model accepts is read on a fast path (its lines are found only if a later stage
    reports a problem); any other goes the located way that names each fault at its line.
    Given a cache, what a file parses to is looked up by the sha256 of its bytes."""
    name = relative(path, root)
    text = _read_yaml_text(root, path, problems)
    if text is None:
        return None
    key = _text_key(text)
    data = cache.get(key) if cache is not None else None
    parsed = _accepted(data) if data is not None else None
    if parsed is None:
        data = _fast_load(text)
        parsed = _accepted(data) if data is not None else None
        if parsed is not None and cache is not None:
            cache.put(key, data)
    if parsed is not None:
        return StatementSet(name, Located(name, data, text=text), parsed)
    located = _locate(name, text, problems)
    if located is None:
        return None
    parsed = _parse(located, located.data, (), StatementFile, problems)
    if parsed is None:
        return None
    if cache is not None:
        cache.put(key, located.data)
    return StatementSet(located.path, located, parsed)


class ParseCache(Protocol):
    """Where a YAML seed's parsed data is kept, by the sha256 of its text (_text_key)."""

    def get(self, key: str) -> Any: ...

    def put(self, key: str, data: Any) -> None: ...


def _accepted(data: Any) -> StatementFile | None:
    try:
        return StatementFile.model_validate(data)
    except ValidationError:
        return None


# A tag, anchor, alias or merge key can start only at the start of a line or after white
# space, a flow indicator or a colon; a file that may hold one (or a directive) takes the
# located way, which refuses them with a message. So does a file that could nest deeper than
# libyaml's recursive composer should go (only indentation, brackets and chains of "- - " or
# "? ? " on one line nest), or hold more values than MAX_YAML_VALUES. Every alternative starts
# with a character of its own (a look-behind then checks what precedes it; the start of the
# text is checked apart), so that the scan tests each position once: written as "(?:^|[\s\[{,:])
# [!&*]|<<|^%|^ {64}|(?:^|\s)[-?]\s+[-?](?:\s|$)", the same search is fifteen times slower.
NOT_PLAIN = re.compile(
    "|".join(
        [rf"{re.escape(c)}(?<![^\s\[{{,:]{re.escape(c)})" for c in "!&*"]
        + ["<<", "\n%", "\n {64}"]
        + [rf"{re.escape(c)}(?<!\S{re.escape(c)})\s+[-?](?!\S)" for c in "-?"]
    )
)
NOT_PLAIN_STARTS = ("%", " " * 64)
MAX_FLOW_OPENINGS = 64


def _not_plain(text: str) -> bool:
    """Whether the text may hold a tag, anchor, alias, merge key, directive or deep nesting."""
    return text.startswith(NOT_PLAIN_STARTS) or NOT_PLAIN.search(text) is not None


class _FastLoader(YAML_LOADER):  # type: ignore[misc, valid-type]
    """libyaml's loader, refusing a key that appears twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        if len(mapping) != len(node.value):
            raise _DuplicateKey("", node.start_mark.line + 1)
        return mapping


def _fast_load(text: str) -> Any:
    """The data of a plain YAML file as libyaml loads it, or None: the file then needs the
    located way (what it loads to is what the located way constructs). yaml-rs reads it first,
    about ten times faster, and is believed only where its result is PyYAML's."""
    if (
        len(text) > MAX_YAML_VALUES
        or (text.count("[") + text.count("{") > MAX_FLOW_OPENINGS and not _flat_lists_only(text))
        or _not_plain(text)
    ):
        return None
    data = _shared_load(text)
    if data is not None:
        return data
    try:
        return yaml.load(text, Loader=_FastLoader)
    except (yaml.YAMLError, _DuplicateKey, ValueError, TypeError, RecursionError):
        return None


# yaml-rs reads YAML 1.2, PyYAML 1.1. Apart from what a plain scalar resolves to (checked on
# the result: _read_alike), they differ on the text itself: 1.1 breaks lines at NEL, LS and PS;
# PyYAML refuses control characters and non-characters and skips a byte order mark, yaml-rs
# keeps them; yaml-rs reads a stream of documents where PyYAML refuses the file, and ends a
# block scalar on the last line of a file with a line break PyYAML does not add; and in a flow
# collection, [?a] is a mapping in 1.1 and [:a] an error, a string in 1.2. A text with a
# character other than LF and printable ones (no tab, no CR), a bracket or brace anywhere but
# in a flat list (FLAT_LIST_LINE), a document marker at the start of a line, or no line break
# at its end is left to PyYAML.
NOT_SHARED_CHARACTER = re.compile(
    r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# A list written flat on its key's line, `aliases: [El Mencho, "Nemesio O. Cervantes"]`: items
# double-quoted without escapes, single-quoted, or plain words of letters, digits and . ' - _
# (what a plain word resolves to is checked on the result, as for any plain scalar), one level
# deep. YAML 1.1 and 1.2 read such a list alike (as they would a line of a multi-line scalar
# that happens to look like one: as text).
_FLAT_ITEM = r"""(?:"[^"\\\n]*"|'[^'\n]*'|\w[\w.'-]*(?: [\w.'-]+)*)"""
FLAT_LIST_LINE = re.compile(rf" *(?:- )?[A-Za-z_]\w*: \[(?:{_FLAT_ITEM}(?:, {_FLAT_ITEM})*)?\]")


def _flat_lists_only(text: str) -> bool:
    """Whether every bracket or brace of the text is in a line FLAT_LIST_LINE matches."""
    if "[" not in text and "{" not in text:
        return True
    return all(
        FLAT_LIST_LINE.fullmatch(line) for line in text.split("\n") if "[" in line or "{" in line
    )


# No alias gets past NOT_PLAIN; should one, yaml-rs refuses it rather than replay it.
NO_ALIASES = yaml_rs.AliasLimits(
    max_total_replayed_events=0, max_replay_stack_depth=0, max_alias_expansions_per_anchor=0
)


# PyYAML's implicit resolvers (YAML 1.1: yes/no/on/off, 012 octal, 1:20 sexagesimal, dates,
# "=", "<<", ...) as PyYAML looks them up: by the first character of the scalar ("" for the
# empty one), then those for any first character; each list as one pattern (matched once per
# scalar rather than once per resolver), None when empty.
def _one_pattern(regexps: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    if not regexps:
        return None
    flags = functools.reduce(operator.or_, (regexp.flags for regexp in regexps))
    return re.compile("|".join(f"(?:{regexp.pattern})" for regexp in regexps), flags)


_ANY_FIRST = [regexp for _, regexp in _FastLoader.yaml_implicit_resolvers.get(None, [])]
_ANY_FIRST_PATTERN = _one_pattern(_ANY_FIRST)
_RESOLVERS = {
    first: _one_pattern([regexp for _, regexp in resolvers] + _ANY_FIRST)
    for first, resolvers in _FastLoader.yaml_implicit_resolvers.items()
    if first is not None
}
# A decimal that yaml-rs reads as a number when it is written plain: a string yaml-rs returns
# with this spelling was quoted, and a quoted scalar is a string in YAML 1.1 too.
YAML_RS_NUMBER = re.compile(r"[-+]?[0-9]{1,15}(?:\.[0-9]{1,15})?\Z")


def _shared_load(text: str) -> Any:
    """What yaml-rs loads from the text when that is provably what PyYAML loads, else None."""
    if (
        not text.endswith("\n")
        or not _flat_lists_only(text)
        or text.startswith(("---", "..."))
        or "\n---" in text
        or "\n..." in text
        or not (text.replace("\n", " ").isprintable() or not NOT_SHARED_CHARACTER.search(text))
    ):
        return None
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=NO_ALIASES,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except (ValueError, TypeError, RecursionError):  # yaml_rs.YAMLDecodeError is a ValueError
        return None
    return data if _read_alike(data) else None


def _read_alike(data: Any) -> bool:
    """Whether PyYAML reads what yaml-rs read as `data` the same: mappings with string keys,
    lists, true/false/null (YAML 1.2 reads only true, True, TRUE, false, ..., null, Null, NULL,
    ~ and nothing so, and YAML 1.1 reads all of them the same), and strings. A string could
    have been written plain, so it is believed only when YAML 1.1 would keep it a string had it
    been plain ("yes", "012", "1:20", "2026-02-22", "=" or "" are not), or when it was quoted
    for certain (YAML_RS_NUMBER). A number of any kind is not believed: 012 is 12 in YAML 1.2
    and 10 in 1.1, 1e3 a float in one and a string in the other."""
    stack = [data]
    believed: set[str] = set()  # keys repeat in every statement: each is checked once
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is dict:
            for key, value in node.items():
                if key not in believed:
                    if type(key) is not str or not _stays_string(key):
                        return False
                    believed.add(key)
                if type(value) is not str:
                    stack.append(value)
                elif (value[:1] in _RESOLVERS or _ANY_FIRST) and not _stays_string(value):
                    return False
        elif kind is list:
            stack.extend(node)
        elif kind is str:
            if not _stays_string(node):
                return False
        elif node is not None and kind is not bool:
            return False
    return True


def _stays_string(scalar: str) -> bool:
    """Whether PyYAML reads this string, as yaml-rs returned it, as the same string."""
    pattern = _RESOLVERS.get(scalar[:1], _ANY_FIRST_PATTERN)
    return (
        pattern is None or pattern.match(scalar) is None or YAML_RS_NUMBER.match(scalar) is not None
    )


def _statement_files(root: Path, problems: list[Problem]) -> list[Path]:
    """The coding files, refusing a statements folder that is a link out of the project."""
    try:
        folder = resolve_inside(root, STATEMENTS_DIR)
    except UnsafePath as error:
        problems.append(Problem(error.code, STATEMENTS_DIR, "", str(error)))
        return []
    if not folder.is_dir():
        if folder.exists():  # else no article is coded yet: each is reported uncoded
            message = f"is not a folder: the coding files go in a folder {STATEMENTS_DIR}/"
            problems.append(Problem("unsafe-path", STATEMENTS_DIR, "", message))
        return []
    # By name, as Path order within one folder, without comparing Path objects.
    paths = sorted((root / STATEMENTS_DIR).iterdir(), key=lambda path: path.name)
    for path in paths:  # a coding file misnamed would leave its article uncovered, unexplained
        misnamed: str | None = None
        if path.suffix != ".yaml" and path.suffix.lower() in (".yaml", ".yml"):
            misnamed = (
                f"coding files end in .yaml, in lower case: rename it {path.stem.lstrip('.')}.yaml"
            )
        elif path.suffix == ".yaml" and path.name.startswith(".") and not _editor_lock(path):
            misnamed = (
                f"a hidden file is not read as a coding file: rename it "
                f"{path.name.lstrip('.')}, or delete it"
            )
        if misnamed is not None:
            problems.append(
                Problem("bad-coding-name", f"{STATEMENTS_DIR}/{path.name}", "", misnamed)
            )
    return [path for path in paths if path.suffix == ".yaml" and not path.name.startswith(".")]


def _editor_lock(path: Path) -> bool:
    """Whether a hidden file is the lock Emacs keeps beside a file it edits (`.#name`: a link
    to nowhere, or a small file where links cannot be made), no one's coding."""
    return path.name.startswith(".#")


def _read_articles(
    root: Path, seeds_dir: Path, problems: list[Problem], record: InputRecord
) -> Iterator[tuple[str, Article]]:
    """The articles, each hashed into the record of the inputs, or known by its stat there:
    one whose sha256 is known to decode (by the record of DECODED_KIND) is not read."""
    numbers: dict[int, str] = {}
    # An article that is no link, in a seeds folder inside the project, is inside it too: only
    # links need resolving (which costs a system call per folder of the path).
    seeds_inside = seeds_dir.resolve().is_relative_to(root.resolve())
    lengths = _decoded(record.cache)
    decoded = {}
    for path in sorted(seeds_dir.iterdir(), key=lambda path: path.name):  # Path order, cheaper
        if path.suffix.lower() != ".txt":
            continue
        name = f"{SEEDS_DIR}/{path.name}"  # as relative() has it, without Path's cost
        number = article_number(path.stem) if path.suffix == ".txt" else None
        if number is None:
            message = (
                "article files are named NNN_<16 hex digits>.txt (lower case), or beyond 999 "
                "<letter><number>_<16 hex digits>.txt with a = 4 digits, b = 5, ... (a1000_...)"
            )
            problems.append(Problem("bad-article-name", name, "", message))
            continue
        if number in numbers:
            written = path.stem.split("_", 1)[0]
            message = f"article number {written} is already used by {numbers[number]}"
            problems.append(Problem("article-name-clash", name, "", message))
            continue
        numbers[number] = name
        try:
            info = os.lstat(path)
        except OSError:
            info = None  # gone: read_bounded says so
        plain = seeds_inside and info is not None and stat.S_ISREG(info.st_mode)
        known = record.sha256(name, info) if plain and info is not None else None
        if known is not None and known in lengths:
            decoded[known] = lengths[known]
            reread = functools.partial(_read_again, path, name, known)
            yield path.stem, Article(path.stem, name, known, lengths[known], reread)
            continue
        try:
            if plain:
                record.before_hashing()
            data = read_bounded(path if plain else resolve_inside(root, name), MAX_ARTICLE_BYTES)
        except UnsafePath as error:
            code = "article-too-large" if error.code == "too-large" else error.code
            problems.append(Problem(code, name, "", str(error)))
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        if plain and info is not None:
            record.hashed_as(name, info, sha256)
        text = decode_article(name, data, problems)
        if text is not None:
            decoded[sha256] = len(text)
            yield path.stem, article_of(path.stem, name, text, sha256)
    if record.cache is not None and decoded.keys() != lengths.keys():
        payload = json.dumps(dict(sorted(decoded.items())), separators=(",", ":")).encode()
        record.cache.put(DECODED_KIND, digest(DECODED_KIND, code_version()), payload)


def _decoded(cache: Cache | None) -> dict[str, int]:
    """{sha256: length of the text} of the articles the last build decoded without a problem
    (by claimpack's code now); none when the record does not parse as such."""
    payload = cache.get(DECODED_KIND, digest(DECODED_KIND, code_version())) if cache else None
    try:
        lengths = json.loads(payload) if payload is not None else {}
    except ValueError:
        return {}
    if not isinstance(lengths, dict) or not all(type(n) is int for n in lengths.values()):
        return {}
    return lengths


def _read_again(path: Path, name: str, sha256: str) -> str:
    """The text of an article the build took as unchanged by its stat, read when first asked
    for; InvalidSeeds when it is no longer the text of that sha256 (it changed while the
    build ran: the outputs would mix two versions of it)."""
    problems: list[Problem] = []
    try:
        data = read_bounded(path, MAX_ARTICLE_BYTES)
    except UnsafePath:
        data = b""
    text = decode_article(name, data, problems)
    if text is None or hashlib.sha256(data).hexdigest() != sha256:
        message = "article changed while the build read it; build again"
        raise InvalidSeeds([Problem("seed-changed", name, "", message)])
    return text


def read_entities(root: Path) -> list[EntityIn]:
    """seeds/entities.yaml alone, read like every seed (bounded, located errors); an empty
    registry when the project has none."""
    if not (root / ENTITIES_FILE).exists():
        return []
    problems: list[Problem] = []
    entities = _parse_list(_load_yaml(root, root / ENTITIES_FILE, problems), EntityIn, problems)
    if problems:
        raise InvalidSeeds(problems)
    return entities


def read_article_file(path: Path, name: str) -> str:
    """One article file (anywhere: a new one to add or suggest for) read like a seed article:
    a regular file within the size limit, plain UTF-8 with LF line ends."""
    problems: list[Problem] = []
    try:
        data = read_bounded(path, MAX_ARTICLE_BYTES)
    except UnsafePath as error:
        code = "article-too-large" if error.code == "too-large" else error.code
        raise InvalidSeeds([Problem(code, name, "", str(error))]) from None
    text = decode_article(name, data, problems)
    if text is None:
        raise InvalidSeeds(problems)
    return text


def decode_article(name: str, data: bytes, problems: list[Problem]) -> str | None:
    """Articles are plain UTF-8 with LF line ends, so that code-point offsets mean one thing."""
    if len(data) > MAX_ARTICLE_BYTES:
        message = f"article is {len(data)} bytes; the limit is {MAX_ARTICLE_BYTES}"
        problems.append(Problem("article-too-large", name, "", message))
        return None
    if not data.strip():
        problems.append(Problem("empty-article", name, "1", "article is empty"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem("article-bom", name, "1", "article starts with a UTF-8 BOM"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"article is not UTF-8 (byte {error.start}: {data[error.start]:#04x})"
        problems.append(Problem("article-not-utf8", name, str(line), message))
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        message = "article has CR line endings; seeds use LF only"
        problems.append(Problem("article-crlf", name, str(line), message))
        return None
    control = CONTROL_CHARACTER.search(text)
    if control:
        line = text[: control.start()].count("\n") + 1
        message = f"article has {control_character(control[0])}; seeds are plain text"
        problems.append(Problem("article-control-character", name, str(line), message))
        return None
    if DATE_LINE_SHAPE.match(text) and date_line(text)[0] is None:
        message = "the date line is not ` date YYYY-MM-DD` with a real date"
        problems.append(Problem("bad-date-line", name, "1", message))
        return None
    return text


def control_character(char: str) -> str:
    """A character CONTROL_CHARACTER finds, named with what to write instead."""
    if char in "\u2028\u2029":
        return (
            f"the line or paragraph separator {char!r}, where some CSV readers end a row: "
            "write a line break"
        )
    if "\x80" <= char <= "\x9f":
        return (
            f"the control character {char!r}, most likely text decoded as the wrong encoding "
            "(U+0085 is cp1252's ellipsis): write the character meant"
        )
    return f"the control character {char!r}"


def _load_yaml(
    root: Path, path: Path, problems: list[Problem], cache: ParseCache | None = None
) -> Located | None:
    """A YAML file read on the fast path when it is plain, else the located way; given a
    cache, looked up there first (its lines, if a later stage needs them, from the text)."""
    text = _read_yaml_text(root, path, problems)
    if text is None:
        return None
    name = relative(path, root)
    key = _text_key(text)
    data = cache.get(key) if cache is not None else None
    if data is not None:
        return Located(name, data, text=text)
    data = _fast_load(text)
    located = Located(name, data, text=text) if data is not None else None
    located = located or _locate(name, text, problems)
    if located is not None and cache is not None and _survives_json(located.data):
        cache.put(key, located.data)
    return located


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _survives_json(data: Any) -> bool:
    """Whether data comes back from JSON as it is (the cache stores JSON): not when it holds
    a key that is not text, a date, or a float JSON cannot write."""
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return bool(json.loads(text) == data)


def _read_yaml_text(root: Path, path: Path, problems: list[Problem]) -> str | None:
    name = relative(path, root)
    if not path.exists() and not path.is_symlink():
        problems.append(Problem("missing-file", name, "", "file not found"))
        return None
    try:
        return read_bounded(resolve_inside(root, name), MAX_YAML_BYTES).decode("utf-8")
    except UnsafePath as error:
        problems.append(Problem(error.code, name, "", str(error)))
        return None
    except UnicodeDecodeError as error:
        problems.append(Problem("not-utf8", name, "", f"not UTF-8 ({error.reason})"))
        return None


def _locate(name: str, text: str, problems: list[Problem]) -> Located | None:
    """The file's data with the line of every value, or None with the problem added."""
    try:
        bounded = _bounds_problem(text, name)
        if bounded is not None:
            problems.append(bounded)
            return None
        node = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        # Where the fault is: where the parser found it, unless it ran out of text looking
        # for the end of something (an unclosed quote): then where that started. What it was
        # reading is named with its line ("while parsing a block mapping" at line 1).
        reason = getattr(error, "problem", None) or str(error)
        found, within = getattr(error, "problem_mark", None), getattr(error, "context_mark", None)
        mark = within if within and (found is None or "end of stream" in reason) else found
        place = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
        context = getattr(error, "context", None)
        if context and within is not None and mark is not None and within.line != mark.line:
            reason = f"{reason} ({context} at line {within.line + 1})"
        elif context:
            reason = f"{reason} ({context})"
        problems.append(Problem("malformed-yaml", name, place, f"malformed YAML: {reason}"))
        return None
    if node is None:
        problems.append(Problem("empty-file", name, "", "file is empty"))
        return None
    lines: dict[Loc, int] = {}
    try:
        data = _construct(node, (), lines)
    except _DuplicateKey as duplicate:
        message = f"key {duplicate.key!r} appears twice in one mapping"
        problems.append(Problem("duplicate-key", name, str(duplicate.line), message))
        return None
    except _TooManyValues as too_many:
        message = f"more than {MAX_YAML_VALUES} values in one file; split it"
        problems.append(Problem("malformed-yaml", name, str(too_many.line), message))
        return None
    except _BadScalar as bad:
        shown = bad.text if len(bad.text) <= 60 else f"{bad.text[:60]}..."
        message = f"cannot read {shown!r}: {bad.reason} (quote it to keep it as text)"
        problems.append(Problem("malformed-yaml", name, str(bad.line), message))
        return None
    except _ComplexKey as complex_key:
        message = "a key is a list or a mapping: keys are plain text"
        problems.append(Problem("malformed-yaml", name, str(complex_key.line), message))
        return None
    return Located(name, data, lines, text)


def _bounds_problem(text: str, name: str) -> Problem | None:
    """Refuse, from the event stream and before anything is built, what would exhaust memory or
    the stack: nesting deeper than MAX_DEPTH, any alias (the "billion laughs"; and a statement
    given twice by one, whose two ids fill-ids would write into one mapping), and any tag but
    YAML's plain types (no `!!python/...`, `!!binary` or `!custom`)."""
    depth = 0
    for event in yaml.parse(text, Loader=YAML_LOADER):
        mark = event.start_mark
        line = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in PLAIN_TAGS:
            return Problem("malformed-yaml", name, line, f"tag {tag!r} is not allowed in seeds")
        if isinstance(event, yaml.AliasEvent):  # one statement twice, merge keys, laughs
            message = "aliases (*name) are not read in seeds: write the value out where it is used"
            return Problem("malformed-yaml", name, line, message)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                message = f"nested more than {MAX_DEPTH} levels deep"
                return Problem("malformed-yaml", name, line, message)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


class _TooManyValues(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key, self.line = key, line


class _ComplexKey(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _BadScalar(Exception):
    def __init__(self, text: str, reason: str, line: int) -> None:
        self.text, self.reason, self.line = text, reason, line


_constructor = yaml.SafeLoader("")


def _construct(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    if len(lines) > MAX_YAML_VALUES:
        raise _TooManyValues(node.start_mark.line + 1)
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # `? [a, b]`: no field's name
                raise _ComplexKey(key_node.start_mark.line + 1)
            # a bare `=` key is the text "=", as PyYAML's loader (the fast path) reads it
            key = key_node.value if key_node.tag == VALUE_TAG else _scalar(key_node)
            if key in mapping:
                raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
            mapping[key] = _construct(value_node, (*loc, str(key)), lines)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*loc, i), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    """A key or value as the safe loader reads it, or _BadScalar: an unquoted impossible date
    (2025-02-30), a bare `<<` key (a merge key, which seeds do not use: NOT_PLAIN keeps it
    from the fast path) or a bare `=` value, which the safe loader builds nothing from."""
    try:
        return _constructor.construct_object(node, deep=True)
    except (ValueError, TypeError) as error:
        reason = str(error)
        if node.tag == INT_TAG:  # Python reads up to 4300 digits, and advises coders how to lift it
            reason = f"a number of {len(node.value)} digits is beyond what is read"
        raise _BadScalar(str(node.value), reason, node.start_mark.line + 1) from None
    except yaml.constructor.ConstructorError:
        reason = f"YAML reads it as {node.tag}, which seeds do not use"
        raise _BadScalar(str(node.value), reason, node.start_mark.line + 1) from None


def _parse(
    located: Located, data: Any, loc: Loc, model: type[Model], problems: list[Problem]
) -> Model | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            where = (*loc, *detail["loc"])
            message = f"{field_name(where)}: {_explain(detail)}"
            problems.append(
                Problem("invalid-field", located.path, str(located.line(where)), message)
            )
        return None


def field_name(where: Loc) -> str:
    """A field's place as the other seed messages count: from 1, as `statement 3`."""
    parts = list(where)
    named = []
    if parts[:1] == ["statements"] and len(parts) > 1 and isinstance(parts[1], int):
        named.append(f"statement {parts[1] + 1},")
        parts = parts[2:]
    elif parts and isinstance(parts[0], int):
        named.append(f"entry {parts[0] + 1},")
        parts = parts[1:]
    named += [f"item {part + 1}" if isinstance(part, int) else str(part) for part in parts]
    return " ".join(named).rstrip(",") or "(top level)"


def _parse_list(
    located: Located | None, model: type[Model], problems: list[Problem]
) -> list[Model]:
    if located is None:
        return []
    if not isinstance(located.data, list):
        problems.append(Problem("not-a-list", located.path, "1", "expected a list of entries"))
        return []
    parsed = (_parse(located, item, (i,), model, problems) for i, item in enumerate(located.data))
    return [item for item in parsed if item is not None]


def _explain(detail: Any) -> str:
    kind = detail["type"]
    if kind == "extra_forbidden":
        return "unknown key (a typo?)"
    if kind == "missing":
        return "required field is missing"
    received = detail.get("input")
    shown = repr(received) if not isinstance(received, dict | list) else type(received).__name__
    if (
        kind == "string_type"
        and isinstance(received, int | float)
        and not isinstance(received, bool)
    ):
        # YAML read the plain scalar as a number ("1.500" as 1.5): what was written is lost
        return f"{detail['msg']} (got the number {shown}: quote it to keep it as written)"
    return f"{detail['msg']} (got {shown})"
