"""The lock itself: missing, unreadable, or not matching the manifest any more."""

from __future__ import annotations

from collections.abc import Iterator

from pyxi.doctor.context import DoctorContext
from pyxi.doctor.finding import Finding, note, warning


def check_lock_state(ctx: DoctorContext) -> Iterator[Finding]:
    if ctx.lock is None:
        yield note(
            "lock-missing",
            f"there is no {ctx.workspace.lock_path.name} yet, so these checks could only read the manifest",
            fix="run `pyxi lock`; if it fails, the findings above explain why",
        )
        return
    wanted = {env.name for env in ctx.environments}
    for (env, platform), reason in sorted(ctx.stale.items()):
        if env in wanted:
            yield warning(
                "lock-stale",
                f"{ctx.workspace.lock_path.name} does not match the manifest: {reason}",
                environment=env, platforms=(platform,),
                fix="run `pyxi lock` (findings read from the lock describe the old state)",
            )
