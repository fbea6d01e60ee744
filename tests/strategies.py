"""Hypothesis strategies shared by the property tests, bounded in size."""

from __future__ import annotations

import datetime as dt
import json

import yaml
from hypothesis import strategies as st

SMALL_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
BOUND_WORDS = {"up to": "up_to", "at least": "at_least", "nearly": "nearly", "around": "around"}


def number_in_words(n: int) -> str:
    """English words for 0..99, as articles write them ("twenty-three")."""
    if n < 20:
        return SMALL_WORDS[n]
    tens, units = divmod(n, 10)
    return TENS[tens - 2] + (f"-{SMALL_WORDS[units]}" if units else "")


def with_thousands(n: int) -> str:
    return f"{n:,}"


counts = st.integers(min_value=0, max_value=99)
large_numbers = st.integers(min_value=0, max_value=10**12)
bounds = st.sampled_from(sorted(BOUND_WORDS))
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
weekdays = st.sampled_from(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
)
source_ids = st.sampled_from([f"{n:03d}_{n:016x}" for n in range(6)])


# Whole seed sets: small articles made of one sentence per claim, and the statements coding them.
CLAIM_TEMPLATES = {
    "age": ("He was {n} years old", "quantity", lambda n: str(n)),
    "reward_amount": ("a reward of ${n} million was offered", "money", lambda n: f"${n} million"),
    "killed_count": ("{w} people were killed", "count", lambda n: number_in_words(n)),
}


@st.composite
def seed_sets(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    """{source_id: [claim, ...]}; a claim is {predicate, n, sentence, value, quote}."""
    count = draw(st.integers(1, 4))
    sets: dict[str, list[dict[str, object]]] = {}
    for number in range(count):
        source_id = f"{number:03d}_{number:016x}"
        claims = []
        for index in range(draw(st.integers(1, 4))):
            predicate = draw(st.sampled_from(sorted(CLAIM_TEMPLATES)))
            n = draw(st.integers(1, 19))
            template, _, value = CLAIM_TEMPLATES[predicate]
            quote = f"Report {index}: " + template.format(n=n, w=number_in_words(n))
            claims.append({"predicate": predicate, "value": value(n), "quote": quote})
        sets[source_id] = claims
    return sets


# Small Table Schema packages for the differential tests of claimpack.tableschema: a parent
# table with a primary key, a child table with random fields, constraints, a foreign key
# to the parent and one to itself, and corruptions of every kind at random rows.
FIELD_TYPES = "string integer number boolean date datetime time year yearmonth any".split()
VALID_CELLS = {
    "string": ["a", "b", "abc", "x y"],
    "any": ["a", "1", "?"],
    "integer": ["1", "2", "10", "-3", "42"],
    "number": ["1.5", "2", "-0.25", "10", "3.0"],
    "boolean": ["true", "false", "1", "0"],
    "date": ["2020-01-01", "2021-06-30", "1999-12-31"],
    "datetime": ["2020-01-01T10:00:00", "2021-06-30T23:59:59", "2020-01-01T00:00:00Z"],
    "time": ["10:00:00", "23:59:59", "00:00:01"],
    "year": ["2020", "1999", "0001"],
    "yearmonth": ["2020-01", "1999-12", "2021-6"],
}
TRICKY_CELLS = {
    "string": ["", " ", "=1", 'q"r', "a,b", "line\nbreak"],
    "any": ["", "x"],
    "integer": ["1.0", " 7 ", "1_0", "+7", "07", "x", "-0", "1e3", "", "NaN"],
    "number": ["1,5", ".5", "5.", "1e5", "NaN", "inf", "-Infinity", "1_000.5", "abc", " 2 ",
               "0x10", "1e", "--1", "1e-2"],
    "boolean": ["True", "yes", "TRUE ", "t", "FALSE"],
    "date": ["2020-1-5", "2020-02-30", " 2020-01-01", "2020-01-01T00:00:00", "2020-13-01",
             "20200101", "2020-01- 1", "2020-1-1 "],
    "datetime": ["2020-01-01 10:00:00", "2020-01-01T10:00:00.123+0100", "2020-01-01T24:00:00",
                 "2020-01-01T10:00:60", "2020-01-01T10:00", "2020-01-01X10:00:00",
                 "2020-02-30T10:00:00", "2020-01-01T10:00:00+25:00", "2020-01-01T10:00:00,5z"],
    "time": ["24:00:00", "10:00", "10:00:00.5", "10:00:00Z", "25:00:00", "10:60:00",
             "1:00:00", "10:00:00+01:00"],
    "year": ["202", " 2020", "+999", "-202", "1_00", "20200", "-000"],
    "yearmonth": ["2020-1", "2020-13", "20-01", "-2020-01", "2020-00", " 2020 - 01 ", "2020"],
}  # fmt: skip
CORRUPTIONS = ["cell", "empty", "short", "long", "blank-line", "blank-cells", "duplicate-key",
               "dangling-reference", "label", "bytes", "hash"]  # fmt: skip


@st.composite
def table_fields(draw: st.DrawFn) -> list[dict[str, object]]:
    """Random child fields: types, formats, constraints drawn from the valid cells."""
    fields: list[dict[str, object]] = []
    for number in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(FIELD_TYPES))
        field: dict[str, object] = {"name": f"f{number}", "type": kind}
        constraints: dict[str, object] = {}
        if draw(st.booleans()):
            constraints["required"] = True
        if draw(st.integers(0, 4)) == 0:
            constraints["unique"] = True
        if draw(st.integers(0, 3)) == 0:
            constraints["enum"] = draw(
                st.lists(st.sampled_from(VALID_CELLS[kind]), min_size=1, max_size=3, unique=True)
            )
        if kind == "string" and draw(st.booleans()):
            constraints["pattern"] = draw(st.sampled_from(["[a-c]+", "a.*", "x y|b"]))
        if kind == "string" and draw(st.booleans()):
            constraints[draw(st.sampled_from(["minLength", "maxLength"]))] = draw(st.integers(1, 3))
        if kind in ("integer", "number", "date", "year") and draw(st.booleans()):
            bound = draw(st.sampled_from(VALID_CELLS[kind]))
            constraints[draw(st.sampled_from(["minimum", "maximum"]))] = (
                int(bound) if kind == "integer" else bound
            )
        if kind == "date" and draw(st.integers(0, 3)) == 0:  # bounds and enums are ISO dates
            field["format"] = draw(st.sampled_from(["%d/%m/%Y", "%Y%m%d", "%y-%m-%d"]))
            constraints = {k: v for k, v in constraints.items() if k in ("required", "unique")}
        if kind == "number" and draw(st.integers(0, 3)) == 0:
            field.update(decimalChar=",", groupChar=".")
        if kind == "boolean" and draw(st.integers(0, 3)) == 0:
            field.update(trueValues=["yes", "Y"], falseValues=["no", "N"])
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return fields


