"""Environments: features merged the way pixi merges them, per platform."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import TypeVar

from pyxi import consts
from pyxi.datamodel import model
from pyxi.diagnostics import ManifestError, PyxiError
from pyxi.manifest.model import (
    CondaDependency,
    Feature,
    Manifest,
    PlatformSpec,
    PypiDependency,
    PypiOptions,
    SystemRequirements,
    TargetTables,
)
from pyxi.manifest.task_model import Task
from pyxi.manifest.unsupported import Unsupported
from pyxi.workspace.channels import channel_url, prioritized_channels
from pyxi.workspace.exclude_newer import Cutoffs, environment_cutoffs
from pyxi.workspace.pypi_options import environment_pypi_options
from pyxi.workspace.targets import applicable_tables
from pyxi.workspace.unsupported import environment_unsupported
from pyxi.workspace.virtual_packages import (
    VirtualPackage,
    merge_system_requirements,
    solver_virtual_packages,
)

T = TypeVar("T")

@model
class Environment:
    """A resolved environment: its features in order, solve group and what they declare."""

    name: str
    features: list[Feature]
    solve_group: str | None
    platforms: list[PlatformSpec]
    channel_names: list[str]
    channels: list[str]
    channel_priority: str
    system_requirements: SystemRequirements
    root: Path
    workspace_pypi_options: PypiOptions | None = None
    envs_dir: Path | None = None  # `detached-environments`: outside the workspace
    # The manifest's unsupported parts this environment needs (`workspace/unsupported.py`).
    unsupported: list[Unsupported] = field(default_factory=list)
    exclude_newer: Cutoffs = field(default_factory=Cutoffs)
    in_script: bool = False  # a script's environment: no `.pixi` state beside the script

    @property
    def prefix(self) -> Path:
        return (self.envs_dir or self.root / consts.PIXI_DIR / consts.ENVS_DIR) / self.name

    @property
    def feature_names(self) -> list[str]:
        """The features as the manifest lists them: an environment's inline content is none."""
        return [feature.name for feature in self.features if feature.environment is None]

    def platform(self, name: str) -> PlatformSpec | None:
        return next((p for p in self.platforms if p.name == name or p.subdir == name), None)

    def conda_dependencies(self, platform: PlatformSpec | None) -> list[CondaDependency]:
        """Every feature's specs (targets replace per package inside a feature); specs for one
        name from several features are all kept, so the solver must satisfy all of them. The
        legacy host and build tables count too, each replacing the one before per package."""
        return self._merged(
            platform,
            lambda table: {**table.dependencies, **table.host_dependencies, **table.build_dependencies},
        )

    def constraints(self, platform: PlatformSpec | None) -> list[CondaDependency]:
        """`[constraints]` of every feature, merged like the dependencies (pixi concatenates
        them)."""
        return self._merged(platform, lambda table: table.constraints)

    def dev_dependencies(self, platform: PlatformSpec | None) -> list[CondaDependency]:
        """`[dev]` source packages (pixi-build): their dependencies are installed, not them."""
        return self._merged(platform, lambda table: table.dev)

    def pypi_dependencies(self, platform: PlatformSpec | None) -> list[PypiDependency]:
        return self._merged(platform, lambda table: table.pypi_dependencies)

    def _merged(self, platform: PlatformSpec | None, pick: Callable[[TargetTables], dict[str, T]]) -> list[T]:
        result: list[T] = []
        for feature in self.features:
            merged: dict[str, T] = {}
            for table in applicable_tables(feature, platform):
                merged.update(pick(table))
            result.extend(merged.values())
        return result

    def has_pypi_dependencies(self) -> bool:
        return any(self.pypi_dependencies(p) for p in self.platforms) or bool(
            self.pypi_dependencies(None)
        )

    def pypi_options(self) -> PypiOptions:
        """The features' options united, laid over the workspace's (`pypi_options.py`)."""
        return environment_pypi_options(self.workspace_pypi_options, self.features, self.name)

    def virtual_packages(self, platform: PlatformSpec) -> list[VirtualPackage]:
        return solver_virtual_packages(platform, self.system_requirements)

    def activation(self, platform: PlatformSpec | None) -> tuple[list[str], dict[str, str]]:
        """(scripts, env): each feature contributes the scripts of its most specific target that
        has any; for env vars the first feature wins, inside a feature the later target wins."""
        scripts: list[str] = []
        env: dict[str, str] = {}
        for feature in self.features:
            tables = applicable_tables(feature, platform)
            with_scripts = [t.activation for t in tables if t.activation and t.activation.scripts]
            if with_scripts:
                scripts.extend(with_scripts[-1].scripts)
            feature_env: dict[str, str] = {}
            for table in tables:
                if table.activation:
                    feature_env.update(table.activation.env)
            for key, value in feature_env.items():
                env.setdefault(key, value)
        return scripts, env

    def tasks(self, platform: PlatformSpec | None) -> dict[str, Task]:
        result: dict[str, Task] = {}
        for feature in self.features:
            feature_tasks: dict[str, Task] = {}
            for table in applicable_tables(feature, platform):
                feature_tasks.update(table.tasks)
            for name, task in feature_tasks.items():
                result.setdefault(name, task)
        return result


