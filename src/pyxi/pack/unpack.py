"""`pyxi unpack`: an environment from a pack, with no network and no package cache.

The pack is extracted to a scratch folder next to the target, every file is checked against
the hashes recorded at pack time, the host is checked as `run` checks it (so a CUDA
environment on a node without a driver is refused the same way, `CONDA_OVERRIDE_CUDA`
honoured), then rattler links the conda packages (through a scratch cache) and uv installs the
wheels (offline, from the files), and activation scripts are written next to the prefix.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import field
from pathlib import Path

from pyxi.datamodel import model
from pyxi.diagnostics import HostError, PyxiError
from pyxi.lockfile.model import CondaPackage, LockedPackage, PypiPackage
from pyxi.pack import layout
from pyxi.pack.repodata import read_channel
from pyxi.pack.verify import pypi_packages, verify_conda


@model
class UnpackResult:
    prefix: Path
    environment: str
    conda: int
    pypi: int
    scripts: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def unpack(archive: Path, output: Path, env_name: str = layout.DEFAULT_ENV_NAME) -> UnpackResult:
    output = output.resolve()
    prefix = output / env_name
    if prefix.exists() and any(prefix.iterdir()):
        raise PyxiError(f"{prefix} already exists and is not empty",
                        help="unpack into another folder (`-o DIR`) or remove that one first")
    created = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix=".pyxi-unpack-", dir=output) as scratch:
            root = Path(scratch) / "pack"
            _extract(archive, root)
            result = _install(archive, root, Path(scratch), prefix)
    except BaseException:
        if created and not any(output.iterdir()):
            output.rmdir()
        raise
    from pyxi.env.activation_files import shells_for, write_activation_scripts

    result.scripts = write_activation_scripts(prefix, output, result.environment, shells_for(_subdir()))
    return result


def _extract(archive: Path, root: Path) -> None:
    from pyxi.pack.archive import extract_tar
    from pyxi.pack.selfextract import embedded_tar, is_script

    if archive.is_dir():
        shutil.copytree(archive, root)
    elif not archive.is_file():
        raise PyxiError(f"no such pack: {archive}", help="pass the .tar (or .sh) that `pyxi pack` made")
    elif is_script(archive):
        extract_tar(embedded_tar(archive), root, archive)
    else:
        extract_tar(archive, root, archive)


def _install(archive: Path, root: Path, scratch: Path, prefix: Path) -> UnpackResult:
    subdir = layout.read_pixi_pack_json(root, archive)
    if subdir != _subdir():
        raise HostError(f"{archive} was packed for {subdir}; this machine is {_subdir()}",
                        help=f"unpack it on a {subdir} machine, or run `pyxi pack -p {_subdir()}`")
    record = layout.read_pack_record(root, archive)
    conda = read_channel(root)
    verify_conda(root, archive, conda, record)
    pypi = pypi_packages(root, archive, record)
    name = record.environment if record else prefix.name
    warnings = _check_host(name, subdir, [*conda, *pypi], record)
    try:
        _link(prefix, conda, pypi, subdir, scratch, root)
    except BaseException:
        shutil.rmtree(prefix, ignore_errors=True)
        raise
    return UnpackResult(prefix, name, len(conda), len(pypi), warnings=warnings)


def _check_host(name: str, subdir: str, packages: list[LockedPackage],
                record: layout.PackRecord | None) -> list[str]:
    from pyxi.env.host_check import check_host_packages

    declared = [v.split("=")[1] for v in (record.virtual_packages if record else [])
                if v.startswith("__cuda=")]
    return check_host_packages(name, subdir, packages, declared[0] if declared else None,
                               command="pyxi unpack …")


def _link(prefix: Path, conda: list[CondaPackage], pypi: list[PypiPackage], subdir: str,
          scratch: Path, root: Path) -> None:
    from pyxi.conda.install import install_conda
    from pyxi.pypi.install import install_pypi

    install_conda(prefix, conda, subdir=subdir, cache_dir=scratch / "cache", show_progress=False)
    if pypi:
        install_pypi(prefix, pypi, editable_names=set(), workspace_root=root, cache_dir=scratch / "uv")
    history = prefix / "conda-meta" / "history"
    if not history.exists():
        history.write_text("// made by `pyxi unpack`; not read by pyxi, but by `conda run -p`\n")


def _subdir() -> str:
    from pyxi.conda.host import host_subdir

    return host_subdir()
