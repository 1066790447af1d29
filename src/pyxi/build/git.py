"""Git sources: a clone per repository under pyxi's cache, checked out at the asked reference."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from pyxi.diagnostics import PyxiError
from pyxi.manifest.package_model import CondaSource


def checkout(source: CondaSource, cache: Path) -> tuple[Path, str]:
    """A working tree of `source` at its branch, tag or rev (default: the remote's HEAD), and
    the commit it is at."""
    from pyxi.build.source import repository_url

    url = repository_url(source.location)
    key = hashlib.sha256(f"{url}\n{source.branch}\n{source.tag}\n{source.rev}".encode()).hexdigest()
    folder = cache / "pyxi-build" / "git" / key[:16]
    if not (folder / ".git").is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        _git(["clone", "--quiet", url, str(folder)], None, url)
    else:
        _git(["fetch", "--quiet", "--tags", "origin"], folder, url)
    ref = source.rev or source.tag or (f"origin/{source.branch}" if source.branch else "origin/HEAD")
    _git(["checkout", "--quiet", "--force", ref], folder, url)
    commit = _git(["rev-parse", "HEAD"], folder, url).strip()
    return folder, commit


def _git(args: list[str], cwd: Path | None, url: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as error:
        raise PyxiError(f"cannot run git for {url}: {error}",
                        help="install git to use `git` source dependencies") from error
    if done.returncode != 0:
        raise PyxiError(f"git {args[0]} failed for {url}: {done.stderr.strip()}",
                        help="check the repository URL and the branch, tag or rev")
    return done.stdout
