"""Source packages at lock time (pixi's order: build metadata first, then one solve): each
`{ path }` / `{ git }` dependency of an environment is rendered for the platform; the solve
gets its run dependencies instead of its name, and the lock gets its `conda_source` entry."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.lockfile.model import CondaSourcePackage
from pyxi.manifest.model import CondaDependency, PlatformSpec
from pyxi.progress import Progress
from pyxi.workspace.environment import Environment, Workspace

if TYPE_CHECKING:
    from pyxi.build.render import SourceMetadata
    from pyxi.build.source import SourcePackage
    from pyxi.sync.lock_update import GroupSolve

    Rendered = tuple[SourcePackage, SourceMetadata]
_rendered: dict[tuple[str, str, str], Rendered] = {}  # per process: (root, location, subdir)


def is_built(dep: CondaDependency) -> bool:
    """A dependency pyxi builds from source (a path or git location, not a package file)."""
    return dep.source is not None and not dep.source.is_archive


def has_sources(env: Environment, platform: PlatformSpec) -> bool:
    return any(is_built(dep) for dep in env.conda_dependencies(platform)) or bool(
        env.dev_dependencies(platform))


def channel_specs(env: Environment, platform: PlatformSpec) -> list[str]:
    """The environment's conda specs the channels must provide (source packages left out)."""
    return [d.to_matchspec() for d in env.conda_dependencies(platform) if not is_built(d)]


def render_sources(workspace: Workspace, env: Environment, platform: PlatformSpec,
                   cache: Path) -> list[Rendered]:
    """Every source package `env` depends on (and those they run with, `build.nested`), with
    its metadata for `platform`."""
    from pyxi.build.backends import recipe_for
    from pyxi.build.nested import locate_from, nested_sources
    from pyxi.build.render import metadata, render_variant

    pending = [(workspace.root, dep.source) for dep in env.conda_dependencies(platform)
               if is_built(dep) and dep.source is not None]
    found: dict[Path, Rendered] = {}
    while pending:
        base, source = pending.pop(0)
        key = (str(base), source.display(), platform.subdir)
        if key not in _rendered:
            package = locate_from(workspace.root, base, source, cache)
            work = cache / "pyxi-build" / "render" / (package.name() or package.root.name)
            recipe = recipe_for(package, platform, workspace.manifest.workspace.build_variants)
            variant = render_variant(recipe, platform.subdir, work)
            _rendered[key] = (package, metadata(variant))
        package, meta = _rendered[key]
        if package.root not in found:
            found[package.root] = (package, meta)
            pending += [(package.root, nested)
                        for nested in nested_sources(package, platform).values()]
    return list(found.values())


def dev_specs(workspace: Workspace, env: Environment, platform: PlatformSpec,
              cache: Path) -> list[str]:
    """What `[dev]` installs: the build, host and run requirements of each dev package."""
    from pyxi.build.dev import dev_requirements

    return dev_requirements(workspace.root, env.dev_dependencies(platform), platform, cache)


def run_depends(rendered: list[Rendered]) -> list[str]:
    """The run dependencies of the source packages the channels must provide (those that are
    source packages themselves are locked as such)."""
    from pyxi.conda.match import spec_name

    built = {meta.name for _, meta in rendered}
    return [spec for _, meta in rendered for spec in meta.depends if spec_name(spec) not in built]


def entries(rendered: list[Rendered], platform: PlatformSpec) -> list[CondaSourcePackage]:
    from pyxi.build.locked import lock_entry

    return [lock_entry(meta, package, _source_depends(package, platform))
            for package, meta in rendered]


def _source_depends(package: SourcePackage, platform: PlatformSpec) -> dict[str, dict[str, str]]:
    """pixi's `source_depends`: the source run dependencies, as the package's manifest names them."""
    from pyxi.build.nested import nested_sources

    depends: dict[str, dict[str, str]] = {}
    for name, source in nested_sources(package, platform).items():
        fields: dict[str, str] = {str(source.kind): source.location}
        fields.update({k: v for k, v in (("branch", source.branch), ("tag", source.tag),
                                         ("rev", source.rev), ("subdirectory", source.subdirectory))
                       if v})
        depends[name] = fields
    return depends


def render_group_sources(workspace: Workspace, solves: list[GroupSolve], cache: Path,
                         progress: Progress) -> None:
    """Build metadata of the members' source and `[dev]` packages, before the solve: their
    entries and the specs they add to it go into each `GroupSolve`."""
    for solve in solves:
        for env in solve.members:
            if not has_sources(env, solve.platform):
                continue
            with progress.step(f"Reading the source packages of `{env.name}` for "
                               f"{solve.platform.name}"):
                rendered = render_sources(workspace, env, solve.platform, cache)
                dev = dev_specs(workspace, env, solve.platform, cache)
            solve.sources[env.name] = entries(rendered, solve.platform)
            solve.source_specs[env.name] = run_depends(rendered) + dev