@model
class Workspace:
    """A manifest with its environments resolved."""

    manifest: Manifest
    environments: dict[str, Environment] = field(default_factory=dict)
    # sha256 of the pixi.lock bytes found (or written) up to date with `manifest`; "" until
    # then, and after `--frozen`, which checks nothing.
    checked_lock_sha256: str = ""

    @property
    def root(self) -> Path:
        return self.manifest.root

    @property
    def name(self) -> str:
        return self.manifest.workspace.name

    @property
    def lock_path(self) -> Path:
        return self.manifest.lock_path

    @property
    def state_root(self) -> Path:
        """Where pyxi keeps its own `.pixi` state (the workspace lock): the workspace folder;
        for a script, its folder in the cache, so nothing is written beside the script."""
        envs_dirs = [env.envs_dir for env in self.environments.values() if env.envs_dir]
        return envs_dirs[0].parent if self.manifest.kind == "script" and envs_dirs else self.root

    def environment(self, name: str | None) -> Environment:
        name = name or consts.DEFAULT_ENVIRONMENT
        if name in self.environments:
            return self.environments[name]
        import difflib  # only for a suggestion after a mistake

        close = difflib.get_close_matches(name, list(self.environments), n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        raise PyxiError(
            f"unknown environment `{name}`",
            help=f"{hint}environments in {self.manifest.path.name}: "
            + ", ".join(sorted(self.environments)),
        )

    def solve_groups(self) -> dict[str, list[Environment]]:
        """Environments grouped for solving: a named solve-group solves its members together;
        every other environment is a group of its own (keyed by its own name)."""
        groups: dict[str, list[Environment]] = {}
        for env in self.environments.values():
            key = f"group:{env.solve_group}" if env.solve_group else f"env:{env.name}"
            groups.setdefault(key, []).append(env)
        return groups


def build_workspace(manifest: Manifest) -> Workspace:
    workspace = Workspace(manifest)
    envs_dir = detached_envs_dir(manifest)
    if manifest.kind == "script":
        from pyxi.workspace.script import apply_script_defaults, script_envs_dir

        apply_script_defaults(manifest)
        envs_dir = script_envs_dir(manifest.path)
    for decl in manifest.environments.values():
        features = [manifest.features[name] for name in decl.features]
        if decl.inline is not None:
            features.insert(0, decl.inline)  # pixi's order: inline content, listed, default
        if not decl.no_default_feature and consts.DEFAULT_FEATURE not in decl.features:
            features.append(manifest.default_feature)
        env = _compose(manifest, decl.name, features, decl.solve_group)
        env.envs_dir = envs_dir
        env.in_script = manifest.kind == "script"
        workspace.environments[decl.name] = env
    return workspace


def detached_envs_dir(manifest: Manifest) -> Path | None:
    """With pixi's `detached-environments` set: `DIR/NAME-HASH/envs`, where HASH is the xxh3
    of the workspace folder, as pixi names it (so pixi and pyxi share the environments)."""
    from pyxi.cache import cache_dir
    from pyxi.config.load import active

    detached = active().detached_environments_dir(cache_dir())
    if detached is None:
        return None
    import xxhash

    root = str(manifest.root.resolve())
    return detached / f"{manifest.workspace.name}-{xxhash.xxh3_64_intdigest(root.encode())}" / \
        consts.ENVS_DIR


def _compose(
    manifest: Manifest, name: str, features: list[Feature], solve_group: str | None
) -> Environment:
    meta = manifest.workspace
    channel_refs = prioritized_channels(
        [feature.channels if feature.channels is not None else meta.channels for feature in features]
    )
    channels = [channel_url(ref.raw, manifest.root) for ref in channel_refs]
    environment_pypi_options(meta.pypi_options, features, name)  # two features may disagree
    return Environment(
        name=name,
        features=features,
        solve_group=solve_group,
        platforms=_platforms(manifest, name, features),
        channel_names=[ref.raw for ref in channel_refs],
        channels=channels,
        channel_priority=_channel_priority(name, features, meta.channel_priority),
        system_requirements=merge_system_requirements(
            [feature.system_requirements for feature in features]
        ),
        root=manifest.root,
        workspace_pypi_options=meta.pypi_options,
        unsupported=environment_unsupported(manifest, name, features, channels),
        exclude_newer=environment_cutoffs(meta, list(zip(channel_refs, channels))),
    )


def _platforms(manifest: Manifest, env_name: str, features: list[Feature]) -> list[PlatformSpec]:
    """The workspace platforms every feature allows. None left is a warning, no error (pixi's
    way): such an environment locks nothing, and only commands that need a platform refuse."""
    platforms = list(manifest.workspace.platforms)
    for feature in features:
        if feature.platforms is None:
            continue
        allowed = set(feature.platforms)
        platforms = [p for p in platforms if p.name in allowed or p.subdir in allowed]
    if not platforms:
        location = manifest.environments[env_name].location
        manifest.warnings.append(
            f"environment `{env_name}` has no platform: its features' `platforms` do not overlap"
            + (f" ({location})" if location else "")
        )
    return platforms


def _channel_priority(env_name: str, features: list[Feature], default: str) -> str:
    declared = {feature.channel_priority for feature in features if feature.channel_priority}
    if len(declared) > 1:
        raise ManifestError(
            f"environment `{env_name}` combines features with different channel priorities: "
            + ", ".join(sorted(declared)),
            help="set the same `channel-priority` in every feature of the environment",
        )
    return declared.pop() if declared else default
