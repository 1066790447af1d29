"""Render a recipe with rattler-build for one platform: the metadata the lock records (name,
version, build string, subdir, run dependencies, variants) without building anything."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyxi.build.backends import Recipe
from pyxi.datamodel import model
from pyxi.diagnostics import Location, PyxiError

if TYPE_CHECKING:
    from rattler_build import RenderedVariant


@model(frozen=True)
class SourceMetadata:
    """A rendered source package, as the lock and the solver see it."""

    name: str
    version: str
    build: str
    subdir: str
    depends: list[str]
    variants: dict[str, str] = field(default_factory=dict)
    license: str | None = None


def render_variant(recipe: Recipe, subdir: str, work: Path) -> RenderedVariant:
    """The first rendered variant of `recipe` for the target platform `subdir` (with the
    workspace's build variants: their first combination)."""
    from rattler_build import PlatformConfig, RenderConfig, Stage0Recipe, VariantConfig

    try:
        if recipe.document is not None:
            stage0 = Stage0Recipe.from_dict(recipe.document, recipe_dir=work)
        else:
            assert recipe.package.recipe is not None
            stage0 = Stage0Recipe.from_file(recipe.package.recipe)
        config = VariantConfig({k: list(v) for k, v in recipe.variants}) if recipe.variants \
            else VariantConfig()
        variants = stage0.render(config,
                                 RenderConfig(platform=PlatformConfig(target_platform=subdir)))
    except Exception as error:  # rattler-build's RecipeParseError and friends
        raise recipe_error(recipe, f"cannot read the recipe: {error}") from error
    if not variants:
        raise recipe_error(recipe, f"the recipe renders no output for {subdir}")
    return variants[0]


def recipe_error(recipe: Recipe, detail: str, log: Path | None = None) -> PyxiError:
    """An error naming the package, the recipe file and line when known, and the log."""
    name = recipe.package.name() or recipe.package.root.name
    where = recipe.package.recipe if recipe.document is None else recipe.package.manifest
    line = _line_of(detail, recipe) if recipe.document is None else None
    location = Location(where, line) if where is not None else None
    notes = [f"build log: {log}"] if log is not None else []
    return PyxiError(f"building the source package `{name}` failed: {detail}", location=location,
                     notes=notes, help="fix the recipe or the sources, then run the command again")


def _line_of(detail: str, recipe: Recipe) -> int | None:
    """The recipe line an error is about: the one rattler-build names (`LINE:COLUMN`), or the
    `script` key's for a failed build script."""
    import re

    found = re.search(r"\b(\d+):(\d+)\b", detail)
    if found:
        return int(found.group(1))
    if "script" in detail.lower() and recipe.package.recipe is not None:
        lines = recipe.package.recipe.read_text(encoding="utf-8").splitlines()
        return next((n for n, text in enumerate(lines, 1) if text.strip().startswith("script")),
                    None)
    return None


def metadata(variant: RenderedVariant) -> SourceMetadata:
    stage1 = variant.recipe
    noarch = stage1.build.noarch
    subdir = "noarch" if noarch else variant.variant.get("target_platform", "noarch")
    return SourceMetadata(
        name=stage1.package.name,
        version=str(stage1.package.version),
        build=str(stage1.build.string),
        subdir=str(subdir),
        depends=[_spec(item) for item in stage1.requirements.run if _spec(item)],
        variants={str(k): str(v) for k, v in sorted(variant.variant.items())},
        license=stage1.about.license,
    )


def requirements(variant: RenderedVariant) -> list[str]:
    """The build, host and run requirements of a rendered recipe (what `[dev]` installs)."""
    reqs = variant.recipe.requirements
    return list(dict.fromkeys(_spec(item) for group in (reqs.build, reqs.host, reqs.run)
                              for item in group if _spec(item)))


def _spec(item: Any) -> str:
    return item if isinstance(item, str) else ""
