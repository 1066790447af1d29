"""What `pyxi exec` asks for and runs with: its specs (and the package guessed from the
command), the solver for them, the listing of `--list`, the command's environment."""

from __future__ import annotations

import os
import re
from pathlib import Path

from pyxi.diagnostics import PyxiError
from pyxi.global_.exec_env import ExecEnvironment, Solver, guess_package
from pyxi.lockfile.model import CondaPackage
from pyxi.manifest.platform_names import current_subdir
from pyxi.progress import Progress


def exec_request(
    specs: list[str], with_: list[str], channels: list[str], subdir: str | None, argv: list[str]
) -> tuple[ExecEnvironment, list[str]]:
    """The environment to run `argv` in, and the names shown in `PIXI_ENVIRONMENT_NAME`."""
    from pyxi.global_.specs import parse_specs
    from pyxi.manifest.edit_spec import parse_conda_spec
    from pyxi.workspace.channels import channel_url

    if not argv:
        raise PyxiError(
            "missing required command to execute",
            help="name the command last, e.g. `pyxi exec -s python=3.12 python`",
        )
    if specs and with_:
        raise PyxiError(
            "`--spec` cannot be used with `--with`", help="use one of them", exit_code=2
        )
    names = sorted(spec.name for spec in parse_specs([*specs, *with_]))
    guessed = not specs
    wanted = [*specs, *with_] + ([guess_package(argv[0])] if guessed else [])
    hint = (
        parse_conda_spec(wanted[0]).name.lower()
        if len(wanted) == 1
        else (guess_package(argv[0]) if guessed else None)
    )
    from pyxi.config.load import active

    config = active()
    urls = [channel_url(c, Path.cwd()) for c in channels or config.default_channels]
    request = ExecEnvironment(
        wanted, urls, subdir or current_subdir(), hint, guessed and bool(with_), config.offline
    )
    return request, names


def solver(request: ExecEnvironment, cache: Path, progress: Progress) -> Solver:
    def solve(specs: list[str]) -> list[CondaPackage]:
        from pyxi.conda.host import host_virtual_packages
        from pyxi.conda.solve import SolveRequest, make_gateway, solve_all

        solve_request = SolveRequest(
            label=f"the temporary environment ({', '.join(specs)})", subdir=request.subdir,
            channels=request.channels, specs=specs, virtual_packages=list(host_virtual_packages()),
        )  # fmt: skip
        with progress.step("Solving a temporary environment"):
            return solve_all([solve_request], make_gateway(cache))[0]

    return solve


def listing(packages: list[CondaPackage], request: ExecEnvironment, regex: str | None) -> str:
    from pyxi.sync.listing import format_packages

    try:
        pattern = re.compile(regex) if regex else None
    except re.error as error:
        raise PyxiError(f"invalid regular expression `{regex}`: {error}") from error
    rows = [
        {"name": p.name, "version": p.version, "build": p.build, "kind": "conda",
         "source": (p.channel or "").rstrip("/")}
        for p in sorted(packages, key=lambda p: p.name)
        if pattern is None or pattern.search(p.name)
    ]  # fmt: skip
    filtered = f" filtered by regex `{regex}`" if regex else ""
    return f"The environment has {len(rows)} packages{filtered}:\n{format_packages(rows)}"


def command_environment(
    prefix: Path, names: list[str], modify_ps1: bool, base: dict[str, str]
) -> dict[str, str]:
    from pyxi.env.prefix_activation import activate_prefix

    env = activate_prefix(prefix, base).apply(base)
    if names:
        label = "temp:" + ",".join(names)
        env["PIXI_ENVIRONMENT_NAME"] = label
        if modify_ps1 and os.name != "nt":
            env["PS1"] = rf"(pixi:{label}) [\w] \$"
    return env


def check_command(argv: list[str], env: dict[str, str], prefix: Path) -> None:
    """The command exists (on the activated PATH, or as a path); a shell line is not checked."""
    import shutil

    from pyxi.env.process import needs_shell

    if needs_shell(argv) or shutil.which(argv[0], path=env.get("PATH")):
        return
    raise PyxiError(
        f"failed to execute '{argv[0]}': no such command in the temporary environment ({prefix})",
        help="name the package that provides it with `--spec`, or list the environment with "
        "`--list`",
    )
