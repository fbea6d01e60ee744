"""The validation plan: every check a package's Table Schemas ask for, as data.

Built once from a descriptor, for one SQL dialect, and run by an engine (DuckDB or Spark).
Cell checks are SQL predicates over `$cell`, the text of one cell; keys are lists of field
names that the engine turns into GROUP BY and anti-joins.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from claimpack.tableschema.fields import (
    CELL,
    INTEGER_SQL,
    TypeSql,
    UnsupportedField,
    type_sql,
)
from claimpack.tableschema.package import Dialect, PackageSpec, ResourceSpec, refuse
from claimpack.tableschema.sql import DUCKDB, Sql, constant

VALUE = "$value"
BOUNDS = {"minimum": "<", "maximum": ">", "exclusiveMinimum": "<=", "exclusiveMaximum": ">="}
# (a cell fails a bound where it compares so with it)
SUPPORTED_CONSTRAINTS = {"required", "unique", "pattern", "enum", "minLength", "maxLength",
                         *BOUNDS}  # fmt: skip
V2_CONSTRAINTS = ("exclusiveMinimum", "exclusiveMaximum")  # Table Schema v2 only
# Schema properties that change what is valid and that this engine does not implement (Table
# Schema v2); any other property is a custom one (such as claimpack's matchKey) and is ignored,
# as frictionless ignores it.
UNSUPPORTED_SCHEMA = {"uniqueKeys", "fieldsMatch"}


@dataclass(frozen=True)
class CellCheck:
    """One constraint: the frictionless error it raises where `failing` holds."""

    error: str
    constraint: str
    failing: str
    note: str


@dataclass(frozen=True)
class FieldPlan:
    number: int
    name: str
    type: str
    format: str
    missing: str
    valid: str
    value: str
    kind: str
    checks: tuple[CellCheck, ...] = ()
    unique: bool = False
    true_text: str = "true"
    false_text: str = "false"
    delimiter: str | None = None  # a list of strings: in a text cell, items joined by it
    plain: str | None = None  # a cell in the type's plain form (fields.TypeSql)
    plain_value: str | None = None  # its value


@dataclass(frozen=True)
class ForeignKeyPlan:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class ResourcePlan:
    name: str
    path: str
    file: Path
    format: str
    dialect: Dialect
    fields: tuple[FieldPlan, ...]
    missing_values: tuple[str, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKeyPlan, ...] = ()
    bytes: int | None = None
    hash: str | None = None


@dataclass(frozen=True)
class Plan:
    sql: Sql
    resources: tuple[ResourcePlan, ...] = field(default_factory=tuple)

    def resource(self, name: str) -> ResourcePlan:
        return next(r for r in self.resources if r.name == name)

    def describe(self) -> list[dict[str, Any]]:
        """The checks one per line, for reading: resource, field, error type, SQL."""
        rows: list[dict[str, Any]] = []
        for resource in self.resources:
            for f in resource.fields:
                base = {"resource": resource.name, "field": f.name}
                rows.append(base | {"error": "type-error", "sql": f"NOT {f.valid}"})
                rows += [base | {"error": c.error, "constraint": c.constraint, "sql": c.failing}
                         for c in f.checks]  # fmt: skip
                if f.unique:
                    rows.append(base | {"error": "unique-error", "sql": "GROUP BY value"})
            if resource.primary_key:
                rows.append({"resource": resource.name, "error": "primary-key",
                             "fields": list(resource.primary_key)})  # fmt: skip
            for fk in resource.foreign_keys:
                rows.append({"resource": resource.name, "error": "foreign-key",
                             "fields": list(fk.fields), "reference": fk.resource,
                             "referenceFields": list(fk.reference_fields)})  # fmt: skip
        return rows


def build_plan(package: PackageSpec, sql: Sql) -> Plan:
    """Every check the package's schemas ask for; refuses what the engine cannot judge."""
    resources = tuple(_resource(r, package, sql) for r in package.resources)
    return Plan(sql, resources)


