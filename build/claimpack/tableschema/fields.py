"""How frictionless reads a cell of each Table Schema type, as SQL over the cell's text.

Each type gives two SQL templates over `$cell` (the raw text, known not to be a missing
value): `valid`, true where frictionless' reader accepts the text, and `value`, the value it
reads, for constraints and keys. The grammars are those of the Python functions frictionless
calls (int(), Decimal(), datetime.strptime, dateutil's isoparse), written as regular
expressions; docs/validation.md lists where they knowingly differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from claimpack.tableschema.sql import Sql

CELL = "$cell"
WS = r"[ \t\n\r\x0b\x0c]"
DIGITS = r"[0-9](?:_?[0-9])*"
INT = rf"[+-]?{DIGITS}"
DECIMAL = rf"[+-]?(?:{DIGITS}(?:\.(?:{DIGITS})?)?|\.{DIGITS})(?:[eE][+-]?{DIGITS})?"
INFINITY = r"[+-]?[iI][nN][fF](?:[iI][nN][iI][tT][yY])?"
NAN = r"[+-]?[sS]?[nN][aA][nN][0-9]*"
TZ = r"[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?"
ISO_TIME = rf"([0-9]{{2}}):([0-9]{{2}}):([0-9]{{2}})(?:[.,]([0-9]+))?({TZ})?"
ISO_DATETIME = rf"([0-9]{{4}})-([0-9]{{2}})-([0-9]{{2}})(?s:.){ISO_TIME}"
INTEGER_SQL = "DECIMAL(38,0)"
STRPTIME = {  # directive: the regular expression CPython's _strptime uses, with ASCII digits
    "Y": r"[0-9][0-9][0-9][0-9]",
    "m": r"1[0-2]|0[1-9]|[1-9]",
    "d": r"3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9]",
    "H": r"2[0-3]|[0-1][0-9]|[0-9]",
    "M": r"[0-5][0-9]|[0-9]",
    "S": r"6[0-1]|[0-5][0-9]|[0-9]",
    "y": r"[0-9][0-9]",
    "f": r"[0-9]{1,6}",
}
TEMPORAL = {"date", "datetime", "time"}


class UnsupportedField(ValueError):
    """A field option this engine does not implement, or an invalid one (the caller refuses
    the package), with the member of the field it is about (`constraints.minimum`), if one."""

    def __init__(self, message: str, member: str = "") -> None:
        super().__init__(message)
        self.member = member


@dataclass(frozen=True)
class TypeSql:
    """SQL templates over $cell: valid (accepted by the type's reader) and value (as read);
    kind names what values compare with (keys match only between the same kinds). A reader
    with a shortcut (_fast) also gives it: `plain`, true of a cell in the plain form, and
    `plain_value`, such a cell's value."""

    valid: str
    value: str
    kind: str
    plain: str | None = None
    plain_value: str | None = None


def type_sql(field: dict[str, Any], sql: Sql) -> TypeSql:
    """The reader of one field, as SQL."""
    kind = field.get("type", "string")
    fmt = field.get("format", "default")
    if kind == "string":
        if fmt not in ("default", None):
            raise UnsupportedField(f"string format {fmt!r}")
        return TypeSql("TRUE", CELL, "string")
    if kind == "any":
        return TypeSql("TRUE", CELL, "string")
    if kind == "integer":
        if not field.get("bareNumber", True):
            return _integer(field, sql)
        plain = sql.try_cast(CELL, INTEGER_SQL)
        return _fast(_integer(field, sql), "-?[0-9]{1,18}", "TRUE", plain, sql)
    if kind == "number":
        if {"bareNumber", "groupChar", "decimalChar"} & set(field):
            return _number(field, sql)
        plain = sql.try_cast(CELL, "DOUBLE")
        return _fast(_number(field, sql), r"-?[0-9]{1,15}(?:\.[0-9]{1,15})?", "TRUE", plain, sql)
    if kind == "boolean":
        true = [str(v) for v in field.get("trueValues", ["true", "True", "TRUE", "1"])]
        false = [str(v) for v in field.get("falseValues", ["false", "False", "FALSE", "0"])]
        valid = f"({CELL} IN ({', '.join(sql.lit(v) for v in true + false)}))"
        value = f"({CELL} IN ({', '.join(sql.lit(v) for v in true)}))" if true else "FALSE"
        return TypeSql(valid, value, "boolean")
    if kind in TEMPORAL:
        if fmt in ("default", None) and kind == "date":
            day = sql.try_cast(CELL, "DATE")
            full = _strptime("%Y-%m-%d", "date", sql)
            real = f"{day} IS NOT NULL AND {CELL} NOT LIKE '0000%'"  # Python has no year 0
            return _fast(full, "[0-9]{4}-[0-9]{2}-[0-9]{2}", real, day, sql)
        if fmt in ("default", None):
            return _iso(kind, sql)
        if fmt == "any":
            raise UnsupportedField(f'{kind} format "any" (dateutil guessing)')
        return _strptime(str(fmt).removeprefix("fmt:"), kind, sql)
    if kind == "year":
        number = _int_text(sql)
        valid = (f"(length({CELL}) = 4 AND {sql.full_match(CELL, WS + '*' + INT + WS + '*')}"
                 f" AND {number} >= 0)")  # fmt: skip
        return TypeSql(valid, number, "integer")
    if kind == "yearmonth":
        part = rf"{WS}*\+?({DIGITS}){WS}*"
        pattern = rf"^{part}-{part}\z"
        year = sql.try_cast(f"replace({sql.extract(CELL, pattern, 1)}, '_', '')", INTEGER_SQL)
        month = sql.try_cast(f"replace({sql.extract(CELL, pattern, 2)}, '_', '')", INTEGER_SQL)
        valid = f"({sql.full_match(CELL, pattern[1:-2])} AND {month} BETWEEN 1 AND 12)"
        return TypeSql(valid, f"({year} * 100 + {month})", "yearmonth")
    raise UnsupportedField(f"type {kind!r}")


def _fast(reader: TypeSql, pattern: str, condition: str, value: str, sql: Sql) -> TypeSql:
    """The reader with a shortcut for the plain form most cells take: a cell that fully
    matches `pattern` (no capture groups, so RE2 and Java match it without backtracking
    state) and meets `condition` is valid and reads as `value`; any other cell goes through
    the full grammar. The shortcut only ever accepts what the full reader accepts, with the
    same value (the differential tests hold both to frictionless)."""
    hit = sql.full_match(CELL, pattern)
    hit = hit if condition == "TRUE" else f"({hit} AND {condition})"
    return TypeSql(
        f"(CASE WHEN {hit} THEN TRUE ELSE {reader.valid} END)",
        f"(CASE WHEN {hit} THEN {value} ELSE {reader.value} END)",
        reader.kind,
        hit,
        value,
    )


def _int_text(sql: Sql) -> str:
    digits = sql.extract(CELL, rf"^{WS}*({INT}){WS}*\z", 1)
    return sql.try_cast(f"replace({digits}, '_', '')", INTEGER_SQL)


def _strip_non_number(expr: str, sql: Sql) -> str:
    """frictionless' bareNumber: false, re.sub(r"((^[^-\\d]*)|(\\D*$))", "", cell)."""
    return sql.strip_prefix(sql.strip_prefix(expr, r"^[^-0-9]*"), r"[^0-9]*\z")


def _integer(field: dict[str, Any], sql: Sql) -> TypeSql:
    if field.get("bareNumber", True):
        value = _int_text(sql)
        valid = f"({sql.full_match(CELL, WS + '*' + INT + WS + '*')} AND {value} IS NOT NULL)"
        return TypeSql(valid, value, "integer")
    stripped = _strip_non_number(sql.extract(CELL, rf"^{WS}*((?s:.*?)){WS}*\z", 1), sql)
    digits = sql.extract(stripped, rf"^{WS}*({INT}){WS}*\z", 1)
    value = sql.try_cast(f"replace({digits}, '_', '')", INTEGER_SQL)
    valid = f"({sql.full_match(stripped, WS + '*' + INT + WS + '*')} AND {value} IS NOT NULL)"
    return TypeSql(valid, value, "integer")


def _number(field: dict[str, Any], sql: Sql) -> TypeSql:
    text = sql.extract(CELL, rf"^{WS}*((?s:.*?)){WS}*\z", 1)
    guards = []
    if {"bareNumber", "groupChar", "decimalChar"} & set(field):
        if not field.get("bareNumber", True):
            text = _strip_non_number(text, sql)
        group, decimal = str(field.get("groupChar", "")), str(field.get("decimalChar", "."))
        if group:
            text = f"replace({text}, {sql.lit(group)}, '')"
        if decimal != ".":
            guards.append(f"instr({text}, '.') = 0")
            text = f"replace({text}, {sql.lit(decimal)}, '.')"
    grammar = f"{WS}*(?:{DECIMAL}|{INFINITY}|{NAN}){WS}*"
    body = sql.extract(text, rf"^{WS}*((?s:.*?)){WS}*\z", 1)
    underscore, empty = sql.lit("_"), sql.lit("")
    value = (
        f"(CASE WHEN {sql.full_match(body, NAN)} THEN CAST('NaN' AS DOUBLE)"
        f" WHEN {sql.full_match(body, INFINITY)} THEN CASE WHEN {body} LIKE '-%'"
        " THEN CAST('-Infinity' AS DOUBLE) ELSE CAST('Infinity' AS DOUBLE) END"
        f" ELSE {sql.try_cast(f'replace({body}, {underscore}, {empty})', 'DOUBLE')} END)"
    )
    valid = " AND ".join([sql.full_match(text, grammar), f"{value} IS NOT NULL", *guards])
    return TypeSql(f"({valid})", value, "number")


def _pad(expr: str, width: int) -> str:
    return f"lpad(trim({expr}), {width}, '0')"


def _clock(hour: str, minute: str, second: str, fraction: str) -> tuple[str, str]:
    """(valid, 'HH:MM:SS.ffffff') for isoparse's time: hour 24 only as 24:00:00."""
    h, m, s = (f"TRY_CAST({part} AS INT)" for part in (hour, minute, second))
    valid = (
        f"({m} <= 59 AND {s} <= 59 AND ({h} <= 23 OR ({h} = 24 AND {m} = 0"
        f" AND {s} = 0 AND NOT (({fraction}) RLIKE_NONZERO))))"
    )
    text = (
        f"({hour} || ':' || {minute} || ':' || {second} || '.' "
        f"|| rpad(substr({fraction} || '000000', 1, 6), 6, '0'))"
    )
    return valid, text


def _tz_minutes(tz: str) -> str:
    """Minutes east of UTC of isoparse's offset text ('' naive, 'Z', '+01', '+0100', '+01:00')."""
    sign = f"(CASE WHEN substr({tz}, 1, 1) = '-' THEN -1 ELSE 1 END)"
    digits = f"replace(substr({tz}, 2), ':', '')"
    hours = f"TRY_CAST(substr({digits}, 1, 2) AS INT)"
    minutes = f"COALESCE(TRY_CAST(NULLIF(substr({digits}, 3, 2), '') AS INT), 0)"
    return f"(CASE WHEN {tz} IN ('', 'Z', 'z') THEN 0 ELSE {sign} * ({hours} * 60 + {minutes}) END)"


def _tz_valid(tz: str) -> str:
    digits = f"replace(substr({tz}, 2), ':', '')"
    return (
        f"({tz} IN ('', 'Z', 'z') OR (TRY_CAST(substr({digits}, 1, 2) AS INT) <= 23 AND"
        f" COALESCE(TRY_CAST(NULLIF(substr({digits}, 3, 2), '') AS INT), 0) <= 59))"
    )


def _iso(kind: str, sql: Sql) -> TypeSql:
    """dateutil's isoparse for the default datetime and time formats."""
    pattern = ISO_DATETIME if kind == "datetime" else ISO_TIME
    shift = 3 if kind == "datetime" else 0

    def group(n: int) -> str:
        return sql.extract(CELL, "^" + pattern + r"\z", n + shift)

    hour, minute, second, fraction, tz = (group(n) for n in range(1, 6))
    nonzero = sql.full_match(fraction, "[0-9]*[1-9][0-9]*")
    clock_valid, clock = _clock(hour, minute, second, fraction)
    clock_valid = clock_valid.replace(f"(({fraction}) RLIKE_NONZERO)", nonzero)
    day_wrap = f"(CASE WHEN TRY_CAST({hour} AS INT) = 24 THEN 1440 ELSE 0 END)"
    clock = clock.replace(
        f"({hour} || ':'", f"(CASE WHEN {hour} = '24' THEN '00' ELSE {hour} END || ':'"
    )
    checks = [sql.full_match(CELL, pattern), clock_valid, _tz_valid(tz)]
    if kind == "datetime":
        day = f"({group(-2)} || '-' || {group(-1)} || '-' || {group(0)})"
        stamp = sql.try_cast(f"{day} || ' ' || {clock}", "TIMESTAMP")
        checks.append(f"{sql.try_cast(day, 'DATE')} IS NOT NULL")
        checks.append(f"TRY_CAST({group(-2)} AS INT) >= 1")  # Python has no year 0
        minutes = f"({day_wrap} - {_tz_minutes(tz)})"
        value = sql.add_minutes(stamp, minutes)
        return TypeSql("(" + " AND ".join(checks) + ")", value, "datetime")
    seconds = (
        f"(TRY_CAST(CASE WHEN {hour} = '24' THEN '0' ELSE {hour} END AS INT) * 3600"
        f" + TRY_CAST({minute} AS INT) * 60 + TRY_CAST({second} AS INT)"
        f" + TRY_CAST('0.' || {fraction} || '0' AS DOUBLE))"
    )
    return TypeSql("(" + " AND ".join(checks) + ")", seconds, "time")


def _strptime(fmt: str, kind: str, sql: Sql) -> TypeSql:
    """datetime.strptime(cell, fmt) for the numeric directives; others are refused."""
    pattern, groups = strptime_regex(fmt)

    def part(name: str, default: str) -> str:
        if name not in groups:
            return f"'{default}'"
        return sql.extract(CELL, "^" + pattern + r"\z", groups.index(name) + 1)

    year = part("Y", "1900")
    if "y" in groups and "Y" not in groups:
        two = f"TRY_CAST({part('y', '00')} AS INT)"
        year = f"CAST(CASE WHEN {two} >= 69 THEN 1900 + {two} ELSE 2000 + {two} END AS VARCHAR)"
        year = year.replace("VARCHAR", "STRING") if sql.name == "spark" else year
    day = (
        f"({_pad(year, 4)} || '-' || {_pad(part('m', '1'), 2)} || '-' || {_pad(part('d', '1'), 2)})"
    )
    fraction = part("f", "")
    clock = (
        f"({_pad(part('H', '0'), 2)} || ':' || {_pad(part('M', '0'), 2)} || ':' || "
        f"{_pad(part('S', '0'), 2)} || '.' || rpad({fraction}, 6, '0'))"
    )
    stamp = sql.try_cast(f"{day} || ' ' || {clock}", "TIMESTAMP")
    checks = [sql.full_match(CELL, pattern), f"{sql.try_cast(day, 'DATE')} IS NOT NULL",
              f"TRY_CAST({part('S', '0')} AS INT) <= 59", f"{stamp} IS NOT NULL",
              f"TRY_CAST({year} AS INT) >= 1"]  # fmt: skip  # Python has no year 0
    valid = "(" + " AND ".join(checks) + ")"
    if kind == "date":
        return TypeSql(valid, sql.try_cast(day, "DATE"), "date")
    if kind == "datetime":
        return TypeSql(valid, stamp, "datetime")
    seconds = (
        f"(TRY_CAST({part('H', '0')} AS INT) * 3600 + TRY_CAST({part('M', '0')} AS INT) * 60"
        f" + TRY_CAST({part('S', '0')} AS INT) + TRY_CAST('0.' || {fraction} || '0' AS DOUBLE))"
    )
    return TypeSql(valid, seconds, "time")


def strptime_regex(fmt: str) -> tuple[str, list[str]]:
    """The regular expression strptime matches fmt with, and its groups' directives in order."""
    out, groups, index = [], [], 0
    while index < len(fmt):
        char = fmt[index]
        if char == "%":
            directive = fmt[index + 1 : index + 2]
            if directive == "%":
                out.append("%")
            elif directive in STRPTIME:
                if directive in groups:
                    raise UnsupportedField(f"format {fmt!r} repeats %{directive}")
                out.append(f"({STRPTIME[directive]})")
                groups.append(directive)
            else:
                raise UnsupportedField(f"format directive %{directive} in {fmt!r}")
            index += 2
        elif char.isspace():
            while index < len(fmt) and fmt[index].isspace():
                index += 1
            out.append(r"[ \t\n\r\x0b\x0c]+")
        else:
            upper, lower = char.upper(), char.lower()
            out.append(f"[{upper}{lower}]" if upper != lower else re.escape(char))
            index += 1
    if "y" in groups and "Y" in groups:
        raise UnsupportedField(f"format {fmt!r} has both %y and %Y")
    return "".join(out), groups
