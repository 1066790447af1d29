"""An environment's `[pypi-options]` and `exclude-newer` as uv command-line arguments.

- `index-url`/`extra-index-urls`/`find-links`/`index-strategy`/`prerelease-mode`: the index
  flags of `uv pip compile`.
- `no-build`: `--no-build` (every package) or `--only-binary NAME`; `no-binary`: `--no-binary
  :all:` or `--no-binary NAME`; both at resolve and install time.
- `no-build-isolation`: `--no-build-isolation[-package NAME]`, at install time, where the
  environment's own interpreter builds (a resolve builds with pyxi's interpreter, which has
  none of the environment's packages, so isolation stays on there).
- `dependency-overrides`: a `--overrides` file. A package the conda packages provide keeps the
  conda version (its override must accept it).
- `exclude-newer`: `--exclude-newer` (the workspace cutoff) and `--exclude-newer-package`
  (`[pypi-exclude-newer]`), as RFC 3339 timestamps computed at the time of the resolve.
- `skip-wheel-filename-check`: `UV_SKIP_WHEEL_FILENAME_CHECK=1`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from pyxi.consts import DEFAULT_PYPI_INDEX
from pyxi.diagnostics import SolveError
from pyxi.manifest.exclude_newer import ExcludeNewer
from pyxi.manifest.model import PypiDependency, PypiOptions
from pyxi.names import normalize_pypi_name
from pyxi.pypi.project import version_specifier

AllOrNames = bool | tuple[str, ...] | None


def index_args(options: PypiOptions, root: Path) -> list[str]:
    args = ["--default-index", options.index_url or DEFAULT_PYPI_INDEX]
    for url in options.extra_index_urls:
        args += ["--index", url]
    for link in options.find_links:
        if link.url:
            args += ["--find-links", link.url]
        elif link.path:
            args += ["--find-links", str((root / link.path).resolve())]
    if options.index_strategy:
        args += ["--index-strategy", options.index_strategy]
    if options.prerelease_mode:
        args += ["--prerelease", options.prerelease_mode]
    return args


def build_args(options: PypiOptions, install: bool = False) -> list[str]:
    """`no-build` and `no-binary` (and, for an install, `no-build-isolation`)."""
    args = _all_or_names(options.no_build, ["--no-build"], "--only-binary")
    args += _all_or_names(options.no_binary, ["--no-binary", ":all:"], "--no-binary")
    if install:
        args += _all_or_names(options.no_build_isolation or None, ["--no-build-isolation"],
                              "--no-build-isolation-package")
    return args


def _all_or_names(setting: AllOrNames, every: list[str], flag: str) -> list[str]:
    if setting is None or setting is False:
        return []
    if setting is True:
        return list(every)
    return [arg for name in setting for arg in (flag, name)]


def uv_env(options: PypiOptions) -> dict[str, str]:
    return {"UV_SKIP_WHEEL_FILENAME_CHECK": "1"} if options.skip_wheel_filename_check else {}


def exclude_newer_args(default: ExcludeNewer | None,
                       packages: Sequence[tuple[str, ExcludeNewer]],
                       now: dt.datetime | None = None) -> list[str]:
    now = now or dt.datetime.now(dt.timezone.utc)
    args = ["--exclude-newer", _rfc3339(default.cutoff(now))] if default else []
    for name, cutoff in packages:
        args += ["--exclude-newer-package", f"{name}={_rfc3339(cutoff.cutoff(now))}"]
    return args


def _rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def overrides_file(directory: Path, overrides: Sequence[PypiDependency],
                   conda_provided: Mapping[str, str], root: Path) -> Path | None:
    """Write uv's overrides file for `dependency-overrides`; None when there are none."""
    if not overrides:
        return None
    lines = [_override_line(dep, conda_provided, root) for dep in overrides]
    path = directory / "overrides.txt"
    path.write_text("".join(line + "\n" for line in lines))
    return path


def _override_line(dep: PypiDependency, conda_provided: Mapping[str, str], root: Path) -> str:
    name = normalize_pypi_name(dep.name)
    extras = f"[{','.join(dep.extras)}]" if dep.extras else ""
    if name in conda_provided:
        return f"{name}=={_accepting(dep, conda_provided[name])}"
    if dep.url:
        return f"{name}{extras} @ {dep.url}"
    if dep.git:
        ref = dep.rev or dep.tag or dep.branch
        sub = f"#subdirectory={dep.subdirectory}" if dep.subdirectory else ""
        return f"{name}{extras} @ git+{dep.git}{'@' + ref if ref else ''}{sub}"
    if dep.path:
        return f"{name}{extras} @ {(root / dep.path).resolve().as_uri()}"
    return f"{name}{extras}{version_specifier(dep.version)}"


def _accepting(dep: PypiDependency, version: str) -> str:
    """The conda version, when the override accepts it."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    spec = version_specifier(dep.version) if dep.is_registry else None
    try:
        ok = spec is not None and SpecifierSet(spec).contains(version, prereleases=True)
    except InvalidSpecifier:
        ok = False
    if not ok:
        raise SolveError(
            f"the dependency override `{dep.name} {dep.version or dep.url or dep.git or dep.path}` "
            f"conflicts with `{dep.name}` {version}, which the conda packages provide",
            location=dep.location,
            help=f"make the override accept {version}, or change the conda requirement",
        )
    return version