def _resource(spec: ResourceSpec, package: PackageSpec, sql: Sql) -> ResourcePlan:
    shown, place = package.descriptor.as_posix(), f"resources[{spec.index}].schema"
    schema = spec.schema
    unknown = sorted(set(schema) & UNSUPPORTED_SCHEMA)
    if unknown:
        raise refuse(shown, place, f"schema properties {unknown} are not supported")
    fields = schema.get("fields")
    if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
        raise refuse(shown, place, "a schema needs a list of fields")
    refuse_wide(shown, place, len(fields))
    misshapen = _misshapen(schema, package.version_1)
    if misshapen is not None:
        raise refuse(shown, f"{place}.{misshapen[0]}", misshapen[1])
    missing = missing_values(schema.get("missingValues", [""]))
    native = spec.format == "parquet"
    plans = []
    for number, field_ in enumerate(fields, start=1):
        try:
            plans.append(_field(field_, number, missing, sql, native))
        except UnsupportedField as error:  # at the field (and the member) it is about
            member = f"{place}.fields[{number - 1}]" + (f".{error.member}" if error.member else "")
            raise refuse(shown, member, str(error)) from None
    names = [f.name for f in plans]
    repeated = next((n for n, name in enumerate(names) if name in names[:n]), None)
    if repeated is not None:  # a key or a label naming it would name either (frictionless:
        message = f"repeats the field name {names[repeated]!r}: names must be unique"
        raise refuse(shown, f"{place}.fields[{repeated}]", message)  # schema-error)
    primary = schema.get("primaryKey", [])
    primary = [primary] if isinstance(primary, str) else list(primary)
    unknown_key = [name for name in primary if name not in names]
    if unknown_key:
        message = f"names {unknown_key[0]!r}, which is not a field of the schema"
        raise refuse(shown, f"{place}.primaryKey", message)
    keys = []
    for index, fk in enumerate(schema.get("foreignKeys", [])):
        own = fk.get("fields")
        reference = fk.get("reference", {})
        other = reference.get("fields")
        own = tuple([own] if isinstance(own, str) else own or [])
        other = tuple([other] if isinstance(other, str) else other or [])
        target = reference.get("resource") or spec.name
        wrong = (
            "names no fields"
            if not own
            else f"references resource {target!r}, which the package does not have"
            if package.resource(target) is None
            else f"has {len(own)} fields {list(own)} and {len(other)} reference fields "
            f"{list(other)}: they are paired one to one"
            if len(own) != len(other)
            else f"names {unknown[0]!r}, which is not a field of the schema"
            if (unknown := [name for name in own if name not in names])
            else None
        )
        if wrong:
            raise refuse(shown, f"{place}.foreignKeys[{index}]", wrong)
        keys.append(ForeignKeyPlan(own, target, other))
    return ResourcePlan(
        name=spec.name,
        path=spec.path,
        file=spec.file,
        format=spec.format,
        dialect=spec.dialect,
        fields=tuple(plans),
        missing_values=missing,
        primary_key=tuple(primary),
        foreign_keys=tuple(keys),
        bytes=spec.bytes,
        hash=spec.hash,
    )


# DuckDB plans a table's checks in time that grows faster than its width (500 columns: 8 s,
# 900: 40 s), and refuses an expression deeper than 1,000: wider tables are refused.
MAX_COLUMNS = 500


def refuse_wide(file: str, place: str, columns: int) -> None:
    """Refused, naming the file, when a table has more than MAX_COLUMNS fields or labels."""
    if columns > MAX_COLUMNS:
        message = f"{columns} columns: this engine reads tables of up to {MAX_COLUMNS}"
        raise refuse(file, place, message)


def _texts(value: Any, one: bool = False) -> bool:
    """A list of strings (or, where `one`, a string)."""
    return (one and isinstance(value, str)) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    )


