"""`pyxi global edit [EDITOR]`: open the global manifest in `$EDITOR` (default nano), then
check what was saved (a broken manifest is reported with its line; nothing is synced)."""

from __future__ import annotations

import argparse
import os


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "editor",
        nargs="?",
        default=os.environ.get("EDITOR"),
        help="the editor (default: $EDITOR, else nano)",
    )


def execute(args: argparse.Namespace) -> int:
    import shlex
    import subprocess

    from pyxi.global_.parse import load_global_manifest
    from pyxi.global_.paths import discover

    path = discover().manifest
    path.parent.mkdir(parents=True, exist_ok=True)
    editor = args.editor or ("notepad" if os.name == "nt" else "nano")
    subprocess.run([*shlex.split(editor), str(path)], check=False)
    load_global_manifest(path)
    return 0
