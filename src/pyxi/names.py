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


def jaro(a: str, b: str) -> float:
    """Jaro similarity (0..1), the measure pixi's "did you mean" suggestions use."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    reach = max(max(len(a), len(b)) // 2 - 1, 0)
    taken = [False] * len(b)
    matched_a: list[str] = []
    for i, char in enumerate(a):
        for j in range(max(0, i - reach), min(len(b), i + reach + 1)):
            if not taken[j] and b[j] == char:
                taken[j] = True
                matched_a.append(char)
                break
    if not matched_a:
        return 0.0
    matched_b = [b[j] for j, hit in enumerate(taken) if hit]
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b)) / 2
    m = len(matched_a)
    return (m / len(a) + m / len(b) + (m - transpositions) / m) / 3
