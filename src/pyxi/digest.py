"""Hashing files in chunks (packages and wheels can be gigabytes)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

_CHUNK = 1 << 20


def file_digests(path: Path, kinds: Iterable[str] = ("sha256",)) -> dict[str, str]:
    """{kind: hex digest} of the file at `path` for each hashlib name in `kinds`."""
    digests = {kind: hashlib.new(kind) for kind in kinds}
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            for digest in digests.values():
                digest.update(chunk)
    return {kind: digest.hexdigest() for kind, digest in digests.items()}


def file_sha256(path: Path) -> str:
    return file_digests(path)["sha256"]
