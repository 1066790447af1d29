"""PyPI requirements against the packages the conda solve already provides."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from pyxi.diagnostics import SolveError
from pyxi.manifest.model import PypiDependency
from pyxi.names import normalize_pypi_name
from pyxi.pypi.project import version_specifier


def check_conda_conflicts(requirements: Sequence[PypiDependency], conda_provided: Mapping[str, str],
                          overrides: Sequence[PypiDependency], where: str) -> None:
    """A requirement on a conda-provided package must accept the conda version (unless a
    dependency override replaces it: that is checked when the overrides are written)."""
    overridden = {normalize_pypi_name(d.name) for d in overrides}
    for dep in requirements:
        name = normalize_pypi_name(dep.name)
        version = conda_provided.get(name)
        if version is None or name in overridden:  # an override is checked in its own place
            continue
        if not dep.is_registry:
            raise SolveError(
                f"the PyPI requirement `{dep.name}` ({dep.path or dep.git or dep.url}) of {where} "
                f"conflicts with `{name}` {version}, which the conda packages already provide",
                help=f"remove `{dep.name}` from [dependencies] or from [pypi-dependencies]",
            )
        spec = version_specifier(dep.version)
        try:
            ok = SpecifierSet(spec).contains(version, prereleases=True)
        except InvalidSpecifier:
            continue  # uv reports malformed specifiers itself
        if not ok:
            raise SolveError(
                f"the PyPI requirement `{dep.name}{spec}` of {where} conflicts with `{name}` "
                f"{version}, which the conda solve installs",
                notes=["packages that conda provides are not installed again from PyPI"],
                help=(f"change `{dep.name}` in [pypi-dependencies] to accept {version}, or change the "
                      f"conda `{name}` requirement in [dependencies] to a version matching `{spec}`"),
            )