def _count(value: Any) -> bool:
    """A whole number, 0 or more (not a boolean, which Python counts as one)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# A pattern's grammar RE2 (DuckDB) and Java (Spark) share with Python's: no look-around, no
# back-reference (docs/validation.md), none of Python's constructs RE2 lacks: \Z, comments
# (?#...), atomic groups (?>...), conditionals (?(1)...).
NOT_SHARED_REGEX = re.compile(r"(?<!\\)\(\?<?[=!]|(?<!\\)\\[1-9]")
NOT_IN_RE2 = re.compile(r"(?<!\\)(?:\\Z|\(\?[#>(])")


def _misshapen(schema: dict[str, Any], version_1: bool = True) -> tuple[str, str] | None:
    """(where, what) of the first member of a schema that is not of the shape the Table
    Schema standard gives it (a key of the wrong type, constraints that are no object, a
    pattern that is no regular expression, a member of Table Schema v2 in a v1 package);
    None when there is none. Each is refused before it is read wrongly (the letters of "NA"
    taken as missing values) or breaks a query."""
    if "primaryKey" in schema and not _texts(schema["primaryKey"], one=True):
        return "primaryKey", "must be a field name or a list of them"
    wrong = _missing_shape(schema.get("missingValues", []), version_1)
    if wrong is not None:
        return "missingValues", wrong
    foreign = schema.get("foreignKeys", [])
    if not isinstance(foreign, list):
        return "foreignKeys", "must be a list of foreign keys"
    for index, fk in enumerate(foreign):
        reference = fk.get("reference") if isinstance(fk, dict) else None
        if (
            not isinstance(reference, dict)
            or not _texts(fk.get("fields"), one=True)
            or not _texts(reference.get("fields"), one=True)
            or not isinstance(reference.get("resource", ""), str)
        ):
            return (
                f"foreignKeys[{index}]",
                "a foreign key is {fields, reference: {resource, fields}}, fields as names",
            )
    for index, field_ in enumerate(schema["fields"]):
        where = f"fields[{index}]"
        constraints = field_.get("constraints", {})
        if not isinstance(constraints, dict):
            return f"{where}.constraints", "must be an object"
        wrong = _missing_shape(field_.get("missingValues", []), version_1)
        if wrong is not None:
            return f"{where}.missingValues", wrong
        for key in ("trueValues", "falseValues"):
            if key in field_ and not _texts(field_[key]):
                return f"{where}.{key}", "must be a list of strings"
        for key in ("type", "format", "title", "description", "rdfType"):
            if key in field_ and not isinstance(field_[key], str):
                return f"{where}.{key}", "must be a string"
        if "required" in field_:  # frictionless: field-error, not read as the constraint
            return f"{where}.required", 'is a constraint: it belongs in "constraints"'
        if "bareNumber" in field_ and not isinstance(field_["bareNumber"], bool):
            return f"{where}.bareNumber", "must be true or false"
        for key in ("groupChar", "decimalChar"):
            if key in field_ and not (isinstance(field_[key], str) and field_[key]):
                return f"{where}.{key}", "must be a string of one or more characters"
        shape = _constraint_shape(constraints)
        if shape is not None:
            return f"{where}.constraints.{shape[0]}", shape[1]
        newer = next((key for key in V2_CONSTRAINTS if key in constraints), None)
        if version_1 and newer is not None:  # frictionless: field-error
            return f"{where}.constraints.{newer}", f"is Table Schema v2: {NAME_V2}"
    return None


NAME_V2 = 'the package must name a Data Package 2.x profile as its "$schema"'


def _missing_shape(entries: Any, version_1: bool) -> str | None:
    """What is wrong with a missingValues member, or None: a list of strings, or (Table
    Schema v2) of objects {value, label}, each value and each label given once."""
    if _texts(entries):
        return None
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and _texts(entry.get("value"), one=True)
        and _texts(entry.get("label", ""), one=True)
        for entry in entries
    ):  # fmt: skip
        return "must be a list of strings, or (Table Schema v2) of objects {value, label}"
    if version_1:  # frictionless: schema-error or field-error
        return f"objects {{value, label}} are Table Schema v2: {NAME_V2}"
    for member in ("value", "label"):
        given = [entry[member] for entry in entries if member in entry]
        repeated = next((v for n, v in enumerate(given) if v in given[:n]), None)
        if repeated is not None:
            return f"gives the {member} {repeated!r} twice"
    return None


def missing_values(entries: list[Any]) -> tuple[str, ...]:
    """The values a missingValues member names: its strings, or its objects' `value`s."""
    return tuple(entry["value"] if isinstance(entry, dict) else str(entry) for entry in entries)


def _constraint_shape(constraints: dict[str, Any]) -> tuple[str, str] | None:
    """(constraint, what) of the first constraint not of its standard shape, as _misshapen."""
    for key in ("required", "unique"):
        if key in constraints and not isinstance(constraints[key], bool):
            return key, "must be true or false"
    for key in ("minLength", "maxLength"):
        if key in constraints and not _count(constraints[key]):
            return key, "must be a whole number, 0 or more"
    if "enum" in constraints and not isinstance(constraints["enum"], list):
        return "enum", "must be a list of values"
    for key in BOUNDS:
        if key in constraints and not isinstance(constraints[key], str | int | float):
            return key, "must be a number, a string or a boolean"
    if "pattern" in constraints:
        pattern = constraints["pattern"]
        if not isinstance(pattern, str):
            return "pattern", "must be a string"
        try:
            with warnings.catch_warnings():  # a POSIX class warns, and is refused below
                warnings.simplefilter("ignore", FutureWarning)
                re.compile(pattern)
        except re.error as error:
            return "pattern", f"is not a regular expression: {error}"
        if NOT_SHARED_REGEX.search(pattern):
            return "pattern", "look-arounds and back-references are not read by this engine"
        if NOT_IN_RE2.search(pattern):
            reason = "\\Z, (?#, (?> and (?( are not read by this engine"
            return "pattern", f"{reason} (a pattern matches the whole value: \\Z is not needed)"
        for construct, (reason, advice) in READ_OTHERWISE.items():
            if construct.search(pattern):
                return "pattern", f"{reason}: RE2 reads it otherwise ({advice})"
    return None


