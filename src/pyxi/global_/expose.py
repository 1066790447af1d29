"""Exposed commands of one environment: which ones `$PIXI_HOME/bin` has, which it should have,
and writing them (pixi's rules: a command belongs to the environment its settings point into;
a mapping names an executable by its file name, preferring one in a bin folder)."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from pyxi.diagnostics import PyxiError
from pyxi.env.prefix_activation import activate_prefix
from pyxi.global_ import trampoline
from pyxi.global_.model import GlobalEnv, Mapping, strip_exe
from pyxi.global_.paths import GlobalPaths
from pyxi.global_.records import Executable, InstalledRecord, executables
from pyxi.global_.state import StateChanges
from pyxi.global_.trampoline import TrampolineConfig

IGNORE_CONDA_PREFIX = "global-ignore-conda-prefix"
_CONDA_STACK = ("CONDA_PREFIX", "CONDA_SHLVL", "CONDA_DEFAULT_ENV", "CONDA_PROMPT_MODIFIER")


def bin_names(paths: GlobalPaths) -> list[str]:
    folder = paths.bin_dir
    if not folder.is_dir():
        return []
    return sorted(strip_exe(p.name) for p in folder.iterdir() if p.is_file())


def related_exposed(paths: GlobalPaths, prefix: Path) -> dict[str, str]:
    """Exposed name → executable, for the commands in bin that run something in `prefix`."""
    root = os.path.abspath(prefix)
    found = {}
    for name in bin_names(paths):
        target = trampoline.exposed_target(name, paths)
        if target and os.path.abspath(target).startswith(root + os.sep):
            found[name] = target
    return found


def exposure_status(
    paths: GlobalPaths, prefix: Path, mappings: list[Mapping]
) -> tuple[list[str], list[str]]:
    """(exposed names to remove, exposed names to add) to make bin match `mappings`."""
    related = related_exposed(paths, prefix)

    def satisfied(mapping: Mapping) -> bool:
        target = related.get(mapping.exposed)
        return (
            target is not None
            and strip_exe(Path(target).name) == mapping.executable_name
            and paths.trampoline_config(mapping.exposed).is_file()
        )

    wanted = {m.exposed for m in mappings if satisfied(m)}
    to_remove = [name for name in related if name not in wanted]
    to_add = [m.exposed for m in mappings if m.exposed not in wanted]
    return to_remove, to_add


def prune_exposed(
    paths: GlobalPaths, env: str, prefix: Path, mappings: list[Mapping]
) -> StateChanges:
    changes = StateChanges().touch(env)
    for name in exposure_status(paths, prefix, mappings)[0]:
        trampoline.remove(name, paths)
        changes.add(env, "removed_exposed", name)
    return changes


def expose_environment(
    paths: GlobalPaths, env: GlobalEnv, prefix: Path, records: list[InstalledRecord]
) -> StateChanges:
    """Remove the commands the environment no longer exposes, (re)write the others."""
    changes = prune_exposed(paths, env.name, prefix, env.exposed)
    available = executables(prefix, records, bin_only=False)
    targets = {m.exposed: find_executable(env.name, prefix, m, available) for m in env.exposed}
    if not targets:
        return changes
    activation = activate_prefix(prefix, dict(os.environ))
    path_diff = os.pathsep.join(activation.path_prepend)
    for mapping in env.exposed:
        target = targets[mapping.exposed]
        variables = dict(activation.variables)
        if (prefix / "etc" / "pixi" / mapping.executable_name / IGNORE_CONDA_PREFIX).is_file():
            variables = _without_conda_stack(variables)
        config = TrampolineConfig(str(prefix / target.path), path_diff, variables)
        existed = paths.exposed_path(mapping.exposed).exists()
        if existed and trampoline.is_current(mapping.exposed, config, paths):
            continue
        trampoline.write(mapping.exposed, config, paths)
        changes.add(env.name, "updated_exposed" if existed else "added_exposed", mapping.exposed)
    return changes


def find_executable(
    env: str, prefix: Path, mapping: Mapping, available: list[Executable]
) -> Executable:
    matches = [e for e in available if e.name == mapping.executable_name]
    in_bin = [
        e for e in matches if str(PurePosixPath(e.path).parent) in ("bin", "Scripts", "Library/bin")
    ]
    found = (in_bin or matches)[:1]
    if not found:
        names = ", ".join(sorted({e.name for e in available})) or "none"
        raise PyxiError(
            f"Failed to add executables for environment {env}: Couldn't find executable "
            f"{mapping.executable} in {prefix}",
            notes=[f"found these executables: {names}"],
            help="expose one of the executables the environment has (`pyxi global expose add "
            f"--environment {env} NAME=EXECUTABLE`), or add the package that provides it",
        )
    return found[0]


def _without_conda_stack(variables: dict[str, str]) -> dict[str, str]:
    """The package asked (pixi's marker file) not to see a conda activation."""
    return {
        k: v for k, v in variables.items()
        if k not in _CONDA_STACK and not k.startswith("CONDA_ENV_SHLVL_")
    }  # fmt: skip
