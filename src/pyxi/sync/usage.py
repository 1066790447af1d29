"""How a command may use pixi.lock: `--locked`/`--frozen` (and their env vars) → one value."""

from __future__ import annotations

from enum import Enum

from pyxi import consts
from pyxi.envflags import env_flag


class LockUsage(Enum):
    UPDATE = "update"  # re-lock what is stale (default)
    LOCKED = "locked"  # fail if the lock is stale
    FROZEN = "frozen"  # use the lock as it is, no check

    @classmethod
    def from_flags(cls, locked: bool = False, frozen: bool = False) -> LockUsage:
        """A flag given on the command line wins; its variable is read (and checked) only
        when the flag is absent, as pixi's command line does."""
        if frozen or env_flag(consts.ENV_FROZEN):
            return cls.FROZEN
        if locked or env_flag(consts.ENV_LOCKED):
            return cls.LOCKED
        return cls.UPDATE
