"""claimpack add: a new article into seeds/, with its source entry and a draft coding.

The article is copied byte for byte and named `<number>_<first 16 hex digits of its
sha256>.txt` with the next free number (`NNN` below 1000, then `a1000`, ...: see ids.py). (The
five first articles' hex digits come from elsewhere and do not follow from their content; every
article added here gets hex digits that do.) Every check runs before anything is written, so a
refused article changes nothing, and a write that fails takes back those made before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from claimpack.articles import date_line, headline
from claimpack.drafting.drafts import draft_file, suggest
from claimpack.drafting.mentions import load_registry
from claimpack.files import UnsafePath, read_bounded, resolve_inside, write_atomically
from claimpack.ids import article_id, article_number
from claimpack.layout import SEEDS_DIR, SOURCES_FILE, STATEMENTS_DIR
from claimpack.problems import ClaimpackError, Problem, UsageError, relative
from claimpack.stages.read_seeds import MAX_ARTICLE_BYTES, MAX_YAML_BYTES, read_article_file

PUBLISHER_LINES = [
    re.compile(r"^\((?P<name>[A-Z][\w.&' -]{0,40}?) (?:Inputs|inputs)\)$", re.MULTILINE),
    re.compile(r"^\((?P<name>[A-Z][\w.&'-]{1,20}(?: [A-Z][\w.&'-]{1,20}){0,3})\)$", re.MULTILINE),
    re.compile(r"^[A-ZÁÉÍÓÚÑ .,]{3,40} \((?P<name>[A-Z][A-Za-z]{1,15})\) [—\u2013-]", re.MULTILINE),
    re.compile(r"published by (?P<name>[A-Z][\w&.-]+(?: [A-Z][\w&.-]+){0,2}) editors"),
    re.compile(
        r"^(?:Con información de|With reporting by|Fuente:) (?P<name>[A-Z][\w .&-]{1,40}?)\.?$",
        re.MULTILINE,
    ),
]


class InvalidArticle(ClaimpackError):
    """An article that cannot be added or drafted from: not UTF-8, empty, or already in seeds."""


@dataclass(frozen=True)
class Added:
    source_id: str
    article: Path
    draft: Path
    language: str
    statements: int


def read_article(path: Path, root: Path) -> str:
    """The article's text; a located error when it is missing, empty, not UTF-8, or has a BOM
    or CR line ends (which would move every offset)."""
    name = relative(path, root)
    if not path.exists():
        raise UsageError([Problem("missing-file", name, "", "file not found")])
    return read_article_file(path, name)


def parse_date(written: str | None) -> dt.date | None:
    """--date YYYY-MM-DD, or a usage error."""
    if written is None:
        return None
    try:
        return dt.date.fromisoformat(written)
    except ValueError:
        message = f"--date {written!r} is not a date in the form YYYY-MM-DD"
        raise UsageError([Problem("bad-date", "--date", "", message)]) from None


def article_date(text: str, given: dt.date | None, name: str) -> dt.date | None:
    """The date line's date, or --date; both given and different is a usage error."""
    written, _ = date_line(text)
    if written is not None and given is not None and written != given:
        message = f"the text's date line says {written}, --date says {given}"
        raise UsageError([Problem("date-mismatch", name, "1", message)])
    return written or given


def add_article(root: Path, path: Path, given: dt.date | None) -> Added:
    """Copy the article into seeds/, append its entry to sources.yaml, write its draft coding."""
    seeds = root / "seeds"
    if not (seeds / "sources.yaml").is_file():
        message = "no seeds/sources.yaml here: run in the project folder or give --root"
        raise UsageError([Problem("missing-seeds", relative(seeds, root), "", message)])
    text = read_article(path, root)
    data = path.read_bytes()
    name = relative(path, root)
    date = article_date(text, given, name)
    digest = hashlib.sha256(data).hexdigest()
    _refuse_duplicate(root, digest, name)
    numbers = [n for p in seeds.glob("*.txt") if (n := article_number(p.stem)) is not None]
    source_id = article_id(max(numbers, default=-1) + 1, digest)
    registry = load_registry(root)
    suggestion = suggest(text, registry, date)
    draft = draft_file(source_id, text, suggestion)
    entry = _source_entry(source_id, digest, text, suggestion.language, date if given else None)
    target = seeds / f"{source_id}.txt"
    draft_path = seeds / "statements" / f"{source_id}.yaml"
    for written in (f"{SEEDS_DIR}/{source_id}.txt", f"{STATEMENTS_DIR}/{source_id}.yaml"):
        _inside(root, written)
    sources = _read_seed(root, SOURCES_FILE, MAX_YAML_BYTES)
    _write_all(
        seeds / "sources.yaml",
        sources + entry.encode("utf-8"),
        {draft_path: draft.encode("utf-8"), target: data},
        name,
    )
    statements = len(yaml.safe_load(draft)["statements"])
    return Added(source_id, target, draft_path, suggestion.language, statements)


