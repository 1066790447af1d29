"""Resolve one environment × platform's PyPI dependencies with uv, after the conda solve.

Pipeline (uv-recipes §0): generated pyproject + conda stubs → `uv pip compile` for the target's
`--python-platform`/`--python-version` twice (annotated requirements.txt for the index of each
package, then pylock.toml pinned to the same versions for URLs and hashes) → lock entries with
metadata. Every call works in its own temporary directory, so resolves may run concurrently.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from pyxi.consts import DEFAULT_PYPI_INDEX
from pyxi.datamodel import model
from pyxi.diagnostics import SolveError
from pyxi.lockfile.model import PypiPackage
from pyxi.manifest.exclude_newer import ExcludeNewer
from pyxi.manifest.model import PypiDependency, PypiOptions
from pyxi.names import normalize_pypi_name
from pyxi.pypi.conflicts import check_conda_conflicts
from pyxi.pypi.diagnose import FailureContext, diagnose
from pyxi.pypi.lockdata import Pins, lock_packages, parse_annotated
from pyxi.pypi.project import PROJECT_NAME, write_project
from pyxi.pypi.tags import PythonTarget, UnsupportedTargetError
from pyxi.pypi.uv import UvError, run_uv
from pyxi.pypi.uv_options import (
    build_args,
    exclude_newer_args,
    index_args,
    overrides_file,
    uv_env,
)
from pyxi.scratch import scratch_dir

METADATA_CACHE = "pyxi-wheel-metadata"

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

Pylock = dict[str, Any]  # a pylock.toml document as uv writes it


@model(frozen=True)
class PypiResolveRequest:
    """Everything one PyPI resolve needs. `requirements` is the final, merged list for this
    environment and platform (target tables already applied); `conda_provided` maps normalized
    PyPI names to the versions the conda solve installs (see `mapping.conda_provided`)."""

    environment: str
    platform: str
    subdir: str
    python_version: str
    requirements: Sequence[PypiDependency]
    workspace_root: Path
    cache_dir: Path
    options: PypiOptions = field(default_factory=PypiOptions)
    conda_provided: Mapping[str, str] = field(default_factory=dict)
    glibc: str | None = None
    osx: str | None = None
    free_threaded: bool = False
    preferences: Sequence[PypiPackage] = ()
    # The interpreter uv may use to build sdists (never the target's); default: pyxi's own.
    build_python: Path | None = None
    # `exclude-newer` (workspace) and `[pypi-exclude-newer]` (per package).
    exclude_newer: ExcludeNewer | None = None
    exclude_newer_packages: Sequence[tuple[str, ExcludeNewer]] = ()

    @property
    def target(self) -> PythonTarget:
        return PythonTarget(self.subdir, self.python_version, self.glibc, self.osx, self.free_threaded)

    def failure_context(self) -> FailureContext:
        return FailureContext(self.environment, self.platform, self.subdir, self.python_version,
                              self.requirements, self.conda_provided, PROJECT_NAME)


def lock_indexes(options: PypiOptions | None) -> list[str]:
    """The environment's `indexes` for pixi.lock: index-url (or PyPI), then extra-index-urls."""
    options = options or PypiOptions()
    return [options.index_url or DEFAULT_PYPI_INDEX, *options.extra_index_urls]


def _compile_args(request: PypiResolveRequest, project: Path) -> list[str]:
    target = request.target
    python = request.build_python or Path(sys.executable)
    args = ["pip", "compile", str(project), "--quiet", "--no-config", "--color", "never",
            "--python", str(python), "--python-version", target.uv_python_version,
            "--python-platform", target.python_platform, "--no-header"]
    for name in sorted(request.conda_provided):
        args += ["--no-emit-package", name]
    overrides = overrides_file(project.parent, request.options.dependency_overrides,
                               request.conda_provided, request.workspace_root)
    if overrides is not None:
        args += ["--overrides", str(overrides)]
    args += exclude_newer_args(request.exclude_newer, request.exclude_newer_packages)
    return args + index_args(request.options, request.workspace_root) + build_args(request.options)


def _preferred(preferences: Sequence[PypiPackage]) -> list[PypiPackage]:
    return [p for p in preferences if p.version and not p.location.startswith(("git+", "direct+", "."))]


def _preference_lines(preferences: Sequence[PypiPackage]) -> str:
    return "".join(f"{p.name}=={p.version}\n" for p in _preferred(preferences))


def _preference_pylock(preferences: Sequence[PypiPackage]) -> str:
    """A pylock.toml uv reads as preferences: name and version are all it needs."""
    entries = [f'[[packages]]\nname = {json.dumps(p.name)}\nversion = {json.dumps(p.version)}\n'
               for p in _preferred(preferences)]
    return 'lock-version = "1.0"\ncreated-by = "pyxi"\n' + ("\n".join(entries) if entries else "packages = []\n")


