"""Where a source package is and what defines it: a manifest with `[package]` (`pixi.toml`, or
`pyproject.toml` with `[tool.pixi.package]`), else a rattler-build `recipe.yaml`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.manifest.package_model import CondaSource, PackageManifest

MANIFESTS = ("pixi.toml", "pyproject.toml")
RECIPES = ("recipe.yaml", "recipe/recipe.yaml")


@model(frozen=True)
class SourcePackage:
    """A package to build. `location` is how the lock names it (a path relative to the
    workspace, or a `git+URL?…#commit`); `package` is None for a bare `recipe.yaml`."""

    root: Path
    location: str
    package: PackageManifest | None
    manifest: Path | None
    recipe: Path | None
    workspace_meta: dict[str, Any]
    mutable: bool = True

    @property
    def display(self) -> str:
        return self.location

    def name(self) -> str | None:
        if self.package is not None:
            return self.package.name or _str(self.workspace_meta.get("name"))
        return None

    def version(self) -> str | None:
        if self.package is not None:
            return self.package.version or _str(self.workspace_meta.get("version"))
        return None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def discover(root: Path, location: str, mutable: bool = True) -> SourcePackage:
    """The package defined in the folder `root` (located errors when there is none)."""
    from pyxi.manifest.parse_package import load_package_manifest

    if not root.is_dir():
        raise PyxiError(f"the source package folder {root} does not exist",
                        help=f"check the `path` or `subdirectory` that points at `{location}`")
    for name in MANIFESTS:
        manifest = root / name
        if manifest.is_file():
            package = load_package_manifest(manifest)
            if package is not None:
                recipe = next((root / r for r in RECIPES if (root / r).is_file()), None)
                return SourcePackage(root, location, package, manifest, recipe,
                                     _workspace_meta(manifest), mutable)
    recipe = next((root / r for r in RECIPES if (root / r).is_file()), None)
    if recipe is not None:
        return SourcePackage(root, location, None, None, recipe, {}, mutable)
    raise PyxiError(
        f"no package definition in {root}",
        help="a source package needs a pixi.toml with [package] (or pyproject.toml with "
        "[tool.pixi.package]), or a rattler-build recipe.yaml",
    )


def _workspace_meta(manifest: Path) -> dict[str, Any]:
    """`name`/`version` of the manifest's workspace (`[workspace]`, `[project]`, or a
    pyproject's `[project]`), which `{ workspace = true }` inherits."""
    import tomli

    try:
        data = tomli.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if manifest.name == "pyproject.toml":
        tables = [data.get("tool", {}).get("pixi", {}).get("workspace", {}), data.get("project", {})]
    else:
        tables = [data.get("workspace", {}), data.get("project", {})]
    meta: dict[str, Any] = {}
    for table in reversed(tables):
        if isinstance(table, dict):
            meta.update({k: table[k] for k in ("name", "version") if k in table})
    return meta


def locate(workspace_root: Path, source: CondaSource, cache: Path) -> SourcePackage:
    """The source package a `{ path }`, `{ git }` or `{ url }` dependency names (git: checked
    out; url: downloaded and unpacked)."""
    if source.kind == "path":
        return discover((workspace_root / source.location).resolve(), source.location)
    if source.kind == "git":
        from pyxi.build.git import checkout

        folder, commit = checkout(source, cache)
        root = folder / source.subdirectory if source.subdirectory else folder
        return discover(root, git_location(source, commit), mutable=False)
    from pyxi.build.archive import checkout_url

    folder, sha256 = checkout_url(source, cache)
    root = folder / source.subdirectory if source.subdirectory else folder
    return discover(root, url_location(source, sha256), mutable=False)


def git_location(source: CondaSource, commit: str) -> str:
    """pixi's locked git URL: `git+URL?subdirectory=…&branch=…#COMMIT`."""
    url = f"git+{repository_url(source.location)}"
    query = [f"subdirectory={source.subdirectory}"] if source.subdirectory else []
    query += [f"{key}={value}" for key, value in (("branch", source.branch), ("tag", source.tag),
                                                  ("rev", source.rev)) if value]
    return url + ("?" + "&".join(query) if query else "") + f"#{commit}"


def url_location(source: CondaSource, sha256: str) -> str:
    """A locked source archive: its URL with the archive's sha256 (pixi's identifying URL) and
    the subdirectory, if any, as query pairs."""
    pairs = [f"sha256={sha256}"]
    pairs += [f"subdirectory={source.subdirectory}"] if source.subdirectory else []
    return source.location + ("&" if "?" in source.location else "?") + "&".join(pairs)


def repository_url(location: str) -> str:
    """The URL git is given (`git+` dropped; `file:/x`, as URL parsers shorten it, as `file:///x`)."""
    url = location.removeprefix("git+")
    if url.startswith("file:") and not url.startswith("file://"):
        url = "file://" + url.removeprefix("file:")
    return url
