"""Install exactly the locked PyPI packages into a prefix with uv (uv-recipes §5).

No re-resolution (`--no-deps`), registry artifacts through a pylock.toml so their sha256 is
enforced, INSTALLER = `uv-pixi`, and removal of `uv-pixi` distributions that left the lock.
Distributions conda installed are never replaced nor removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from pyxi.diagnostics import InstallError
from pyxi.lockfile.model import PypiPackage
from pyxi.manifest.model import PypiOptions
from pyxi.names import normalize_pypi_name
from pyxi.pypi.installed import (
    InstalledDist,
    installed_dists,
    mark_ours,
    prefix_python,
    site_packages,
)
from pyxi.pypi.lockdata import is_registry as _is_registry
from pyxi.pypi.lockdata import pylock_for
from pyxi.pypi.uv import UvError, run_uv
from pyxi.pypi.uv_options import build_args, uv_env
from pyxi.scratch import scratch_dir

_OTHER_INSTALLERS = ("uv", "pip", "uv-pixi")


def _local_path(location: str, workspace_root: Path) -> Path:
    path = Path(unquote(urlparse(location).path) if location.startswith("file://") else location)
    return path if path.is_absolute() else (workspace_root / path).resolve()


def _git_parts(location: str) -> tuple[str, str, str | None]:
    """`git+URL?subdirectory=S&branch=B#commit` → (git+URL, commit, subdirectory)."""
    base, _, commit = location.partition("#")
    url, _, query = base.partition("?")
    subdirectory = parse_qs(query).get("subdirectory", [None])[0]
    return url, commit, subdirectory


def requirement_for(pkg: PypiPackage, editable: bool, workspace_root: Path) -> str:
    """A requirements.txt line for a non-registry lock entry (git, direct URL, path)."""
    if pkg.location.startswith("git+"):
        url, commit, subdirectory = _git_parts(pkg.location)
        line = f"{pkg.name} @ {url}@{commit}" if commit else f"{pkg.name} @ {url}"
        return line + (f"#subdirectory={subdirectory}" if subdirectory else "")
    if pkg.location.startswith("direct+"):
        return f"{pkg.name} @ {pkg.location[len('direct+'):]}"
    if pkg.location.startswith(("http://", "https://")):
        return f"{pkg.name} @ {pkg.location}"
    path = _local_path(pkg.location, workspace_root)
    if editable and path.is_dir():
        return f"-e {path}"
    return f"{pkg.name} @ {path.as_uri()}"


def _expected_direct_url(pkg: PypiPackage, editable: bool, root: Path) -> tuple[str, str | None, bool]:
    """(url, commit, editable) that `direct_url.json` holds once `pkg` is installed."""
    if pkg.location.startswith("git+"):
        url, commit, _ = _git_parts(pkg.location)
        return url[len("git+"):], commit, False
    if pkg.location.startswith("direct+"):
        return pkg.location[len("direct+"):], None, False
    path = _local_path(pkg.location, root)
    return path.as_uri(), None, editable and path.is_dir()


def _satisfied(pkg: PypiPackage, dist: InstalledDist, editable: bool, root: Path) -> bool:
    if not dist.ours:
        return False
    if _is_registry(pkg):
        return dist.version == pkg.version and dist.direct_url() is None
    info = dist.direct_url() or {}
    url, commit, want_editable = _expected_direct_url(pkg, editable, root)
    same_commit = commit is None or info.get("vcs_info", {}).get("commit_id") == commit
    is_editable = bool(info.get("dir_info", {}).get("editable"))
    return info.get("url", "").rstrip("/") == url.rstrip("/") and same_commit and is_editable == want_editable


def _conda_owned(dist: InstalledDist) -> bool:
    return dist.installer not in _OTHER_INSTALLERS


def plan(
    packages: Sequence[PypiPackage], installed: dict[str, InstalledDist], editable_names: set[str], root: Path,
    force: frozenset[str] = frozenset(),
) -> tuple[list[PypiPackage], list[str], list[str]]:
    """(to install, to reinstall over another installer's copy or because it is in `force`,
    names to uninstall)."""
    editable = {normalize_pypi_name(n) for n in editable_names}
    again = {normalize_pypi_name(n) for n in force}
    locked = {normalize_pypi_name(p.name) for p in packages}
    todo: list[PypiPackage] = []
    reinstall: list[str] = []
    for pkg in packages:
        name = normalize_pypi_name(pkg.name)
        dist = installed.get(name)
        if dist is None:
            todo.append(pkg)
        elif _conda_owned(dist):
            if pkg.version is not None and dist.version != pkg.version:
                raise InstallError(
                    f"the lock wants the PyPI package `{name}` {pkg.version}, but the conda packages "
                    f"of this environment installed `{name}` {dist.version}",
                    help="update the lock file (`pyxi lock`) so that conda provides it instead",
                )
        elif name in again or not _satisfied(pkg, dist, name in editable, root):
            todo.append(pkg)
            if not dist.ours or name in again:
                reinstall.append(name)
    removals = sorted(n for n, d in installed.items() if d.ours and n not in locked)
    return todo, reinstall, removals


_HASH_MISMATCH = re.compile(r"Hash mismatch for `([^`=<>!~ ]+)")
_HASHES = re.compile(r"sha256:([0-9a-f]{64})")


def _run(args: list[str], cache_dir: Path, what: str, packages: Sequence[PypiPackage] = (),
         env: dict[str, str] | None = None) -> None:
    try:
        run_uv(args, cache_dir=cache_dir, env=env)
    except UvError as error:
        text = (error.stderr or error.stdout).strip()
        raise _hash_mismatch(text, packages) or _network_error(text, what) or InstallError(
            f"failed to {what}", notes=[text]) from error


def _network_error(text: str, what: str) -> InstallError | None:
    from pyxi.config.load import active
    from pyxi.config.network_errors import explain

    failure = explain(re.sub(r"\s+", " ", text), active())
    if failure is None:
        return None
    return InstallError(f"failed to {what}: {failure.message}", notes=[*failure.notes, text],
                        help=failure.help)


def _hash_mismatch(text: str, packages: Sequence[PypiPackage]) -> InstallError | None:
    """uv's "Hash mismatch for `x==1`" as pyxi's integrity error: package, URL, both hashes."""
    match = _HASH_MISMATCH.search(text)
    if match is None:
        return None
    name = normalize_pypi_name(match.group(1))
    package = next((p for p in packages if normalize_pypi_name(p.name) == name), None)
    hashes = _HASHES.findall(text[match.end():])
    expected, computed = (hashes + ["?", "?"])[:2]
    where = package.location if package else "its locked URL"
    return InstallError(
        f"hash mismatch for PyPI package `{match.group(1)}` from {where}: pixi.lock expects "
        f"sha256 {expected}, the download has {computed}; nothing was installed",
        notes=[text],
        help="the file on the index changed after locking: if that is expected, run `pyxi lock` "
        "to re-lock it (without --frozen); otherwise do not trust that index",
    )


def _install(python: Path, todo: list[PypiPackage], reinstall: list[str], editable: set[str],
             root: Path, cache_dir: Path, options: PypiOptions) -> None:
    base = ["pip", "install", "--python", str(python), "--no-deps", "--no-config", "--color", "never",
            *build_args(options, install=True)]
    env = uv_env(options)
    for name in reinstall:
        base += ["--reinstall-package", name]
    registry = [p for p in todo if _is_registry(p)]
    others = [p for p in todo if not _is_registry(p)]
    with scratch_dir("pyxi-install-", cache_dir) as scratch:
        if registry:
            lock = Path(scratch) / "pylock.toml"
            lock.write_text(pylock_for(registry))
            _run([*base, "--preview-features", "pylock", "-r", str(lock)], cache_dir,
                 "install PyPI packages", registry, env)
        if others:
            reqs = Path(scratch) / "requirements.txt"
            lines = [requirement_for(p, normalize_pypi_name(p.name) in editable, root) for p in others]
            reqs.write_text("\n".join(lines) + "\n")
            _run([*base, "-r", str(reqs)], cache_dir, "install PyPI packages from source locations",
                 env=env)


def install_pypi(
    prefix: Path,
    packages: list[PypiPackage],
    *,
    editable_names: set[str],
    workspace_root: Path,
    cache_dir: Path,
    python: Path | None = None,
    force: frozenset[str] = frozenset(),
    options: PypiOptions | None = None,
) -> None:
    """Make the prefix's PyPI distributions exactly `packages` (the host platform's lock entries).
    `force`: names installed again even when they are as locked (`pyxi reinstall NAME`).

    Does nothing (and does not start uv) when everything is already installed as locked."""
    site = site_packages(prefix)
    installed = installed_dists(site)
    editable = {normalize_pypi_name(n) for n in editable_names}
    todo, reinstall, removals = plan(packages, installed, editable_names, workspace_root, force)
    if not todo and not removals:
        return
    try:
        python = python or prefix_python(prefix)
    except FileNotFoundError as error:
        raise InstallError(f"cannot install PyPI packages into {prefix}: {error}",
                           help="the environment needs a conda `python` package") from error
    if removals:
        _run(["pip", "uninstall", "--python", str(python), "--no-config", *removals], cache_dir,
             "remove PyPI packages that are no longer locked")
    if todo:
        _install(python, todo, reinstall, editable, workspace_root, cache_dir,
                 options or PypiOptions())
        after = installed_dists(site or site_packages(prefix))
        for pkg in todo:
            dist = after.get(normalize_pypi_name(pkg.name))
            if dist is not None:
                mark_ours(dist.dist_info)
