"""The words of `pyxi workspace platform add/edit`, checked as pixi checks them: `SUBDIR` or
`NAME=SUBDIR` entries, the friendly flags (`--cuda 12.0`, `--glibc 2.28` only on linux
subdirs, …) and raw `__name[=version[=build]]` declarations, into `{virtual package: value}`.
Every problem is an error that names the word at fault."""

from __future__ import annotations

import re

from pyxi.consts import KNOWN_SUBDIRS
from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.manifest.errors import suggest
from pyxi.manifest.platform_names import family, name_problem
from pyxi.manifest.specs import is_simple_version

# flag → (virtual package, the subdir family it is only valid on, or None for any)
FLAGS = {
    "cuda": ("__cuda", None), "cuda_arch": ("__cuda_arch", None),
    "archspec": ("__archspec", None), "glibc": ("__glibc", "linux"),
    "linux": ("__linux", "linux"), "macos": ("__osx", "osx"), "windows": ("__win", "win"),
}  # fmt: skip
_ARCHSPEC = re.compile(r"^[A-Za-z0-9_.]+$")


@model
class VirtualFlags:
    """The friendly flags as given (None = not given)."""

    cuda: str | None = None
    cuda_arch: str | None = None
    archspec: str | None = None
    glibc: str | None = None
    linux: str | None = None
    macos: str | None = None
    windows: str | None = None

    def given(self) -> list[tuple[str, str]]:
        return [(flag, value) for flag in FLAGS if (value := getattr(self, flag)) is not None]

    def declarations(self, subdir: str, raw: list[str]) -> dict[str, str]:
        """Flags then raw specs → `{package: value}`; a package named twice is an error."""
        declared: dict[str, str] = {}
        for flag, value in self.given():
            package, only_on = FLAGS[flag]
            option = "--" + flag.replace("_", "-")
            if only_on is not None and family(subdir) != only_on:
                raise PyxiError(
                    f"{option} only applies to {only_on} subdirs, but the platform's subdir "
                    f"is '{subdir}'")
            _add(declared, package, _archspec(value) if flag == "archspec" else _version(option, value))
        for spec in raw:
            package, value = raw_virtual_package(spec)
            _add(declared, package, value)
        return declared


def _add(declared: dict[str, str], package: str, value: str) -> None:
    if package in declared:
        raise PyxiError(
            f"virtual package '{package}' was specified more than once on the command line")
    declared[package] = value


def _version(option: str, value: str) -> str:
    if not is_simple_version(value):
        raise PyxiError(f"{option}: '{value}' is not a valid version",
                        help="give a plain version such as `12.0` or `2.28`")
    return value.strip()


def _archspec(value: str) -> str:
    if not value:
        raise PyxiError("--archspec requires a non-empty microarchitecture string")
    if not _ARCHSPEC.match(value):
        hint = value.replace("-", "_")
        raise PyxiError(f"'{value}' is not a known archspec microarchitecture",
                        help=f"did you mean '{hint}'?" if _ARCHSPEC.match(hint) else None)
    return value


def raw_virtual_package(spec: str) -> tuple[str, str]:
    """`__name[=version[=build]]` → (`__name`, `version` or `version=build`)."""
    name, _, rest = spec.partition("=")
    if not name.startswith("__") or len(name) == 2 or not re.match(r"^__[a-z0-9_.-]+$", name):
        raise PyxiError(
            f"'{spec}' is not a virtual package spec: name must start with '__' followed by a "
            "name (e.g. '__cuda=12.0')")
    version, _, build = rest.partition("=")
    version = version or "0"
    if not is_simple_version(version):
        raise PyxiError(f"'{version}' is not a valid virtual package version (in '{spec}')")
    if name == "__archspec" and build:
        return name, _archspec(build)
    return name, f"{version}={build}" if build else version


def platform_entry(word: str) -> tuple[str, str]:
    """`linux-64` → (linux-64, linux-64); `gpu=linux-64` → (gpu, linux-64)."""
    name, sep, subdir = word.partition("=")
    if not sep:
        name = subdir = word
    elif (problem := name_problem(name)) is not None:
        raise PyxiError(f"invalid platform name '{name}': {problem}",
                        help="platform names use letters, digits and `-`, and start with a letter")
    return name, check_subdir(subdir)


def check_subdir(subdir: str) -> str:
    if subdir not in KNOWN_SUBDIRS:
        raise PyxiError(f"'{subdir}' is not a valid conda subdir",
                        help=suggest(subdir, KNOWN_SUBDIRS, what="subdirs"))
    return subdir
