"""Skipping tasks whose `inputs`/`outputs` did not change (pixi's task cache).

A task with `inputs` or `outputs` is fingerprinted from: its rendered command, the hashes of
the files its input and output globs match, and the environment's package hash. After a
successful run the fingerprint is stored in `.pixi/task-cache/<env>/<task>.json` (one file per
set of argument values, `<task>-<hash>.json`, so `lint` and `fix` variants of one task cache
independently, as pixi's do); the next run is skipped when the new fingerprint is the same
(and declared outputs exist).
"""

from __future__ import annotations

import glob
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from pyxi.datamodel import model

CACHE_DIR = "task-cache"


@model(frozen=True)
class CacheEntry:
    path: Path
    fingerprint: str

    def is_hit(self) -> bool:
        try:
            stored = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return False
        return isinstance(stored, dict) and stored.get("fingerprint") == self.fingerprint

    def save(self) -> None:
        from pyxi.atomic import atomic_write

        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps({"fingerprint": self.fingerprint}).encode(), durable=False)


def matched_files(root: Path, patterns: Sequence[str]) -> list[Path]:
    """Files matched by the globs (relative to `root`; `**` recurses; a folder counts as all
    the files below it)."""
    found: set[Path] = set()
    for pattern in patterns:
        for hit in glob.glob(pattern, root_dir=root, recursive=True):  # not hidden files
            path = root / hit
            if path.is_dir():
                found.update(p for p in path.rglob("*") if p.is_file())
            elif path.is_file():
                found.add(path)
    return sorted(found)


def _files_digest(digest: hashlib._Hash, root: Path, label: str, files: list[Path]) -> None:
    for path in files:
        digest.update(f"{label}:{path.relative_to(root)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def cache_entry(
    root: Path,
    environment: str,
    task: str,
    command: str,
    inputs: Sequence[str],
    outputs: Sequence[str],
    environment_hash: str,
    args: Mapping[str, str] | None = None,
) -> CacheEntry | None:
    """The entry for this run, or None when the task cannot be cached (no inputs/outputs, or
    declared inputs or outputs whose globs match no file)."""
    if not inputs and not outputs:
        return None
    output_files = matched_files(root, outputs)
    input_files = matched_files(root, inputs)
    if (outputs and not output_files) or (inputs and not input_files):
        return None  # as pixi: globs that match nothing leave nothing to compare next time
    digest = hashlib.sha256()
    digest.update(f"cmd:{command}\0env:{environment_hash}\0".encode())
    _files_digest(digest, root, "in", input_files)
    _files_digest(digest, root, "out", output_files)
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in task)
    if args:
        name += "-" + hashlib.sha256(json.dumps(sorted(args.items())).encode()).hexdigest()[:16]
    return CacheEntry(root / ".pixi" / CACHE_DIR / environment / f"{name}.json", digest.hexdigest())



def unmatched_globs(
    root: Path, task: str, inputs: Sequence[str], outputs: Sequence[str]
) -> list[str]:
    """pixi's warnings for declared `inputs`/`outputs` whose globs match no file after a run."""
    warnings = []
    for kind, patterns in (("output", outputs), ("input", inputs)):
        if patterns and not matched_files(root, patterns):
            shown = ", ".join(f"`{p}`" for p in patterns)
            warnings.append(f"No files matched the {kind} globs for task '{task}' ({shown})")
    return warnings
