"""The only place where DuckDB SQL and Spark SQL differ: literals, regular expressions,
safe casts, null-safe equality. Everything else is written once, in the common subset.

Regular expressions are kept to what RE2 (DuckDB) and java.util.regex (Spark) read alike:
classes, groups, (?:...), (?s:.), \\z; never $, which Java also matches before a final newline.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sql:
    name: str

    def lit(self, text: str) -> str:
        """A string literal (Spark reads backslash escapes in literals, DuckDB does not)."""
        if self.name == "spark":
            return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return "'" + text.replace("'", "''") + "'"

    def ident(self, name: str) -> str:
        if self.name == "spark":
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def full_match(self, expr: str, pattern: str) -> str:
        if self.name == "spark":
            anchored = self.lit("^(?:" + pattern + ")\\z")
            return f"({expr} RLIKE {anchored})"
        return f"regexp_full_match({expr}, {self.lit(pattern)})"

    def extract(self, expr: str, pattern: str, group: int) -> str:
        """Group `group` of the first match of pattern ('' when none), in both dialects."""
        return f"regexp_extract({expr}, {self.lit(pattern)}, {group})"

    def strip_prefix(self, expr: str, pattern: str) -> str:
        """Remove the one match of an anchored pattern (DuckDB replaces the first match only)."""
        return f"regexp_replace({expr}, {self.lit(pattern)}, '')"

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

    def text(self, expr: str) -> str:
        return f"CAST({expr} AS {'STRING' if self.name == 'spark' else 'VARCHAR'})"


DUCKDB = Sql("duckdb")
SPARK = Sql("spark")
