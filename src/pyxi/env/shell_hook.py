"""Activation as shell code, for `pyxi shell-hook` and `pyxi shell`.

The script is written from the same `Activation` that `pyxi run` applies (see `activate.py`):
packages' and the user's activation scripts have already been evaluated once, in bash, and
their effect captured as variables, so every shell (fish, PowerShell, cmd …) gets exactly the
variables `pyxi run` would set, rather than each shell re-running scripts its own way.
`PATH` is written out in full (the environment's folders, then the caller's PATH), as pixi does.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from pyxi.env import shell_quote as quote
from pyxi.env.activate import Activation

SHELLS = ("bash", "zsh", "fish", "xonsh", "powershell", "cmd")


def activation_variables(activation: Activation, base: dict[str, str]) -> dict[str, str]:
    """What activation sets, PATH included (as it will be), in a stable order."""
    applied = activation.apply(base)
    variables = {name: applied[name] for name in activation.variables}
    variables["PATH"] = applied["PATH"]
    return variables


def _posix(name: str, value: str) -> str:
    return f"export {name}={quote.posix(value)}"


def _fish(name: str, value: str) -> str:
    if name == "PATH":
        parts = " ".join(quote.fish(p) for p in value.split(os.pathsep) if p)
        return f"set -gx PATH {parts}"
    return f"set -gx {name} {quote.fish(value)}"


def _xonsh(name: str, value: str) -> str:
    return f"${name} = {quote.xonsh(value)}"


def _powershell(name: str, value: str) -> str:
    return f"${{Env:{name}}} = {quote.powershell(value)}"


_EMITTERS: dict[str, Callable[[str, str], str]] = {
    "bash": _posix,
    "zsh": _posix,
    "fish": _fish,
    "xonsh": _xonsh,
    "powershell": _powershell,
    "cmd": quote.cmd_set,
}


def _prompt(shell: str, prompt: str) -> str | None:
    if shell == "bash":
        return quote.bash_prompt()
    if shell == "zsh":
        return quote.zsh_prompt(prompt)
    if shell == "cmd":
        return quote.cmd_prompt(prompt)
    return None  # fish, xonsh and PowerShell draw their prompts with functions: left alone


def hook_script(
    activation: Activation, shell: str, base: dict[str, str], change_prompt: bool = True
) -> str:
    """Code for `shell` that sets the activation's variables; every value is quoted for that
    shell (see `shell_quote`), and names no shell could set are left out."""
    emit = _EMITTERS[shell]
    variables = activation_variables(activation, base)
    lines = [emit(name, value) for name, value in variables.items() if quote.is_identifier(name)]
    prompt = variables.get("PIXI_PROMPT")
    if change_prompt and prompt:
        line = _prompt(shell, prompt)
        if line:
            lines.append(line)
    lines += completion_lines(shell, variables.get("CONDA_PREFIX", ""))
    return "\n".join(lines) + "\n"


# Where packages put their shell completions, per shell.
_COMPLETIONS = {
    "bash": "share/bash-completion/completions",
    "zsh": "share/zsh/site-functions",
    "fish": "share/fish/vendor_completions.d",
}


def completion_lines(shell: str, prefix: str) -> list[str]:
    """Code that loads the environment's packages' completions, as pixi's hook does."""
    folder = os.path.join(prefix, _COMPLETIONS.get(shell, "")) if prefix else ""
    if shell not in _COMPLETIONS or not os.path.isdir(folder):
        return []
    if shell == "bash":
        each = f'for _pixi_f in {quote.posix(folder)}/*; do [ -f "$_pixi_f" ] && . "$_pixi_f"; done'
        return [f"{each}; unset _pixi_f"]
    if shell == "zsh":
        return [f"fpath+=({quote.posix(folder)})", "autoload -Uz compinit && compinit"]
    return [f"for file in {quote.fish(folder)}/*; source $file; end"]


def hook_json(activation: Activation, base: dict[str, str]) -> str:
    scripts = [path for path, _ in activation.scripts]
    data = {
        "environment_variables": activation_variables(activation, base),
        "activation_scripts": scripts,
    }
    return json.dumps(data, indent=2)


def detect_shell(environ: dict[str, str]) -> str:
    """The user's shell from $SHELL (cmd on Windows without one), defaulting to bash."""
    if os.name == "nt" and not environ.get("SHELL"):
        return "powershell" if environ.get("PSModulePath") else "cmd"
    name = os.path.basename(environ.get("SHELL", "bash")).removesuffix(".exe")
    return name if name in SHELLS else "bash"


def shell_command(
    activation: Activation, shell: str, base: dict[str, str], change_prompt: bool = True
) -> tuple[list[str], dict[str, str], Callable[[], None]]:
    """(argv, environment, cleanup) to start an interactive `shell` activated.

    The shell inherits the activated environment. bash additionally gets an rc file that
    reads the user's ~/.bashrc first and then re-applies the activation on top (a .bashrc that
    rewrites PATH or PS1 must not undo it); the rc file is removed by `cleanup()`."""
    import tempfile

    variables = activation.apply(base)
    executable = base.get("SHELL") or shell
    if shell != "bash" or os.name == "nt":
        if shell == "cmd":
            return ["cmd.exe", "/k"], variables, lambda: None
        return [executable], variables, lambda: None
    handle, rcfile = tempfile.mkstemp(prefix="pyxi-shell-", suffix=".bashrc")
    with os.fdopen(handle, "w") as stream:
        stream.write('[ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"\n')
        stream.write(hook_script(activation, "bash", base, change_prompt))

    def cleanup() -> None:
        try:
            os.unlink(rcfile)
        except OSError:
            pass

    return [executable, "--rcfile", rcfile, "-i"], variables, cleanup
