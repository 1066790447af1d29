"""`[pypi-options]` written by `pyxi init` from the configuration's `pypi-config` (pixi puts
`index-url` and `extra-index-urls` into a new manifest; they are not global settings)."""

from __future__ import annotations

from pathlib import Path

from pyxi.atomic import atomic_write


def add_pypi_indexes(manifest: Path, index_url: str | None, extra: list[str]) -> None:
    """Add the indexes to the manifest's `[pypi-options]` (`[tool.pixi.pypi-options]`)."""
    if not index_url and not extra:
        return
    import tomlkit

    doc = tomlkit.parse(manifest.read_text(encoding="utf-8"))
    parent = doc
    if manifest.name == "pyproject.toml":
        parent = doc.setdefault("tool", tomlkit.table()).setdefault("pixi", tomlkit.table())
    options = parent.setdefault("pypi-options", tomlkit.table())
    if index_url:
        options["index-url"] = index_url
    if extra:
        options["extra-index-urls"] = list(extra)
    atomic_write(manifest, tomlkit.dumps(doc).encode("utf-8"))
