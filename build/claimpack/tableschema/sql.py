"""The only place where DuckDB SQL and Spark SQL differ: literals, regular expressions,
safe casts, null-safe equality. Everything else is written once, in the common subset.

Regular expressions are kept to what RE2 (DuckDB) and java.util.regex (Spark) read alike:
classes, groups, (?:...), (?s:.), \\z; never $, which Java also matches before a final newline.
Spark's patterns start with (?d), so that `.` stops only at a line feed, as in RE2 and Python
(Java also stops at \\r, \\u0085, \\u2028 and \\u2029).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# (field type, column type) pairs whose values a field's format writes as text.
TEMPORAL_COLUMNS = {
    ("date", "date"), ("datetime", "timestamp"), ("datetime", "timestamp_ns"),
    ("datetime", "timestamp_ms"), ("datetime", "timestamp_s"), ("datetime", "timestamp_ntz"),
    ("time", "time"),
}  # fmt: skip
JAVA_PATTERN = {"Y": "yyyy", "y": "yy", "m": "MM", "d": "dd", "H": "HH", "M": "mm", "S": "ss",
                "f": "SSSSSS", "%": "%"}  # fmt: skip


@dataclass(frozen=True)
class Sql:
    name: str

    def typed_as_text(
        self,
        column: str,
        column_type: str,
        field_type: str,
        true_text: str,
        false_text: str,
        delimiter: str | None = None,
        fmt: str = "default",
    ) -> str:
        """A typed Parquet column as the text a CSV would hold, so that both formats go through
        the same checks: booleans as the field's true/false words, a whole float in an integer
        field as the integer (any other, 2.5, inf or 1e39, as it prints), a list of strings in
        a list field as its items joined by the delimiter (an empty list as an empty cell),
        any other nested value as JSON, a date, time or timestamp in a field of its type
        with a `%` format written in that format (which describes text: a typed value has
        none, and its default rendering would not match it)."""
        text = "STRING" if self.name == "spark" else "VARCHAR"
        if delimiter is not None and self.is_text_list(column_type):
            join = "array_join" if self.name == "spark" else "array_to_string"
            return f"{join}({column}, {self.lit(delimiter)})"
        if self.is_nested(column_type):
            return self.text(f"to_json({column})")
        column_type = column_type.lower()
        if "%" in fmt and (field_type, column_type) in TEMPORAL_COLUMNS:
            return self._strftime(column, column_type, fmt)
        if column_type == "boolean" and field_type == "boolean":
            true, false = self.lit(true_text), self.lit(false_text)  # a null stays missing
            return f"CASE WHEN {column} THEN {true} WHEN NOT {column} THEN {false} END"
        if column_type in ("double", "float") and field_type == "integer":
            wide = "DECIMAL(38,0)" if self.name == "spark" else "HUGEINT"
            whole = f"TRY_CAST({column} AS {wide})"
            return (
                f"CASE WHEN {whole} = {column} THEN CAST({whole} AS {text}) "
                f"ELSE CAST({column} AS {text}) END"
            )
        return f"CAST({column} AS {text})"

    def is_nested(self, column_type: str) -> bool:
        """Whether a column of this type (as the engine names it) holds lists, structs or maps."""
        kind = column_type.lower()
        if self.name == "spark":
            return kind.startswith(("array<", "struct<", "map<"))
        return kind.endswith("]") or kind.startswith(("struct", "map", "union"))

    def is_text(self, column_type: str) -> bool:
        """Whether a column of this type holds text (UTF-8 strings, dictionary-encoded or not)."""
        return column_type.lower() == ("string" if self.name == "spark" else "varchar")

    def is_text_list(self, column_type: str) -> bool:
        """Whether a column of this type holds lists of strings."""
        return column_type.lower() == ("array<string>" if self.name == "spark" else "varchar[]")

    def lit(self, text: str) -> str:
        """A string literal (Spark reads backslash escapes in literals, DuckDB does not)."""
        if self.name == "spark":
            return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return "'" + text.replace("'", "''") + "'"

    def _strftime(self, column: str, column_type: str, fmt: str) -> str:
        """A temporal column as text in a strptime format of the directives fields.py reads
        (%Y %y %m %d %H %M %S %f), in Java's pattern letters for Spark."""
        if self.name != "spark":
            moment = f"(DATE '1900-01-01' + {column})" if column_type == "time" else column
            return f"strftime({moment}, {self.lit(fmt)})"
        parts = re.split(r"(%.)", fmt)
        java = "".join(
            JAVA_PATTERN.get(part[1:], "") if part.startswith("%")
            else "'" + part.replace("'", "''") + "'" if part else ""
            for part in parts
        )  # fmt: skip
        return f"date_format({column}, {self.lit(java)})"

    def file(self, path: Path) -> str:
        """A file's path as a literal DuckDB's readers open as that one file: they read
        * ? [ ] as a pattern of file names, so each is written as a class of itself."""
        return self.lit(re.sub(r"([*?\[\]])", r"[\1]", str(path)))

    def ident(self, name: str) -> str:
        if self.name == "spark":
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def regex(self, pattern: str) -> str:
        """A regular expression as a literal of this dialect."""
        return self.lit("(?d)" + pattern if self.name == "spark" else pattern)

    def full_match(self, expr: str, pattern: str) -> str:
        if self.name == "spark":
            anchored = self.regex("^(?:" + pattern + ")\\z")
            return f"({expr} RLIKE {anchored})"
        return f"regexp_full_match({expr}, {self.lit(pattern)})"

    def pattern_error(self, pattern: str) -> str | None:
        """Why the engine cannot compile a pattern Python compiles (RE2 has no possessive
        quantifiers, `(?P=name)`, `(?x)` or `(?a)`, nor repetitions over 1,000), or None.
        Java reads those, so Spark's patterns are left to Spark."""
        if self.name == "spark":
            return None
        import duckdb  # here: the plan is built without a database

        try:
            constant("regexp_full_match('', ?)", pattern)
        except duckdb.Error as error:
            return str(error).removeprefix("Invalid Input Error: ")
        return None

    def matches_at_end(self, expr: str, pattern: str) -> str:
        """Whether the text ends with a match of pattern."""
        at_end = pattern + "\\z"
        if self.name == "spark":
            return f"({expr} RLIKE {self.regex(at_end)})"
        return f"regexp_matches({expr}, {self.lit(at_end)})"

    def extract(self, expr: str, pattern: str, group: int) -> str:
        """Group `group` of the first match of pattern ('' when none), in both dialects."""
        return f"regexp_extract({expr}, {self.regex(pattern)}, {group})"

    def extract_all(self, expr: str, pattern: str, group: int) -> str:
        """Group `group` of every match of pattern, left to right, as a list."""
        return f"regexp_extract_all({expr}, {self.regex(pattern)}, {group})"

    def replace_by_group(self, expr: str, pattern: str) -> str:
        """Every match of pattern replaced by its first group."""
        if self.name == "spark":
            return f"regexp_replace({expr}, {self.regex(pattern)}, '$1')"
        return f"regexp_replace({expr}, {self.lit(pattern)}, '\\1', 'g')"

    def strip_line_ends(self, expr: str) -> str:
        """The text without the line feeds and carriage returns it ends with."""
        if self.name == "spark":
            line_ends = self.regex("[\\r\\n]+\\z")
            return f"regexp_replace({expr}, {line_ends}, '')"
        return f"rtrim({expr}, chr(13) || chr(10))"

    def transform(self, items: str, name: str, expr: str) -> str:
        """expr (over `name`) applied to every element of a list."""
        if self.name == "spark":
            return f"transform({items}, {name} -> {expr})"
        return f"list_transform({items}, lambda {name}: {expr})"

    def empty_list(self) -> str:
        return "CAST(array() AS ARRAY<STRING>)" if self.name == "spark" else "[]::VARCHAR[]"

    def element(self, items: str, position: int | str) -> str:
        """The position-th element (from 1) of a list, NULL beyond its end."""
        if self.name == "spark":
            return f"try_element_at({items}, {position})"
        return f"{items}[{position}]"

    def position(self, flags: str) -> str:
        """The position (from 1) of the first true in a list of booleans, NULL when none."""
        if self.name == "spark":
            return f"CAST(nullif(array_position({flags}, true), 0) AS INT)"
        return f"list_position({flags}, true)"

    def size(self, items: str) -> str:
        return f"size({items})" if self.name == "spark" else f"len({items})"

    def strip_prefix(self, expr: str, pattern: str) -> str:
        """Remove the one match of an anchored pattern (DuckDB replaces the first match only)."""
        return f"regexp_replace({expr}, {self.regex(pattern)}, '')"

    def try_cast(self, expr: str, type_: str) -> str:
        return f"TRY_CAST({expr} AS {type_})"

    def same(self, left: str, right: str) -> str:
        """Equality where NULL equals NULL, as Python compares None in key tuples."""
        if self.name == "spark":
            return f"({left} <=> {right})"
        return f"({left} IS NOT DISTINCT FROM {right})"

    def add_minutes(self, timestamp: str, minutes: str) -> str:
        if self.name == "spark":
            return f"timestampadd(MINUTE, {minutes}, {timestamp})"
        return f"({timestamp} + to_minutes(CAST({minutes} AS BIGINT)))"

    def common_table(self, name: str, body: str) -> str:
        """One entry of a WITH clause, computed once however often it is read (DuckDB would
        inline it into each reader; Spark reuses the exchange of an identical subplan)."""
        if self.name == "spark":
            return f"{name} AS ({body})"
        return f"{name} AS MATERIALIZED ({body})"

    def text(self, expr: str) -> str:
        return f"CAST({expr} AS {'STRING' if self.name == 'spark' else 'VARCHAR'})"


def constant(expression: str, *params: str) -> Any:
    """The value of a constant DuckDB expression, for checking a descriptor's constants (a
    pattern, a bound) before any data is read; in the scratch database, never the default
    one, whose results other code may hold open. Raises duckdb.Error."""
    from ..scratch import scratch

    with scratch() as db:
        (value,) = db.execute(f"SELECT {expression}", list(params)).fetchall()[0]
    return value


DUCKDB = Sql("duckdb")
SPARK = Sql("spark")