def _cell(draw: st.DrawFn, field: dict[str, object]) -> str:
    kind = str(field["type"])
    if kind == "date" and "format" in field:
        day = draw(dates)
        return day.strftime(str(field["format"]))
    if field.get("decimalChar") == ",":
        return draw(st.sampled_from(["1,5", "2", "1.000,25", "-3"]))
    if "trueValues" in field:
        return draw(st.sampled_from(["yes", "Y", "no", "N"]))
    return draw(st.sampled_from(VALID_CELLS[kind]))


@st.composite
def corrupted_packages(draw: st.DrawFn) -> dict[str, object]:
    """{fields, parent_ids, rows, corruptions: [(kind, row index)], header, format}."""
    fields = draw(table_fields())
    parent_ids = draw(st.lists(st.integers(1, 9), min_size=1, max_size=4, unique=True))
    count = draw(st.integers(1, 6))
    rows = [[_cell(draw, f) for f in fields] + [str(draw(st.sampled_from(parent_ids))),
             str(draw(st.sampled_from(parent_ids)))] for _ in range(count)]  # fmt: skip
    kinds = st.sampled_from(CORRUPTIONS)
    corruptions = draw(st.lists(st.tuples(kinds, st.integers(0, count - 1)), max_size=3))
    tricky = [
        (index, draw(st.sampled_from(TRICKY_CELLS[str(f["type"])])))
        for index, f in enumerate(fields)
    ]
    return {
        "fields": fields,
        "parent_ids": parent_ids,
        "rows": rows,
        "corruptions": corruptions,
        "tricky": tricky,
        "label": draw(st.sampled_from(["rename", "drop", "add", "duplicate", "case"])),
        "format": draw(st.sampled_from(["csv", "csv", "parquet"])),
        "delimiter": draw(st.sampled_from([",", ",", ";"])),
    }


