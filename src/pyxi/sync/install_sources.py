"""Source packages at install time: each one the lock holds for the environment is built (or
taken from the build cache while its inputs are unchanged) and installed as its `.conda`."""

from __future__ import annotations

from pyxi.cache import cache_dir
from pyxi.lockfile.model import CondaPackage, LockFile, source_packages_for
from pyxi.manifest.model import PlatformSpec
from pyxi.progress import Progress
from pyxi.workspace.environment import Environment, Workspace


def built_sources(workspace: Workspace, env: Environment, lock: LockFile, locked_platform: str,
                  platform: PlatformSpec, progress: Progress) -> list[CondaPackage]:
    """The built packages of the environment's locked source packages."""
    entries = source_packages_for(lock, env.name, locked_platform)
    if not entries:
        return []  # pixi-build's modules are loaded only for workspaces that build
    from pyxi.build.backends import recipe_for
    from pyxi.build.locked import package_at
    from pyxi.build.run import build
    from pyxi.conda.archive_record import archive_record

    cache = cache_dir()
    packages: list[CondaPackage] = []
    for entry in entries:
        package = package_at(workspace.root, entry.source_location, cache)
        recipe = recipe_for(package, platform, workspace.manifest.workspace.build_variants)
        with progress.step(f"Building `{entry.name}` from {entry.source_location}"):
            built = build(recipe, platform.subdir, list(env.channels), cache,
                          None if progress.quiet else build_output)
        record = archive_record(built.archive)
        record.channel = built.archive.parent.parent.as_uri()  # the build's output folder
        packages.append(record)
    return packages


def build_output(line: str) -> None:
    """A line of a build's output, on stderr as pixi shows it."""
    import sys

    print(line, file=sys.stderr)
