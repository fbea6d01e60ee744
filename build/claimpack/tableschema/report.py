"""Findings in frictionless' report shape: tasks per resource, errors capped, totals exact."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_LIMIT = 1000  # errors shown per file (all are counted)

TEMPLATES = {
    "type-error": 'Type error in the cell "{cell}" in row "{rowNumber}" and field "{fieldName}"'
    ' at position "{fieldNumber}": {note}',
    "constraint-error": 'The cell "{cell}" in row at position "{rowNumber}" and field'
    ' "{fieldName}" at position "{fieldNumber}" does not conform to a constraint: {note}',
    "missing-cell": 'Row at position "{rowNumber}" has a missing cell in field "{fieldName}"'
    ' at position "{fieldNumber}"',
    "extra-cell": 'Row at position "{rowNumber}" has an extra value in field at position'
    ' "{fieldNumber}"',
    "unique-error": 'Row at position "{rowNumber}" has unique constraint violation in field'
    ' "{fieldName}" at position "{fieldNumber}": {note}',
    "blank-row": 'Row at position "{rowNumber}" is completely blank',
    "primary-key": 'Row at position "{rowNumber}" violates the primary key: {note}',
    "foreign-key": 'Row at position "{rowNumber}" violates the foreign key: {note}',
    "extra-label": 'There is an extra label "{cell}" in header at position "{fieldNumber}"',
    "missing-label": 'There is a missing label in the header\'s field "{fieldName}" at'
    ' position "{fieldNumber}"',
    "blank-label": 'Label in the header in field at position "{fieldNumber}" is blank',
    "duplicate-label": 'Label "{cell}" in the header at position "{fieldNumber}" is duplicated'
    " to a label: {note}",
    "incorrect-label": 'Label "{cell}" in field {fieldName} at position "{fieldNumber}" does'
    " not match the field name in the schema",
    "blank-header": "Header is completely blank",
    "hash-count": "The data source does not match the expected hash count: {note}",
    "byte-count": "The data source does not match the expected byte count: {note}",
    "source-error": "The data source has not supported or has inconsistent contents: {note}",
    "encoding-error": "The data source could not be successfully decoded: {note}",
}


@dataclass(frozen=True)
class Error:
    type: str
    rowNumber: int | None = None
    fieldNumber: int | None = None
    fieldName: str | None = None
    cell: str | None = None
    note: str = ""

    @property
    def message(self) -> str:
        values = {k: ("" if v is None else v) for k, v in self.__dict__.items()}
        return TEMPLATES.get(self.type, "{note}").format(**values)

    def sort_key(self) -> tuple[int, int, str, str, str]:
        return (self.rowNumber or 0, self.fieldNumber or 0, self.type, self.cell or "", self.note)

    def to_dict(self) -> dict[str, Any]:
        found = {k: v for k, v in self.__dict__.items() if v is not None}
        return found | {"message": self.message}


@dataclass(frozen=True)
class Task:
    """One resource's findings: the first `limit` errors in order, and how many there were."""

    name: str
    place: str
    errors: tuple[Error, ...] = ()
    total: int = 0

    @property
    def valid(self) -> bool:
        return self.total == 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.errors)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "place": self.place,
            "valid": self.valid,
            "stats": {"errors": self.total},
            "truncated": self.truncated,
            "errors": [e.to_dict() for e in self.errors],
        }


@dataclass(frozen=True)
class Report:
    tasks: tuple[Task, ...] = field(default_factory=tuple)
    engine: str = "duckdb"

    @property
    def valid(self) -> bool:
        return all(task.valid for task in self.tasks)

    @property
    def errors(self) -> list[tuple[str, Error]]:
        return [(task.name, error) for task in self.tasks for error in task.errors]

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "stats": {"tasks": len(self.tasks), "errors": sum(t.total for t in self.tasks)},
            "engine": self.engine,
            "tasks": [task.to_dict() for task in self.tasks],
        }


def capped(name: str, place: str, found: list[Error], total: int, limit: int) -> Task:
    """A task from already-ordered errors; file and header errors count toward the cap too."""
    ordered = sorted(found, key=Error.sort_key)
    return Task(name, place, tuple(ordered[:limit]), total)
