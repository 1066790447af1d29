"""Is `pixi.lock` still good for the manifest? Decided from the two files alone, no solving.

The result is a value, not an exception: for every (environment, platform) either None (the
lock satisfies it) or a sentence saying what the lock has and what the manifest asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from pyxi.conda.match import package_matches, spec_name, virtual_matches
from pyxi.lock.model import CondaPackage, LockFile, PypiPackage
from pyxi.manifest.model import CondaDependency, PlatformSpec, PypiDependency
from pyxi.workspace.channels import channel_url
from pyxi.workspace.environment import Environment, Workspace

Key = tuple[str, str]  # (environment, platform name)


@dataclass
class Freshness:
    reasons: dict[Key, str] = field(default_factory=dict)
    # Environments whose locked conda content may be reused as solver hints.
    checked: list[Key] = field(default_factory=list)

    @property
    def is_fresh(self) -> bool:
        return not self.reasons

    def outdated(self) -> list[Key]:
        return list(self.reasons)

    def summary(self) -> str:
        return "\n".join(
            f"environment `{env}` on {platform}: {reason}"
            for (env, platform), reason in self.reasons.items()
        )


def check_lock(workspace: Workspace, lock: LockFile | None) -> Freshness:
    result = Freshness()
    for env in workspace.environments.values():
        for platform in env.platforms:
            key = (env.name, platform.name)
            result.checked.append(key)
            reason = "there is no pixi.lock yet" if lock is None else _check(env, platform, lock)
            if reason:
                result.reasons[key] = reason
        if lock is not None and env.name in lock.environments:
            extra = set(lock.environments[env.name].packages) - {p.name for p in env.platforms}
            for name in sorted(extra):
                result.reasons[(env.name, name)] = (
                    f"platform '{name}' is in the lock file but not in the environment"
                )
    _spread_over_solve_groups(workspace, result)
    return result


def _spread_over_solve_groups(workspace: Workspace, result: Freshness) -> None:
    for members in workspace.solve_groups().values():
        if len(members) < 2:
            continue
        for env in members:
            for platform in env.platforms:
                if (env.name, platform.name) in result.reasons:
                    continue
                stale = [m.name for m in members if (m.name, platform.name) in result.reasons]
                if stale:
                    result.reasons[(env.name, platform.name)] = (
                        f"solve group `{env.solve_group}` must be re-solved (`{stale[0]}` changed)"
                    )


def _check(env: Environment, platform: PlatformSpec, lock: LockFile) -> str | None:
    locked_env = lock.environments.get(env.name)
    if locked_env is None:
        return "the environment is not in the lock file"
    if platform.name not in locked_env.packages:
        return "the platform is not in the lock file"
    locked_channels = [c.url.rstrip("/") for c in locked_env.channels]
    wanted = [c.rstrip("/") for c in env.channels]
    if locked_channels != wanted:
        return f"channels changed: the lock has {locked_channels}, the manifest asks for {wanted}"
    locked_priority = locked_env.options.get("channel-priority", "strict")
    if locked_priority != env.channel_priority:
        return f"channel-priority changed from {locked_priority} to {env.channel_priority}"
    packages = lock.packages_for(env.name, platform.name)
    conda = {p.name: p for p in packages if isinstance(p, CondaPackage)}
    pypi = {canonicalize_name(p.name): p for p in packages if isinstance(p, PypiPackage)}
    return _check_conda(env, platform, conda) or _check_pypi(env, platform, lock, conda, pypi)


def _check_conda(env: Environment, platform: PlatformSpec, conda: dict[str, CondaPackage]) -> str | None:
    virtual = env.virtual_packages(platform)
    visited: set[str] = set()
    queue: list[tuple[str, str]] = []
    for dep in env.conda_dependencies(platform):
        problem = _check_direct(env, dep, conda)
        if problem:
            return problem
        queue.append((dep.name, env.name))
    while queue:
        name, required_by = queue.pop()
        if name in visited or name not in conda:
            continue
        visited.add(name)
        package = conda[name]
        for dependency in package.depends:
            dep_name = spec_name(dependency)
            if dep_name.startswith("__"):
                if not virtual_matches(dependency, virtual, platform.subdir):
                    return (
                        f"'{package.file_name}' needs '{dependency}', which the environment's "
                        "virtual packages no longer provide"
                    )
                continue
            target = conda.get(dep_name)
            if target is None or not package_matches(dependency, target):
                return f"the requirement '{dependency}' could not be satisfied (required by '{package.file_name}')"
            queue.append((dep_name, package.file_name))
    extra = sorted(set(conda) - visited)
    if extra:
        return f"there are more conda packages in the lock file than the environment uses: {', '.join(extra)}"
    return None


def _check_direct(env: Environment, dep: CondaDependency, conda: dict[str, CondaPackage]) -> str | None:
    package = conda.get(dep.name.lower())
    spec = CondaDependency(dep.name, dep.version, dep.build).to_matchspec()
    if package is None:
        return f"'{dep.name}' is not in the lock file"
    if not package_matches(spec, package):
        return f"the locked {package.name} {package.version} {package.build} does not match '{spec}'"
    if dep.channel and package.channel:
        wanted = channel_url(dep.channel, env.root).rstrip("/")
        if package.channel.rstrip("/") != wanted:
            return f"'{dep.name}' should come from {wanted}, the lock has {package.channel}"
    return None


def _check_pypi(
    env: Environment,
    platform: PlatformSpec,
    lock: LockFile,
    conda: dict[str, CondaPackage],
    pypi: dict[str, PypiPackage],
) -> str | None:
    requirements = env.pypi_dependencies(platform)
    if not requirements:
        return "the lock has PyPI packages the manifest no longer asks for" if pypi else None
    if "python" not in conda:
        return "the environment has PyPI dependencies but no python is locked"
    locked_env = lock.environments[env.name]
    if locked_env.indexes is None:
        return "the lock file records no PyPI indexes"
    from pyxi.pypi.resolve import lock_indexes

    wanted_indexes = lock_indexes(env.pypi_options())
    if [i.rstrip("/") for i in locked_env.indexes] != [i.rstrip("/") for i in wanted_indexes]:
        return f"PyPI indexes changed: the lock has {locked_env.indexes}, the manifest asks for {wanted_indexes}"
    provided = _conda_provided(conda.values())
    for requirement in requirements:
        problem = _check_pypi_requirement(requirement, provided, pypi)
        if problem:
            return problem
    return _check_pypi_closure(requirements, provided, pypi)


def _conda_provided(packages) -> dict[str, str]:  # type: ignore[no-untyped-def]
    provided: dict[str, str] = {}
    for package in packages:
        for purl in package.purls or []:
            name = purl.removeprefix("pkg:pypi/").split("?")[0].split("@")[0]
            provided[canonicalize_name(name)] = package.version
    return provided


def _check_pypi_requirement(
    requirement: PypiDependency, provided: dict[str, str], pypi: dict[str, PypiPackage]
) -> str | None:
    name = canonicalize_name(requirement.name)
    spec = _specifier(requirement.version)
    if name in provided and requirement.is_registry:
        if spec is not None and not spec.contains(provided[name], prereleases=True):
            return f"'{requirement.name}{requirement.version}' does not match the conda-provided {provided[name]}"
        return None
    package = pypi.get(name)
    if package is None:
        return f"the PyPI package '{requirement.name}' is not in the lock file"
    if requirement.is_registry:
        if spec is not None and package.version and not spec.contains(package.version, prereleases=True):
            return f"the locked {package.name} {package.version} does not match '{requirement.version}'"
        if requirement.index and (package.index or "").rstrip("/") != requirement.index.rstrip("/"):
            return f"'{requirement.name}' must come from {requirement.index}, the lock has {package.index or 'PyPI'}"
    return None


def _check_pypi_closure(
    requirements: list[PypiDependency], provided: dict[str, str], pypi: dict[str, PypiPackage]
) -> str | None:
    visited: set[str] = set()
    queue = [canonicalize_name(r.name) for r in requirements]
    while queue:
        name = queue.pop()
        if name in visited or name in provided:
            continue
        visited.add(name)
        package = pypi.get(name)
        if package is None:
            return f"the PyPI package '{name}' is required but not in the lock file"
        for text in package.requires_dist:
            try:
                dependency = Requirement(text)
            except InvalidRequirement:
                continue
            dep_name = canonicalize_name(dependency.name)
            if dependency.marker is None:
                queue.append(dep_name)
            elif "extra" not in str(dependency.marker) and dep_name in pypi:
                # Platform markers are not evaluated here: a conditional dependency only has
                # to be consistent when it was locked.
                queue.append(dep_name)
    return None if set(pypi) <= visited | set(provided) else (
        "there are more PyPI packages in the lock file than the environment uses: "
        + ", ".join(sorted(set(pypi) - visited))
    )


def _specifier(version: str | None) -> SpecifierSet | None:
    if not version or version.strip() == "*":
        return None
    try:
        return SpecifierSet(version)
    except InvalidSpecifier:
        return None
