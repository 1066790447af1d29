"""An installed prefix as a place on disk: where it was installed, and emptying it.

Conda packages are not relocatable: linking writes the prefix into files (script shebangs,
`prefix_placeholder` text and binaries), and PyPI console scripts name their interpreter by
path. A workspace that was moved or copied therefore holds environments that still point at
the old folder: their `python` may be the old copy's, or missing. pixi detects this with a
file of its own and offers to recreate the environment; pyxi records the real path of the
prefix in its stamp and installs such an environment again, from the lock and the package
cache, at its new place.

`empty_prefix` removes what a prefix holds but keeps the folder itself, so that a prefix that
is a symbolic link (an environment kept on another disk) stays one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pyxi.env.pixi_marker import read_pixi_marker
from pyxi.env.stamp import read_stamp, real_prefix


def installed_elsewhere(prefix: Path, manifest: Path) -> str | None:
    """Where the environment now in `prefix` was installed, when that is another place (the
    workspace was moved or copied); None when it is here, or unknown."""
    stamp = read_stamp(prefix)
    if stamp is not None and stamp.prefix:
        return None if stamp.prefix == real_prefix(prefix) else stamp.prefix
    # A stamp of an older pyxi, or a prefix pixi installed: its marker names its manifest.
    marker = read_pixi_marker(prefix)
    if marker is None or os.path.realpath(marker.manifest_path) == os.path.realpath(manifest):
        return None
    try:
        return str(Path(marker.manifest_path).parent / prefix.relative_to(manifest.parent))
    except ValueError:
        return str(Path(marker.manifest_path).parent)


def empty_prefix(prefix: Path) -> None:
    """Remove everything inside `prefix` (following `prefix` itself if it is a link, but no
    link inside it)."""
    folder = Path(os.path.realpath(prefix))
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
