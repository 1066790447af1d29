"""`pyxi pack -e ENV [-p PLATFORM] [-o FILE]`: one environment of pixi.lock as a self-contained
archive in pixi-pack's layout, for any platform (nothing is installed)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyxi.lockfile.model import LockFile


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-e", "--environment", metavar="ENV", default="default",
                        help="the environment to pack (default: `default`)")
    parser.add_argument("-p", "--platform", metavar="PLATFORM",
                        help="a platform of the lock, or a conda subdir (default: this machine's)")
    parser.add_argument("-o", "--output-file", metavar="FILE", type=Path,
                        help="where to write the pack (default: environment.tar, or environment.sh "
                        "with --create-executable)")
    parser.add_argument("--inject", metavar="FILE", type=Path, action="append", default=[],
                        help="add a local .conda/.tar.bz2 package or .whl (repeatable)")
    parser.add_argument("--ignore-pypi-non-wheel", action="store_true",
                        help="leave out PyPI packages locked as source (sdists, git, folders)")
    parser.add_argument("--create-executable", action="store_true",
                        help="write a self-extracting shell script instead of a .tar")
    parser.add_argument("--pixi-unpack-source", metavar="PATH", type=Path,
                        help="with --create-executable: embed this pixi-unpack binary, so the "
                        "script needs neither pyxi nor pixi-unpack on the target")
    parser.add_argument("--use-cache", metavar="DIR", type=Path,
                        help="where downloaded packages are kept for the next pack "
                        "(default: PIXI_CACHE_DIR/pyxi-pack)")


def execute(args: argparse.Namespace) -> int:
    from pyxi.cache import pack_cache_dir
    from pyxi.cli.common import say
    from pyxi.cli.render import warn
    from pyxi.conda.host import host_subdir
    from pyxi.pack.pack import PackOptions, default_output, pack

    root, lock = _read_lock(args.manifest_path)
    options = PackOptions(
        environment=args.environment,
        platform=args.platform or host_subdir(),
        output=args.output_file or default_output(args.create_executable),
        workspace_root=root,
        inject=list(args.inject),
        ignore_pypi_non_wheel=args.ignore_pypi_non_wheel,
        create_executable=args.create_executable,
        unpacker=args.pixi_unpack_source,
        cache=args.use_cache or pack_cache_dir(),
    )
    result = pack(lock, options)
    for name in result.skipped:
        warn(f"left out the PyPI package `{name}`: it is not locked as a wheel")
    say(args, f"✔ Packed environment `{args.environment}` ({options.platform}): "
        f"{count(result.conda, 'conda package')}, {count(result.pypi, 'wheel')} → {result.output} "
        f"({_size(result.size)})")
    say(args, f"  sha256 {result.sha256}")
    return 0


def _read_lock(manifest_path: str | None) -> tuple[Path, LockFile]:
    """The workspace folder and its pixi.lock, read as it is (`--frozen`): only the lock says
    what to pack, so the manifest is found but not parsed."""
    from pyxi import consts
    from pyxi.diagnostics import LockFileError
    from pyxi.lockfile.read import read_lock
    from pyxi.manifest.discover import find_manifest

    manifest = find_manifest(Path.cwd(), manifest_path)
    lock_path = manifest.parent / consts.LOCK_FILE
    if not lock_path.is_file():
        raise LockFileError(f"there is no {consts.LOCK_FILE} next to {manifest}",
                            help="run `pyxi lock` first: a pack is made from the lock file")
    return manifest.parent, read_lock(lock_path)


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
