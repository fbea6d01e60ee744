"""Strict models of the curated inputs in seeds/: an unknown key is an error, not a silent typo.

Enumerations that the tables share (entity types, value types, modalities) are not repeated
here: the Table Schemas in schema/ hold them, and the input checks read them from there.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
PredicateId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
SemVer = Annotated[str, StringConstraints(pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class License(Strict):
    name: NonEmpty
    title: NonEmpty
    path: NonEmpty
    scope: NonEmpty


class Contributor(Strict):
    title: NonEmpty
    role: NonEmpty


class PackageMeta(Strict):
    """seeds/package.yaml: the package's name, version and release metadata."""

    name: Slug
    title: NonEmpty
    description: NonEmpty
    version: SemVer
    created: dt.date
    homepage: str | None = None
    keywords: list[NonEmpty] = []
    licenses: list[License] = Field(min_length=1)
    contributors: list[Contributor] = Field(min_length=1)
    # A table with more rows than this goes to dist/parquet in partitions by source (layout.py).
    parquet_partitions_above: Annotated[int, Field(ge=1)] = 100_000


class SourceIn(Strict):
    """One article's curated metadata: the hash it was coded against, and its publisher if named."""

    id: NonEmpty
    sha256: Sha256
    publisher: NonEmpty | None = None
    publisher_quote: NonEmpty | None = None
    language: NonEmpty | None = None  # detected by `claimpack add`: en or es
    date: dt.date | None = None  # given to `claimpack add --date` when the text has no date line


class EntityIn(Strict):
    id: Slug
    type: NonEmpty
    name: NonEmpty
    aliases: list[NonEmpty] = Field(min_length=1)
    misspellings: dict[NonEmpty, NonEmpty] = {}
    description: NonEmpty


# The comparison fields of a predicate take values from these (checked by check_inputs).
# bound_meaning: what a bound word means -- a range (the default) or the amount itself.
RANGE, AMOUNT = "range", "amount"
BOUND_MEANINGS = (RANGE, AMOUNT)
# related: each rule relating two predicates, and the value type both must have.
RELATION_RULES = {"order": "date", "fate": "count"}


class Relation(Strict):
    """Another predicate (or one scope of it) that describes the same fact as this one, and the
    rule by which claims of the two are compared (see docs/codebook.md, Discrepancies)."""

    predicate: PredicateId
    scope: NonEmpty | None = None
    rule: NonEmpty  # one of RELATION_RULES: order, fate
    note: NonEmpty  # why the two are compared, as the description of a discrepancy says it


class PredicateIn(Strict):
    id: PredicateId
    label: NonEmpty
    value_type: NonEmpty
    unit: NonEmpty | None = None
    categories: list[NonEmpty] = []
    # SKOS-style hierarchy of categories: a category -> the broader category it refines.
    broader: dict[NonEmpty, NonEmpty] = {}
    # What a bound word means for this predicate: "range" (the default: "up to 15" is 0 to 15)
    # or "amount" (an offer "of up to $15 million" states the amount offered: $15 million).
    bound_meaning: dict[NonEmpty, NonEmpty] = {}
    # Scopes that add up to another: {total: [at_scene, died_later]}.
    parts: dict[NonEmpty, list[NonEmpty]] = {}
    related: list[Relation] = []
    single_valued: bool
    # A count that only grows as an event unfolds and reports come in (the dead, the arrested):
    # a later report's higher count revises an earlier one rather than contradicting it.
    cumulative: bool = False
    description: NonEmpty


class Evidence(Strict):
    """Where a claim stands in its article: the exact words, with context only when they repeat."""

    quote: NonEmpty
    prefix: NonEmpty | None = None
    suffix: NonEmpty | None = None


class StatementIn(Evidence):
    # Given once, when the statement is first coded (`claimpack fill-ids`, `add`, `suggest`),
    # and kept through corrections; the build refuses a statement without one.
    id: NonEmpty | None = None
    draft: bool = False  # written by `claimpack suggest`; the build refuses it until reviewed
    subject: Slug
    predicate: PredicateId
    object: Slug | None = None
    value: NonEmpty | None = None
    scope: NonEmpty | None = None
    # Lists that most statements leave empty are made fresh, not deep-copied from a default.
    excluding: list[Slug] = Field(default_factory=list)
    modality: NonEmpty = "asserted"
    negated: bool = False  # the article (or its claimant) says this is not so
    qualifiers: list[NonEmpty] = Field(default_factory=list)
    time: NonEmpty | None = None  # when the claimed act took place, as written ("Monday")
    attributed_to: Slug | None = None
    reported_via: Slug | None = None
    note: NonEmpty | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _whole_number_as_text(cls, value: Any) -> Any:
        """A bare YAML number (`value: 59`) is what the article wrote; keep it as text."""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value


class Waiver(Evidence):
    """A sentence that makes no claim, and why."""

    reason: NonEmpty


class StatementFile(Strict):
    """seeds/statements/<source_id>.yaml."""

    source: NonEmpty
    statements: list[StatementIn] = []
    waivers: list[Waiver] = []
