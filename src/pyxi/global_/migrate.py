"""A global manifest for an installation that has none (pixi's migration of installations
made before the manifest existed): one environment per prefix that has exposed commands, with
the package of each command as a dependency (`*`), its channels and, for another platform,
that platform. Written once, on first use, so that `sync` never removes such environments."""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path

from pyxi.datamodel import model
from pyxi.global_.edit import GlobalManifestEditor
from pyxi.global_.expose import bin_names
from pyxi.global_.model import ENV_NAME
from pyxi.global_.paths import GlobalPaths
from pyxi.global_.records import InstalledRecord, installed_records
from pyxi.global_.trampoline import exposed_target
from pyxi.workspace.channels import display_channel


@model
class _Found:
    channels: list[str] = field(default_factory=list)
    platform: str | None = None
    dependencies: list[str] = field(default_factory=list)
    exposed: list[tuple[str, str]] = field(default_factory=list)


def needs_migration(paths: GlobalPaths) -> bool:
    envs = paths.envs_dir
    return (
        not paths.manifest.exists()
        and envs.is_dir()
        and any((p / "conda-meta").is_dir() for p in envs.iterdir())
    )


def migrate(paths: GlobalPaths, host_subdir: str) -> GlobalManifestEditor:
    """The manifest (saved) that describes the existing installation."""
    found: dict[str, _Found] = {}
    for exposed in bin_names(paths):
        _add_exposed(paths, exposed, found, host_subdir)
    editor = GlobalManifestEditor(paths.manifest)
    for name, env in found.items():
        editor.add_environment(name, env.channels)
        if env.platform:
            editor.set_platform(name, env.platform)
        for dependency in env.dependencies:
            editor.set_entry(name, "dependencies", dependency, "*")
        for exposed, executable in env.exposed:
            editor.set_entry(name, "exposed", exposed, executable)
    editor.save()
    return editor


def _add_exposed(paths: GlobalPaths, exposed: str, found: dict[str, _Found], host: str) -> None:
    target = exposed_target(exposed, paths)
    envs = os.path.abspath(paths.envs_dir)
    if target is None or not os.path.abspath(target).startswith(envs + os.sep):
        return
    relative = Path(os.path.relpath(target, envs))
    name = relative.parts[0]
    records = installed_records(paths.envs_dir / name)
    inside = Path(*relative.parts[1:]).as_posix()
    record = next((r for r in records if inside in r.files), None)
    if record is None or not ENV_NAME.match(name):
        return
    env = found.setdefault(name, _Found())
    for channel in [_channel(record), *(_channel(r) for r in records)]:
        if channel and channel not in env.channels:
            env.channels.append(channel)
    if record.package.subdir not in ("noarch", host, ""):
        env.platform = record.package.subdir
    if record.name not in env.dependencies:
        env.dependencies.append(record.name)
    env.exposed.append((exposed, Path(target).name))


def _channel(record: InstalledRecord) -> str | None:
    """A channel of the default alias by its name (`conda-forge`), others by their URL."""
    channel = record.package.channel
    return display_channel(channel) if channel else None
