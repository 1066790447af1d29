"""Conda package fields implied by a package's location (rattler's `derived_fields.rs`).

A v6+ lock leaves out every field the location implies; the reader puts them back with
these functions and the writer leaves out exactly the fields that equal them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from pyxi.datamodel import model

ARCHIVE_SUFFIXES = (".conda", ".tar.bz2")
KNOWN_SUBDIRS = frozenset({
    "noarch", "linux-32", "linux-64", "linux-aarch64", "linux-armv6l", "linux-armv7l",
    "linux-loongarch64", "linux-ppc64le", "linux-ppc64", "linux-ppc", "linux-s390x",
    "linux-riscv32", "linux-riscv64", "freebsd-32", "freebsd-64", "freebsd-arm64", "osx-64",
    "osx-arm64", "ios-arm64", "iossimulator-arm64", "iossimulator-64", "android-aarch64",
    "android-armv7a", "android-64", "android-32", "win-32", "win-64", "win-arm64",
    "emscripten-wasm32", "emscripten-wasm64", "wasi-wasm32", "zos-z", "unknown",
})
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_TRAILING_DIGITS = re.compile(r"[0-9]+$")


@model(frozen=True)
class Derived:
    """What a location says about its package; None where it says nothing."""

    file_name: str | None = None
    name: str | None = None
    version: str | None = None
    build: str | None = None
    subdir: str | None = None
    channel: str | None = None


def is_url(location: str) -> bool:
    return bool(_URL_SCHEME.match(location))


def split_archive_name(file_name: str) -> tuple[str, str, str] | None:
    """`name-version-build.conda` → (name, version, build), or None for another name."""
    stem = next((file_name[: -len(s)] for s in ARCHIVE_SUFFIXES if file_name.endswith(s)), None)
    if stem is None:
        return None
    parts = stem.rsplit("-", 2)
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def _segments(location: str) -> list[str]:
    if is_url(location):
        return urlsplit(location).path.split("/")
    return location.replace("\\", "/").split("/")


def derive(location: str) -> Derived:
    """The fields implied by `location` (a URL or a path)."""
    segments = _segments(location)
    file_name = segments[-1] if segments else ""
    parts = split_archive_name(file_name)
    if parts is None:
        return Derived(channel=derive_channel(location))
    subdir = _derive_subdir(location, segments)
    return Derived(file_name, *parts, subdir=subdir, channel=derive_channel(location))


def _derive_subdir(location: str, segments: list[str]) -> str | None:
    scheme = urlsplit(location).scheme if is_url(location) else ""
    if scheme not in ("http", "https", "file") or len(segments) < 2:
        return None
    return segments[-2] if segments[-2] in KNOWN_SUBDIRS else None


def derive_channel(location: str) -> str | None:
    """The URL without its last two path segments, with a trailing slash (None for paths)."""
    if not is_url(location):
        return None
    parts = urlsplit(location)
    segments = parts.path.split("/")
    path = "/".join(segments[:-2]) if len(segments) > 2 else ""
    return normalize_channel(urlunsplit((parts.scheme, parts.netloc, path, parts.query, "")))


@lru_cache(maxsize=256)  # a lock has few channels and many packages from each
def normalize_channel(url: str) -> str:
    """A channel URL the way rattler holds it: with exactly one trailing slash."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/") + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


@lru_cache(maxsize=256)  # twice per package written, from a handful of channels
def strip_channel(url: str) -> str:
    """A channel URL the way the lock writes it: without a trailing slash."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def build_number_from_build(build: str) -> int | None:
    """The digits at the end of a build string (`py313h..._1` → 1, `20_gnu` → None)."""
    match = _TRAILING_DIGITS.search(build)
    return int(match.group()) if match and match.group().isascii() else None


def noarch_from(subdir: str, build: str) -> str | None:
    """A `noarch` subdir means noarch: `python` when the build mentions py, else `generic`."""
    if subdir != "noarch":
        return None
    return "python" if "py" in build else "generic"
