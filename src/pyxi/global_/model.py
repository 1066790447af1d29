"""The global manifest as data: environments, their dependencies and exposed commands."""

from __future__ import annotations

import os
import re
from dataclasses import field
from pathlib import Path, PurePosixPath

from pyxi.datamodel import model
from pyxi.diagnostics import Location, PyxiError
from pyxi.manifest.model import CondaDependency

MANIFEST_VERSION = 1
ENV_NAME = re.compile(r"^(?!\.+$)[a-z0-9\-_.]+$")  # pixi's names, but never `.` or `..`
# Exposing these names would shadow the tools that manage the exposed commands.
RESERVED_EXPOSED = ("pixi", "pyxi")


@model(frozen=True)
class Mapping:
    """`exposed = "executable"`: the command `exposed` on PATH runs the environment's
    `executable` (a file name in a bin folder, or a path relative to the prefix)."""

    exposed: str
    executable: str

    @property
    def executable_name(self) -> str:
        """The file name of the executable (`nested/tool` → `tool`)."""
        return PurePosixPath(self.executable.replace("\\", "/")).name

    def display(self) -> str:
        return (
            self.exposed
            if self.exposed == self.executable
            else f"{self.exposed} -> {self.executable}"
        )


@model
class GlobalEnv:
    name: str
    channels: list[str] = field(default_factory=list)
    platform: str | None = None
    dependencies: dict[str, CondaDependency] = field(default_factory=dict)
    exposed: list[Mapping] = field(default_factory=list)
    shortcuts: list[str] | None = None
    location: Location | None = None

    def mapping(self, exposed: str) -> Mapping | None:
        return next((m for m in self.exposed if m.exposed == exposed), None)


@model
class GlobalManifest:
    path: Path
    envs: dict[str, GlobalEnv] = field(default_factory=dict)

    def owner_of(self, exposed: str) -> str | None:
        """The environment that exposes `exposed`, if any."""
        return next((e.name for e in self.envs.values() if e.mapping(exposed)), None)


# Extensions pixi drops from an executable's name (`nested/tool.sh` is the command `tool`).
_SCRIPT_SUFFIXES = (
    (".com", ".exe", ".bat", ".cmd", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh", ".msc", ".cpl")
    if os.name == "nt"
    else (".sh", ".bash", ".zsh", ".csh", ".tcsh", ".ksh", ".fish", ".py", ".pl", ".rb", ".lua",
          ".php", ".tcl", ".awk", ".sed")
)  # fmt: skip


def strip_exe(name: str) -> str:
    for suffix in _SCRIPT_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def parse_mapping(text: str) -> Mapping:
    """`--expose` values: `exposed=executable`, or `executable` alone (then exposed under its
    file name: `nested/tool` is exposed as `tool`)."""
    exposed, sep, executable = text.partition("=")
    if not sep:
        exposed = executable = text
    exposed = strip_exe(PurePosixPath(exposed.replace("\\", "/")).name)
    check_exposed_name(exposed)
    if not exposed or not executable:
        raise PyxiError(
            f"cannot read the exposed mapping `{text}`",
            help="write `EXPOSED=EXECUTABLE` (e.g. `py3=python`) or just `EXECUTABLE`",
        )
    return Mapping(exposed, strip_exe(executable))


def check_exposed_name(name: str) -> None:
    if (
        not name
        or name in (".", "..", "trampoline_configuration")
        or any(c in name for c in "/\\\0")
    ):
        raise PyxiError(
            f"`{name}` is not a valid exposed name",
            help="an exposed name is a file name in `$PIXI_HOME/bin`: no `/`, `\\` or `..`",
        )
    if name in RESERVED_EXPOSED:
        raise PyxiError(
            f"`{name}` is not allowed as an exposed name",
            help="it would shadow the tool that manages the exposed commands; pick another name",
        )


def check_env_name(name: str) -> str:
    if not ENV_NAME.match(name):
        raise PyxiError(
            f"invalid environment name `{name}`",
            help="use only lowercase letters, digits, `-`, `_` and `.`",
        )
    return name
