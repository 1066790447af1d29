"""`pyxi exec`'s environments: cached under `$PIXI_CACHE_DIR/cached-envs-v0/NAME-HASH`, keyed
by the hash of their specs, channels and platform, so a second run with the same specs
neither solves nor installs.

pixi's marker file `conda-meta/.pixi-environment-fingerprint` is both the lock (an OS lock
while an exec installs or reads, so concurrent execs of one environment wait for each other)
and the state: 16 hex digits once installed, `pixi:installing!` while an install runs (an
interrupted one is redone from scratch). pyxi's hash differs from pixi's (it hashes rattler's
Rust structures), so the two tools keep separate environments in the same folder.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

from pyxi import consts
from pyxi.datamodel import model
from pyxi.lockfile.model import CondaPackage
from pyxi.progress import Progress

CACHED_ENVS = "cached-envs-v0"
MARKER = ".pixi-environment-fingerprint"
IN_PROGRESS = b"pixi:installing!"
WAITING = "waiting for another pyxi exec that is installing the same environment…"


@model
class ExecEnvironment:
    specs: list[str]  # MatchSpec strings; the guessed one (if any) last
    channels: list[str]  # base URLs
    subdir: str
    name_hint: str | None = None
    guessed: bool = False  # the last spec was guessed from the command
    offline: bool = False  # solved from the package cache only: never reused online

    def key(self) -> str:
        mode = ["--", "offline"] if self.offline else []
        text = "\n".join([*sorted(self.specs), "--", *self.channels, "--", self.subdir, *mode])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def prefix(self, cache: Path) -> Path:
        name = f"{self.name_hint}-{self.key()}" if self.name_hint else self.key()
        return cache / CACHED_ENVS / name


Solver = Callable[[list[str]], list[CondaPackage]]


def ensure(
    request: ExecEnvironment, cache: Path, solve: Solver, progress: Progress, reinstall: bool,
    fresh_solve: bool = False,
) -> tuple[Path, list[CondaPackage] | None]:  # fmt: skip
    """The installed prefix, and the packages when it was solved now (`fresh_solve` or
    `reinstall` always solve; a cached environment is otherwise used as it is)."""
    from pyxi.diagnostics import PyxiError
    from pyxi.sync.workspace_lock import hold

    prefix = request.prefix(cache)
    marker = prefix / consts.CONDA_META / MARKER
    state = b""
    try:
        with hold(marker, WAITING):
            state = marker.read_bytes()[:16]
            installed = len(state) == 16 and all(chr(b) in "0123456789abcdef" for b in state)
            if installed and not reinstall and not fresh_solve:
                return prefix, None
            packages = _solve(request, solve)
            if reinstall or not installed:
                _clear(prefix, keep=marker)
            marker.write_bytes(IN_PROGRESS)
            _install(prefix, packages, request.subdir, cache, progress)
            marker.write_bytes(fingerprint(packages).encode())
    except PyxiError:
        if not state:  # nothing was ever installed here: leave no empty environment behind
            shutil.rmtree(prefix, ignore_errors=True)
        raise
    return prefix, packages


def _solve(request: ExecEnvironment, solve: Solver) -> list[CondaPackage]:
    """With `--with`, a command that is no package name is not guessed into the solve."""
    from pyxi.diagnostics import SolveError

    try:
        return solve(request.specs)
    except SolveError:
        if not request.guessed or len(request.specs) < 2:
            raise
        return solve(request.specs[:-1])


def _install(
    prefix: Path, packages: list[CondaPackage], subdir: str, cache: Path, progress: Progress
) -> None:
    from pyxi.conda.install import install_conda

    with progress.step(f"Installing {len(packages)} packages into a temporary environment"):
        install_conda(prefix, packages, subdir=subdir, cache_dir=cache, show_progress=False)


def _clear(prefix: Path, keep: Path) -> None:
    """Empty the prefix (but for the marker file, which holds the lock)."""
    for entry in prefix.iterdir():
        if entry.name == consts.CONDA_META:
            for meta in entry.iterdir():
                if meta != keep:
                    meta.unlink() if meta.is_file() or meta.is_symlink() else shutil.rmtree(meta)
        elif entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def fingerprint(packages: list[CondaPackage]) -> str:
    text = "\n".join(sorted(f"{p.name}={p.version}={p.build}={p.sha256 or ''}" for p in packages))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def guess_package(command: str) -> str:
    """The package named like the command (`ruff` → `ruff`, `x/y z` → `x-y-z`)."""
    return "".join(
        c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in command
    ).lower()
