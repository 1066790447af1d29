"""Recipes for the backends pyxi writes itself, from `[package]` as pixi's backends read it:
the package's `host-`, `build-` and `run-dependencies` (and those of targets matching the
platform) plus what the backend adds (python and pip; cmake, ninja and a compiler)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyxi.build.source import SourcePackage
from pyxi.diagnostics import PyxiError
from pyxi.manifest.model import PlatformSpec
from pyxi.manifest.package_model import PackageSpec
from pyxi.workspace.targets import selector_matches

PIP_INSTALL = "python -m pip install --ignore-installed --no-deps --no-build-isolation . -vv"


def dependencies(package: SourcePackage, table: str, platform: PlatformSpec) -> list[str]:
    """The match specs of one `[package.TABLE]`, targets matching `platform` included."""
    if package.package is None:
        return []
    specs: list[str] = []
    for entry in package.package.dependencies.get(table, []):
        if entry.condition is None or selector_matches(entry.condition, platform):
            specs.append(_matchspec(entry))
    return list(dict.fromkeys(specs))


def _matchspec(entry: PackageSpec) -> str:
    spec = entry.spec
    if isinstance(spec, dict):
        version = str(spec.get("version", "*"))
        build = spec.get("build")
        spec = f"{version} {build}" if build else version
    spec = spec.strip()
    if spec in ("", "*"):
        return entry.name
    return f"{entry.name} {spec}"


def _config(package: SourcePackage) -> dict[str, Any]:
    return dict(package.package.build.config) if package.package is not None else {}


def _package_table(package: SourcePackage) -> dict[str, str]:
    name, version = package.name(), package.version()
    if not name or not version:
        where = package.manifest or package.root
        raise PyxiError(f"the package in {where} needs a name and a version",
                        location=package.package.location if package.package else None,
                        help="set `name` and `version` in [package] (or in [workspace])")
    return {"name": name, "version": version}


def _pyproject(root: Path) -> dict[str, Any]:
    import tomli

    path = root / "pyproject.toml"
    try:
        return tomli.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError) as error:
        raise PyxiError(f"cannot read {path}: {error}") from error


def python_recipe(package: SourcePackage, platform: PlatformSpec) -> dict[str, Any]:
    """pixi-build-python: the project installed with pip into the host prefix."""
    config = _config(package)
    pyproject = {} if config.get("ignore-pyproject-manifest") else _pyproject(package.root)
    requires = pyproject.get("build-system", {}).get("requires", [])
    backends = [_conda_name(req) for req in requires if isinstance(req, str)]
    python = _python_spec(pyproject)
    host = [python, "pip", *backends, *dependencies(package, "host-dependencies", platform)]
    run = [*dependencies(package, "run-dependencies", platform), python]  # pixi's order
    compilers = [str(c) for c in config.get("compilers", [])]
    build: dict[str, Any] = {"number": 0, "script": _script(config, [PIP_INSTALL])}
    if config.get("noarch", not compilers):
        build["noarch"] = "python"
    return {
        "package": _package_table(package),
        "source": [{"path": str(package.root)}],
        "build": build,
        "requirements": {
            "build": _unique_names([*map(_compiler, compilers),
                                    *dependencies(package, "build-dependencies", platform)]),
            "host": _unique_names(host),
            "run": _unique_names(run),
        },
    }


def _python_spec(pyproject: dict[str, Any]) -> str:
    """`python`, bounded by the project's `requires-python` as the backend adds it."""
    requires = pyproject.get("project", {}).get("requires-python")
    if not isinstance(requires, str) or not requires.strip():
        return "python"
    return "python " + "".join(requires.split())


def _conda_name(requirement: str) -> str:
    """A PEP 508 build requirement as a conda spec name (`hatchling>=1.2` -> `hatchling`)."""
    import re

    name = re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def _unique_names(specs: list[str]) -> list[str]:
    """One spec per package name: a constrained spec replaces a bare name."""
    chosen: dict[str, str] = {}
    for spec in specs:
        name = spec.split(" ", 1)[0]
        if name not in chosen or chosen[name] == name:
            chosen[name] = spec
    return list(chosen.values())


def cmake_recipe(package: SourcePackage, platform: PlatformSpec) -> dict[str, Any]:
    """pixi-build-cmake: configure with Ninja, build and install into the prefix."""
    config = _config(package)
    compilers = config.get("compilers", ["cxx"])
    extra = " ".join(str(arg) for arg in config.get("extra-args", []))
    configure = ("cmake -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$PREFIX "
                 "-DCMAKE_PREFIX_PATH=$PREFIX -DBUILD_SHARED_LIBS=ON -B build -S . " + extra)
    build_deps = [*map(_compiler, compilers), "cmake", "ninja"]
    return {
        "package": _package_table(package),
        "source": [{"path": str(package.root)}],
        "build": {"number": 0, "script": _script(config, [
            configure.strip(), "cmake --build build", "cmake --install build"])},
        "requirements": {
            "build": _unique_names([*build_deps,
                                    *dependencies(package, "build-dependencies", platform)]),
            "host": dependencies(package, "host-dependencies", platform),
            "run": dependencies(package, "run-dependencies", platform),
        },
    }


def _compiler(language: object) -> str:
    """rattler-build's compiler for a language (`cxx` -> `gxx_linux-64` on linux-64)."""
    return f"${{{{ compiler('{language}') }}}}"


def _script(config: dict[str, Any], lines: list[str]) -> list[str] | dict[str, Any]:
    """The build script, with the `env` of the backend config as its environment."""
    env = config.get("env")
    if isinstance(env, dict) and env:
        return {"content": lines, "env": {str(k): str(v) for k, v in env.items()}}
    return lines
