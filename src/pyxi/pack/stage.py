"""Filling a pack's folder: the locked conda archives and wheels, then the injected files."""

from __future__ import annotations

import shutil
from dataclasses import field
from pathlib import Path

from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename

from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.digest import file_sha256
from pyxi.lockfile.model import CondaPackage
from pyxi.pack.layout import CHANNEL_DIR, PYPI_DIR, PackedFile
from pyxi.pack.select import Selection, wheel_name


@model
class Staged:
    conda: list[CondaPackage] = field(default_factory=list)
    conda_files: list[PackedFile] = field(default_factory=list)
    pypi_files: list[PackedFile] = field(default_factory=list)


def stage_locked(selection: Selection, root: Path, cache: Path | None, workspace: Path) -> Staged:
    """Fetch every selected package into `root` (verified against the lock)."""
    from pyxi.conda.fetch import fetch_archives
    from pyxi.pypi.fetch import fetch_wheels

    fetch_archives(selection.conda, root / CHANNEL_DIR, cache)
    staged = Staged(conda=list(selection.conda))
    staged.conda_files = [_conda_file(p) for p in selection.conda]
    wheels = [(p, wheel_name(p) or "") for p in selection.pypi]
    digests = fetch_wheels(wheels, root / PYPI_DIR, cache / PYPI_DIR if cache else None, workspace)
    for (package, name), digest in zip(wheels, digests):
        staged.pypi_files.append(
            PackedFile(f"{PYPI_DIR}/{name}", package.name, package.version or "", sha256=digest)
        )
    return staged


def _conda_file(package: CondaPackage, injected: bool = False) -> PackedFile:
    return PackedFile(
        f"{CHANNEL_DIR}/{package.subdir}/{package.file_name}", package.name, package.version,
        sha256=package.sha256, md5=package.md5, injected=injected,
    )


def inject(staged: Staged, root: Path, files: list[Path], subdir: str) -> None:
    """Add local `.conda`/`.tar.bz2` packages (replacing a locked package of the same name)
    and `.whl` files; conda packages must fit the environment's other packages."""
    from pyxi.conda.archive_record import archive_record, check_consistent

    conda = [f for f in files if f.name.endswith((".conda", ".tar.bz2"))]
    wheels = [f for f in files if f.name.endswith(".whl")]
    for path in [f for f in files if f not in conda and f not in wheels]:
        raise PyxiError(f"cannot inject {path}: only `.conda`, `.tar.bz2` and `.whl` files can",
                        help="pass the built package file")
    for path in conda:
        package = archive_record(_existing(path))
        if package.subdir not in (subdir, "noarch"):
            raise PyxiError(f"cannot inject {path}: it is built for {package.subdir}, the pack "
                            f"is for {subdir}", help=f"inject the {subdir} (or noarch) build")
        target = root / CHANNEL_DIR / package.subdir / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        _replace(staged, package, _conda_file(package, injected=True))
    if conda:
        check_consistent(staged.conda)
    for path in wheels:
        packed = _wheel(_existing(path), root)
        for old in [f for f in staged.pypi_files if canonicalize_name(f.name) == canonicalize_name(packed.name)]:
            staged.pypi_files.remove(old)
            (root / old.path).unlink(missing_ok=True)
        staged.pypi_files.append(packed)


def _replace(staged: Staged, package: CondaPackage, packed: PackedFile) -> None:
    keep = [i for i, p in enumerate(staged.conda) if p.name != package.name]
    staged.conda = [staged.conda[i] for i in keep] + [package]
    staged.conda_files = [staged.conda_files[i] for i in keep] + [packed]


def _wheel(path: Path, root: Path) -> PackedFile:
    try:
        name, version, _, _ = parse_wheel_filename(path.name)
    except InvalidWheelFilename as error:
        raise PyxiError(f"cannot inject {path}: {error}", help="pass a wheel with its own name") from error
    target = root / PYPI_DIR / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return PackedFile(f"{PYPI_DIR}/{path.name}", str(name), str(version),
                      sha256=file_sha256(target), injected=True)


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise PyxiError(f"cannot inject {path}: no such file", help="check the path")
    return path
