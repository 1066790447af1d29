"""Package-name normalisation shared by every layer (no `packaging` import: it is on `run`'s
and `lock`'s start-up path)."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[-_.]+")


def normalize_pypi_name(name: str) -> str:
    """PEP 503: `Typing_Extensions` → `typing-extensions` (same as packaging's canonicalize_name)."""
    return _SEPARATORS.sub("-", name).lower()
