"""`pyxi build`: the workspace's own package (or the one at `--path`) built with the
workspace's channels, its `.conda` copied into an output folder (pixi's `--output-dir`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pyxi.build.backends import recipe_for
from pyxi.build.run import Built, build
from pyxi.build.source import MANIFESTS, discover
from pyxi.cache import cache_dir
from pyxi.diagnostics import PyxiError
from pyxi.manifest.model import PlatformSpec
from pyxi.progress import Progress
from pyxi.sync.install_sources import build_output
from pyxi.workspace.environment import Workspace


def package_folder(path: str | None, workspace: Workspace) -> Path:
    """The folder of the package to build: `--path` (a folder or a manifest), else the
    workspace's."""
    if path is None:
        return workspace.root
    given = Path(path).resolve()
    if given.is_file() and given.name in (*MANIFESTS, "recipe.yaml"):
        return given.parent
    if given.is_dir():
        return given
    raise PyxiError(f"{path} is neither a folder nor a package manifest",
                    help="pass the folder of the package, or its pixi.toml / recipe.yaml")


def build_package(workspace: Workspace, folder: Path, output_dir: Path, subdir: str,
                  progress: Progress) -> tuple[Built, Path]:
    """Build the package in `folder` for `subdir` and copy the `.conda` into `output_dir`."""
    location = str(folder.relative_to(workspace.root)) if folder.is_relative_to(workspace.root) \
        else str(folder)
    package = discover(folder, location or ".")
    recipe = recipe_for(package, PlatformSpec(subdir, subdir),
                        workspace.manifest.workspace.build_variants)
    channels = list(workspace.environment("default").channels)
    with progress.step(f"Building `{package.name() or folder.name}` for {subdir}"):
        built = build(recipe, subdir, channels, cache_dir(),
                      None if progress.quiet else build_output)
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / built.archive.name
    shutil.copyfile(built.archive, target)
    return built, target
