"""Which commands an environment exposes after an install or update (the manifest's `exposed`).

pixi's rules: mappings whose executable the environment no longer has are dropped; then
- `all`: every command of every dependency is exposed under its own name (a dependency
  without a command of its own name also exposes that command from another package);
- `ignore`: the same, except for the `--with` packages;
- `mappings`: exactly the `--expose` mappings;
- `nothing`: nothing new (an update keeps a hand-picked subset as it is).

(pixi fails an update when a new command's name is exposed by another environment; pyxi
leaves that name to the other environment.)
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
    keep_others: bool = False,
) -> None:
    """`keep_others`: a command another environment already exposes is left to it (an
    update adds what is new without failing on a clash); otherwise the clash is an error."""
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
            owner = project.manifest.owner_of(executable.name)
            if keep_others and owner not in (None, name):
                continue
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
