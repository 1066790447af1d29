"""What `install`, `run`, `shell` and `shell-hook` do before their own part: lock if stale,
install, and leave the fast path's files (`quickstate.py`) for the next command.

- The task names of the manifest, so that `run`'s shortcut never mistakes a task for a command.
- After a lock that was checked against the manifest (not `--frozen`): the verified marker, so a
  later no-op `install` trusts these bytes without parsing anything (`sync/noop.py`).
- For a command that starts the user's process (`run`, `shell`): the workspace lock is released
  first (that process may run pyxi itself), then the activation is computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING

from pyxi import quickstate
from pyxi.datamodel import model
from pyxi.env.stamp import read_stamp
from pyxi.lockfile.model import LockFile
from pyxi.progress import Progress
from pyxi.sync.install import InstallResult, ensure_installed
from pyxi.sync.lock import ensure_lock, vouch_for_lock
from pyxi.sync.usage import LockUsage
from pyxi.workspace.environment import Environment, Workspace

if TYPE_CHECKING:  # `run`'s types: `install` and `lock` need not import tasks and activation
    from pyxi.env.tasks_run import Prepared


@model
class Preparer:
    """Locks once, then installs (and activates) environments of one workspace on request.
    Made, it records the workspace's task names for `run`'s shortcut.

    `warn`: how the install's warnings reach the user; `platform`: `--platform`, instead of the
    platform selected for this machine."""

    workspace: Workspace
    usage: LockUsage
    progress: Progress
    warn: Callable[[str], None]
    platform: str | None = None
    installing: bool = True  # False: `--no-install`/`--as-is`, the environments as they are
    _lock: LockFile | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.workspace.manifest.kind != "script":  # no shortcut state beside a script
            remember_task_names(self.workspace)

    @property
    def checked(self) -> bool:
        """Whether the lock is compared with the manifest (everything but `--frozen`)."""
        return self.usage is not LockUsage.FROZEN

    def lock(self) -> LockFile:
        if self._lock is None:
            self._lock, _ = ensure_lock(self.workspace, self.usage, self.progress,
                                        write=self.workspace.manifest.kind != "script"
                                        or self.workspace.lock_path.exists())
        return self._lock

    def install(self, env: Environment, reinstall: frozenset[str] | None = None) -> InstallResult:
        """Lock if stale, install `env` if changed (`reinstall`: these packages again, or
        all of them when empty); its warnings go to `warn`. With `installing` off, nothing
        is installed and the platform is not checked against this machine."""
        if not self.installing and reinstall is None:
            from pyxi.env.host_platform import select_platform

            if self.checked:
                self.lock()  # `--no-install` still brings the lock up to date
            return InstallResult(env, select_platform(env, self.platform, to_run=False), False)
        result = ensure_installed(
            self.workspace, env, self.lock(), self.progress, lock_checked=self.checked,
            requested_platform=self.platform, reinstall=reinstall,
        )
        for message in result.warnings:
            self.warn(message)
        return result

    def install_all(self, names: list[str | None] | None,
                    done: Callable[[InstallResult], None]) -> None:
        """`pyxi install`: lock, then the named environments (None: every one) in turn, `done`
        reporting each, then the verified marker."""
        self.lock()
        environments = (list(self.workspace.environments.values()) if names is None
                        else [self.workspace.environment(name) for name in names])
        for env in environments:
            done(self.install(env))
        self.vouch()

    def prepare(self, env: Environment) -> Prepared:
        """`run`, `shell`: installed, vouched for, the workspace lock released, activated."""
        from pyxi.env.tasks_run import Prepared
        from pyxi.sync.activation import activation_for
        from pyxi.sync.workspace_lock import release_all

        result = self.install(env)
        self.vouch()
        release_all()
        stamp = read_stamp(env.prefix)
        activation = activation_for(self.workspace, env, result.platform)
        return Prepared(activation, stamp.environment_hash if stamp else "")

    def vouch(self) -> None:
        if self.checked and self.workspace.manifest.kind != "script":
            vouch_for_lock(self.workspace)


def remember_task_names(workspace: Workspace) -> None:
    """Record every task name of the workspace, of every environment and platform."""
    names = {name for env in workspace.environments.values() for name in env.tasks(None)}
    for env in workspace.environments.values():
        for platform in env.platforms:
            names |= set(env.tasks(platform))
    quickstate.write_task_names(workspace.root, workspace.manifest.sha256, sorted(names))
