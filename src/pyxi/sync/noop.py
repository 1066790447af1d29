"""A no-op `pyxi install` decided from hashes and stamps, before anything heavy is imported.

The full path of `install` parses the manifest (tomli), reads and checks pixi.lock (YAML and
rattler match specs) and imports rattler: ~10× a bare interpreter start, only to find that
nothing changed. This module, like `env/quickrun.py`, imports only os, sys and pyxi's
stdlib-only helpers (reading JSON and hashing, host facts, platform selection).

It relies on one marker, `.pixi/pyxi-verified.json`, written by the full path of `install`
after it has *checked* the lock against the manifest (so never after `--frozen`):

    {"manifest": path, "manifest_sha256": …, "lock_sha256": …, "warnings": [manifest warnings],
     "environments": {name: {"prefix": …, "cuda": declared cuda or null}}}

A later `install` is a no-op, without loading anything, when the manifest and lock bytes are
the ones the marker vouches for, and every requested environment's stamp (`conda-meta/pyxi`)
was written for those same bytes, its prefix is there, its platform is the one the full path
would select here (`env/platform_select.py`, on the host facts of `env/host_facts.py`) and the
host provably meets its requirements. Anything else (a changed file, a missing stamp, a
requirement this module cannot decide, an unusual flag) returns None/False, and the full path
takes over: it is always safe.
"""

from __future__ import annotations

import os
import sys

from pyxi.env.quickrun import _find_manifest, _read_json, _sha256, in_place, stamp_fits_host

MARKER = os.path.join(".pixi", "pyxi-verified.json")
_STAMP = os.path.join("conda-meta", "pyxi")


def quick_install(argv: list[str]) -> int | None:
    """`pyxi install …` before argparse (call from `__main__`): the exit code when the install
    is provably a no-op (messages printed as the full path prints them), else None."""
    parsed = _parse(argv)
    if parsed is None:
        return None
    manifest_path, environments, install_all, quiet, color, platform = parsed
    done = noop_install(manifest_path, environments, install_all, quiet, color, platform)
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
    manifest = _find_manifest(manifest_path)
    if manifest is None:
        return False
    root = os.path.dirname(manifest)
    marker = _read_json(os.path.join(root, MARKER))
    if not marker or marker.get("manifest") != os.path.realpath(manifest):
        return False
    if marker.get("manifest_sha256") != _sha256(manifest):
        return False
    lock_sha = _sha256(os.path.join(root, "pixi.lock"))
    if not lock_sha or marker.get("lock_sha256") != lock_sha:
        return False
    known = marker.get("environments")
    if not isinstance(known, dict):
        return False
    names = list(known) if install_all else (environments or ["default"])
    hashes = (marker["manifest_sha256"], lock_sha)
    if not names or not all(_up_to_date(root, known.get(n), n, hashes, platform) for n in names):
        return False
    if not quiet:
        paint = _use_color(color)
        for message in marker.get("warnings", ()):
            print(f"{_paint('warning', '1;33', paint)}: {message}", file=sys.stderr)
        for name in dict.fromkeys(names):
            print(f"✔ Environment `{name}` already up to date: {known[name]['prefix']}", file=sys.stderr)
    return True


def record_verified(
    manifest: os.PathLike[str] | str,
    hashes: tuple[str, str],
    warnings: list[str],
    environments: dict[str, tuple[str, str | None]],
) -> None:
    """After a full `install` that checked the lock (not `--frozen`): vouch for these bytes.

    `hashes`: sha256 of the manifest and lock bytes that were checked (the files may have
    changed since). `environments`: every environment → (prefix, declared `cuda` or None)."""
    from pathlib import Path

    from pyxi.atomic import atomic_write

    manifest = os.fspath(manifest)
    data = {
        "manifest": os.path.realpath(manifest),
        "manifest_sha256": hashes[0],
        "lock_sha256": hashes[1],
        "warnings": list(warnings),
        "environments": {n: {"prefix": p, "cuda": c} for n, (p, c) in environments.items()},
    }
    path = Path(os.path.dirname(manifest), MARKER)
    import json

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(data, indent=1).encode(), durable=False)
    except OSError:
        pass  # only an optimisation: the next install takes the full path


def _up_to_date(
    root: str, entry: object, name: str, hashes: tuple[str, str], platform: str | None
) -> bool:
    if not isinstance(entry, dict) or not entry.get("prefix"):
        return False
    prefix = entry["prefix"]
    stamp = _read_json(os.path.join(prefix, _STAMP))
    if not stamp or stamp.get("environment") != name or not in_place(stamp, prefix):
        return False
    if (stamp.get("manifest_sha256"), stamp.get("lock_sha256")) != hashes:
        return False
    if not os.path.isdir(os.path.join(prefix, "conda-meta")):
        return False
    # Another platform selected, a requirement refused or not decidable here: the full path.
    return stamp_fits_host(root, stamp, hashes[0], platform)


_Parsed = tuple[str | None, list[str] | None, bool, bool, str, str | None]


def _parse(argv: list[str]) -> _Parsed | None:
    """`[-e ENV]… | -a` `[-p PLATFORM]` `[--frozen|--locked]` `[--manifest-path P]` `[-q] [-v]
    [--color C]`."""
    manifest: str | None = None
    platform: str | None = None
    environments: list[str] = []
    install_all = quiet = False
    color = "auto"
    usage_flags = 0
    index = 0
    while index < len(argv):
        word = argv[index]
        value = argv[index + 1] if index + 1 < len(argv) else None
        if word in ("-e", "--environment", "--manifest-path", "--color", "-p", "--platform"):
            if value is None or value.startswith("-"):
                return None
            if word == "--manifest-path":
                manifest = value
            elif word in ("-p", "--platform"):
                platform = value
            elif word == "--color":
                if value not in ("auto", "always", "never"):
                    return None
                color = value
            else:
                environments.append(value)
            index += 2
            continue
        if word.startswith("--environment="):
            environments.append(word.split("=", 1)[1])
        elif word in ("-a", "--all"):
            install_all = True
        elif word in ("--frozen", "--locked"):
            usage_flags += 1
        elif word in ("-q", "--quiet"):
            quiet = True
        elif word not in ("-v", "--verbose"):
            return None  # -h, unknown flags, stray words: argparse's business
        index += 1
    if usage_flags > 1 or (install_all and environments) or any(not e for e in environments):
        return None
    return manifest, environments or None, install_all, quiet, color, platform


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stderr.isatty()


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text
