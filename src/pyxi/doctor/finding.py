"""What `pyxi doctor` reports: findings as data (rendered once, by `doctor.report`)."""

from __future__ import annotations

from dataclasses import field
from enum import Enum
from typing import Any

from pyxi.datamodel import model
from pyxi.diagnostics import Location


class Severity(str, Enum):
    """`error`: the environment is (or will be) broken, doctor exits 1; `warning`: likely to
    bite, exit 0; `note`: an explanation of something that is intended."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "note": 2}[self.value]


@model(frozen=True)
class Evidence:
    """One fact a finding rests on: a package (conda/pypi), a manifest entry, a host fact, a file."""

    kind: str  # "conda" | "pypi" | "manifest" | "host" | "file" | "index"
    name: str
    version: str | None = None
    build: str | None = None
    source: str | None = None  # channel URL, index URL, manifest table, or prefix
    detail: str | None = None

    def describe(self) -> str:
        parts = [self.kind, self.name]
        if self.version:
            parts.append(self.version)
        if self.build:
            parts.append(self.build)
        text = " ".join(parts)
        if self.source:
            text += f" from {self.source}"
        if self.detail:
            text += f" ({self.detail})"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "name": self.name, "version": self.version, "build": self.build,
            "source": self.source, "detail": self.detail,
        }


@model(frozen=True)
class Finding:
    id: str
    severity: Severity
    message: str
    fix: str | None = None
    environment: str | None = None
    platforms: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    notes: tuple[str, ...] = ()
    location: Location | None = None

    def sort_key(self) -> tuple[int, str, str, str]:
        return (self.severity.rank, self.environment or "", ",".join(self.platforms), self.id)

    def merge_key(self) -> tuple[object, ...]:
        """Equal for findings that differ only in their platforms."""
        return (self.id, self.severity, self.message, self.fix, self.environment, self.evidence,
                self.notes, self.location)

    def to_json(self) -> dict[str, Any]:
        location = None
        if self.location is not None:
            location = {"file": str(self.location.file), "line": self.location.line, "key": self.location.key}
        return {
            "id": self.id,
            "severity": self.severity.value,
            "message": self.message,
            "environment": self.environment,
            "platforms": list(self.platforms),
            "evidence": [e.to_json() for e in self.evidence],
            "fix": self.fix,
            "notes": list(self.notes),
            "location": location,
        }


def error(id: str, message: str, **kwargs: Any) -> Finding:
    return Finding(id, Severity.ERROR, message, **kwargs)


def warning(id: str, message: str, **kwargs: Any) -> Finding:
    return Finding(id, Severity.WARNING, message, **kwargs)


def note(id: str, message: str, **kwargs: Any) -> Finding:
    return Finding(id, Severity.NOTE, message, **kwargs)


@model
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def counts(self) -> dict[str, int]:
        return {s.value: sum(1 for f in self.findings if f.severity is s) for s in Severity}