# Coding files as people write them: any indentation of the list, block or flow statements,
# plain, single- or double-quoted values, comments and blank lines, LF or CRLF; some statements
# with an id (anywhere among their keys), some without.
statement_ids = st.text("0123456789abcdef", min_size=16, max_size=16).map(lambda h: f"st_{h}")


def _scalar(draw: st.DrawFn, value: str) -> str:
    styles = ["single", "double"] + (["plain"] if yaml.safe_load(value) == value else [])
    style = draw(st.sampled_from(styles))
    if style == "plain":
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


@st.composite
def coding_texts(
    draw: st.DrawFn, source_id: str, pool: list[dict[str, str]]
) -> tuple[str, list[str | None]]:
    """(the text of a coding file of statements drawn from pool, each one's id or None)."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    dash = draw(st.sampled_from(["", "  ", "    "]))
    lines = [f"# coding of {source_id}"] if draw(st.booleans()) else []
    lines += [f"source: {source_id}", "statements:"]
    ids: list[str | None] = []
    for statement in draw(st.lists(st.sampled_from(pool), min_size=1, max_size=5)):
        items = list(statement.items())
        identifier = draw(st.none() | statement_ids)
        if identifier is not None:
            items.insert(draw(st.integers(0, len(items))), ("id", identifier))
        ids.append(identifier)
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", f"{dash}# a comment", "# - subject: x"])))
        if draw(st.integers(0, 4)) == 0:  # a flow mapping on one line
            inner = ", ".join(f"{key}: {json.dumps(value)}" for key, value in items)
            lines.append(f"{dash}- {{{inner}}}")
            continue
        indent = dash + "  "
        block = [f"{key}: {_scalar(draw, value)}" for key, value in items]
        block = [line + (" # why" if draw(st.integers(0, 5)) == 0 else "") for line in block]
        first = f"{dash}-{newline}{indent}" if draw(st.integers(0, 5)) == 0 else f"{dash}- "
        lines.append(first + block[0])
        lines += [indent + line for line in block[1:]]
    return newline.join(lines) + newline, ids


# Items of list fields: any text, weighted to the characters of the delimiter " | " and of the
# CSV dialect, carriage returns included; without surrogates, which UTF-8 cannot encode.
LIST_ITEM_ALPHABET = st.sampled_from([" ", "|", ",", '"', "\n", "\r", "a", "Z", "é", "—", "'"])
ANY_CHARACTER = st.characters(exclude_categories=["Cs"])
list_items = st.text(LIST_ITEM_ALPHABET | ANY_CHARACTER, min_size=1, max_size=12)
item_lists = st.lists(list_items, max_size=5)

# Items that would not split back out of the text: empty, holding the delimiter, or with its
# bar at an edge.
unsplittable_items = st.one_of(
    st.just(""),
    st.builds(lambda a, b: f"{a} | {b}", list_items, list_items),
    st.builds(lambda a: f"{a}|", list_items),
    st.builds(lambda a: f"|{a}", list_items),
)


# Small YAML documents for the coding files' fast path: a mapping (or a list) of scalars,
# lists and one level of nested mappings, each scalar written plain, quoted, with escapes,
# over several lines or as a block. The words include what YAML 1.1 (PyYAML) and YAML 1.2
# (yaml-rs) read differently: yes/no/on/off, octal, exponents, underscores, sexagesimal,
# dates, "=", ".inf"/".nan", and the line breaks and characters only one of them accepts.
YAML_1_1_WORDS = [
    *"yes Yes YES no No NO on On ON off Off OFF y Y n N".split(),
    *"true True TRUE tRUE false False FALSE null Null NULL ~".split(),
    *"012 0o12 0x1F 0b101 0 00 -0 +12 59 1_000 1__0 1e3 1E3 1.0e3 1.0e+3 12e03".split(),
    *"0.34 1.5 .5 5. 1_0.5 .inf .Inf .INF -.inf +.inf .nan .NaN .NAN NaN inf".split(),
    *"1:20 190:20:30.15 -1:20 2026-02-22 2001-1-1 2026-02-22T10:00:00Z = <<".split(),
    "2026-02-22 10:00:00",
    "2001-12-14t21:59:43.10-05:00",
    "2,419",
    "",
]
YAML_PLAIN_WORDS = [
    *"Sunday confirmed tapalpa-operation el mencho Rubén Jalisco “said” 😀 a#b :a -a ?a".split(),
    "$15 million",
    "Nemesio Rubén Oseguera Cervantes",
]
YAML_WORDS = [
    *YAML_PLAIN_WORDS,
    "it's",
    'a "b" c',
    "a: b",
    "a #b",
    "a\tb",
    "a\\b",
    "a\u2028b",
    "a\x85b",
    "a\u2029b",
    "a\x7fb",
    "a\ufeffb",
    "\ufeffa",
    "a\rb",
    "\ufffe",
    "a\u00a0b",
    "---",
    "...",
]
YAML_ESCAPES = [
    *r"\x41 \u00e9 \U0001F600 \N \_ \L \P \t \/ \" \\ \e \0 \a \b \v \f \r \n \ ".split(" "),
    "\\\n  ",
]
# Mostly words both read alike, so that many documents take yaml-rs's path at all.
yaml_words = st.sampled_from(YAML_PLAIN_WORDS * 8 + YAML_1_1_WORDS + YAML_WORDS)
# Items of a flow list quoted, with the flow indicators, quotes and escapes they may hold.
yaml_quoted_items = st.sampled_from(
    ["'a b'", '"c, d"', '"[x]"', "'{y}'", "'it''s'", '"yes"', "'012'", '""', '"a\\"b"', "'a: b'"]
)
yaml_keys = st.sampled_from(
    ["value", "quote", "subject", "a b", "'value'", '"quote"'] * 6
    + ["yes", "on", "012", "1:20", "~", "2026-02-22", "''"]
)


@st.composite
def yaml_scalars(draw: st.DrawFn, indent: int) -> str:
    """One scalar as written after `key: ` at `indent` spaces."""
    words = draw(st.lists(yaml_words, min_size=1, max_size=3))
    pad = " " * (indent + 2)
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "lines", "block"]))
    if style == "plain":
        return " ".join(words)
    if style == "single":
        return "'" + " ".join(words).replace("'", "''") + "'"
    if style == "double":
        parts = [w.replace("\\", "\\\\").replace('"', '\\"') for w in words]
        escapes = draw(st.lists(st.sampled_from(YAML_ESCAPES), max_size=2))
        return '"' + " ".join(parts + escapes) + '"'
    if style == "lines":
        quote = draw(st.sampled_from(["", "'", '"']))
        breaks = draw(st.sampled_from(["\n", "\n\n", " \n"]))
        return quote + (breaks + pad).join(words) + quote
    header = draw(st.sampled_from(["|", "|-", "|+", ">", ">-", ">+"]))
    lines = [pad + draw(st.sampled_from(["", " "])) + w for w in words]
    return header + "\n" + "\n".join(lines)


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    """A small YAML text: a mapping or a list, with lists and mappings inside."""

    def entries(indent: int, depth: int) -> list[str]:
        pad = " " * indent
        out = []
        for _ in range(draw(st.integers(1, 4))):
            key = draw(yaml_keys)
            shape = draw(st.sampled_from(["scalar", "scalar", "flow", "list", "map"]))
            if shape == "flow":
                items = draw(st.lists(yaml_words | yaml_quoted_items, max_size=3))
                out.append(f"{pad}{key}: [{', '.join(items)}]")
            elif shape == "list" or (shape == "map" and depth < 2):
                out.append(f"{pad}{key}:")
                if shape == "list":
                    for _ in range(draw(st.integers(0, 3))):
                        out.append(f"{pad}  - {draw(yaml_scalars(indent + 2))}")
                else:
                    out.extend(entries(indent + 2, depth + 1))
            else:
                out.append(f"{pad}{key}: {draw(yaml_scalars(indent))}")
        return out

    lines = entries(0, 0)
    if draw(st.booleans()):  # a list of mappings, as a coding file's statements are
        lines = [
            "- " + line[2:] if i == 0 else line
            for i, line in enumerate(["  " + ln for ln in lines])
        ]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n", "\n", "", "\n---\nb: c\n"]))


# Values as JSON has them (a descriptor's), small.
_JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
