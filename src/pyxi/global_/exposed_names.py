"""Which commands an environment exposes after an install or update (the manifest's `exposed`).

pixi's rules: mappings whose executable the environment no longer has are dropped; then
- `all`: every command of every dependency is exposed under its own name (a dependency
  without a command of its own name also exposes that command from another package);
- `ignore`: the same, except for the `--with` packages;
- `mappings`: exactly the `--expose` mappings;
- `nothing`: nothing new (an update keeps a hand-picked subset as it is).
"""

from __future__ import annotations

from collections.abc import Iterable

from pyxi.global_.model import Mapping
from pyxi.global_.project import GlobalProject
from pyxi.global_.records import executables, installed_records, package_executables


def sync_exposed_names(
    project: GlobalProject,
    name: str,
    mode: str,
    ignore: Iterable[str] = (),
    mappings: Iterable[Mapping] = (),
) -> None:
    env = project.env(name)
    prefix = project.prefix(name)
    records = installed_records(prefix)
    present = {e.name for e in executables(prefix, records, bin_only=False)}
    for mapping in env.exposed:
        if mapping.executable_name not in present:
            project.editor.remove_entry(name, "exposed", mapping.exposed)
    project.refresh()
    if mode == "mappings":
        for mapping in mappings:
            project.add_mapping(name, mapping)
        return
    if mode == "nothing":
        return
    skipped = {n.lower() for n in ignore}
    for dependency in list(project.env(name).dependencies):
        if dependency in skipped:
            continue
        for executable in package_executables(prefix, records, dependency):
            project.add_mapping(name, Mapping(executable.name, executable.name))


def all_exposed(project: GlobalProject, name: str) -> bool:
    """Every command of the dependencies is exposed (so an update exposes new ones too)."""
    env = project.env(name)
    prefix = project.prefix(name)
    records = installed_records(prefix)
    exposed = {m.executable_name for m in env.exposed}
    return all(
        e.name in exposed
        for dependency in env.dependencies
        for e in package_executables(prefix, records, dependency)
    )