# Patterns Python and RE2 both compile but read differently: refused rather than judged
# wrongly. Python's `{,3}` is 0 to 3 repetitions, RE2's the text "{,3}"; RE2's `[[:alpha:]]`
# is a letter, Python's a set of the characters "[:alph" followed by "]".
READ_OTHERWISE = {
    re.compile(r"(?<!\\)\{,[0-9]"): ("a repetition {,n}", "write {0,n}"),
    re.compile(r"\[:\^?[a-z]+:\]"): ("a POSIX class such as [:alpha:]", "write the characters out"),
}


def shared_pattern(pattern: str) -> str:
    """A pattern with Python's escapes for a character by its code or name (\\u00e9,
    \\U0001F600, \\N{LATIN SMALL LETTER E WITH ACUTE}), which RE2 lacks, written \\x{e9}, which
    RE2 and Java read alike; every other escape as it is."""

    def by_code(escape: re.Match[str]) -> str:
        text = escape.group(1)
        if text[0] in "uU" and len(text) > 1:
            return f"\\x{{{text[1:]}}}"
        if text.startswith("N{"):
            return f"\\x{{{ord(unicodedata.lookup(text[2:-1])):x}}}"
        return escape.group(0)

    return re.sub(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|.)", by_code, pattern, flags=re.S)


def missing_sql(values: tuple[str, ...], sql: Sql) -> str:
    listed = f" OR {CELL} IN ({', '.join(sql.lit(v) for v in values)})" if values else ""
    return f"({CELL} IS NULL{listed})"


def any_field(number: int, name: str, missing: tuple[str, ...], sql: Sql) -> FieldPlan:
    """The field frictionless makes up for a label the schema has no field for."""
    return FieldPlan(number, name, "any", "default", missing_sql(missing, sql), "TRUE", CELL,
                     "string")  # fmt: skip


def expected_fields(
    resource: ResourcePlan, labels: list[str] | None, sql: Sql
) -> tuple[FieldPlan, ...]:
    """frictionless' expected fields: one per label (the schema's by position, an `any` field
    named after the label beyond them); all the schema's when there is no header, or a blank
    one (a blank first line: its rows are still checked against the schema)."""
    if not labels:
        return resource.fields
    own = resource.fields[: len(labels)]
    extra = [any_field(n, labels[n - 1], resource.missing_values, sql)
             for n in range(len(own) + 1, len(labels) + 1)]  # fmt: skip
    return (*own, *extra)


