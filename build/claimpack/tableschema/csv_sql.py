"""The exact CSV reader as SQL for both engines: Python's csv rules as regular expressions.

Records are split by regular expressions over a file's text, then cells over each record.

The patterns are "unrolled" (`q[^q]*(?:qq[^q]*)*q` rather than `q(?:[^q]|qq)*q`): the two
match the same text in the same way, but java.util.regex (Spark) recurses once per repetition
of a group with alternatives and overflows its stack on long fields, while a repeated
character class is a loop. RE2 (DuckDB) reads both alike.
"""

from __future__ import annotations

from claimpack.tableschema.package import Dialect
from claimpack.tableschema.sql import Sql

TERMINATOR = r"(?:\r\n|\n|\r)"
LINE_END = r"[\r\n]"


def _re(char: str) -> str:
    """The character as a regular expression: ASCII punctuation escaped; a character beyond
    ASCII is no operator, and RE2 refuses a backslash before one (`\\§`)."""
    return "\\" + char if char.isascii() and not char.isalnum() else char


def record_patterns(dialect: Dialect) -> tuple[str, str, str]:
    """(record, field, quoted) regular expressions for Python's csv reading of the dialect:
    a quote opens a quoted field only at a field's start; text after the closing quote is
    kept; an escape character takes the next character literally."""
    d, q = _re(dialect.delimiter), _re(dialect.quote_char)
    e = _re(dialect.escape_char) if dialect.escape_char else ""
    escaped = [f"{q}{q}"] if dialect.double_quote else []
    escaped += [f"{e}(?s:.)"] if e else []
    body = f"[^{q}{e}]*"
    quoted = f"{q}{body}(?:(?:{'|'.join(escaped)}){body})*{q}" if escaped else f"{q}{body}{q}"
    plain = f"[^{d}\\r\\n{e}]*" + (f"(?:{e}(?s:.)[^{d}\\r\\n{e}]*)*" if e else "")
    first = f"[^{d}{q}\\r\\n{e}]" + (f"|{e}(?s:.)" if e else "")
    field = f"(?:{quoted}{plain}|(?:{first}){plain})?"
    record = f"{field}(?:{d}{field})*"
    return record, field, quoted


def split_records(text: str, dialect: Dialect, sql: Sql) -> str:
    """The list of the text's records, each with its line terminator (a final record without
    one is given one): their lengths add up to the text's unless a quote is left open."""
    record, _, _ = record_patterns(dialect)
    return sql.extract_all(ended(text, sql), f"({record}){TERMINATOR}", 0)


def ended(text: str, sql: Sql) -> str:
    """The text with a line feed after a final record that has no terminator: the text the
    records split from, whose length theirs add up to."""
    return f"CASE WHEN {sql.matches_at_end(text, LINE_END)} THEN {text} ELSE {text} || chr(10) END"


def first_skipped(text: str, dialect: Dialect, sql: Sql) -> str:
    """A query of the first record (from 1) split_records skips past, if any, and whether it
    is a last record without a terminator (its escape character took the file's last line
    break); else a quote opens there and never closes. `text` is a one-row query of
    `__text`, as `ended` gives it. The text is split again, each piece a record, a record
    ending the text without a terminator (then an empty match at the end), or one character
    no record starts at; the first piece that is no record is the one skipped. One pass of
    a regular expression: comparing each record with the text at its offset cost, in text
    beyond ASCII, a scan from the text's start per record, quadratic in a large file."""
    record, _, _ = record_patterns(dialect)
    whole = f"(?:{record}){TERMINATOR}"
    pieces = sql.extract_all("__text", f"{whole}|(?:{record})\\z|(?s:.)", 0)
    skipped = sql.position(sql.transform("__pieces", "x", f"NOT {sql.full_match('x', whole)}"))
    last = sql.element("__pieces", "__at")  # before the empty match at the end, if last
    unended = (
        f"__at >= {sql.size('__pieces')} - 1 AND {last} <> '' AND {sql.full_match(last, record)}"
    )
    return (
        f"SELECT __at, {unended} FROM ("
        f"SELECT __pieces, {skipped} AS __at FROM (SELECT {pieces} AS __pieces FROM {text} __t) __p"
        f") __s WHERE __at IS NOT NULL"
    )


def cells(record: str, dialect: Dialect, sql: Sql) -> str:
    """The cells of one record (its terminator included) as a list of text: none for a
    blank record, quotes removed, doubled quotes and escapes undone."""
    _, field, _ = record_patterns(dialect)
    body = sql.strip_line_ends(record)
    split = sql.extract_all(
        f"{sql.lit(dialect.delimiter)} || {body}", f"{_re(dialect.delimiter)}({field})", 1
    )
    return (
        f"CASE WHEN {body} = '' THEN {sql.empty_list()} "
        f"ELSE {sql.transform(split, 'x', unquote('x', dialect, sql))} END"
    )


def unquote(expr: str, dialect: Dialect, sql: Sql) -> str:
    """A field's value: quotes removed, doubled quotes and escapes undone."""
    q = dialect.quote_char
    _, _, quoted = record_patterns(dialect)
    body = sql.extract(expr, f"^({quoted})((?s:.*))\\z", 1)
    rest = sql.extract(expr, f"^({quoted})((?s:.*))\\z", 2)
    inner = f"substr({body}, 2, length({body}) - 2)"
    if dialect.double_quote:
        inner = f"replace({inner}, {sql.lit(q + q)}, {sql.lit(q)})"
    if dialect.escape_char:
        escape = _re(dialect.escape_char) + "((?s:.))"
        inner = sql.replace_by_group(inner, escape)
        rest = sql.replace_by_group(rest, escape)
        plain = sql.replace_by_group(expr, escape)
    else:
        plain = expr
    return f"CASE WHEN substr({expr}, 1, 1) = {sql.lit(q)} THEN {inner} || {rest} ELSE {plain} END"
