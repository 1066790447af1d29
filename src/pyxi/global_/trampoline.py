"""Exposed commands: pixi's trampoline settings, and the small script pyxi puts on PATH.

pixi exposes a command as a copy of its compiled trampoline (`bin/NAME`) that reads
`bin/trampoline_configuration/NAME.json` — the executable (`exe`), the PATH entries the
activation adds (`path_diff`) and the activation's variables (`env`) — sets them and execs.
pyxi writes the same JSON, so pixi reads pyxi's state, and exposes the command as a POSIX sh
script with the same settings baked in (no interpreter to start, no activation to run). A
command pixi exposed keeps its trampoline when the JSON is current: the trampoline reads it;
and where pixi left its trampoline (`trampoline_bin`), new commands are hard links to it too.

PATH, as pixi's trampoline builds it: `path_diff` in front of PATH; with `PIXI_BASE_PATH`
set, the PATH entries that are not in it first, then `path_diff`, then `PIXI_BASE_PATH`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import field
from pathlib import Path

from pyxi.atomic import atomic_write
from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.global_.paths import TRAMPOLINE_BIN, GlobalPaths

MARKER = "# pyxi global trampoline"
_SHELL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# pixi's older exposed commands were shell scripts ending in `"EXE" "$@"`.
_LEGACY_EXE = re.compile(r'"([^"]+)" "\$@"')


@model
class TrampolineConfig:
    exe: str
    path_diff: str
    env: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {"exe": self.exe, "path_diff": self.path_diff, "env": dict(sorted(self.env.items()))}
        return json.dumps(data, indent=2)


def read_config(path: Path) -> TrampolineConfig | None:
    """The settings at `path`; None when missing or not pixi's shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        env = {str(k): str(v) for k, v in data["env"].items()}
        return TrampolineConfig(str(data["exe"]), str(data["path_diff"]), env)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def script_text(name: str, config: TrampolineConfig) -> str:
    lines = [
        "#!/bin/sh",
        f"{MARKER}: `{name}` runs {config.exe} with its environment activated.",
        f"# Settings (pixi's trampoline reads them too): trampoline_configuration/{name}.json",
    ]
    lines += [f"export {k}={_sq(v)}" for k, v in sorted(config.env.items()) if _SHELL_NAME.match(k)]
    diff = _dq(config.path_diff)
    lines += [
        'if [ "${PIXI_BASE_PATH+set}" = set ]; then',
        "  _pyxi_extra= _pyxi_ifs=$IFS",
        "  IFS=:; set -f",
        "  for _pyxi_p in $PATH; do",
        '    case ":$PIXI_BASE_PATH:" in *":$_pyxi_p:"*) ;; *) _pyxi_extra="$_pyxi_extra$_pyxi_p:" ;; esac',
        "  done",
        "  set +f; IFS=$_pyxi_ifs",
        f'  PATH="$_pyxi_extra{diff}${{PIXI_BASE_PATH:+:$PIXI_BASE_PATH}}"',
        "  unset _pyxi_extra _pyxi_ifs _pyxi_p",
        "else",
        f'  PATH="{diff}${{PATH:+:$PATH}}"',
        "fi",
        "export PATH",
        f'exec "{_dq(config.exe)}" "$@"',
    ]
    return "\n".join(lines) + "\n"


def _sq(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _dq(text: str) -> str:
    return re.sub(r'([\\"$`])', r"\\\1", text)


def is_pixi_trampoline(path: Path, paths: GlobalPaths) -> bool:
    """`path` is a copy of pixi's compiled trampoline (same bytes as `trampoline_bin`)."""
    original = paths.trampoline_dir / TRAMPOLINE_BIN
    try:
        if path.stat().st_size != original.stat().st_size:
            return False
        return path.read_bytes() == original.read_bytes()
    except OSError:
        return False


def is_current(name: str, config: TrampolineConfig, paths: GlobalPaths) -> bool:
    """The exposed command runs with `config`: the settings on disk are `config`, and the
    command is pyxi's script for it or pixi's trampoline (which reads the settings)."""
    path = paths.exposed_path(name)
    if read_config(paths.trampoline_config(name)) != config:
        return False
    if is_pixi_trampoline(path, paths):
        return True
    try:
        return path.read_text(encoding="utf-8") == script_text(name, config)
    except (OSError, UnicodeDecodeError):
        return False


def write(name: str, config: TrampolineConfig, paths: GlobalPaths) -> None:
    """Write the settings, then the command: a copy of pixi's trampoline when pixi left one
    (`trampoline_configuration/trampoline_bin`, hard-linked as pixi does), else pyxi's script."""
    if os.name == "nt":
        raise PyxiError(
            f"cannot expose `{name}`: exposing commands on Windows is not supported by pyxi yet",
            help="use pixi for `global` on Windows, or run the tool with `pyxi exec`",
        )
    paths.trampoline_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(paths.trampoline_config(name), config.to_json().encode())
    target = paths.exposed_path(name)
    if is_pixi_trampoline(target, paths):
        return
    original = paths.trampoline_dir / TRAMPOLINE_BIN
    if _is_binary(original):
        target.unlink(missing_ok=True)
        try:
            os.link(original, target)
        except OSError:  # another file system, or too many links: a copy does as well
            shutil.copy2(original, target)
        return
    atomic_write(target, script_text(name, config).encode())
    target.chmod(0o755)


def _is_binary(path: Path) -> bool:
    """pixi's test for a compiled trampoline: a NUL byte in the first 1024 bytes."""
    try:
        with path.open("rb") as handle:
            return b"\0" in handle.read(1024)
    except OSError:
        return False


def remove(name: str, paths: GlobalPaths) -> None:
    paths.exposed_path(name).unlink(missing_ok=True)
    paths.trampoline_config(name).unlink(missing_ok=True)


def exposed_target(name: str, paths: GlobalPaths) -> str | None:
    """The executable an exposed command runs: from its settings, or from the `"EXE" "$@"`
    line of an old pixi script; None for a file that is neither."""
    config = read_config(paths.trampoline_config(name))
    if config is not None:
        return config.exe
    try:
        match = _LEGACY_EXE.search(paths.exposed_path(name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return match.group(1) if match else None
