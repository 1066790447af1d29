"""The fast path's files: the one home of their names, formats and writes.

`pyxi run` and a no-op `pyxi install` decide from these files alone, before argparse, the
manifest parser or rattler are imported (`env/quickrun.py`, `sync/noop.py`); the full path
writes them. So this module is import-light: os, and `quickio` to read and hash.

In an installed prefix, `conda-meta/` (no `.json` suffix: rattler reads `conda-meta/*.json` as
package records):
- `pyxi`: the environment's stamp, `env/stamp.py`'s `EnvStamp` as JSON (durable; its `prefix` is
  the real path it was installed at);
- `pyxi-activation`: the cached activation, `{"variables", "path_prepend", "key", "scripts"}`.

In the workspace's `.pixi/`:
- `pyxi-verified.json`: the manifest and lock bytes a full `install` checked, `{"manifest",
  "manifest_sha256", "lock_sha256", "warnings", "environments": {name: {"prefix", "cuda"}}}`;
- `pyxi-task-names.json`: every task name of the manifest with that hash, `{"manifest_sha256",
  "names"}`, so that a task is never mistaken for a command;
- `pyxi-host.json`: rattler's host detection per fingerprint of the machine
  (`env/host_facts.py`), `{"entries": {fingerprint: {"subdir", "virtual_packages"}}}`.

Readers return None (or "") for a missing, unreadable or malformed file: the full path then
decides. Every write replaces its file whole (`atomic.py`); only the stamp's failure is an error,
the other files are caches whose write is best effort.
"""

from __future__ import annotations

import os

from pyxi.quickio import loads, sha256_hex

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing would cost `run` ~2 ms
if TYPE_CHECKING:
    from typing import Any

    Json = dict[str, Any]  # a JSON object as read back
    Where = str | os.PathLike[str]  # a file or folder: strings on the fast path, Paths elsewhere

STAMP = os.path.join("conda-meta", "pyxi")
ACTIVATION = os.path.join("conda-meta", "pyxi-activation")
SOURCES = os.path.join("conda-meta", "pyxi-sources")
VERIFIED = os.path.join(".pixi", "pyxi-verified.json")
TASK_NAMES = os.path.join(".pixi", "pyxi-task-names.json")
HOST_FACTS = os.path.join(".pixi", "pyxi-host.json")
HOST_FACTS_KEPT = 8  # fingerprints per workspace (a shared folder seen from several machines)


# ------------------------------------------------------------------------ reading, writing


def read_json(path: Where) -> Json | None:
    """A JSON object from `path`, or None (missing, unreadable, not an object)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = loads(handle.read())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def file_sha256(path: Where) -> str:
    """The sha256 of the file's bytes, or "" when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return sha256_hex(handle.read())
    except OSError:
        return ""


def write_json(path: Where, data: object, *, durable: bool = False,
               indent: int | None = None) -> None:
    """Replace `path` (and make its folder) with `data` as JSON; OSError when it cannot."""
    import json
    from pathlib import Path

    from pyxi.atomic import atomic_write

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, json.dumps(data, indent=indent).encode(), durable=durable)


def _cache(path: Where, data: object) -> None:
    """`write_json` for a cache: a failure only means the next command takes the full path."""
    try:
        write_json(path, data)
    except OSError:
        pass


# ----------------------------------------------------------------------- in a prefix


def read_stamp(prefix: Where) -> Json | None:
    return read_json(os.path.join(prefix, STAMP))


def write_stamp(prefix: Where, data: Json) -> None:
    """Durably: the stamp vouches that the prefix is complete (OSError when it cannot)."""
    write_json(os.path.join(prefix, STAMP), data, durable=True, indent=2)


def remove_stamp(prefix: Where) -> None:
    """Before an install starts: an interrupted install then leaves no stamp behind."""
    try:
        os.unlink(os.path.join(prefix, STAMP))
    except FileNotFoundError:
        pass


