"""The error catalogue: every problem claimpack reports, each declared once with its code.

A Problem names the file and place it comes from; its `type` is a code from CATALOGUE (a
Problem with an unknown code is a bug in claimpack). `docs/problems.md` is generated from
CATALOGUE. The CLI turns every ClaimpackError into messages and an exit code in one place:
0 ok, 1 the data is invalid or different, 2 usage error, 3 internal error (a bug).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


@dataclass(frozen=True)
class ProblemType:
    code: str
    area: str
    description: str


AREAS = {
    "seeds": "Curated inputs in `seeds/` (raised by `claimpack build`; nothing is published)",
    "coverage": "Coverage of the articles by the coded statements",
    "package": "A published data package (raised by `claimpack validate`)",
    "table": "Table Schema checks on a table's cells, rows and keys (frictionless' error types)",
    "archive": "Zipped packages and releases",
    "usage": "How a command was called (exit code 2)",
}

_TYPES = [
    # seeds: reading files
    ("missing-seeds", "usage", "There is no `seeds/` folder where the command looks."),
    ("missing-file", "usage", "A file the command needs does not exist."),
    (
        "read-only",
        "usage",
        "A publish was interrupted in a checkout that cannot be written to roll it back.",
    ),
    ("empty-file", "seeds", "A YAML file holds nothing."),
    ("not-utf8", "seeds", "A YAML file is not UTF-8 text."),
    ("malformed-yaml", "seeds", "A YAML file does not parse, or holds a value YAML cannot read."),
    ("duplicate-key", "seeds", "A key appears twice in one YAML mapping."),
    ("not-a-list", "seeds", "A registry file is not a list of entries."),
    ("invalid-field", "seeds", "A field is missing, unknown, or of the wrong type or form."),
    (
        "bad-article-name",
        "seeds",
        "An article file is not named `NNN_<16 hex digits>.txt` (or `a1000_...` beyond 999).",
    ),
    ("article-name-clash", "seeds", "Two article files share a number."),
    (
        "bad-coding-name",
        "seeds",
        "A coding file ends in `.yml` or `.YAML`, not `.yaml`, or is hidden (`.name.yaml`).",
    ),
    ("article-too-large", "seeds", "An article file is larger than the limit."),
    ("empty-article", "seeds", "An article file is empty or only white space."),
    ("article-bom", "seeds", "An article starts with a byte-order mark."),
    ("article-not-utf8", "seeds", "An article is not UTF-8 text."),
    ("article-crlf", "seeds", "An article has CR line ends; seeds use LF only."),
    (
        "article-control-character",
        "seeds",
        "An article holds a control character (NUL, say; C1 such as U+0085) or U+2028/U+2029.",
    ),
    (
        "text-too-long",
        "seeds",
        "A seed value, quote or other text is longer than any field takes (10,000 characters).",
    ),
    (
        "control-character",
        "seeds",
        "A seed value or quote holds a control character or U+2028/U+2029 (written as an escape).",
    ),
    ("bad-date-line", "seeds", "An article's date line is not a real date."),
    (
        "seed-changed",
        "seeds",
        "An article or coding file changed while the build read it; build again.",
    ),
    # seeds: rules between files
    (
        "duplicate-id",
        "seeds",
        "An id is defined twice (two statements with one `id`), or a source is coded in two files.",
    ),
    ("duplicate-waiver", "seeds", "Two waivers of one article waive from the same place."),
    ("unknown-source", "seeds", "A source id has no article file."),
    ("article-changed", "seeds", "An article's bytes differ from the sha256 it was coded on."),
    ("uncoded-article", "seeds", "An article has no entry in `seeds/sources.yaml`."),
    ("source-mismatch", "seeds", "A statements file names a source other than its file name."),
    ("invalid-enum", "seeds", "A value is not one of those the Table Schema allows."),
    ("duplicate-alias", "seeds", "An entity lists an alias twice, or as alias and misspelling."),
    ("unknown-alias", "seeds", "A misspelling names a correct form that is not an alias."),
    ("list-item", "seeds", "An item of a list cannot be told apart in the list's text form."),
    ("unknown-entity", "seeds", "A statement names an entity not in `seeds/entities.yaml`."),
    ("unknown-predicate", "seeds", "A statement uses a predicate not in the vocabulary."),
    ("missing-value", "seeds", "A statement lacks the `value` or `object` its predicate takes."),
    ("unexpected-value", "seeds", "An entity-valued statement gives a `value`."),
    ("value-not-in-quote", "seeds", "A number, date or quotation value is not in its quote."),
    ("draft-statement", "seeds", "A statement is still a draft from `claimpack suggest`."),
    (
        "missing-statement-id",
        "seeds",
        "A statement has no `id`; `claimpack fill-ids` gives it one.",
    ),
    ("bad-statement-id", "seeds", "A statement's `id` is not `st_` and 16 hex digits."),
    (
        "duplicate-article",
        "seeds",
        "An article's text is already in seeds/ under another id (`claimpack add`, sources.yaml).",
    ),
    (
        "path-in-the-way",
        "seeds",
        "`claimpack add` would write a file that exists already (a coding file under the new id).",
    ),
    (
        "date-mismatch",
        "seeds",
        "A date given for an article (`add --date`, `date` in sources.yaml) differs from its "
        "date line.",
    ),
    (
        "invalid-scope",
        "seeds",
        "A scope spells a scope keyword of its predicate another way (`at the scene`).",
    ),
    (
        "missing-coding",
        "coverage",
        "An article has no coding file in `seeds/statements/` (`claimpack suggest` drafts one).",
    ),
    ("bad-date", "usage", "`--date` is not a date in the form YYYY-MM-DD."),
    ("bad-output", "usage", "An output path is a folder, a link or a device, not a file to write."),
    # seeds: anchoring and normalizing
    ("quote-not-found", "seeds", "A quote (with its prefix and suffix) is not in its article."),
    (
        "quote-ambiguous",
        "seeds",
        "A quote occurs more than once; a prefix or suffix must pick one.",
    ),
    ("unparsable-value", "seeds", "A value does not read as its predicate's type."),
    ("duplicate-statement", "seeds", "Two statements of an article say the same thing."),
    # coverage
    ("uncovered-sentence", "coverage", "No statement or waiver touches a sentence."),
    ("uncovered-number", "coverage", "A number or date lies outside every statement's quote."),
    ("uncovered-quotation", "coverage", "A quotation lies outside the statements' quotes."),
    ("publish-busy", "usage", "Another claimpack process holds the publish lock."),
    ("bad-journal", "package", "A publish journal cannot be trusted; nothing was touched."),
    ("stale-output", "package", "A published file differs from what the seeds build now."),
    # package
    ("invalid-json", "usage", "A descriptor is not a readable JSON object."),
    ("too-large", "package", "A descriptor or resource is larger than the limit."),
    (
        "unsafe-path",
        "package",
        "A path leaves its folder, is remote, or is no regular file (or no folder, where one "
        "must be).",
    ),
    (
        "unsupported",
        "usage",
        "Something claimpack does not read: inline data, other formats, some options.",
    ),
    ("source-changed", "package", "An article's bytes differ from the sha256 the package records."),
    ("quote-mismatch", "package", "A quote differs from its article's text at its offsets."),
    ("discrepancy-unlinked", "package", "A discrepancy links fewer than two statements."),
    ("discrepancy-not-different", "package", "A discrepancy's compared values are all equal."),
    ("formula-cell", "package", "A text cell would run as a spreadsheet formula."),
    ("missing-resource", "package", "The Parquet descriptor lacks a table the CSV one has."),
    ("unreadable-table", "package", "A table file cannot be read with its Table Schema."),
    ("formats-differ", "package", "The CSV and Parquet copies of a table differ."),
    # table: frictionless' error types, reported under their own names
    ("package-error", "table", "The descriptor breaks the Data Package profile."),
    ("resource-error", "table", "A resource breaks the Data Resource profile."),
    ("schema-error", "table", "A Table Schema is not valid."),
    ("field-error", "table", "A field descriptor is not valid."),
    ("dialect-error", "table", "A CSV dialect is not valid."),
    ("scheme-error", "table", "A resource's scheme cannot be used."),
    ("format-error", "table", "A resource's format cannot be read."),
    ("encoding-error", "table", "A resource is not in its declared encoding."),
    ("source-error", "table", "A resource's data cannot be read."),
    ("hash-count", "table", "A file's hash differs from the one declared."),
    ("byte-count", "table", "A file's size differs from the one declared."),
    ("field-count", "table", "A table's header has a different number of fields than declared."),
    ("row-count", "table", "A table has a different number of rows than declared."),
    ("blank-header", "table", "The header row is empty."),
    ("blank-label", "table", "A header cell is empty."),
    ("duplicate-label", "table", "A header cell repeats another."),
    ("extra-label", "table", "The header has a column the schema lacks."),
    ("missing-label", "table", "The header lacks a column of the schema."),
    ("incorrect-label", "table", "A header cell differs from the schema's field name."),
    ("blank-row", "table", "A row is empty."),
    ("primary-key", "table", "A row repeats another row's primary key."),
    ("foreign-key", "table", "A row's foreign key has no match in the table it references."),
    ("extra-cell", "table", "A row has more cells than the header."),
    ("missing-cell", "table", "A row has fewer cells than the header."),
    ("type-error", "table", "A cell does not read as its field's type."),
    ("constraint-error", "table", "A cell breaks a constraint of its field."),
    ("unique-error", "table", "A cell repeats a value its field requires to be unique."),
    ("table-error", "table", "Any other problem frictionless reports with a table."),
    # archive
    (
        "bad-archive",
        "archive",
        "A zipped package is not a readable zip, has a damaged entry, or holds several packages.",
    ),
    ("archive-too-large", "archive", "An archive has too many entries or unpacks too large."),
    ("unsafe-archive-entry", "archive", "An archive entry is absolute, leaves it, or is a link."),
    ("checksum-missing-file", "archive", "`SHA256SUMS` lists a file the archive lacks."),
    ("checksum-mismatch", "archive", "A file of the archive does not match its checksum."),
    ("checksum-unlisted", "archive", "A file of the archive is not in `SHA256SUMS`."),
    (
        "checksum-unreadable",
        "archive",
        "`SHA256SUMS` is not UTF-8 text, or a line of it is not `<sha256>  <file name>`.",
    ),
    ("release-exists", "archive", "A different release of the same version already exists."),
    # usage
    ("os-error", "usage", "The operating system refused a read or write (permissions, full disk)."),
    (
        "out-of-memory",
        "usage",
        "The machine ran out of memory: Python, DuckDB or Spark could not get what a step needed.",
    ),
    ("bad-environment", "usage", "An environment variable holds a value that cannot be used."),
    ("unknown-revision", "usage", "A diff side is no descriptor, zip, or git revision."),
    (
        "bad-synth",
        "usage",
        "`claimpack synth` was given sizes it cannot use, or a non-empty folder.",
    ),
]

CATALOGUE: dict[str, ProblemType] = {code: ProblemType(code, area, d) for code, area, d in _TYPES}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input or a package: where it is and what was expected."""

    type: str
    file: str
    place: str
    message: str
    # Where in a table, when the problem is in one: frictionless' rowNumber (the header is row
    # 1), fieldName and the cell as written.
    row: int | None = None
    field: str | None = None
    cell: str | None = None

    def __post_init__(self) -> None:
        if self.type not in CATALOGUE:
            raise ValueError(f"problem type {self.type!r} is not in the catalogue")

    def __str__(self) -> str:
        where = f"{self.file}:{self.place}" if self.place else self.file
        return one_line(
            f"{where}: {self.message} [{self.type}]" if where else f"{self.message} [{self.type}]"
        )

    def to_dict(self) -> dict[str, object]:
        """The problem as frictionless reports an error: type, rowNumber, fieldName, cell, note,
        message; plus claimpack's file and place."""
        found = {
            "type": self.type,
            "rowNumber": self.row,
            "fieldName": self.field,
            "cell": self.cell,
            "message": self.message,
            "file": self.file,
            "place": self.place,
        }
        return {key: value for key, value in found.items() if value is not None}