def _run(request: PypiResolveRequest, args: list[str], cwd: Path) -> None:
    try:
        run_uv(args, cache_dir=request.cache_dir, cwd=cwd,
               env={**request.target.env(), **uv_env(request.options)})
    except UvError as error:
        raise diagnose(error.stderr or error.stdout, request.failure_context()) from error


def _single_index(request: PypiResolveRequest) -> str | None:
    """The only index unpinned packages can come from, if there is exactly one."""
    options = request.options
    if options.extra_index_urls or options.find_links:
        return None
    return options.index_url or DEFAULT_PYPI_INDEX


def _inferred_pins(pylock: Pylock, request: PypiResolveRequest, general: str) -> Pins:
    pinned = {normalize_pypi_name(d.name): d.index for d in request.requirements if d.is_registry and d.index}
    versions: dict[str, str] = {}
    indexes: dict[str, str] = {}
    for entry in pylock.get("packages", []):
        name = normalize_pypi_name(entry["name"])
        if entry.get("version"):
            versions[name] = entry["version"]
        if entry.get("wheels") or entry.get("sdist"):
            indexes[name] = pinned.get(name) or general
    return Pins(versions, indexes)


def _solve_single(request: PypiResolveRequest, base: list[str], work: Path, general: str) -> tuple[Pylock, Pins]:
    """One index: the index of every artifact is known, so one pylock run is enough
    (an existing pylock output is read by uv as preferences)."""
    pylock = work / "pylock.toml"
    pylock.write_text(_preference_pylock(request.preferences))
    _run(request, [*base, "--format", "pylock.toml", "-o", str(pylock)], work)
    data = tomllib.loads(pylock.read_text())
    return data, _inferred_pins(data, request, general)


def _solve_annotated(request: PypiResolveRequest, base: list[str], work: Path) -> tuple[Pylock, Pins]:
    """Several indexes: an annotated requirements.txt run says which index each package came
    from, then a pylock run constrained to the same versions gives URLs and hashes."""
    annotated = work / "requirements.txt"
    annotated.write_text(_preference_lines(request.preferences))  # uv reads it as preferences
    _run(request, [*base, "--emit-index-annotation", "--no-annotate", "-o", str(annotated)], work)
    pins = parse_annotated(annotated.read_text())
    constraints = work / "pins.txt"
    constraints.write_text("".join(f"{n}=={v}\n" for n, v in pins.versions.items()))
    pylock = work / "pylock.toml"
    _run(request, [*base, "-c", str(constraints), "--format", "pylock.toml", "-o", str(pylock)], work)
    return tomllib.loads(pylock.read_text()), pins


def _solve(request: PypiResolveRequest, work: Path) -> tuple[Pylock, Pins]:
    project = write_project(work / "in", requirements=request.requirements,
                            conda_provided=request.conda_provided,
                            python_version=request.target.uv_python_version,
                            workspace_root=request.workspace_root)
    base = _compile_args(request, project)
    general = _single_index(request)
    if general is not None:
        return _solve_single(request, base, work, general)
    return _solve_annotated(request, base, work)


def _check_agreement(pylock: Pylock, pins: Pins, request: PypiResolveRequest) -> None:
    for entry in pylock.get("packages", []):
        name = normalize_pypi_name(entry["name"])
        expected = pins.versions.get(name)
        if expected and entry.get("version") and entry["version"] != expected:
            raise SolveError(
                f"uv gave two answers for `{name}` in environment `{request.environment}` on "
                f"platform `{request.platform}` ({expected} and {entry['version']})")


def resolve_pypi(request: PypiResolveRequest) -> list[PypiPackage]:
    """The locked PyPI packages of one environment on one platform, sorted by name.

    Conda-provided distributions are checked against the requirements but not returned.
    Raises `SolveError` with an explanation when there is no solution."""
    if not request.requirements:
        return []
    check_conda_conflicts(request.requirements, request.conda_provided,
                          request.options.dependency_overrides,
                          f"environment `{request.environment}` on platform `{request.platform}`")
    try:
        target = request.target
        if target.free_threaded:
            raise UnsupportedTargetError("uv cannot resolve for a free-threaded Python (cp3XXt) "
                                         "without that interpreter")
        target.python_platform, target.uv_python_version  # noqa: B018 (validate early)
        ranked = target.wheel_tags()
    except UnsupportedTargetError as error:
        raise SolveError(f"cannot resolve PyPI dependencies for environment `{request.environment}` "
                         f"on platform `{request.platform}`: {error}") from error
    request.cache_dir.mkdir(parents=True, exist_ok=True)
    with scratch_dir("pyxi-pypi-", request.cache_dir) as scratch:
        work = Path(scratch)
        pylock, pins = _solve(request, work)
        _check_agreement(pylock, pins, request)
        return lock_packages(pylock, pins, ranked=ranked, skip=set(request.conda_provided),
                             workspace_root=request.workspace_root, pylock_dir=work,
                             requirements=request.requirements,
                             metadata_cache=request.cache_dir / METADATA_CACHE)
