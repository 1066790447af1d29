"""Fetching a conda→PyPI mapping document over HTTP with a disk cache and HTTP freshness.

pixi puts its mapping requests behind an HTTP cache (http-cache-semantics, shared-cache rules):
a stored response is served from disk while it is fresh (`s-maxage`/`max-age`, `Expires`, or
10% of its age since `Last-Modified`), revalidated with `If-None-Match`/`If-Modified-Since`
when stale, never stored with `no-store`, and reused when a refresh fails. pyxi does the same
with the standard library. One file per URL under the cache folder holds a JSON header line
(validators, lifetime, when it was fetched) and the body; it is replaced atomically.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from pyxi.atomic import atomic_write
from pyxi.datamodel import model

T = TypeVar("T")
TIMEOUT_VARIABLE = "PYXI_HTTP_TIMEOUT"
MAX_TIMEOUT_S = 30
_DIRECTIVE = re.compile(r"([a-z-]+)\s*(?:=\s*\"?(\d+))?", re.IGNORECASE)


@model(frozen=True)
class Fetched(Generic[T]):
    """What a fetch gave: the parsed `value` (None when there is nothing usable), where it came
    from (`network`, `cache` when fresh or revalidated, `stale` when a refresh failed) and, for
    a failed refresh or fetch, the `problem`."""

    value: T | None
    origin: str | None = None
    problem: str | None = None
    fetched_at: float | None = None


def cache_file(cache_dir: Path, url: str) -> Path:
    return cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.http"


def fetch(url: str, cache_dir: Path, parse: Callable[[bytes], T]) -> Fetched[T]:
    """`url`'s body through `parse` (which raises ValueError for a body it cannot use): from
    the cache while fresh, else from the network (revalidating what is stored); a failed or
    unusable answer falls back to the stored body. Never raises for network trouble."""
    path = cache_file(cache_dir, url)
    stored = _read(path)
    if stored is not None and _is_fresh(stored[0]):
        cached = _use(stored, parse, "cache")
        if cached.value is not None:
            return cached
        stored = None  # damaged: fetch it again
    try:
        status, headers, body = _get(url, stored[0] if stored else None)
    except (OSError, ValueError) as error:  # URLError, timeouts, refused, bad gzip
        return _use(stored, parse, "stale", _reason(error))
    if status == 304 and stored is not None:
        _store(path, url, headers, stored[1], previous=stored[0])
        return _use(stored, parse, "cache")
    if status != 200:
        return _use(stored, parse, "stale", f"HTTP {status}")
    try:
        value = parse(body)
    except (ValueError, UnicodeDecodeError) as error:
        return _use(stored, parse, "stale", f"the answer is not usable: {error}")
    if "no-store" not in _directives(headers.get("cache-control", "")):
        _store(path, url, headers, body)
    return Fetched(value, "network", fetched_at=time.time())


def _use(stored: tuple[dict[str, Any], bytes] | None, parse: Callable[[bytes], T], origin: str,
         problem: str | None = None) -> Fetched[T]:
    if stored is None:
        return Fetched(None, problem=problem)
    try:
        value = parse(stored[1])
    except (ValueError, UnicodeDecodeError):
        return Fetched(None, problem=problem or "the cached copy is damaged")
    when = time.time() if origin == "cache" and problem is None else stored[0]["fetched_at"]
    return Fetched(value, origin, problem, fetched_at=when)


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    return str(reason) or type(error).__name__


def timeout() -> float:
    text = os.environ.get(TIMEOUT_VARIABLE, "")
    return min(int(text), MAX_TIMEOUT_S) if text.isdigit() and int(text) > 0 else MAX_TIMEOUT_S


def _get(url: str, meta: dict[str, Any] | None) -> tuple[int, dict[str, str], bytes]:
    import urllib.error
    import urllib.request

    headers = {"Accept": "application/json", "Accept-Encoding": "gzip", "User-Agent": "pyxi"}
    if meta and meta.get("etag"):
        headers["If-None-Match"] = meta["etag"]
    if meta and meta.get("last-modified"):
        headers["If-Modified-Since"] = meta["last-modified"]
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout()) as response:
            status, found, body = response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        status, found, body = error.code, dict(error.headers.items()), b""
    lowered = {k.lower(): v for k, v in found.items()}
    if lowered.get("content-encoding", "").lower() == "gzip" and body:
        body = gzip.decompress(body)
    return status, lowered, body


# ------------------------------------------------------------------------------ freshness


def _directives(cache_control: str) -> dict[str, int | None]:
    return {name.lower(): (int(value) if value else None)
            for name, value in _DIRECTIVE.findall(cache_control)}


def lifetime(headers: dict[str, str]) -> float:
    """Seconds a response stays fresh, by the shared-cache rules (0: revalidate every time)."""
    directives = _directives(headers.get("cache-control", ""))
    if "no-cache" in directives:
        return 0
    for name in ("s-maxage", "max-age"):
        seconds = directives.get(name)
        if seconds is not None:
            return float(seconds)
    date = _http_date(headers.get("date")) or time.time()
    expires = _http_date(headers.get("expires"))
    if "expires" in headers:
        return max(0.0, (expires or 0) - date)
    modified = _http_date(headers.get("last-modified"))
    return max(0.0, (date - modified) * 0.1) if modified else 0.0


def _http_date(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError):
        return None


def _is_fresh(meta: dict[str, Any]) -> bool:
    age = time.time() - meta["fetched_at"] + meta.get("age", 0)
    return 0 <= age < meta["lifetime"]


# ------------------------------------------------------------------------------ storage


def _store(path: Path, url: str, headers: dict[str, str], body: bytes,
           previous: dict[str, Any] | None = None) -> None:
    kept = previous or {}
    age = headers.get("age", "")
    meta = {
        "url": url,
        "fetched_at": time.time(),
        "age": int(age) if age.isdigit() else 0,
        "lifetime": lifetime({**{k: v for k, v in kept.get("headers", {}).items()}, **headers}),
        "etag": headers.get("etag") or kept.get("etag"),
        "last-modified": headers.get("last-modified") or kept.get("last-modified"),
        "headers": {k: headers[k] for k in ("cache-control", "expires", "date", "last-modified")
                    if k in headers},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(meta).encode() + b"\n" + body)
    except OSError:
        pass  # a read-only cache only costs a download next time


def _read(path: Path) -> tuple[dict[str, Any], bytes] | None:
    try:
        head, _, body = path.read_bytes().partition(b"\n")
        meta = json.loads(head)
        float(meta["fetched_at"]), float(meta["lifetime"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return meta, body
