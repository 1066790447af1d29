"""Validation of the version strings a manifest holds (conda and PEP 440).

`rattler` is imported inside the conda check only: reading a manifest for `pyxi run` on an
up-to-date environment should not pay for it unless a spec is actually checked.
"""

from __future__ import annotations

import re

from pyxi.manifest.errors import Source, dotted
from pyxi.manifest.keyindex import KeyPath

_SIMPLE_VERSION = re.compile(r"^[0-9]+(\.[0-9A-Za-z_*]+)*$")
_PYPI_NAME = re.compile(r"^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$")


def check_conda_version(src: Source, spec: str, path: KeyPath) -> str:
    """A conda version spec (`>=3.11,<3.13`, `12.6.*`, `*`); returns it stripped."""
    import rattler

    text = spec.strip()
    try:
        rattler.VersionSpec(text)
    except Exception as error:  # noqa: BLE001 - rattler raises its own exception types
        src.error(
            f"invalid version spec `{spec}` for `{dotted(src.full(path))}`: {error}",
            path,
            help=_conda_help(text),
        )
    return text


def _conda_help(text: str) -> str:
    import rattler

    try:
        nameless = rattler.NamelessMatchSpec(text)
    except Exception:  # noqa: BLE001
        nameless = None
    if nameless is not None and nameless.build and " " in text:
        return (
            "a build string goes in a table: "
            f'`{{ version = "{nameless.version}", build = "{nameless.build}" }}`'
        )
    return 'use a conda version spec such as `">=1.2,<2"`, `"1.2.*"` or `"*"`'


def check_pep440(src: Source, spec: str, path: KeyPath) -> str | None:
    """A PEP 440 specifier set; `*` (pixi's "any version") becomes None."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    text = spec.strip()
    if text in ("*", ""):
        return None
    try:
        SpecifierSet(text)
    except InvalidSpecifier as error:
        src.error(
            f"invalid PEP 440 version specifier `{spec}` for `{dotted(src.full(path))}`: {error}",
            path,
            help='use a specifier such as `">=2.5"`, `"~=3.5.0"`, `"==1.2.*"` or `"*"`',
        )
    return text


_CONDA_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


def check_conda_name(src: Source, name: str, path: KeyPath) -> str:
    if not _CONDA_NAME.match(name):
        src.error(
            f"`{name}` is not a valid conda package name",
            path,
            help="conda names use letters, digits, `_`, `.` and `-` (no spaces or version operators: "
            'write `numpy = ">=2"`, not `"numpy>=2" = "*"`)',
        )
    return name


def check_workspace_version(src: Source, version: str, path: KeyPath) -> str:
    """The workspace `version`: a conda version such as `0.1.0` or `2024.1.dev0`."""
    import rattler

    try:
        rattler.Version(version)
    except Exception as error:  # noqa: BLE001 - rattler raises its own exception types
        src.error(
            f"invalid version `{version}` for `{dotted(src.full(path))}`: {error}",
            path,
            help='write a version such as `"0.1.0"`',
        )
    return version


def check_pypi_name(src: Source, name: str, path: KeyPath) -> str:
    if not _PYPI_NAME.match(name):
        src.error(
            f"`{name}` is not a valid PyPI package name",
            path,
            help="use letters, digits, `.`, `_` and `-`; start and end with a letter or digit",
        )
    return name


def is_simple_version(version: str) -> bool:
    return bool(_SIMPLE_VERSION.match(version.strip()))


def check_simple_version(src: Source, version: str, path: KeyPath) -> str:
    """A plain version such as `12.0` or `2.28` (system requirements, virtual packages)."""
    if not is_simple_version(version):
        src.error(
            f"invalid version `{version}` for `{dotted(src.full(path))}`",
            path,
            help='write a plain version such as `"12.0"` or `"2.28"`',
        )
    return version.strip()


def pep440_to_conda(src: Source, spec: str, path: KeyPath) -> str:
    """`>= 3.11, < 3.13` (PEP 440, e.g. requires-python) → `>=3.11,<3.13` (conda)."""
    from packaging.specifiers import InvalidSpecifier, Specifier

    parts: list[str] = []
    for piece in spec.split(","):
        if not piece.strip():
            continue
        try:
            parts.append(str(Specifier(piece.strip())))
        except InvalidSpecifier as error:
            src.error(f"invalid `requires-python` specifier `{spec}`: {error}", path)
    return check_conda_version(src, ",".join(parts) or "*", path)
