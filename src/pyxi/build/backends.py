"""Which backend builds a source package, and the recipe it would write.

- `pixi-build-rattler-build`: the package's own `recipe.yaml`, as it is;
- `pixi-build-python`: `pip install .` into the host prefix, `noarch: python` unless the
  config says `noarch = false` (`recipes.python_recipe`);
- `pixi-build-cmake`: configure with Ninja, build, install (`recipes.cmake_recipe`).
Configs read: python `noarch`, `compilers`, `env`; cmake `extra-args`, `compilers`, `env`
(`ignore-pypi-mapping` changes nothing: pyxi maps no PyPI dependency). Any other backend is
refused by name, listing these three.
"""

from __future__ import annotations

from typing import Any

from pyxi.build.recipes import cmake_recipe, python_recipe
from pyxi.build.source import SourcePackage
from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.manifest.model import PlatformSpec

RATTLER_BUILD = "pixi-build-rattler-build"
PYTHON = "pixi-build-python"
CMAKE = "pixi-build-cmake"
BUILT_BACKENDS = (PYTHON, RATTLER_BUILD, CMAKE)


@model(frozen=True)
class Recipe:
    """What rattler-build gets: a recipe file to read, or a recipe document pyxi wrote."""

    package: SourcePackage
    backend: str
    document: dict[str, Any] | None = None
    # `[workspace.build-variants]` it is rendered with (the first combination is built)
    variants: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def text(self) -> str:
        """The recipe as text, with its variants (part of the build's input hash)."""
        import json

        if self.document is not None:
            text = json.dumps(self.document, sort_keys=True)
        else:
            assert self.package.recipe is not None
            text = self.package.recipe.read_text(encoding="utf-8")
        return text + (f"\n{json.dumps(self.variants)}" if self.variants else "")


def backend_of(package: SourcePackage) -> str:
    return package.package.build.backend if package.package is not None else RATTLER_BUILD


def recipe_for(package: SourcePackage, platform: PlatformSpec,
               variants: dict[str, list[str]] | None = None) -> Recipe:
    """The recipe the package's backend would build (located error for an unknown backend),
    with the workspace's build variants."""
    from dataclasses import replace

    recipe = _recipe(package, platform)
    return replace(recipe, variants=tuple((k, tuple(v)) for k, v in (variants or {}).items()))


def _recipe(package: SourcePackage, platform: PlatformSpec) -> Recipe:
    backend = backend_of(package)
    if backend == RATTLER_BUILD:
        if package.recipe is None:
            raise PyxiError(
                f"the package at {package.root} uses `{RATTLER_BUILD}` but has no recipe.yaml",
                location=package.package.build.location if package.package else None,
                help="add recipe.yaml (or recipe/recipe.yaml) next to the manifest",
            )
        return Recipe(package, backend)
    if backend == PYTHON:
        return Recipe(package, backend, python_recipe(package, platform))
    if backend == CMAKE:
        return Recipe(package, backend, cmake_recipe(package, platform))
    raise PyxiError(
        f"the build backend `{backend}` is not one pyxi builds",
        location=package.package.build.location if package.package else None,
        help=f"pyxi builds packages itself with: {', '.join(BUILT_BACKENDS)}; use pixi for "
        f"`{backend}`",
    )
