"""Read a data package with the legacy Python client, `datapackage` (1.x, before frictionless),
and print what it gives as JSON: per table the row count and, per field, the Python types of its
values and the values (numbers as JSON numbers, dates as YYYY-MM-DD).

Runs in its own virtualenv (tests/compat/requirements-datapackage.lock: its botocore needs a
python-dateutil older than claimpack's), so it imports nothing from claimpack:

    .venv-datapackage/bin/python tests/compat/read_legacy_datapackage.py PATH
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
from typing import Any

import datapackage  # type: ignore[import-not-found]


def plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def main(path: str) -> None:
    package = datapackage.Package(path)
    if not package.valid:
        sys.exit(f"invalid descriptor: {package.errors}")
    tables = {}
    for resource in package.resources:
        # integrity: bytes and hash as declared; relations: every foreign key resolves.
        resource.read(integrity=True, relations=True)
        rows = resource.read(keyed=True)
        columns = {}
        for field in resource.schema.fields:
            values = [row[field.name] for row in rows]
            types = sorted({type(v).__name__ for v in values if v is not None})
            columns[field.name] = {"types": types, "values": [plain(v) for v in values]}
        tables[resource.name] = {"rows": len(rows), "columns": columns}
    json.dump({"tables": tables}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
