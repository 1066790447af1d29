"""A locked path source package against what its backend derives now (pyxi renders the
recipe, `pyxi.build`): the lock is stale when a run dependency the recipe declares is not
locked (what the backend adds itself, run-exports of the host packages, pyxi cannot derive). Git sources are
pinned to a commit, their location says it all (`fresh_source_records.check_location`)."""

from __future__ import annotations

from pathlib import Path

from pyxi.diagnostics import PyxiError
from pyxi.lockfile.model import CondaSourcePackage
from pyxi.manifest.model import PlatformSpec
from pyxi.manifest.package_model import CondaSource
from pyxi.workspace.environment import Environment


def dev_requirements(env: Environment, platform: PlatformSpec) -> list[str]:
    """What the environment's `[dev]` packages need now (empty when pyxi cannot render one:
    the lock is then taken as it is)."""
    from pyxi.build.dev import dev_requirements
    from pyxi.cache import cache_dir

    try:
        return dev_requirements(env.root, env.dev_dependencies(platform), platform, cache_dir())
    except PyxiError:
        return []


def check_metadata(record: CondaSourcePackage, source: CondaSource, root: Path,
                   platform: PlatformSpec) -> str | None:
    if source.kind != "path":
        return None
    from pyxi.build.backends import recipe_for
    from pyxi.build.render import metadata, render_variant
    from pyxi.build.source import discover
    from pyxi.cache import cache_dir

    try:
        package = discover((root / source.location).resolve(), source.location)
        work = cache_dir() / "pyxi-build" / "render" / (package.name() or record.name)
        derived = metadata(render_variant(recipe_for(package, platform), platform.subdir, work))
    except PyxiError:
        return None  # a backend pyxi does not run: the locked depends are taken as they are
    locked_names = {spec.split(" ", 1)[0] for spec in record.depends}
    added = sorted(spec for spec in derived.depends if spec not in record.depends
                   and not (" " not in spec and spec in locked_names))
    if not added:
        return None  # what the backend adds itself (run-exports, requires-python) may remain
    return (f"the run dependencies of source package '{record.name}' no longer match what the "
            f"backend derives from its recipe; added: {', '.join(added)}")
