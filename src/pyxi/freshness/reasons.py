"""Why an (environment, platform) of the lock must be solved again: a kind that callers can
test, the pair it is about, and the detail the check found. `str(reason)` is the sentence pyxi
prints (in `--locked` errors and `pyxi doctor`)."""

from __future__ import annotations

from enum import Enum

from pyxi.datamodel import model

ANY_PLATFORM = "*"  # a reason about a whole environment (one the manifest no longer has)


class Kind(Enum):
    NO_LOCK = "no-lock"  # there is no pixi.lock
    ENVIRONMENT_NOT_LOCKED = "environment-not-locked"  # the lock lacks the environment
    ENVIRONMENT_REMOVED = "environment-removed"  # the lock has one the manifest dropped
    PLATFORM_NOT_LOCKED = "platform-not-locked"  # the lock lacks the platform
    ENVIRONMENT = "environment"  # channels, platforms, indexes, options or wheel tags changed
    PACKAGES = "packages"  # the locked packages do not satisfy the requirements
    SOLVE_GROUP = "solve-group"  # the environments of a solve group disagree
    GROUP_MEMBER = "group-member"  # another member of the solve group must be re-solved
    UPDATE_REQUESTED = "update-requested"  # `pyxi update` asked for it


_SENTENCES = {
    Kind.NO_LOCK: "there is no pixi.lock yet",
    Kind.ENVIRONMENT_NOT_LOCKED: "the environment is not in the lock file",
    Kind.ENVIRONMENT_REMOVED: (
        "the environment is in the lock file but no longer exists in the manifest"),
    Kind.PLATFORM_NOT_LOCKED: "the platform is not in the lock file",
    Kind.UPDATE_REQUESTED: "update requested",
}


@model(frozen=True)
class Reason:
    """Why one environment on one platform is out of date with its lock."""

    kind: Kind
    environment: str
    platform: str  # a manifest platform name, or ANY_PLATFORM
    detail: str = ""  # what the check found, for the kinds without a fixed sentence

    def __str__(self) -> str:
        return self.detail or _SENTENCES.get(self.kind, self.kind.value)

    def located(self) -> str:
        """The sentence with the environment and platform it is about."""
        if self.platform == ANY_PLATFORM:
            return f"environment `{self.environment}`: {self}"
        return f"environment `{self.environment}` on {self.platform}: {self}"
