"""`detached-environments`: the workspace's environments live outside it, and `.pixi/envs`
is a link to where they are (on POSIX, as pixi makes it), so `.pixi/envs/NAME` still works."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from pyxi import consts


def link_envs_dir(root: Path, envs_dir: Path) -> str | None:
    """Make `.pixi/envs` point at `envs_dir`; a warning when it is a folder holding
    environments already (they are left alone, and not used)."""
    default = root / consts.PIXI_DIR / consts.ENVS_DIR
    envs_dir.mkdir(parents=True, exist_ok=True)
    if default.is_symlink():
        if Path(os.path.realpath(default)) == Path(os.path.realpath(envs_dir)):
            return None
        default.unlink()
    elif default.is_dir():
        if any(default.iterdir()):
            return (f"environments found in {default} are ignored: with `detached-environments` "
                    f"set they are installed in {envs_dir.parent}; remove {default} to avoid "
                    "confusion (a link to the new place is then made)")
        default.rmdir()
    if os.name == "posix":
        default.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            default.symlink_to(envs_dir, target_is_directory=True)
    return None
