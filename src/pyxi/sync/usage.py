"""How a command may use pixi.lock: `--locked`/`--frozen` (and their env vars) → one value."""

from __future__ import annotations

import os
from enum import Enum

from pyxi import consts


class LockUsage(Enum):
    UPDATE = "update"  # re-lock what is stale (default)
    LOCKED = "locked"  # fail if the lock is stale
    FROZEN = "frozen"  # use the lock as it is, no check

    @classmethod
    def from_flags(cls, locked: bool = False, frozen: bool = False) -> LockUsage:
        if frozen or _truthy(os.environ.get(consts.ENV_FROZEN)):
            return cls.FROZEN
        if locked or _truthy(os.environ.get(consts.ENV_LOCKED)):
            return cls.LOCKED
        return cls.UPDATE


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")
