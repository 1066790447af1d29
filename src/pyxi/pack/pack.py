"""`pyxi pack`: one locked environment/platform → one self-contained, reproducible archive."""

from __future__ import annotations

import os
import tempfile
from dataclasses import field
from pathlib import Path

from pyxi.datamodel import model
from pyxi.digest import file_sha256
from pyxi.lockfile.model import LockFile
from pyxi.pack import layout
from pyxi.pack.archive import write_tar
from pyxi.pack.envyaml import EnvironmentYaml
from pyxi.pack.repodata import write_channel
from pyxi.pack.select import Selection, check_sources_injected, select
from pyxi.pack.stage import Staged, inject, stage_locked


@model
class PackOptions:
    environment: str
    platform: str
    output: Path
    workspace_root: Path
    inject: list[Path] = field(default_factory=list)
    ignore_pypi_non_wheel: bool = False
    create_executable: bool = False
    unpacker: Path | None = None
    cache: Path | None = None


@model
class PackResult:
    output: Path
    size: int
    sha256: str
    conda: int
    pypi: int
    skipped: list[str]


def pack(lock: LockFile, options: PackOptions) -> PackResult:
    selection = select(lock, options.environment, options.platform, options.ignore_pypi_non_wheel)
    if options.create_executable and selection.subdir.startswith("win"):
        from pyxi.diagnostics import PyxiError

        raise PyxiError(
            "`--create-executable` makes a POSIX shell script, which Windows cannot run",
            help="copy the .tar to the Windows machine and run `pyxi unpack` there",
        )
    check_sources_injected(selection, _archive_names(options.inject))
    output = options.output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pyxi-pack-", dir=output.parent) as scratch:
        root = Path(scratch) / "pack"
        root.mkdir()
        staged = stage_locked(selection, root, options.cache, options.workspace_root)
        inject(staged, root, options.inject, selection.subdir)
        _write_metadata(root, selection, staged)
        _write_archive(root, Path(scratch), output, options, selection)
    return PackResult(output, output.stat().st_size, file_sha256(output), len(staged.conda),
                      len(staged.pypi_files), selection.skipped)


def _write_metadata(root: Path, selection: Selection, staged: Staged) -> None:
    write_channel(root, staged.conda)
    (root / layout.PIXI_PACK_JSON).write_text(layout.pixi_pack_json(selection.subdir))
    record = layout.PackRecord(
        environment=selection.environment, platform=selection.platform.name,
        subdir=selection.subdir, virtual_packages=list(selection.platform.virtual_packages),
        conda=sorted(staged.conda_files, key=lambda f: f.path),
        pypi=sorted(staged.pypi_files, key=lambda f: f.path),
    )
    (root / layout.PYXI_PACK_JSON).write_text(record.to_json())
    conda_yaml = EnvironmentYaml(
        channels=[f"./{layout.CHANNEL_DIR}", "nodefaults"],
        dependencies=[f"{p.name}={p.version}={p.build}" for p in sorted(staged.conda, key=lambda p: p.name)],
        pip=(["--no-index", f"--find-links ./{layout.PYPI_DIR}"]
             + [f"{f.name}=={f.version}" for f in record.pypi]) if record.pypi else [],
    )
    (root / layout.ENVIRONMENT_YML).write_text(conda_yaml.render())


def _write_archive(root: Path, scratch: Path, output: Path, options: PackOptions,
                   selection: Selection) -> None:
    tar_path = scratch / "pack.tar"
    with tar_path.open("wb") as out:
        write_tar(root, out)
    if not options.create_executable:
        os.replace(tar_path, output)
        return
    from pyxi.pack.selfextract import HEADER, make_executable, write_script

    header = HEADER.format(environment=selection.environment, subdir=selection.subdir,
                           name=output.name)
    script = scratch / "pack.sh"
    with tar_path.open("rb") as tar, script.open("wb") as out:
        write_script(tar, out, header, options.unpacker)
    make_executable(script)
    os.replace(script, output)


def _archive_names(files: list[Path]) -> set[str]:
    from pyxi.lockfile.derive import split_archive_name

    parts = (split_archive_name(f.name) for f in files)
    return {found[0] for found in parts if found is not None}


def default_output(create_executable: bool) -> Path:
    return Path(layout.DEFAULT_EXECUTABLE if create_executable else layout.DEFAULT_OUTPUT)

