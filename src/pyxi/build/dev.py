"""`[dev]` (pixi-build): a source package is not built; its build, host and run requirements
are installed instead (other `[dev]` packages among them left out)."""

from __future__ import annotations

from pathlib import Path

from pyxi.build.backends import recipe_for
from pyxi.build.render import render_variant, requirements
from pyxi.build.source import locate
from pyxi.manifest.model import CondaDependency, PlatformSpec


def dev_requirements(root: Path, devs: list[CondaDependency], platform: PlatformSpec,
                     cache: Path) -> list[str]:
    names = {dep.name.lower() for dep in devs}
    specs: list[str] = []
    for dep in devs:
        assert dep.source is not None
        package = locate(root, dep.source, cache)
        work = cache / "pyxi-build" / "render" / (package.name() or dep.name)
        variant = render_variant(recipe_for(package, platform), platform.subdir, work)
        specs += [spec for spec in requirements(variant)
                  if spec.split(" ", 1)[0].lower() not in names]
    return list(dict.fromkeys(specs))
