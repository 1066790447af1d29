"""quickio reads JSON and hashes exactly as json and hashlib do, with or without CPython's
private modules underneath."""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import pytest

from pyxi import quickio

DOCUMENTS = [
    '{"platform": "linux-64-cpu", "host_requirements": ["__glibc >=2.17,<3.0.a0"], "n": 1.5}',
    ' {"nested": {"a": [true, false, null, -3, "\\u00e9\\n"]}}\n', "[]", '"plain"', "NaN",
]
NOT_JSON = ["", "{", '{"a": 1} trailing', "nope", "{'a': 1}"]


@pytest.fixture(params=["private modules", "json and hashlib"])
def fallback(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run a test with the C scanner and sha256, and again as if the interpreter lacked them."""
    if request.param == "json and hashlib":
        monkeypatch.setattr(quickio, "_SCAN", None)
        monkeypatch.setattr(quickio, "_SHA256", hashlib.sha256)


def test_the_private_modules_are_used_here() -> None:
    """On CPython the shortcut really avoids json and hashlib (what the module is for)."""
    assert quickio._SCAN is not None
    assert quickio._SHA256 is not hashlib.sha256


@pytest.mark.usefixtures("fallback")
@pytest.mark.parametrize("text", DOCUMENTS)
def test_reads_json_as_json_does(text: str) -> None:
    value, expected = quickio.loads(text), json.loads(text)
    assert value == expected or (math.isnan(value) and math.isnan(expected))


@pytest.mark.usefixtures("fallback")
@pytest.mark.parametrize("text", NOT_JSON)
def test_refuses_what_json_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        quickio.loads(text)


@pytest.mark.usefixtures("fallback")
def test_hashes_as_hashlib_does() -> None:
    assert quickio.sha256_hex(b"pixi.lock bytes") == hashlib.sha256(b"pixi.lock bytes").hexdigest()


def test_falls_back_when_a_private_module_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def without_private(name: str, *args: Any, **kwargs: Any) -> Any:
        if name in ("_json", "_sha2", "_sha256"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_private)
    assert quickio._scanner() is None
    assert quickio._sha256() is hashlib.sha256
