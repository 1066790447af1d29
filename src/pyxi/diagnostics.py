"""Errors as data: one exception type that carries what went wrong, where, and how to fix it.

Every layer raises `PyxiError`; only `cli.render` turns it into text, so every message in
pyxi looks the same (`error: …`, then the location, then `help: …`).
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from pyxi.datamodel import model


@model(frozen=True)
class Location:
    """A place in a file: the file, a 1-based line (when known) and the dotted key path."""

    file: Path
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f" (key `{self.key}`)"
        return where


@model
class PyxiError(Exception):
    """A failure the user can act on. `help` says what to change; `notes` add evidence."""

    message: str
    location: Location | None = None
    help: str | None = None
    notes: list[str] = field(default_factory=list)
    exit_code: int = 1

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class ManifestError(PyxiError):
    """The manifest cannot be read or is not valid."""


class LockFileError(PyxiError):
    """pixi.lock cannot be read, is from an unsupported version, or is stale under --locked."""


class SolveError(PyxiError):
    """The dependencies of an environment/platform cannot be satisfied."""


class InstallError(PyxiError):
    """An environment could not be installed."""


class HostError(PyxiError):
    """This machine cannot run the environment (missing virtual package, wrong platform)."""


def os_error_help(error: OSError) -> str | None:
    """The `help:` for a failure of the machine (a full disk, a read-only folder), chosen by
    its errno, so that "the disk is full" is never said of a missing folder."""
    import errno

    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk (or your quota) is full: free some space, then run the command again"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "check that the workspace and the cache folder are writable by you"
    if error.errno == errno.ENAMETOOLONG:
        return "a path is longer than the file system allows: use a shorter folder or file name"
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return "a file or folder it needs does not exist (was it moved or deleted?)"
    return None
