"""Conda dependency strings, read without rattler (cheap enough for any layer)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=16384)  # a lock check asks for the same few hundred strings thousands of times
def spec_name(text: str) -> str:
    """The package name a dependency string refers to (`channel::name >=1` → `name`)."""
    head = text.strip().split()[0] if text.strip() else ""
    head = head.split("::")[-1]
    for stop in "=<>!~[":
        head = head.split(stop)[0]
    return head.lower()
