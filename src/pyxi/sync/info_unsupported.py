"""What `pyxi info` says about the parts of the manifest pyxi cannot act on yet (so none is
silently ignored): the workspace's own pixi-build package, and every unsupported key with its
line and what pyxi cannot do with it. Environments list the ones they need."""

from __future__ import annotations

from typing import Any

from pyxi.workspace.environment import Workspace


def unsupported_info(workspace: Workspace) -> dict[str, Any]:
    """`package` and `not_supported` for the workspace section of `info --json`."""
    manifest = workspace.manifest
    data: dict[str, Any] = {"not_supported": [part.describe() for part in manifest.unsupported]}
    package = manifest.package
    if package is not None:
        data["package"] = {
            "name": package.display_name(manifest.workspace.name),
            "version": package.version or manifest.workspace.version,
            "build_backend": f"{package.build.backend} {package.build.backend_version}",
        }
    return data


def unsupported_rows(project: dict[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    package = project.get("package")
    if package:
        rows.append(("Package", f"{package['name']} {package['version'] or ''}".rstrip()
                     + f" (pixi-build, {package['build_backend']}; not built by pyxi yet)"))
    parts = project.get("not_supported") or []
    if parts:
        rows.append(("Not supported yet", parts[0]))
        rows += [("", part) for part in parts[1:]]
    return rows
