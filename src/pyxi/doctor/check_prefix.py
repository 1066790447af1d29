"""An installed prefix whose own bookkeeping is damaged: `conda-meta` gone, package records
that cannot be read (a disk that filled up during an install leaves them empty), or an
environment that was installed in another folder (the workspace was moved or copied)."""

from __future__ import annotations

from collections.abc import Iterator

from pyxi import consts
from pyxi.conda.prefix_records import broken_records
from pyxi.doctor.context import DoctorContext
from pyxi.doctor.finding import Evidence, Finding, error
from pyxi.doctor.manifest_refs import env_flag
from pyxi.env.prefix import installed_elsewhere
from pyxi.env.stamp import read_stamp
from pyxi.workspace.environment import Environment


def check_prefix_state(ctx: DoctorContext) -> Iterator[Finding]:
    for env in ctx.environments:
        if not env.prefix.is_dir():
            continue  # not installed: nothing to check
        if not (env.prefix / consts.CONDA_META).is_dir():
            yield error(
                "installed-metadata-missing",
                f"the environment folder {env.prefix} has no {consts.CONDA_META} folder: nothing "
                "records what is installed there",
                environment=env.name,
                fix=f"run `pyxi install{env_flag(env)}` (it installs every locked package again)",
            )
            continue
        yield from _unreadable(env)
        yield from _moved(ctx, env)


def _moved(ctx: DoctorContext, env: Environment) -> Iterator[Finding]:
    elsewhere = installed_elsewhere(env.prefix, ctx.workspace.manifest.path)
    if elsewhere is not None:
        yield error(
            "installed-elsewhere",
            f"the environment in {env.prefix} was installed at {elsewhere} (the workspace was "
            "moved or copied); its programs still name the old folder",
            environment=env.name,
            fix=f"run `pyxi install{env_flag(env)}`: it installs the environment again in place",
            notes=("conda environments are not relocatable: linking writes the prefix into files",),
        )


def _unreadable(env: Environment) -> Iterator[Finding]:
    broken = broken_records(env.prefix)
    if not broken:
        return
    if read_stamp(env.prefix) is None:  # an unfinished install: the next one repairs it
        fix = f"run `pyxi install{env_flag(env)}`: it removes these records and links their packages again"
    else:
        fix = (f"remove the folder {env.prefix} and run `pyxi install{env_flag(env)}` (pyxi "
               "recorded the environment as complete, so a plain `pyxi install` does not look)")
    yield error(
        "installed-records-unreadable",
        f"{len(broken)} package record(s) in {env.prefix / consts.CONDA_META} cannot be read",
        environment=env.name,
        evidence=tuple(Evidence("file", b.path.name, source=str(b.path.parent), detail=b.reason)
                       for b in broken),
        fix=fix,
        notes=("an empty record is what a full disk leaves when an install is cut short",),
    )
