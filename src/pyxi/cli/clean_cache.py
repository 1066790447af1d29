"""`pyxi clean cache`: remove the shared caches (`PIXI_CACHE_DIR`), some kinds or all."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# flag → (help, folder below the cache root)
KINDS: dict[str, tuple[str, str]] = {
    "pypi": ("the PyPI (uv) cache", "uv"),
    "conda": ("the conda package cache", "pkgs"),
    "mapping": ("the conda → PyPI mapping cache", "conda-pypi-mapping"),
    "exec": ("the `exec` environments", "cached-envs-v0"),
    "repodata": ("the repodata cache", "repodata"),
    "notices": ("the viewed channel notices", "notices"),
    "build_backends": ("the build backends' environments", "build-backends-v0"),
    "build": ("the build caches", "build-v0"),
}


def configure_cache(parser: argparse.ArgumentParser) -> None:
    for kind, (what, _) in KINDS.items():
        parser.add_argument(f"--{kind.replace('_', '-')}", action="store_true",
                            help=f"clean only {what}")
    parser.add_argument("-y", "--yes", "--assume-yes", dest="assume_yes", action="store_true",
                        help="answer yes to all questions")


def folders(args: argparse.Namespace) -> list[Path]:
    """The folders the flags name (pixi's kinds, in pyxi's cache layout)."""
    from pyxi.cache import cache_dir

    root = cache_dir()
    chosen = []
    for kind, (_, sub) in KINDS.items():
        if getattr(args, kind):
            chosen.append(_mapping_dir() if kind == "mapping" else root / sub)
    if args.pypi:
        chosen.append(root / "pyxi-pack")  # wheels and archives `pyxi pack` downloaded
    return chosen


def _mapping_dir() -> Path:
    from pyxi.pypi.mapping_sources import mapping_cache_dir

    return mapping_cache_dir()


def execute_cache(args: argparse.Namespace) -> int:
    from pyxi.cache import cache_dir
    from pyxi.cli.clean import remove

    targets = folders(args)
    if not targets and (args.assume_yes or _confirmed(cache_dir())):
        targets = [cache_dir()]
    if not targets:
        print("Nothing to remove.", file=sys.stderr)
        return 0
    for path in targets:
        if path.exists() or path.is_symlink():
            print(f"✔ {remove(path)}", file=sys.stderr)
        elif not args.quiet:
            print(f"INFO: Folder {path} was already clean.", file=sys.stderr)
    return 0


def _confirmed(root: Path) -> bool:
    """Removing every cache needs a yes (`-y`, or typed at a terminal)."""
    if not sys.stdin.isatty():
        from pyxi.diagnostics import PyxiError

        raise PyxiError(f"no cache kind given, and no terminal to ask whether to remove "
                        f"everything in {root}",
                        help="pass --yes to remove all of it, or choose kinds (--conda, --pypi, "
                        "--repodata, --mapping, --exec)")
    answer = input(f"No cache types specified using the flags.\nDo you really want to remove "
                   f"all cache directories ({root})? [y/N] ")
    return answer.strip().lower() in ("y", "yes")
