"""Reading pyxi's own small JSON files and hashing, for the import-light paths.

`import json` loads `re` and `enum` with it, and `import hashlib` loads OpenSSL: together about
as long as the interpreter takes to start. `run`'s shortcut only needs to read a few small
files pyxi wrote and to hash two, so it uses the C parts underneath (`_json`'s scanner,
`_sha2`/`_sha256`) and falls back to `json`/`hashlib` where an interpreter lacks them. Writers
(the full path) keep using `json`.
"""

from __future__ import annotations


class _Options:
    """What `_json.make_scanner` reads from its context: `json.loads`'s defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float  # NaN, Infinity, -Infinity


def _scanner():  # type: ignore[no-untyped-def]
    try:
        import _json

        return _json.make_scanner(_Options)
    except (ImportError, AttributeError, TypeError):
        return None


_SCAN = _scanner()


def loads(text: str) -> object:
    """`json.loads(text)`; raises ValueError for anything that is not one JSON document."""
    if _SCAN is None:
        import json

        return json.loads(text)
    text = text.strip(" \t\n\r")
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        raise ValueError("not JSON") from None
    if end != len(text):
        raise ValueError("extra data after the JSON document")
    return value


def _sha256():  # type: ignore[no-untyped-def]
    import sys

    try:
        if sys.version_info >= (3, 12):
            from _sha2 import sha256
        else:
            from _sha256 import sha256
    except ImportError:
        from hashlib import sha256
    return sha256


_SHA256 = _sha256()


def sha256_hex(data: bytes) -> str:
    return str(_SHA256(data).hexdigest())
