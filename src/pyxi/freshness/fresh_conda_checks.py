"""Checks of one (environment, platform)'s locked packages that need no walk: the same name
locked twice (pixi's `DuplicateEntry`), and `[constraints]` the locked packages break
(`ConstraintViolated`)."""

from __future__ import annotations

from pyxi.conda.match import package_matches
from pyxi.lockfile.model import CondaPackage, PypiPackage
from pyxi.manifest.model import CondaDependency, PlatformSpec
from pyxi.names import normalize_pypi_name
from pyxi.workspace.environment import Environment


def duplicate_problem(conda: list[CondaPackage], pypi: list[PypiPackage]) -> str | None:
    """conda and PyPI names are separate namespaces (conda `tzdata`, the IANA database, sits
    next to PyPI `tzdata`); each must be unique on its own."""
    conda_names = [p.name for p in conda]
    pypi_names = [normalize_pypi_name(p.name) for p in pypi]
    duplicate = next((n for names in (conda_names, pypi_names) for n in names
                      if names.count(n) > 1), None)
    return f"the lock file has '{duplicate}' more than once" if duplicate else None


def constraint_problem(env: Environment, platform: PlatformSpec,
                       conda: list[CondaPackage]) -> str | None:
    """A constraint binds only a package that is locked (it never asks for one)."""
    by_name = {package.name: package for package in conda}
    for constraint in env.constraints(platform):
        locked = by_name.get(constraint.name.lower())
        spec = CondaDependency(constraint.name, constraint.version, constraint.build,
                               fields=constraint.fields).to_matchspec()
        if locked is not None and not package_matches(spec, locked):
            return (f"the locked package '{locked.name}' with version '{locked.version}' does not "
                    f"satisfy the constraint '{spec}'")
    return None