def _inside(root: Path, name: str) -> Path:
    """root/name with its links followed, refused as the build refuses it when that leaves the
    project: a link in a checkout would have add copy a file from elsewhere into sources.yaml,
    or write the draft elsewhere."""
    try:
        return resolve_inside(root, name)
    except UnsafePath as error:
        raise InvalidArticle([Problem(error.code, name, "", str(error))]) from None


def _read_seed(root: Path, name: str, limit: int) -> bytes:
    """A file of seeds/ inside the project, regular and within the limit (a FIFO would block,
    a link to /dev/zero never end), else refused."""
    path = _inside(root, name)
    try:
        return read_bounded(path, limit)
    except UnsafePath as error:
        raise InvalidArticle([Problem(error.code, name, "", str(error))]) from None


def _write_all(sources: Path, listed: bytes, new_files: dict[Path, bytes], name: str) -> None:
    """The new files written, then sources.yaml with the entry appended, each file whole or not
    at all (write_atomically); when any write fails, or the command is stopped, the new files
    are removed again: an article is added with its entry and its draft, or not at all. A
    file in the way (a coding file left under the new id) is refused, not overwritten."""
    for path in new_files:
        if path.exists() or path.is_symlink():
            message = f"{relative(path, sources.parent.parent)} is in the way; nothing was added"
            raise InvalidArticle([Problem("path-in-the-way", name, "", message)])
    written: list[Path] = []
    try:
        for path, data in new_files.items():
            written.append(path)
            write_atomically(path, data)
        write_atomically(sources, listed)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def recorded_date(root: Path, path: Path) -> dt.date | None:
    """The date sources.yaml records for an article in seeds/ (from `add --date`), if any."""
    sources = root / SOURCES_FILE
    if path.parent.resolve() != (root / "seeds").resolve() or not sources.is_file():
        return None
    try:
        entries = yaml.safe_load(_read_seed(root, SOURCES_FILE, MAX_YAML_BYTES)) or []
    except (yaml.YAMLError, InvalidArticle):  # the build says what is wrong with the file
        return None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("id") == path.stem:
            date = entry.get("date")
            return date if isinstance(date, dt.date) else None
    return None


def _refuse_duplicate(root: Path, digest: str, name: str) -> None:
    for existing in sorted((root / SEEDS_DIR).glob("*.txt")):
        article = _read_seed(root, f"{SEEDS_DIR}/{existing.name}", MAX_ARTICLE_BYTES)
        if hashlib.sha256(article).hexdigest() == digest:
            message = f"the same text is already in seeds as {existing.stem}; nothing was added"
            raise InvalidArticle([Problem("duplicate-article", name, "", message)])


def _source_entry(
    source_id: str, digest: str, text: str, language: str, date: dt.date | None
) -> str:
    """YAML text appended to sources.yaml, so that its comments and layout stay as they are."""
    lines = [
        "",
        f"# {_one_line(headline(text))}",
        f"- id: {_quoted(source_id)}",
        f"  sha256: {digest}",
    ]
    lines.append(f"  language: {language}")
    if date is not None:
        lines.append(f"  date: {date.isoformat()}")
    publisher = find_publisher(text)
    if publisher is not None:
        lines += [
            f"  publisher: {_quoted(publisher[0])}",
            f"  publisher_quote: {_quoted(publisher[1])}",
        ]
    return "\n".join(lines) + "\n"


def find_publisher(text: str) -> tuple[str, str] | None:
    """(publisher, the words naming it) from a credit line, dateline or disclaimer."""
    for pattern in PUBLISHER_LINES:
        match = pattern.search(text)
        if match is not None:
            quote = match[0].strip()
            if text.count(quote) == 1:
                return match["name"].strip(), quote
    return None


def _quoted(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=1000).strip().removesuffix("\n...")


def _one_line(value: str, limit: int = 90) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
