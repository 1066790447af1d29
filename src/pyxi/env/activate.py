"""The one activation function behind `run`, `shell` and `shell-hook`.

Order (pixi's): PATH gets the prefix's bin folders, then the conda and pixi variables, then the
packages' `env_vars.d` variables, then `etc/conda/activate.d` scripts (sorted), then the user's
`[activation] scripts`, then `[activation] env`. Scripts run once in bash; the variables they
change are cached next to the environment's stamp (`quickstate.py`), keyed by what could change
them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import asdict, field
from pathlib import Path

from pyxi import consts, quickstate
from pyxi.datamodel import model
from pyxi.env import shell_quote as quote
from pyxi.env.process import bash_path
from pyxi.progname import current_exe


@model
class ActivationContext:
    prefix: Path
    environment: str
    project_name: str
    project_version: str | None
    project_root: Path
    manifest_path: Path
    platforms: list[str]
    user_scripts: list[Path] = field(default_factory=list)
    user_env: dict[str, str] = field(default_factory=dict)


@model
class Activation:
    """What activation changes: variables to set and folders to put in front of PATH."""

    variables: dict[str, str] = field(default_factory=dict)
    path_prepend: list[str] = field(default_factory=list)
    key: str = ""
    # (path, mtime_ns) of every script that was sourced: an edited script invalidates the cache.
    scripts: list[tuple[str, int]] = field(default_factory=list)

    def apply(self, base: dict[str, str]) -> dict[str, str]:
        env = dict(base)
        env.update(self.variables)
        if "PIXI_EXE" in self.variables:  # the program running now, not the one that cached this
            env["PIXI_EXE"] = current_exe()
        old_path = base.get("PATH", "")
        env["PATH"] = os.pathsep.join(self.path_prepend + ([old_path] if old_path else []))
        return env


def bin_dirs(prefix: Path) -> list[str]:
    if os.name == "nt":
        parts = ["", "Library/mingw-w64/bin", "Library/usr/bin", "Library/bin", "Scripts", "bin"]
        return [str(prefix / p) if p else str(prefix) for p in parts]
    return [str(prefix / "bin")]


def static_variables(ctx: ActivationContext) -> dict[str, str]:
    qualified = ctx.project_name if ctx.environment == "default" else f"{ctx.project_name}:{ctx.environment}"
    return {
        "CONDA_PREFIX": str(ctx.prefix),
        "CONDA_SHLVL": "1",
        "CONDA_DEFAULT_ENV": qualified,
        "PIXI_PROJECT_ROOT": str(ctx.project_root),
        "PIXI_PROJECT_NAME": ctx.project_name,
        "PIXI_PROJECT_MANIFEST": str(ctx.manifest_path),
        "PIXI_PROJECT_VERSION": ctx.project_version or "NO_VERSION_SPECIFIED",
        "PIXI_IN_SHELL": "1",
        "PIXI_EXE": current_exe(),
        "PIXI_ENVIRONMENT_NAME": ctx.environment,
        "PIXI_ENVIRONMENT_PLATFORMS": ",".join(ctx.platforms),
        "PIXI_PROMPT": f"({qualified}) ",
    }


def package_scripts(prefix: Path) -> list[Path]:
    folder = prefix / "etc" / "conda" / "activate.d"
    suffix = ".bat" if os.name == "nt" else ".sh"
    return sorted(folder.glob(f"*{suffix}")) if folder.is_dir() else []


def package_env_vars(prefix: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    folder = prefix / "etc" / "conda" / "env_vars.d"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        result.update(_json_strings(path))
    state = prefix / consts.CONDA_META / "state"
    if state.is_file():
        result.update(_json_strings(state, "env_vars"))
    return result


def _json_strings(path: Path, key: str | None = None) -> dict[str, str]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if key:
        data = data.get(key, {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def activate(ctx: ActivationContext, base: dict[str, str], cache_salt: str = "") -> Activation:
    """Compute (or load from the cache) what activating the environment changes."""
    scripts = package_scripts(ctx.prefix) + [s for s in ctx.user_scripts if s.is_file()]
    key = _cache_key(ctx, scripts, cache_salt)
    cached = load_cached(ctx.prefix, key)
    if cached is not None:
        return cached
    variables = static_variables(ctx)
    variables.update(package_env_vars(ctx.prefix))
    activation = Activation(variables, bin_dirs(ctx.prefix), key, _script_times(scripts))
    if scripts:
        activation = run_activation_scripts(activation, scripts, base)
    for name, value in ctx.user_env.items():
        activation.variables[name] = _expand(value, activation.apply(base))
    _store(ctx.prefix, activation)
    return activation


def _script_times(scripts: list[Path]) -> list[tuple[str, int]]:
    return [(str(s), s.stat().st_mtime_ns) for s in scripts]


def _cache_key(ctx: ActivationContext, scripts: list[Path], salt: str) -> str:
    digest = hashlib.sha256(salt.encode())
    digest.update(json.dumps(asdict(ctx), default=str, sort_keys=True).encode())
    for script in scripts:
        stat = script.stat()
        digest.update(f"{script}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


# Writes the environment as JSON to the file named by its argument.
_DUMP = "import json,os,sys; json.dump(dict(os.environ), open(sys.argv[1], 'w', encoding='utf-8'))"


def run_activation_scripts(activation: Activation, scripts: list[Path], base: dict[str, str]) -> Activation:
    """Source the scripts in bash with the activation so far and capture what they change.

    The environment is written to files before and after the scripts, by the same bash, so
    what the scripts print (activation scripts often do) is never mistaken for it, and only
    their own changes count (not the variables bash itself sets). Every path reaches bash
    quoted. As pixi does, what the scripts print is shown only when they fail."""
    import tempfile

    start = activation.apply(base)
    with tempfile.TemporaryDirectory(prefix="pyxi-activation-") as folder:
        before, after = Path(folder, "before.json"), Path(folder, "after.json")
        dump = f"{quote.posix(sys.executable)} -c {quote.posix(_DUMP)}"
        lines = [f"{dump} {quote.posix(str(before))}"]
        lines += [f". {quote.posix(str(script))}" for script in scripts]
        # `:` last: bash runs its last command with SHLVL lowered (it execs it), the dumps
        # must see the same shell.
        lines += [f"{dump} {quote.posix(str(after))}", ":"]
        completed = subprocess.run(  # stdin: the user's input is the command's, not theirs
            [bash_path() or "bash", "-c", "\n".join(lines)], env=start, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, check=False,
        )
        if completed.returncode != 0 or not after.is_file():
            raise _script_error(completed, scripts)
        old = json.loads(before.read_text(encoding="utf-8"))
        new = json.loads(after.read_text(encoding="utf-8"))
    variables = dict(activation.variables)
    variables.update({k: v for k, v in new.items() if k != "PATH" and old.get(k) != v})
    old_entries = old.get("PATH", "").split(os.pathsep)
    new_entries = [e for e in new.get("PATH", "").split(os.pathsep) if e and e not in old_entries]
    return Activation(
        variables, new_entries + activation.path_prepend, activation.key, activation.scripts
    )


def _script_error(completed: subprocess.CompletedProcess[str], scripts: list[Path]) -> Exception:
    from pyxi.diagnostics import PyxiError

    code = completed.returncode
    what = f"failed (exit code {code})" if code else "exited before the activation finished"
    output = "\n".join(filter(None, (completed.stdout.strip(), completed.stderr.strip())))
    return PyxiError(
        f"an activation script {what}" + (f":\n{output}" if output else ""),
        help="scripts: " + ", ".join(str(s) for s in scripts),
    )


_VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)|%(\w+)%")


def _expand(value: str, env: dict[str, str]) -> str:
    return _VARIABLE.sub(lambda m: env.get(m.group(1) or m.group(2) or m.group(3), ""), value)


def load_cached(prefix: Path, key: str) -> Activation | None:
    """The cached activation (`quickstate.py`) when it was computed for `key`."""
    data = quickstate.read_activation(prefix)
    if data is None or data.get("key") != key:
        return None
    try:
        scripts = [(str(path), int(mtime)) for path, mtime in data.get("scripts", [])]
        return Activation(data["variables"], data["path_prepend"], data["key"], scripts)
    except (KeyError, TypeError, ValueError):
        return None


def _store(prefix: Path, activation: Activation) -> None:
    """Best effort: a read-only prefix still runs, it just activates again next time. An
    environment that is not installed (`run --as-is`) gets no cache (nor a folder for it)."""
    if (prefix / "conda-meta").is_dir():
        quickstate.write_activation(prefix, asdict(activation))