def stamp_in_place(stamp: Json, prefix: Where) -> bool:
    """Whether the stamped environment was installed where it is now (not moved or copied
    since; stamps of older pyxi versions do not say: the full path decides). An environment
    with source packages never passes: only the full path can tell whether they need a build."""
    if os.path.exists(os.path.join(prefix, SOURCES)):
        return False
    return bool(stamp.get("prefix")) and stamp.get("prefix") == os.path.realpath(prefix)


def mark_sources(prefix: Where, has_sources: bool) -> None:
    """Record whether the environment holds built source packages (see `stamp_in_place`)."""
    path = os.path.join(prefix, SOURCES)
    if has_sources:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("built source packages: the fast paths check their inputs\n")
    elif os.path.exists(path):
        os.unlink(path)


def read_activation(prefix: Where) -> Json | None:
    return read_json(os.path.join(prefix, ACTIVATION))


def write_activation(prefix: Where, data: Json) -> None:
    _cache(os.path.join(prefix, ACTIVATION), data)


# ------------------------------------------------------------------- in the workspace


def read_verified(root: Where) -> Json | None:
    return read_json(os.path.join(root, VERIFIED))


def write_verified(
    manifest: Where,
    hashes: tuple[str, str],
    warnings: list[str],
    environments: dict[str, tuple[str, str | None]],
    complete: bool = True,
) -> None:
    """Vouch for the manifest and lock bytes whose sha256 are `hashes` (the ones that were
    checked); `environments`: every environment → (prefix, declared `cuda` or None);
    `complete`: pyxi can lock every environment (else `pyxi lock` must say which it cannot)."""
    manifest = os.fspath(manifest)
    _cache(os.path.join(os.path.dirname(manifest), VERIFIED), {
        "manifest": os.path.realpath(manifest),
        "manifest_sha256": hashes[0],
        "lock_sha256": hashes[1],
        "warnings": list(warnings),
        "environments": {n: {"prefix": p, "cuda": c} for n, (p, c) in environments.items()},
        "complete": complete,
    })


def is_task_name(root: Where, manifest_sha256: str, word: str) -> bool:
    """Whether `word` is a task of the manifest with this hash; True also when unsure (no record
    for this manifest yet)."""
    known = read_json(os.path.join(root, TASK_NAMES))
    if not known or known.get("manifest_sha256") != manifest_sha256:
        return True
    return word in known.get("names", ())


def write_task_names(root: Where, manifest_sha256: str, names: list[str]) -> None:
    """Record the task names of the manifest whose (parsed) bytes hash to `manifest_sha256`."""
    path = os.path.join(root, TASK_NAMES)
    data = {"manifest_sha256": manifest_sha256, "names": sorted(names)}
    if manifest_sha256 and read_json(path) != data:
        _cache(path, data)


def remembered_host(root: Where, fingerprint: str) -> Json | None:
    """The detection recorded for this fingerprint: `{"subdir", "virtual_packages"}`."""
    entry = _host_entries(os.path.join(root, HOST_FACTS)).get(fingerprint)
    return entry if isinstance(entry, dict) else None


def remember_host(root: Where, fingerprint: str, entry: Json,
                  *, create: bool = False) -> None:
    """Record `entry` for this fingerprint (the most recent HOST_FACTS_KEPT are kept); only in
    an existing `.pixi` folder unless `create`."""
    path = os.path.join(root, HOST_FACTS)
    if not fingerprint or not (create or os.path.isdir(os.path.dirname(path))):
        return
    entries = _host_entries(path)
    if entries.get(fingerprint) == entry:
        return
    entries.pop(fingerprint, None)
    entries[fingerprint] = entry
    _cache(path, {"entries": dict(list(entries.items())[-HOST_FACTS_KEPT:])})


def _host_entries(path: str) -> Json:
    entries = (read_json(path) or {}).get("entries")
    return entries if isinstance(entries, dict) else {}
