"""A no-op `pyxi install` (or `pyxi lock`) decided from hashes and stamps, before anything
heavy is imported.

The full path of `install` parses the manifest (tomli), reads and checks pixi.lock (YAML and
rattler match specs) and imports rattler: ~10× a bare interpreter start, only to find that
nothing changed. This module, like `env/quickrun.py`, imports only os, sys and pyxi's
stdlib-only helpers (the fast path's files, host facts, platform selection).

It relies on one marker, `.pixi/pyxi-verified.json` (`quickstate.py`), written by the full path
of `install` after it has *checked* the lock against the manifest (so never after `--frozen`).
A later `install` is a no-op, without loading anything, when the manifest and lock bytes are
the ones the marker vouches for, and every requested environment's stamp (`conda-meta/pyxi`)
was written for those same bytes, its prefix is there, its platform is the one the full path
would select here (`env/platform_select.py`, on the host facts of `env/host_facts.py`) and the
host provably meets its requirements. Anything else (a changed file, a missing stamp, a
requirement this module cannot decide, an unusual flag) returns None/False, and the full path
takes over: it is always safe. `pyxi lock` (which writes the marker too) needs only the
marker: the lock bytes it vouches for satisfy the manifest bytes it vouches for.
"""

from __future__ import annotations

import os
import sys

from pyxi import quickstate
from pyxi.env.quickrun import detached_configured, find_manifest, stamp_fits_host
from pyxi.quickargs import parse_install, parse_lock

LOCK_UP_TO_DATE = "✔ Lock file was already up to date"


def quick_install(argv: list[str]) -> int | None:
    """`pyxi install …` before argparse (call from `__main__`): the exit code when the install
    is provably a no-op (messages printed as the full path prints them), else None."""
    args = parse_install(argv)
    if args is None:
        return None
    done = noop_install(args.manifest_path, args.environments, args.all, args.quiet, args.color,
                        args.platform)
    return 0 if done else None


def noop_install(
    manifest_path: str | None,
    environments: list[str] | None,
    install_all: bool = False,
    quiet: bool = False,
    color: str = "auto",
    platform: str | None = None,
) -> bool:
    """True when every requested environment is already installed from the current lock, for
    the platform the full path would select (or `platform`, `--platform`), and that lock is
    known to satisfy the current manifest; the usual messages are then printed."""
    manifest = find_manifest(manifest_path)
    marker = _vouching_marker(manifest) if manifest else None
    if manifest is None or marker is None:
        return False
    root = os.path.dirname(manifest)
    if detached_configured(root):
        return False
    lock_sha = marker["lock_sha256"]
    known = marker.get("environments")
    if not isinstance(known, dict):
        return False
    names = list(known) if install_all else (environments or ["default"])
    hashes = (marker["manifest_sha256"], lock_sha)
    if not names or not all(_up_to_date(root, known.get(n), n, hashes, platform) for n in names):
        return False
    if not quiet:
        _print_warnings(marker.get("warnings", ()), color)
        for name in dict.fromkeys(names):
            print(f"✔ Environment `{name}` already up to date: {known[name]['prefix']}", file=sys.stderr)
    return True


def quick_lock(argv: list[str]) -> int | None:
    """`pyxi lock …` before argparse: 0 when the marker vouches for the manifest and lock as
    they are (the full path's messages printed), else None."""
    args = parse_lock(argv)
    manifest = find_manifest(args.manifest_path) if args is not None else None
    marker = _vouching_marker(manifest) if manifest else None
    if args is None or marker is None or marker.get("complete") is not True:
        return None  # an environment pyxi cannot lock: the full path names it
    if not args.quiet:
        _print_warnings(marker.get("warnings", ()), args.color)
        print(LOCK_UP_TO_DATE, file=sys.stderr)
    return 0


def _vouching_marker(manifest: str) -> quickstate.Json | None:
    """The verified marker, when it vouches for this manifest and lock as they are now."""
    root = os.path.dirname(manifest)
    marker = quickstate.read_verified(root)
    if not marker or marker.get("manifest") != os.path.realpath(manifest):
        return None
    if marker.get("manifest_sha256") != quickstate.file_sha256(manifest):
        return None
    lock_sha = quickstate.file_sha256(os.path.join(root, "pixi.lock"))
    if not lock_sha or marker.get("lock_sha256") != lock_sha:
        return None
    return marker


def _up_to_date(
    root: str, entry: object, name: str, hashes: tuple[str, str], platform: str | None
) -> bool:
    if not isinstance(entry, dict) or not entry.get("prefix"):
        return False
    prefix = entry["prefix"]
    stamp = quickstate.read_stamp(prefix)
    if not stamp or stamp.get("environment") != name or not quickstate.stamp_in_place(stamp, prefix):
        return False
    if (stamp.get("manifest_sha256"), stamp.get("lock_sha256")) != hashes:
        return False
    if not os.path.isdir(os.path.join(prefix, "conda-meta")):
        return False
    # Another platform selected, a requirement refused or not decidable here: the full path.
    return stamp_fits_host(root, stamp, hashes[0], platform)


def _print_warnings(warnings: list[str], color: str) -> None:
    """As `cli/render.warn` prints them (imported only when there is one to print)."""
    if not warnings:
        return
    from pyxi.output import paint, use_color
    from pyxi.redact import redact

    label = paint("warning", "1;33", use_color(color, sys.stderr))
    for message in warnings:
        print(f"{label}: {redact(message)}", file=sys.stderr)
