"""`pyxi global install`: one environment per package (or all in `--environment`), exposed.

As pixi: an existing environment keeps its channels (unless `--force-reinstall` recreates
it), a new one gets `--channel` or conda-forge; specs are written as given (`*` without a
version); an environment already holding what is asked is left alone ("already installed").
"""

from __future__ import annotations

from dataclasses import field

from pyxi.config.load import active
from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.global_.exposed_names import sync_exposed_names
from pyxi.global_.model import Mapping, check_env_name
from pyxi.global_.project import GlobalProject
from pyxi.manifest.edit_spec import PackageSpec


@model
class InstallOptions:
    channels: list[str] = field(default_factory=list)
    platform: str | None = None
    expose: list[Mapping] = field(default_factory=list)
    with_specs: list[PackageSpec] = field(default_factory=list)
    force: bool = False


def environments_for(
    specs: list[PackageSpec], environment: str | None, options: InstallOptions
) -> dict[str, list[PackageSpec]]:
    if environment is not None:
        plan = {check_env_name(environment): specs}
    else:
        plan = {check_env_name(spec.name): [spec] for spec in specs}
    if options.expose and len(plan) > 1:
        raise PyxiError(
            "Can't add exposed mappings with `--expose` for more than one environment",
            help="install the packages into one environment (`--environment NAME`), or one at a time",
        )
    if options.with_specs and len(plan) > 1:
        raise PyxiError(
            "Can't add packages with `--with` for more than one environment",
            help="install the packages into one environment (`--environment NAME`), or one at a time",
        )
    return plan


def install_environment(
    project: GlobalProject, name: str, specs: list[PackageSpec], options: InstallOptions
) -> bool:
    """Set the environment up; False when it already was (nothing written then)."""
    if options.force and name in project.manifest.envs:
        project.remove_env(name)
    existing = project.manifest.envs.get(name)
    if existing is None:
        project.editor.add_environment(name, options.channels or active().default_channels)
    if options.platform:
        project.editor.set_platform(name, options.platform)
    for spec in [*specs, *options.with_specs]:
        project.editor.set_entry(name, "dependencies", spec.name, spec.manifest_value())
    if options.expose:
        project.editor.clear(name, "exposed")
    project.refresh()
    for mapping in options.expose:
        project.add_mapping(name, mapping)
    if project.in_sync(name):
        if project.editor.text() != project.editor.original_text():
            project.save()  # a package it already had is now a dependency (pixi forgets that)
        return False
    project.install(name)
    mode = "mappings" if options.expose else "ignore" if options.with_specs else "all"
    ignore = [spec.name for spec in options.with_specs]
    sync_exposed_names(project, name, mode, ignore=ignore, mappings=options.expose)
    project.expose(name)
    project.save()
    return True
