"""`pyxi run --script SCRIPT ARGS…`: a script's environment, then `python SCRIPT ARGS…` in it.

SCRIPT is a local file (its workspace: lock beside it, used when it is there, never created by
`run`), an http(s) URL (downloaded to a temporary `.py` file, removed after the run) or `-`
(the script read from stdin, run as `python -c SOURCE`). The last two are transient: they have
no lock (so `--locked`/`--frozen` are refused), and their environment in the exec cache is
named by the URL, or by the metadata of the piped script (a change of its body reuses it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.diagnostics import PyxiError

if TYPE_CHECKING:
    from pyxi.workspace.environment import Workspace

STDIN = "-"
STDIN_LABEL = "<stdin>"


def is_transient(script: str) -> bool:
    return script == STDIN or script.startswith(("http://", "https://"))


def check_transient(args: argparse.Namespace) -> None:
    for flag in ("frozen", "locked"):
        if getattr(args, flag, False):
            raise PyxiError(f"transient scripts cannot be run with `--{flag}` because they do "
                            "not have an adjacent lock file",
                            help="download the script and run it from a file, or drop the flag")


def run_transient(args: argparse.Namespace, argv: list[str]) -> int:
    """`run --script URL|-`."""
    if args.script == STDIN:
        source = sys.stdin.read()
        workspace = _workspace(source, Path(STDIN_LABEL), "stdin", b"")
        if args.dry_run:
            print(f"python -c {STDIN_LABEL}", file=sys.stderr)
            return 0
        return _run(args, workspace, ["python", "-c", source, *argv], exec_=True)
    source, name = _download(args.script)
    with tempfile.TemporaryDirectory(prefix="pyxi-script-") as folder:
        path = Path(folder) / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        workspace = _workspace(source, path, name, b"remote\0" + args.script.encode())
        return _run(args, workspace, ["python", str(path), *argv], exec_=False)


def _workspace(source: str, label: Path, name: str, key: bytes) -> Workspace:
    from pyxi.manifest.script import find_block, parse_script
    from pyxi.workspace.environment import build_workspace
    from pyxi.workspace.script import transient_envs_dir

    block = find_block(source, label)
    if block is None:
        where = "stdin" if label.name == STDIN_LABEL else str(label)
        raise PyxiError(f"{where} does not contain a PEP 723 metadata block",
                        help="add a `# /// script` block (`pixi init --script FILE.py` writes one)")
    manifest = parse_script(source, label, name=name)
    if label.name == STDIN_LABEL:  # the metadata names the environment, not the body
        key = b"stdin\0" + block.metadata.encode()
    workspace = build_workspace(manifest)
    for env in workspace.environments.values():
        env.envs_dir = transient_envs_dir(name, key)
    return workspace


def _run(args: argparse.Namespace, workspace: Workspace, argv: list[str], exec_: bool) -> int:
    from pyxi.cli.common import preparer
    from pyxi.env.process import call_command, exec_command

    env = workspace.environment(None)
    prepared = preparer(args, workspace).prepare(env)
    variables = prepared.activation.apply(dict(os.environ))
    variables["INIT_CWD"] = os.getcwd()
    if args.dry_run:
        print(" ".join(argv), file=sys.stderr)
        return 0
    return exec_command(argv, variables) if exec_ else call_command(argv, variables)


def _download(url: str) -> tuple[str, str]:
    """The script at `url` (redirects followed) and a name for it from its final URL."""
    import re
    import urllib.error
    import urllib.request

    from pyxi.redact import strip_credentials as redact_url

    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body, final = response.read(), response.geturl()
    except urllib.error.HTTPError as error:
        raise PyxiError(f"failed to download remote script from {redact_url(url)}: the server "
                        f"returned {error.code}", help="check the URL") from None
    except (urllib.error.URLError, OSError) as error:
        raise PyxiError(f"failed to download remote script from {redact_url(url)}: {error}",
                        help="check the URL and that it can be reached from here") from None
    stem = final.rstrip("/").rsplit("/", 1)[-1].removesuffix(".py")
    name = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "script"
    try:
        return body.decode("utf-8"), name
    except UnicodeDecodeError:
        raise PyxiError(f"the remote script {redact_url(url)} is not UTF-8 text") from None
