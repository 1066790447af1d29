"""What a prefix holds: its `conda-meta` records and the executables they installed."""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath

from pyxi import consts
from pyxi.datamodel import model
from pyxi.global_.model import strip_exe
from pyxi.lockfile.model import CondaPackage
from pyxi.lockfile.repodata import conda_package_from_repodata

# Folders (relative to the prefix) whose executables count as a package's commands.
_BIN_FOLDERS = (
    ("", "Library/mingw-w64/bin", "Library/usr/bin", "Library/bin", "Scripts", "bin")
    if os.name == "nt"
    else ("bin",)
)


@model(frozen=True)
class Executable:
    name: str  # the file name without `.exe`/`.bat`
    path: str  # relative to the prefix, with `/`


@model
class InstalledRecord:
    package: CondaPackage
    files: list[str]

    @property
    def name(self) -> str:
        return self.package.name


def installed_records(prefix: Path) -> list[InstalledRecord]:
    """Every package record of `prefix` (none when it is not installed)."""
    folder = prefix / consts.CONDA_META
    records = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            package = conda_package_from_repodata(data)
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a package record (or a broken one): nothing to expose from it
        files = [str(f).replace("\\", "/") for f in data.get("files", [])]
        records.append(InstalledRecord(package, files))
    return records


def record_named(records: list[InstalledRecord], name: str) -> InstalledRecord | None:
    return next((r for r in records if r.name == name.lower()), None)


def executables(prefix: Path, records: list[InstalledRecord], bin_only: bool) -> list[Executable]:
    """The executable files of `records` (only those in bin folders with `bin_only`)."""
    found = []
    for record in records:
        for relative in record.files:
            parent = str(PurePosixPath(relative).parent).removeprefix(".")
            if bin_only and parent not in _BIN_FOLDERS:
                continue
            if _is_executable(prefix / relative):
                found.append(Executable(strip_exe(PurePosixPath(relative).name), relative))
    return found


def _is_executable(path: Path) -> bool:
    if os.name == "nt":
        return path.suffix.lower() in (".exe", ".bat", ".cmd") and path.is_file()
    return path.is_file() and os.access(path, os.X_OK)


def package_executables(
    prefix: Path, records: list[InstalledRecord], name: str
) -> list[Executable]:
    """The commands of the package `name`; when it has none of its own name, the command of
    that name from any package (pixi's rule: `jupyter` exposes the `jupyter` of a dependency)."""
    record = record_named(records, name)
    own = executables(prefix, [record], bin_only=True) if record else []
    if not any(e.name == name.lower() for e in own):
        for other in records:
            match = [e for e in executables(prefix, [other], True) if e.name == name.lower()]
            if match:
                return own + match[:1]
    return own


def menu_packages(records: list[InstalledRecord]) -> set[str]:
    """The packages that ship a menu document (`Menu/*.json`): those that have shortcuts."""
    return {
        r.name
        for r in records
        if any(f.startswith("Menu/") and f.endswith(".json") for f in r.files)
    }
