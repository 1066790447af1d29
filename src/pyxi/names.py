"""Package-name normalisation shared by every layer: the one home of PEP 503 (no `packaging`
import: this is on `run`'s and `lock`'s start-up path)."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[-_.]+")


def normalize_pypi_name(name: str) -> str:
    """PEP 503: `Typing_Extensions` → `typing-extensions` (packaging's canonicalize_name)."""
    return _SEPARATORS.sub("-", name).lower()


def normalize_name(name: str, pypi: bool) -> str:
    """The key two package names are compared by: PEP 503 for PyPI, case-folded for conda."""
    return normalize_pypi_name(name) if pypi else name.lower()
