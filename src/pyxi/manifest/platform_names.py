"""pixi's rules for the entries of `workspace.platforms`, shared by the parser and by
`pyxi workspace platform`: the friendly keys of a rich platform and the virtual package each
declares, the subdir defaults a declaration is compared with (a value equal to the default
declares nothing), the name pixi derives for an entry without `name`, the names it accepts,
and the `key=value` form in which `platform list` shows a declaration.

Declarations are `{conda name: value}`: the version, or for `__archspec` the microarchitecture.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping

# Friendly key → virtual package, in pixi's canonical order (derived names and the TOML pixi
# writes follow it); `osx` is accepted for `macos`.
FRIENDLY = (
    ("cuda", "__cuda"), ("archspec", "__archspec"), ("glibc", "__glibc"), ("linux", "__linux"),
    ("macos", "__osx"), ("windows", "__win"),
)  # fmt: skip
KEY_ALIASES = {"osx": "macos"}
FRIENDLY_KEY = {package: key for key, package in FRIENDLY}
PACKAGE_OF_KEY = {**{key: package for key, package in FRIENDLY}, "osx": "__osx"}
# Target-selector families: a platform named like one would shadow `[target.linux]`.
RESERVED_NAMES = ("linux", "unix", "win", "osx", "macos")
MAX_NAME_LENGTH = 64

DEFAULT_LINUX = "4.18"
DEFAULT_GLIBC = "2.28"
DEFAULT_OSX = "13.0"
DEFAULT_WIN = "10.0"
_ARCHSPEC_BY_ARCH = {
    "64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64", "ppc64le": "ppc64le",
    "s390x": "s390x", "32": "x86", "armv7l": "armv7l", "armv6l": "armv6l",
    "riscv64": "riscv64", "ppc64": "ppc64",
}  # fmt: skip
# rattler knows no minimal microarchitecture for these, so they get no `__archspec`.
NO_ARCHSPEC = ("noarch", "emscripten-wasm32", "wasi-wasm32", "zos-z")


def family(subdir: str) -> str:
    """`linux`, `osx`, `win`, … (the part before the dash)."""
    return subdir.split("-", 1)[0]


def is_unix(subdir: str) -> bool:
    """Linux, macOS and emscripten (in the browser, but unix-like), as rattler counts them."""
    return family(subdir) in ("linux", "osx") or subdir == "emscripten-wasm32"


def archspec_of(subdir: str) -> str:
    """pixi's default microarchitecture for a subdir."""
    if subdir == "osx-arm64":
        return "m1"
    arch = subdir.split("-", 1)[-1]
    return _ARCHSPEC_BY_ARCH.get(arch, arch)


def subdir_defaults(subdir: str) -> dict[str, str]:
    """What a bare subdir declares: `{__linux: 4.18, __glibc: 2.28, __archspec: x86_64}` on
    linux-64 (`__unix` carries no value and is left out)."""
    defaults: dict[str, str] = {}
    kind = family(subdir)
    if kind == "linux":
        defaults.update(__linux=DEFAULT_LINUX, __glibc=DEFAULT_GLIBC)
    elif kind == "osx":
        defaults["__osx"] = DEFAULT_OSX
    elif kind == "win":
        defaults["__win"] = DEFAULT_WIN
    if subdir not in NO_ARCHSPEC:
        defaults["__archspec"] = archspec_of(subdir)
    return defaults


def same_version(a: str, b: str) -> bool:
    """`10` and `10.0` are the same version (trailing zero segments do not count)."""

    def key(text: str) -> list[str]:
        parts = text.strip().split(".")
        while len(parts) > 1 and parts[-1] == "0":
            parts.pop()
        return parts

    return key(a) == key(b)


def customised(subdir: str, declared: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The declarations that differ from the subdir's defaults, in the order given."""
    defaults = subdir_defaults(subdir)
    result: dict[str, str] = {}
    for package, value in declared:
        default = defaults.get(package)
        if default is None or not (value == default or same_version(value, default)):
            result[package] = value
    return result


def derive_name(subdir: str, declared: Mapping[str, str]) -> str:
    """pixi's name for an entry without `name`: the subdir, then `key-value` for every
    customised declaration (friendly keys in canonical order, then raw ones by name), with
    every run of other characters made one `-`: `linux-64-cuda-12-6`."""
    custom = customised(subdir, declared.items())
    parts = [subdir]
    for key, package in FRIENDLY:
        if package in custom:
            parts.append(f"{key}-{_segment(custom[package])}")
    for package in sorted(p for p in custom if p not in FRIENDLY_KEY):
        parts.append(f"{_segment(package.lstrip('_'))}-{_segment(custom[package])}")
    return "-".join(parts)


def _segment(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a platform (pixi's rule), or None."""
    if not name:
        return "a platform name can not be empty"
    if len(name.encode()) > MAX_NAME_LENGTH:
        return f"a platform name can not be longer than {MAX_NAME_LENGTH} bytes (got {len(name.encode())})"
    for position, char in enumerate(name):
        first, last = position == 0, position == len(name) - 1
        ok = char.isascii() and (
            char.isalpha() if first else char.isalnum() if last else (char.isalnum() or char == "-")
        )
        if not ok:
            return f"a platform name can not contain '{char}' at position {position}"
    if name in RESERVED_NAMES:
        return f"'{name}' is a reserved platform name (it is a target selector family)"
    return None


def rendered(subdir: str, declared: Mapping[str, str], defaults: bool = False) -> list[str]:
    """The customised declarations (with `defaults`, all) as `platform list` shows them:
    `cuda=12.0`, `archspec=x86_64_v3`, `__foo=1`, and `cuda = { driver = "12.0", arch = "8.6" }`
    for a driver with a compute capability (the shape pixi.toml holds)."""
    custom = dict(declared) if defaults else customised(subdir, declared.items())
    parts = []
    for key, package in FRIENDLY:
        if package not in custom:
            continue
        if package == "__cuda" and "__cuda_arch" in custom:
            parts.append(f'cuda = {{ driver = "{custom[package]}", arch = "{custom["__cuda_arch"]}" }}')
        else:
            parts.append(_key_value(key, custom[package]))
    grouped = "__cuda" in custom
    for package in sorted(p for p in custom if p not in FRIENDLY_KEY):
        if not (package == "__cuda_arch" and grouped):
            parts.append(_key_value(package, custom[package]))
    return parts


def _key_value(key: str, value: str) -> str:
    return key if value == "0" else f"{key}={value}"


_MACHINES = {"x86_64": "64", "amd64": "64", "i386": "32", "i686": "32", "x86": "32",
             "aarch64": "aarch64", "arm64": "arm64", "armv6l": "armv6l", "armv7l": "armv7l",
             "ppc64le": "ppc64le", "ppc64": "ppc64", "s390x": "s390x", "riscv64": "riscv64"}  # fmt: skip


def current_subdir() -> str:
    """This machine's conda platform, without rattler (a cached exec must start fast)."""
    import platform  # 2 ms to import: only the paths that ask for this machine's platform

    system = {"linux": "linux", "darwin": "osx", "win32": "win"}.get(sys.platform, sys.platform)
    machine = _MACHINES.get(platform.machine().lower(), platform.machine().lower())
    if system == "osx" and machine == "aarch64":
        machine = "arm64"
    if system != "osx" and machine == "arm64":
        machine = "aarch64" if system == "linux" else "arm64"
    return f"{system}-{machine}"