def _field(
    descriptor: dict[str, Any], number: int, missing: tuple[str, ...], sql: Sql,
    native: bool = False,
) -> FieldPlan:  # fmt: skip
    """One field's checks. A field with a delimiter is a list of strings: of type string its
    cells are the items joined by it (CSV, or text in Parquet); in Parquet (native lists) it
    may be of type any, a list column whose items joined by it are checked as that text."""
    name = descriptor.get("name")
    if not isinstance(name, str):
        raise UnsupportedField(f"field {number} has no name")
    constraints = descriptor.get("constraints", {})
    unknown = sorted(set(constraints) - SUPPORTED_CONSTRAINTS)
    if unknown:
        raise UnsupportedField(f"constraints {unknown} of field {name!r}")
    if "missingValues" in descriptor:
        missing = missing_values(descriptor["missingValues"])
    delimiter = descriptor.get("delimiter")
    kinds = ("string", "any") if native else ("string",)
    if delimiter is not None and (
        not isinstance(delimiter, str) or not delimiter or descriptor.get("type") not in kinds
    ):
        raise UnsupportedField(
            f"delimiter of field {name!r}: claimpack reads lists of strings, of type "
            f"{' or '.join(kinds)} with a non-empty text delimiter"
        )
    field_type = str(descriptor.get("type", "string"))
    checked_as = "string" if delimiter is not None else field_type  # a list: its joined text
    for constraint in constraints:
        if constraint not in TYPE_CONSTRAINTS.get(checked_as, SUPPORTED_CONSTRAINTS):
            message = f'constraint "{constraint}" is not supported by type "{field_type}"'
            raise UnsupportedField(message, f"constraints.{constraint}")
    reader = type_sql(descriptor, sql)
    for bound in BOUNDS:
        if bound in constraints and not _reads_as(constraints[bound], descriptor):
            fmt = descriptor.get("format", "default")
            written = "" if fmt == "default" else f" written {fmt!r}"
            message = (
                f"{bound} {constraints[bound]!r} is not a value of type {field_type!r}{written}"
            )
            raise UnsupportedField(message, f"constraints.{bound}")
    example = descriptor.get("example")
    if example and not _example_reads(example, descriptor):  # frictionless: field-error
        fmt = descriptor.get("format", "default")
        written = "" if fmt == "default" else f" written {fmt!r}"
        message = f"example {example!r} is not a value of type {field_type!r}{written}"
        raise UnsupportedField(message, "example")
    if "pattern" in constraints:
        unread = sql.pattern_error(shared_pattern(constraints["pattern"]))
        if unread is not None:
            message = f"is not read by this engine's regular expressions (RE2): {unread}"
            raise UnsupportedField(message, "constraints.pattern")
    checks = tuple(_constraints(constraints, descriptor, reader, sql))
    return FieldPlan(
        number=number,
        name=name,
        type=str(descriptor.get("type", "string")),
        format=str(descriptor.get("format", "default")),
        missing=missing_sql(missing, sql),
        valid=f"COALESCE({reader.valid}, FALSE)",
        value=reader.value,
        kind=reader.kind,
        checks=checks,
        unique=bool(constraints.get("unique")),
        true_text=str((descriptor.get("trueValues") or ["true"])[0]),
        false_text=str((descriptor.get("falseValues") or ["false"])[0]),
        delimiter=delimiter,
        plain=reader.plain,
        plain_value=reader.plain_value,
    )


def parquet_cells(
    resource: ResourcePlan, labels: list[str], columns: list[str], types: list[str], sql: Sql
) -> tuple[tuple[FieldPlan, ...], list[str]]:
    """The fields that check a Parquet file's columns (named `columns` in SQL, of `types` as
    the engine names them), and each column as the text a CSV would hold. A list of strings
    fits a field of type any with a delimiter (a list field), any column another field of
    type any, a column of single values any other field; a column that does not fit is a
    type error in every cell it fills."""
    fields = expected_fields(resource, labels, sql)
    checked, cells = [], []
    for f, column, kind in zip(fields, columns, types, strict=True):
        if f.type == "string":  # text: a number or bytes are no string (frictionless: type-error)
            fits = sql.is_text(kind)
        elif f.type != "any":
            fits = not sql.is_nested(kind)
        else:
            fits = f.delimiter is None or sql.is_text_list(kind)
        if not fits:
            f = replace(f, valid="FALSE", plain=None)
        checked.append(f)
        cells.append(
            sql.typed_as_text(
                column, kind, f.type, f.true_text, f.false_text, f.delimiter, f.format
            )
        )
    return tuple(checked), cells


# The constraints each type takes (frictionless' `supported_constraints`, and `unique`); a
# schema that puts another on a field is an invalid schema (frictionless: field-error).
_ORDERED = {"required", "unique", "enum", *BOUNDS}
TYPE_CONSTRAINTS = {
    "string": {"required", "unique", "enum", "pattern", "minLength", "maxLength"},
    "boolean": {"required", "unique", "enum"},
    "any": {"required", "unique", "enum"},
    **{kind: _ORDERED for kind in ("integer", "number", "date", "time", "datetime", "year",
                                   "yearmonth")},
}  # fmt: skip


