"""The package records of a prefix (`conda-meta/*.json`) that cannot be read, and their repair.

rattler links a package's files first and writes its record last. A disk that fills up while a
record is written leaves it empty (or cut short); rattler then fails every later install of
that prefix with a JSON error that names no file. Such a record describes nothing: removing it
makes the package "not installed", and the install links it again over its files.
"""

from __future__ import annotations

import json
from pathlib import Path

from pyxi.datamodel import model
from pyxi.diagnostics import InstallError

# Fields every record has (rattler refuses a record without them).
_REQUIRED = ("name", "version", "build")


@model(frozen=True)
class BrokenRecord:
    path: Path
    reason: str  # "empty" | "not valid JSON (…)" | "not a package record"


def broken_records(prefix: Path) -> list[BrokenRecord]:
    broken = []
    for path in sorted((prefix / "conda-meta").glob("*.json")):
        reason = _problem(path)
        if reason:
            broken.append(BrokenRecord(path, reason))
    return broken


def _problem(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"unreadable ({error.strerror or error})"
    if not data.strip():
        return "empty"
    try:
        record = json.loads(data)
    except ValueError as error:
        return f"not valid JSON ({error})"
    if not isinstance(record, dict) or not all(isinstance(record.get(k), str) for k in _REQUIRED):
        return "not a package record"
    return None


def repair_records(prefix: Path) -> list[str]:
    """Remove the records of `prefix` that cannot be read (their packages are linked again by
    the install that follows); one message per record removed."""
    messages = []
    for record in broken_records(prefix):
        try:
            record.path.unlink()
        except OSError as error:
            raise InstallError(
                f"the package record {record.path} is {record.reason} and cannot be removed: "
                f"{error.strerror or error}",
                help=f"remove the environment ({prefix}) and install again",
            ) from error
        messages.append(
            f"the package record {record.path} was {record.reason} (a full disk during an "
            "earlier install?); its package is linked again"
        )
    return messages
