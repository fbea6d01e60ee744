"""Label errors: the one header row against the schema's field names, as frictionless pairs
them (by position; fieldsMatch "exact"; labels stripped of the white space around them)."""

from __future__ import annotations

from claimpack.tableschema.report import Error


def label_errors(labels: list[str] | None, names: list[str]) -> list[Error]:
    """labels is None when the dialect says the file has no header. A label is compared with
    the white space around it stripped, as frictionless strips it ("id " is "id")."""
    if labels is None:
        return []
    labels = [label.strip() for label in labels]
    if not labels:
        return [Error("blank-header", note="")]
    found = [Error("extra-label", None, n, "", label)
             for n, label in enumerate(labels, start=1) if n > len(names)]  # fmt: skip
    found += [Error("missing-label", None, n, name, "")
              for n, name in enumerate(names, start=1) if n > len(labels)]  # fmt: skip
    for number, (name, label) in enumerate(zip(names, labels, strict=False), start=1):
        if not label:
            found.append(Error("blank-label", None, number, name, ""))
            continue
        seen = [n for n, other in enumerate(labels[: number - 1], start=1) if other == label]
        if seen:
            note = f'at position "{", ".join(map(str, seen))}"'
            found.append(Error("duplicate-label", None, number, name, label, note))
        elif label != name:
            found.append(Error("incorrect-label", None, number, name, label))
    return found