def _reads_as(value: Any, descriptor: dict[str, Any]) -> bool:
    """Whether a bound is a value of the field's type, read as frictionless reads it (its
    value_reader): a JSON number as that number (non_text_value), text by the field's own
    reader (its format, bareNumber, groupChar, decimalChar), NaN as no bound (frictionless
    raises comparing with it). One that is not would compare with nothing, and the
    constraint would pass every cell unseen."""
    if isinstance(value, bool):
        return False
    if not isinstance(value, str):
        return non_text_value(value, str(descriptor.get("type", "string"))) is not None
    reader = type_sql(descriptor, DUCKDB)  # the grammars are the same in every engine
    text = DUCKDB.lit(value)
    valid = reader.valid.replace(CELL, text)
    if reader.kind == "number":
        valid = f"({valid} AND NOT isnan({reader.value.replace(CELL, text)}))"
    return constant(valid) is True


def non_text_value(value: Any, field_type: str) -> bool | int | float | None:
    """A value given in JSON as a number or a boolean, as frictionless' readers read it (not
    as text: a bound of 1000.5 on a field whose groupChar is "." is no 10005): a boolean for
    booleans, a whole number for integers, any number (but NaN) for numbers, a whole number
    from 0 to 9999 for years; None where the type reads no such value."""
    if isinstance(value, bool):
        return value if field_type == "boolean" else None
    if not isinstance(value, int | float):
        return None
    if field_type == "integer":
        return int(value) if isinstance(value, int) or value.is_integer() else None
    if field_type == "number":
        return value if value == value else None
    if field_type == "year":
        return value if isinstance(value, int) and 0 <= value <= 9999 else None
    return None


def _example_reads(example: Any, descriptor: dict[str, Any]) -> bool:
    """Whether a field's example is a value of its type, read as frictionless reads it: by
    the type and format alone (and a boolean's true and false values), not by the field's
    groupChar, bareNumber or missing values."""
    field_type = str(descriptor.get("type", "string"))
    if field_type == "any":
        return True
    if not isinstance(example, str):
        return non_text_value(example, field_type) is not None
    kept = ["type", "format"] + (["trueValues", "falseValues"] if field_type == "boolean" else [])
    reader = type_sql({key: descriptor[key] for key in kept if key in descriptor}, DUCKDB)
    return constant(reader.valid.replace(CELL, DUCKDB.lit(example))) is True


def _constant(value: Any, field: dict[str, Any], reader: TypeSql, sql: Sql) -> str:
    """A constraint's value read as the field reads cells (frictionless calls value_reader)."""
    if not isinstance(value, str):  # a JSON number or boolean is that value, not its text
        field_type = str(field.get("type", "string"))
        read = non_text_value(value, field_type)
        if read is None:  # a number is no text, no boolean, no date: no value
            return "NULL"
        if isinstance(read, bool):
            return "TRUE" if read else "FALSE"
        if field_type == "number":
            return sql.try_cast(sql.lit(repr(float(read))), "DOUBLE")
        return sql.try_cast(sql.lit(str(read)), INTEGER_SQL)
    text = sql.lit(value)
    valid, value = reader.valid.replace(CELL, text), reader.value.replace(CELL, text)
    return f"(CASE WHEN {valid} THEN {value} END)"


def _constraints(
    constraints: dict[str, Any], field: dict[str, Any], reader: TypeSql, sql: Sql
) -> list[CellCheck]:
    """Checks on a present, well-typed cell; `required` is checked on missing ones. They read
    `$value`, the value as read, which the engine computes once per cell."""
    value, checks = VALUE, []
    nan = f"isnan({value})" if reader.kind == "number" else "FALSE"
    for name, constraint in constraints.items():
        note = f'constraint "{name}" is "{constraint}"'
        if name == "required" and constraint:
            checks.append(CellCheck("constraint-error", name, "MISSING", note))
        elif name == "pattern":
            failing = "NOT " + sql.full_match(CELL, "(?:" + shared_pattern(constraint) + ")\\n?")
            checks.append(CellCheck("constraint-error", name, failing, note))
        elif name == "enum":
            options = ", ".join(_constant(v, field, reader, sql) for v in constraint)
            failing = f"NOT COALESCE({value} IN ({options}), FALSE)" if options else "TRUE"
            checks.append(CellCheck("constraint-error", name, failing, note))
        elif name in BOUNDS:
            op = BOUNDS[name]
            bound = _constant(constraint, field, reader, sql)
            failing = f"({nan} OR COALESCE({value} {op} {bound}, FALSE))"
            checks.append(CellCheck("constraint-error", name, failing, note))
        elif name in ("minLength", "maxLength"):
            op = "<" if name == "minLength" else ">"
            failing = f"(length({CELL}) {op} {int(constraint)})"
            checks.append(CellCheck("constraint-error", name, failing, note))
    return checks
