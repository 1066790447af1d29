"""Package specs and channels as typed on the command line of `global` and `exec`."""

from __future__ import annotations

from pathlib import Path

from pyxi.diagnostics import PyxiError
from pyxi.manifest.edit_spec import PackageSpec, parse_conda_spec

_ARCHIVES = (".conda", ".tar.bz2")


def parse_specs(texts: list[str]) -> list[PackageSpec]:
    specs = []
    for text in texts:
        if text.endswith(_ARCHIVES) or text.startswith(("/", "./", "../", "~")) or "\\" in text:
            raise PyxiError(
                f"`{text}` looks like a path: installing a package file or a source is not "
                "supported by pyxi yet",
                help="install the package from a channel (`--channel`); pixi installs "
                "package files and sources (`--path`, `--git`)",
            )
        spec = parse_conda_spec(text)
        spec.name = spec.name.lower()
        specs.append(spec)
    return specs


def normalize_channel(text: str) -> str:
    """Channels are written as given; a relative path is made absolute (the global manifest
    lives elsewhere than the folder it was typed in)."""
    if text.startswith(("./", "../", "~")) or text in (".", ".."):
        return str(Path(text).expanduser().resolve())
    return text
