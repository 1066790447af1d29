"""Checking an extracted pack before anything is installed: every package file against the
hash the lock recorded (the channel's repodata, and `pyxi-pack.json` when pyxi made the pack)."""

from __future__ import annotations

from pathlib import Path

from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from pyxi.diagnostics import PyxiError
from pyxi.digest import file_digests
from pyxi.lockfile.model import CondaPackage, PypiPackage
from pyxi.pack.layout import PYPI_DIR, PackedFile, PackRecord

_HELP = ("the pack was changed or damaged after `pyxi pack` made it: copy it again, or make "
         "it again from pixi.lock")


def verify_conda(root: Path, archive: Path, packages: list[CondaPackage], record: PackRecord | None) -> None:
    recorded = {f.path: f for f in record.conda} if record else {}
    if record is not None:
        listed = {_relative(root, p) for p in packages}
        missing = sorted(set(recorded) - listed)
        if missing:
            raise PyxiError(f"{archive} does not list `{missing[0]}` in its channel's repodata",
                            help=_HELP)
    for package in packages:
        entry = recorded.get(_relative(root, package))
        if record is not None and entry is None:
            raise PyxiError(f"{archive} holds the conda package `{package.name}`, which "
                            "pyxi-pack.json does not record", help=_HELP)
        expected = {"sha256": package.sha256, "md5": package.md5}
        if entry is not None and (entry.sha256, entry.md5) != (package.sha256, package.md5):
            raise PyxiError(f"{archive}: the hashes of the conda package `{package.name}` in its "
                            "repodata differ from those in pyxi-pack.json", help=_HELP)
        _check(archive, "conda package", package.name, Path(package.location), expected)


def pypi_packages(root: Path, archive: Path, record: PackRecord | None) -> list[PypiPackage]:
    """The wheels to install, verified: those `pyxi-pack.json` lists, else (a pixi-pack pack)
    every wheel in `pypi/`, which pixi-pack records no hash for."""
    files = record.pypi if record else [_unrecorded(p) for p in sorted((root / PYPI_DIR).glob("*.whl"))]
    packages = []
    for entry in files:
        path = root / entry.path
        _check(archive, "PyPI package", entry.name, path, {"sha256": entry.sha256})
        packages.append(PypiPackage(path.as_uri(), entry.name, entry.version, sha256=entry.sha256))
    return packages


def _unrecorded(path: Path) -> PackedFile:
    try:
        name, version, _, _ = parse_wheel_filename(path.name)
    except InvalidWheelFilename as error:
        raise PyxiError(f"the pack holds `{path.name}`, which is not a wheel: {error}", help=_HELP) from error
    return PackedFile(f"{PYPI_DIR}/{path.name}", str(name), str(version))


def _check(archive: Path, kind: str, name: str, path: Path, expected: dict[str, str | None]) -> None:
    wanted = {k: v.lower() for k, v in expected.items() if v}
    if not path.is_file():
        raise PyxiError(f"the {kind} `{name}` is missing from {archive} (`{path.name}`)", help=_HELP)
    actual = file_digests(path, wanted)
    for kind_of_hash, value in wanted.items():
        if actual[kind_of_hash] != value:
            raise PyxiError(
                f"the {kind} `{name}` in {archive} does not match the {kind_of_hash} recorded in "
                "the lock file; nothing was installed",
                notes=[f"file: {path.name}", f"expected {kind_of_hash}: {value}",
                       f"actual {kind_of_hash}:   {actual[kind_of_hash]}"],
                help=_HELP,
            )


def _relative(root: Path, package: CondaPackage) -> str:
    return Path(package.location).relative_to(root).as_posix()