def one_line(text: str) -> str:
    """The text with each character Python does not print as itself escaped, as repr() does:
    a file name or YAML key from a contribution may hold a line break, which would start a
    forged line (`::error::` is a command to CI), an escape sequence or a bidirectional
    override, which would redraw or reorder the line on a terminal."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


class ClaimpackError(Exception):
    """Base of every error caused by bad input rather than by a bug."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InvalidSeeds(ClaimpackError):
    """The curated inputs in seeds/ break a rule; nothing was written."""


class InvalidPackage(ClaimpackError):
    """A data package failed validation."""


class UsageError(ClaimpackError):
    """The command was called with something that cannot be used (a missing file, say)."""

    exit_code = EXIT_USAGE


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 row', '2 rows': a count with its noun in the right number, for every message."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def problems_markdown() -> str:
    """docs/problems.md: the catalogue by area, generated so it cannot drift from the code."""
    lines = [
        "# Problem types",
        "",
        "Generated by `claimpack docs` from `build/claimpack/problems.py`; do not edit by hand.",
        "Every message claimpack prints ends with one of these codes in brackets, and `--json`",
        "reports carry it as `type`. Exit codes: 0 ok, 1 the data is invalid or different,",
        "2 usage error, 3 internal error (a bug in claimpack: please report it).",
        "",
    ]
    for area, title in AREAS.items():
        lines += [f"## {title}", "", "| code | meaning |", "| --- | --- |"]
        lines += [f"| `{t.code}` | {t.description} |" for t in CATALOGUE.values() if t.area == area]
        lines.append("")
    return "\n".join(lines)


def relative(path: Path, root: Path) -> str:
    """Show a path relative to the project root when it lies inside it."""
    for candidate, base in ((path, root), (path.absolute(), root.absolute())):
        if candidate.is_relative_to(base):  # as written: a link is named by where it stands
            return candidate.relative_to(base).as_posix()
    return path.as_posix()
