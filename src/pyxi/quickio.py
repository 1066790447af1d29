"""Reading pyxi's own small JSON files and hashing, for the import-light paths.

Why CPython's private modules: `import json` loads `re` and `enum` with it, and `import hashlib`
loads OpenSSL. Measured on the 2-core CI machine (CPython 3.11, medians of 25 starts):
`python -c pass` 13 ms, `import json, hashlib` 32 ms, `import _json, _sha256` 17 ms. The
shortcut of `pyxi run` must stay within 2× a bare start, so it uses the C parts underneath
(`_json`'s scanner, `_sha2`/`_sha256`) and falls back, per function, to `json`/`hashlib` on an
interpreter that lacks them or where they changed shape (checked once, at import:
`tests/unit/test_quickio.py` compares both with the standard modules). Writers (the full path)
use `json`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs the shortcut ~2 ms
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


class _Options:
    """What `_json.make_scanner` reads from its context: `json.loads`'s defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float  # NaN, Infinity, -Infinity


def _scanner() -> Callable[[str, int], tuple[Any, int]] | None:
    try:
        import _json

        make: Any = _json.make_scanner  # its stub wants a JSONDecoder; any object with the fields does
        scan = make(_Options)
        if scan('{"a": [1, 2.5, null]}', 0) != ({"a": [1, 2.5, None]}, 21):
            return None
        return scan
    except Exception:  # noqa: BLE001 - any surprise from a private module: use json
        return None


_SCAN = _scanner()


def loads(text: str) -> Any:
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


_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # sha256(b"abc")


def _sha256() -> Callable[[bytes], Any]:
    for name in ("_sha2", "_sha256"):  # CPython 3.12+, then 3.10-3.11
        try:
            constructor = __import__(name).sha256
            if constructor(b"abc").hexdigest() == _ABC:
                return constructor
        except Exception:  # noqa: BLE001, S112 - absent or changed: try the next, then hashlib
            continue
    from hashlib import sha256

    return sha256


_SHA256 = _sha256()


def sha256_hex(data: bytes) -> str:
    return str(_SHA256(data).hexdigest())
