"""Activation scripts written next to an unpacked environment (`activate.sh`, `activate.fish`;
`activate.bat`, `activate.ps1` on Windows), as pixi-unpack writes them.

They are static files, sourced later on machines without pyxi: PATH is prepended to the
caller's PATH when sourced (not frozen now), then the conda variables and the packages'
`env_vars.d` variables are set, then the packages' `activate.d` scripts for that shell run.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from pathlib import Path

from pyxi.env.activate import bin_dirs, package_env_vars
from pyxi.env.shell_hook import _EMITTERS

# shell → (file suffix, also of the activate.d scripts it sources; PATH line; source line)
_Path = Callable[[list[str]], str]
_Source = Callable[[Path], str]
_SHELLS: dict[str, tuple[str, _Path, _Source]] = {
    "bash": ("sh",
             lambda dirs: f'export PATH={shlex.quote(os.pathsep.join(dirs))}"${{PATH:+:${{PATH}}}}"',
             lambda script: f". {shlex.quote(str(script))}"),
    "fish": ("fish",
             lambda dirs: "set -gx PATH " + " ".join(shlex.quote(d) for d in dirs) + " $PATH",
             lambda script: f"source {shlex.quote(str(script))}"),
    "cmd": ("bat",
            lambda dirs: f'@SET "PATH={";".join(dirs)};%PATH%"',
            lambda script: f'@CALL "{script}"'),
    "powershell": ("ps1",
                   lambda dirs: "$Env:PATH = '" + ";".join(dirs).replace("'", "''") + ";' + $Env:PATH",
                   lambda script: ". '" + str(script).replace("'", "''") + "'"),
}


def shells_for(subdir: str) -> list[str]:
    return ["cmd", "powershell"] if subdir.startswith("win") else ["bash", "fish"]


def write_activation_scripts(prefix: Path, dest: Path, env_name: str, shells: list[str]) -> list[Path]:
    """Write `dest/activate.SUFFIX` for each shell; returns the files written."""
    variables = {"CONDA_PREFIX": str(prefix), "CONDA_SHLVL": "1", "CONDA_DEFAULT_ENV": env_name}
    variables.update(package_env_vars(prefix))
    written = []
    for shell in shells:
        suffix, path_line, source_line = _SHELLS[shell]
        lines = [path_line(bin_dirs(prefix))]
        lines += [_EMITTERS[shell](name, value) for name, value in variables.items()]
        folder = prefix / "etc" / "conda" / "activate.d"
        scripts = sorted(folder.glob(f"*.{suffix}")) if folder.is_dir() else []
        lines += [source_line(script) for script in scripts]
        target = dest / f"activate.{suffix}"
        target.write_text("\n".join(lines) + "\n")
        written.append(target)
    return written
