"""The edits behind `global add`, `remove`, `expose add/remove` and `update`: change the
manifest document, bring the environment in line, save, and say what changed."""

from __future__ import annotations

from pyxi.diagnostics import PyxiError
from pyxi.global_.exposed_names import all_exposed, sync_exposed_names
from pyxi.global_.model import Mapping
from pyxi.global_.project import GlobalProject
from pyxi.global_.records import installed_records, package_executables
from pyxi.global_.state import StateChanges
from pyxi.manifest.edit_spec import PackageSpec


def add_packages(
    project: GlobalProject, name: str, specs: list[PackageSpec], mappings: list[Mapping]
) -> StateChanges:
    for spec in specs:
        project.editor.set_entry(name, "dependencies", spec.name, spec.manifest_value())
    project.refresh()
    for mapping in mappings:
        project.add_mapping(name, mapping)
    synced = project.sync_env(name)
    changes = StateChanges().touch(name)
    for update in synced.of(name, "updated_env"):
        for package, change in sorted(update.changes.items()):
            if package in {s.name for s in specs} and change.kind in (
                "installed",
                "upgraded",
                "reinstalled",
            ):
                changes.add(name, "added_package", f"{package}={change.new}")
    project.save()
    return changes.merge(synced)


def remove_packages(project: GlobalProject, name: str, packages: list[str]) -> StateChanges:
    prefix = project.prefix(name)
    records = installed_records(prefix)
    for package in packages:
        if not project.editor.remove_entry(name, "dependencies", package):
            raise PyxiError(
                f"Dependency {package} not found in {name}",
                help=f"`pyxi global list -e {name}` shows its packages",
            )
        for executable in package_executables(prefix, records, package):
            project.editor.remove_entry(name, "exposed", executable.name)
    project.refresh()
    changes = project.sync_env(name)
    for update in changes.of(name, "updated_env"):
        update.direct.extend(packages)
    project.save()
    return changes


def expose_add(project: GlobalProject, name: str, mappings: list[Mapping]) -> StateChanges:
    for mapping in mappings:
        project.add_mapping(name, mapping)
    changes = project.sync_env(name)
    project.save()
    return changes


def expose_owner(project: GlobalProject, exposed: str) -> str:
    owner = project.manifest.owner_of(exposed)
    if owner is None:
        raise PyxiError(
            f"Exposed name {exposed} not found in any environment",
            help="`pyxi global list` shows the exposed commands",
        )
    return owner


def expose_remove(project: GlobalProject, exposed: str) -> StateChanges:
    owner = expose_owner(project, exposed)
    project.editor.remove_entry(owner, "exposed", exposed)
    project.refresh()
    changes = project.sync_env(owner)
    project.save()
    return changes


def update_environment(project: GlobalProject, name: str) -> StateChanges:
    """Re-solve to the newest allowed versions; expose new commands only when every command
    was exposed before (a hand-picked subset stays as it is)."""
    in_sync = project.in_sync(name)
    everything = all_exposed(project, name) if in_sync else None
    update = project.install(name)
    if everything is None:
        everything = all_exposed(project, name)
    sync_exposed_names(project, name, "all" if everything else "nothing", keep_others=True)
    changes = StateChanges().touch(name)
    changes.add(name, "updated_env", update)
    changes.merge(project.expose(name))
    project.save()
    return changes
