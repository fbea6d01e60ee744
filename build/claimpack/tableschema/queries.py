"""The plan's checks as set operations, in SQL both engines run: counts and error rows.

Per resource: one streamed query counting the errors of every check (count_query), and one
UNION ALL of error rows (row checks over the rows that fail one, duplicates by GROUP BY and a
join for unique and primary keys, anti-joins for foreign keys), ordered and capped in the
database.

A loaded resource is a relation with `__row` (frictionless' row number), `__n` (cells in the
row) and `c1`..`cN` (the cells' text, NULL where the row is short); `__cells` (all the
cells, as a list) is present when rows may be longer than the header.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from claimpack.tableschema.fields import CELL
from claimpack.tableschema.plan import VALUE, FieldPlan, ForeignKeyPlan, Plan, ResourcePlan
from claimpack.tableschema.report import Error
from claimpack.tableschema.sql import DUCKDB, Sql

COLUMNS = "__row, __field, __name, __type, __cell, __note"
NUMERIC = {"integer", "number"}


@dataclass(frozen=True)
class Loaded:
    """A resource as the engine loaded it: its relation and the fields its header gives."""

    relation: str
    fields: tuple[FieldPlan, ...]
    width: int
    has_cells: bool


def at(template: str, field: FieldPlan) -> str:
    return template.replace(CELL, column(field)).replace(VALUE, typed(field))


def column(field: FieldPlan) -> str:
    return f"c{field.number}"


def typed(field: FieldPlan) -> str:
    """The value frictionless keeps for a cell: NULL when missing or not of the type."""
    return f"k{field.number}"


def typed_table(loaded: Loaded, source: str) -> str:
    """Each cell read once: m (missing), ok (of the type), k (the value, NULL unless ok)."""
    columns = []
    for f in loaded.fields:
        c = column(f)
        missing, valid = f.missing.replace(CELL, c), f.valid.replace(CELL, c)
        columns += [f"{missing} AS m{f.number}", f"{valid} AS ok{f.number}"]
        value = f.value.replace(CELL, c)
        columns.append(
            f"CASE WHEN {missing} OR NOT {valid} THEN NULL ELSE {value} END AS k{f.number}"
        )
    extra = "".join(", " + c for c in columns)
    return f"SELECT *{extra} FROM {source}"


ALWAYS_VALID = "COALESCE(TRUE, FALSE)"  # a field of type string: every cell is of the type


def not_plain_counts(loaded: Loaded, fields: list[FieldPlan]) -> str:
    """Of each field, the present cells not in the plain form of its type."""
    counts = [
        f"count(*) FILTER (WHERE NOT ({at(f.missing, f)} OR {at(f.plain or 'FALSE', f)}))"
        for f in fields
    ]
    return f"SELECT {', '.join(counts)} FROM {loaded.relation}"


def read_as_plain(field: FieldPlan) -> FieldPlan:
    """The field read as its plain form alone (every present cell is in it)."""
    assert field.plain is not None and field.plain_value is not None
    return replace(field, valid=ALWAYS_VALID, value=field.plain_value)


def blank(loaded: Loaded) -> str:
    if not loaded.fields:
        return "FALSE"
    return "(" + " AND ".join(f"m{f.number}" for f in loaded.fields) + ")"


@dataclass(frozen=True)
class RowCheck:
    """A check that reads one row alone: the SELECT of its error rows from a relation, the
    condition on a row it selects (less `not blank`), and how many error rows such a row
    gives (as SQL: 1, or the count of extra cells)."""

    select: str
    condition: str
    errors: str = "1"
    when_blank: bool = False  # the check selects blank rows (blank-row), not the others


def _cell_parts(loaded: Loaded, sql: Sql, r: str) -> list[RowCheck]:
    """Every check that reads one row alone: types, constraints, missing, extra, blank rows."""
    is_blank = blank(loaded)
    parts = []
    for f in loaded.fields:
        c, missing, valid = column(f), f"m{f.number}", f"ok{f.number}"
        name = sql.lit(f.name)

        def part(
            kind: str, where: str, note: str, f: FieldPlan = f, c: str = c, name: str = name
        ) -> RowCheck:
            cell = f"COALESCE({c}, '')"
            return RowCheck(f"SELECT __row, {f.number}, {name}, '{kind}', {cell}, "
                            f"{sql.lit(note)} FROM {r} WHERE NOT {is_blank} AND {where}",
                            where)  # fmt: skip

        if f.valid != ALWAYS_VALID:
            note = f'type is "{f.type}/{f.format}"'
            parts.append(part("type-error", f"NOT {missing} AND NOT {valid}", note))
        for check in f.checks:
            if check.failing == "MISSING":
                parts.append(part(check.error, missing, check.note))
            else:
                where = f"NOT {missing} AND {valid} AND {at(check.failing, f)}"
                parts.append(part(check.error, where, check.note))
        parts.append(part("missing-cell", f"__n < {f.number}", ""))
    if loaded.has_cells:
        beyond = f"__n > {loaded.width}"
        parts.append(
            RowCheck(
                f"SELECT __row, __pos, '', 'extra-cell', __extra, '' FROM "
                f"({_extra_cells(r, f'{beyond} AND NOT {is_blank}', loaded.width, sql)}) e",
                beyond,
                f"__n - {loaded.width}",
            )
        )
    parts.append(
        RowCheck(
            f"SELECT __row, NULL, NULL, 'blank-row', '', '' FROM {r} WHERE {is_blank}",
            is_blank,
            when_blank=True,
        )
    )
    return parts


def count_query(
    resource: ResourcePlan,
    loaded: Loaded,
    lookups: dict[int, str],
    sql: Sql = DUCKDB,
    *,
    rows: bool = True,
    keys: bool = True,
) -> str:
    """(rows, errors): the error rows every check of error_parts() would select, counted
    without row numbers or order. Zero errors means the detailed queries would find none.
    Duplicates are counted as values less distinct values, which needs no row order;
    foreign keys by a correlated NOT EXISTS (DuckDB plans it as a join). Two aggregates,
    over two scans: the checks of one row over the rows that are not blank, and those across
    rows (with the blank rows) over all. Put in one aggregate, the row checks' CASEs are
    evaluated again for each distinct count and join (2.5 times the CPU at 30 fields); and
    with the test of a blank row written into each check, DuckDB's search for common
    subexpressions takes half a second to plan them. The row checks are one sum of one CASE
    per check: one aggregate plans in half the time of one per check. Without `rows` the checks
    of one row are left out, without `keys` those across rows (a package validated by what
    changed counts them over different relations)."""
    cells: list[str] = []
    terms: list[str] = []
    for check in _cell_parts(loaded, sql, loaded.relation) if rows else ():
        counted = f"CASE WHEN {check.condition} THEN {check.errors} ELSE 0 END"
        if check.when_blank:
            terms.append(f"sum({counted})")
        else:
            cells.append(counted)
    if keys:
        terms += _key_terms(resource, loaded, lookups, sql)
    whole = f"SELECT count(*), {_total(terms)} FROM {loaded.relation}"
    if not cells:
        return whole
    summed = _total(["sum(" + " + ".join(cells) + ")"])
    rows_ = f"SELECT {summed} FROM {loaded.relation} WHERE NOT {blank(loaded)}"
    return (f"SELECT w.__rows, w.__errors + r.__errors FROM ({whole}) w(__rows, __errors) "
            f"CROSS JOIN ({rows_}) r(__errors)")  # fmt: skip


def _key_terms(
    resource: ResourcePlan, loaded: Loaded, lookups: dict[int, str], sql: Sql
) -> list[str]:
    """The counts of the checks across rows: unique fields, primary and foreign keys."""
    terms = []
    for f in loaded.fields:
        if f.unique:
            value = typed(f)
            kept = f"CASE WHEN NOT isnan({value}) THEN {value} END" if f.kind == "number" else value
            terms.append(f"(count({kept}) - count(DISTINCT {kept}))")
    names = {f.name for f in loaded.fields}
    if resource.primary_key and set(resource.primary_key) <= names:
        keys = [typed(_by_name(loaded, n)) for n in resource.primary_key]
        nulls = " AND ".join(f"{k} IS NULL" for k in keys)
        # count(DISTINCT) skips NULL, so one key needs no CASE (and is then the very
        # aggregate that a unique constraint on the field counts: computed once)
        key = keys[0] if len(keys) == 1 else f"row({', '.join(keys)})"
        distinct = key if len(keys) == 1 else f"CASE WHEN NOT ({nulls}) THEN {key} END"
        terms.append(f"(count(*) - count(DISTINCT {distinct}))")
    for index, fk in enumerate(resource.foreign_keys):
        if set(fk.fields) <= names:
            fields = [_by_name(loaded, n) for n in fk.fields]
            own = [f"CAST({typed(f)} AS DOUBLE)" if f.kind in NUMERIC else typed(f) for f in fields]
            nulls = " AND ".join(f"{k} IS NULL" for k in own)
            match = " AND ".join(sql.same(k, f"l.__k{i}") for i, k in enumerate(own))
            terms.append(
                f"sum(CASE WHEN NOT ({nulls}) AND NOT EXISTS (SELECT 1 FROM {lookups[index]} l "
                f"WHERE {match}) THEN 1 ELSE 0 END)"
            )
    return terms


def _total(terms: list[str]) -> str:
    return " + ".join(f"COALESCE({term}, 0)" for term in terms) or "0"


def flag_condition(loaded: Loaded, sql: Sql) -> str:
    """Whether a row fails any row-level check (over the typed columns)."""
    return " OR ".join(f"({check.condition})" for check in _cell_parts(loaded, sql, ""))


def flagged(loaded: Loaded, sql: Sql) -> str:
    """The rows of the loaded relation that fail a row-level check (usually none): one scan
    evaluates every check once, and the error rows are then selected from these alone."""
    return f"SELECT * FROM {loaded.relation} WHERE {flag_condition(loaded, sql)}"


def error_parts(
    resource: ResourcePlan,
    loaded: Loaded,
    lookups: dict[int, str],
    sql: Sql,
    failing: str | None = None,
) -> list[str]:
    """SELECTs of (row, field number, field name, type, cell, note), one per check.
    Row-level checks read `failing` (the relation's `flagged` rows) when given; checks
    across rows (unique, primary and foreign keys) read the whole relation."""
    r = loaded.relation
    parts = [check.select for check in _cell_parts(loaded, sql, failing or r)]
    for f in loaded.fields:
        if f.unique:
            parts.append(_unique(f, sql))
    names = {f.name for f in loaded.fields}
    if resource.primary_key and set(resource.primary_key) <= names:
        parts.extend(_primary_key(r, [_by_name(loaded, n) for n in resource.primary_key], sql))
    for index, fk in enumerate(resource.foreign_keys):
        if set(fk.fields) <= names:
            parts.append(_foreign_key(r, loaded, fk, lookups[index], sql))
    return parts


def _extra_cells(r: str, where: str, width: int, sql: Sql) -> str:
    """One row per cell beyond the header: its row, position and text (DuckDB unnests two
    lists side by side; Spark explodes the list's tail with positions)."""
    if sql.name == "spark":
        return (
            f"SELECT __row, __p + {width + 1} AS __pos, __extra FROM (SELECT __row, "
            f"posexplode(slice(__cells, {width + 1}, __n - {width})) AS (__p, __extra) "
            f"FROM {r} WHERE {where}) x"
        )
    return (
        f"SELECT __row, unnest(generate_series({width + 1}, __n)) AS __pos, "
        f"unnest(__cells[{width + 1}:]) AS __extra FROM {r} WHERE {where}"
    )


def _by_name(loaded: Loaded, name: str) -> FieldPlan:
    return next(f for f in loaded.fields if f.name == name)


def _repeats(keyed: str, keys: list[str], sql: Sql) -> str:
    """The rows of `keyed` (a subquery of __row and keys) whose keys an earlier row has: the
    keys that occur more than once, with their first row, joined back (a hash aggregate and
    a join, cheaper than a window over every row; NULL keys match NULL keys)."""
    names = ", ".join(keys)
    match = " AND ".join(sql.same(f"k.{key}", f"d.{key}") for key in keys)
    return (
        f"SELECT k.* FROM {keyed} k JOIN (SELECT {names}, min(__row) AS __first FROM {keyed} d "
        f"GROUP BY {names} HAVING count(*) > 1) d ON {match} WHERE k.__row > d.__first"
    )


def common_tables(loaded: Loaded, sql: Sql) -> list[tuple[str, str]]:
    """(name, SELECT) of what several checks read, for a WITH clause: the repeated values of
    each unique field (its unique check reads them, and so does a primary key of that field
    alone), computed once."""
    tables = []
    for f in loaded.fields:
        if f.unique:
            value = typed(f)
            nan = f" AND NOT isnan({value})" if f.kind == "number" else ""
            keyed = (f"(SELECT __row, {value} AS __value FROM {loaded.relation} "
                     f"WHERE {value} IS NOT NULL{nan})")  # fmt: skip
            tables.append((_repeated(f), _repeats(keyed, ["__value"], sql)))
    return tables


def _repeated(f: FieldPlan) -> str:
    return f"__repeated{f.number}"


def _unique(f: FieldPlan, sql: Sql) -> str:
    return (
        f"SELECT __row, {f.number}, {sql.lit(f.name)}, 'unique-error', {sql.text('__value')}, "
        f"'the same as in an earlier row' FROM {_repeated(f)}"
    )


def _primary_key(r: str, fields: list[FieldPlan], sql: Sql) -> list[str]:
    keys = ", ".join(f"{typed(f)} AS __k{i}" for i, f in enumerate(fields))
    names = [f"__k{i}" for i in range(len(fields))]
    nulls = " AND ".join(f"{typed(f)} IS NULL" for f in fields)
    note = sql.lit('cells composing the primary keys are all "None"')
    keyed = f"(SELECT __row, {keys} FROM {r} WHERE NOT ({nulls}))"
    alone = fields[0] if len(fields) == 1 and fields[0].unique else None
    repeats = (
        _repeated(alone) if alone and alone.kind != "number" else f"({_repeats(keyed, names, sql)})"
    )
    return [
        f"SELECT __row, NULL, NULL, 'primary-key', '', {note} FROM {r} WHERE {nulls}",
        f"SELECT __row, NULL, NULL, 'primary-key', '', 'the same as in an earlier row' FROM "
        f"{repeats} d",
    ]


def key_values(fields: list[FieldPlan], kinds: list[str]) -> str:
    """Key cells as comparable values: numbers of either numeric type compare as DOUBLE."""
    out = []
    for i, (f, kind) in enumerate(zip(fields, kinds, strict=True)):
        value = typed(f)
        out.append(
            f"CAST({value} AS DOUBLE) AS __k{i}" if kind == "numeric" else f"{value} AS __k{i}"
        )
    return ", ".join(out)


def comparable(own: FieldPlan, other: FieldPlan | None) -> str | None:
    """The kind both sides of a key column are compared as, or None when Python's equality
    between the two types is always False."""
    if other is None:
        return None
    if own.kind == other.kind and own.kind not in NUMERIC:
        return own.kind
    if own.kind in NUMERIC and other.kind in NUMERIC:
        return "numeric"
    return None


def unchecked_keys(
    resource: ResourcePlan, unread: set[str], plan: Plan
) -> tuple[ResourcePlan, list[Error]]:
    """The resource without its foreign keys into another resource whose file could not be
    read, and a source-error for each of them, naming that file (whose own error is reported
    under its name): its keys are unknown, so every reference would be said not found.
    frictionless too reports a source-error in the resource that looks them up."""
    skipped = [fk for fk in resource.foreign_keys if fk.resource != resource.name
               and fk.resource in unread]  # fmt: skip
    errors = [
        Error(
            "source-error",
            note=f'the foreign key "{", ".join(fk.fields)}" is not checked: its lookup table '
            f'"{fk.resource}" ({plan.resource(fk.resource).path}) cannot be read',
        )
        for fk in skipped
    ]
    kept = tuple(fk for fk in resource.foreign_keys if fk not in skipped)
    return replace(resource, foreign_keys=kept), errors


def lookup_sql(referenced: Loaded | None, own: list[FieldPlan], fk: ForeignKeyPlan) -> str:
    """The referenced keys, distinct and not all NULL (frictionless skips those)."""
    n = len(fk.fields)
    others = [next((f for f in referenced.fields if f.name == name), None) if referenced else None
              for name in fk.reference_fields]  # fmt: skip
    kinds = [comparable(a, b) for a, b in zip(own, others, strict=True)]
    if referenced is None or any(k is None for k in kinds):
        return "SELECT " + ", ".join(f"NULL AS __k{i}" for i in range(n)) + " WHERE FALSE"
    nulls = " AND ".join(f"__k{i} IS NULL" for i in range(n))
    keys = key_values([o for o in others if o is not None], [k or "" for k in kinds])
    return (
        f"SELECT DISTINCT * FROM (SELECT {keys} FROM {referenced.relation}) l WHERE NOT ({nulls})"
    )


def _foreign_key(r: str, loaded: Loaded, fk: ForeignKeyPlan, lookup: str, sql: Sql) -> str:
    fields = [_by_name(loaded, n) for n in fk.fields]
    kinds = [("numeric" if f.kind in NUMERIC else f.kind) for f in fields]
    n = len(fields)
    nulls = " AND ".join(f"__k{i} IS NULL" for i in range(n))
    match = " AND ".join(sql.same(f"k.__k{i}", f"l.__k{i}") for i in range(n))
    # the cells as written, a missing one as None, as frictionless gives the values
    cells = ", ', ', ".join(
        f"CASE WHEN {f.missing.replace(CELL, column(f))} THEN 'None' ELSE {column(f)} END"
        for f in fields
    )
    before = f'for "{", ".join(fk.fields)}": values "'
    after = f'" not found in the lookup table "{fk.resource}" as "{", ".join(fk.reference_fields)}"'
    note = f"concat({sql.lit(before)}, {cells}, {sql.lit(after)})"
    return (
        f"SELECT __row, NULL, NULL, 'foreign-key', '', __note FROM "
        f"(SELECT __row, {key_values(fields, kinds)}, {note} AS __note FROM {r}) k "
        f"WHERE NOT ({nulls}) AND NOT EXISTS (SELECT 1 FROM {lookup} l WHERE {match})"
    )


def errors_query(
    parts: list[str], limit: int, common: list[tuple[str, str]] | None = None, sql: Sql = DUCKDB
) -> str:
    """All error rows ordered (row, field, type, cell, note: a total order, so two
    constraints a cell breaks are listed alike however the rows were read), the first
    `limit`, with the exact total; `common` are the tables of common_tables() the parts read."""
    union = " UNION ALL ".join(f"SELECT * FROM ({p}) p{i}" for i, p in enumerate(parts))
    tables = ", ".join(sql.common_table(name, body) for name, body in common or [])
    with_ = f"WITH {tables} " if tables else ""
    return (
        f"{with_}SELECT *, count(*) OVER () AS __total FROM (SELECT * FROM ({union}) u) "
        f"AS e({COLUMNS}) ORDER BY __row NULLS FIRST, __field NULLS FIRST, __type, __cell, __note "
        f"LIMIT {limit}"
    )
