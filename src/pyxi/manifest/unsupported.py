"""Parts of a manifest pyxi reads but cannot act on yet, recorded where they are.

pixi's manifest has keys pyxi does not implement. Refusing the whole manifest for one of them
would stop every command, even those that never touch that part (`pyxi run greet` because a
`deploy` feature uses something pyxi lacks). So the parser records each such part with its
location and how far pyxi gets with it (its `stage`), and the layers above raise the located
error only where the part is needed: solving, installing or running an environment that
includes it (`pyxi.workspace.unsupported`). `pyxi info` lists them all, so none is silently
ignored.

Stages, from least to most pyxi can do:
- `unknown`: pyxi does not know what the key means: it cannot solve or install the
  environment, nor tell whether its lock is up to date.
- `build`: the environment needs a package built from source (pixi-build): pyxi checks and
  reads its lock, but cannot solve or install it.
- `solve`: pyxi cannot pass the key to its solver, but checks locks with it and installs
  locked environments.
- `package`: only building this workspace's own package (pixi-build) needs it; no
  environment does by itself.
"""

from __future__ import annotations

from typing import Literal

from pyxi.datamodel import model
from pyxi.diagnostics import Location, ManifestError
from pyxi.manifest.keyindex import KeyPath

Stage = Literal["unknown", "build", "solve", "package"]
NOT_SUPPORTED = "not supported by pyxi yet"
# Keys only pixi-build reads, wherever they appear.
PACKAGE_ONLY_KEYS = frozenset({"package", "build-system", "build-variants", "build-variants-files"})
# Keys that make an environment need a source package's build metadata.
BUILD_KEYS = frozenset({"dev"})
_HELP = {
    "unknown": "pixi understands this, pyxi does not; remove it or use pixi for this environment",
    "build": "pyxi builds source packages (pixi-build) from a path, a git repository or a "
    "source archive URL, but not with this; use pixi for this environment, or depend on a "
    "built package instead",
    "solve": "pyxi can check and install a lock that pixi made with this setting, but cannot "
    "solve with it yet; lock with pixi, or remove it",
    "package": "only pixi-build reads this; pyxi builds without it",
}


@model(frozen=True)
class Unsupported:
    """One part of the manifest pyxi cannot act on: its key path (relative to the pixi
    tables), where it is written, and how far pyxi gets with it."""

    path: KeyPath
    location: Location
    stage: Stage = "unknown"

    @property
    def key(self) -> str:
        return self.location.key or ".".join(self.path)

    def error(self, environment: str | None = None, action: str = "") -> ManifestError:
        """The located error for an environment (and action) that needs this part."""
        needed = f", needed by environment `{environment}`" if environment else ""
        doing = f" to {action}" if action and environment else ""
        return ManifestError(
            f"{NOT_SUPPORTED}: `{self.key}`{needed}{doing}",
            location=self.location,
            help=_HELP[self.stage],
        )

    def describe(self) -> str:
        """One line for `pyxi info`: the key, where it is, and what pyxi cannot do with it."""
        what = {"unknown": "not understood", "build": "needs a pixi-build build",
                "solve": "cannot be solved with", "package": "pixi-build only"}[self.stage]
        line = f":{self.location.line}" if self.location.line else ""
        return f"{self.key} ({self.location.file.name}{line}): {what}"


def stage_of(path: tuple[str, ...]) -> Stage:
    """The stage of a key recorded by `check_keys`, from its name (and, for `[workspace.target]`,
    which only holds `build-variants`, from where it is)."""
    if path[-1] in PACKAGE_ONLY_KEYS or path in (("workspace", "target"), ("project", "target")):
        return "package"
    if path[-1] in BUILD_KEYS:
        return "build"
    return "unknown"
