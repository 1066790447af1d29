"""TOML text → `Manifest`, for `pixi.toml` and for `[tool.pixi]` in `pyproject.toml`.

Order matters for the checks: the workspace first (platform names are needed to check
target selectors and feature platforms), then features, then environments (which must only
name defined features).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from pyxi.consts import DEFAULT_FEATURE, PYPROJECT_TOML
from pyxi.diagnostics import Location, ManifestError
from pyxi.manifest.errors import Source, check_keys, want_table
from pyxi.manifest.exclude_newer import ExcludeNewerPackages, parse_package_cutoffs
from pyxi.manifest.keyindex import KeyIndex, KeyPath
from pyxi.manifest.model import Feature, Manifest, WorkspaceMeta
from pyxi.manifest.parse_envs import parse_environments, unused_feature_warnings
from pyxi.manifest.parse_feature import FEATURE_UNSUPPORTED, TARGET_KEYS, parse_feature
from pyxi.manifest.parse_package import parse_package
from pyxi.manifest.parse_workspace import parse_workspace
from pyxi.manifest.requires_pixi import check_requires_pixi
from pyxi.manifest.toml_text import load_toml

DEPRECATED_PROJECT = "The `project` field is deprecated. Use `workspace` instead."
_DEFAULT_FEATURE_KEYS = (*TARGET_KEYS, "target", "system-requirements", "pypi-options")
_ROOT_KEYS = ("workspace", "project", *_DEFAULT_FEATURE_KEYS, "feature", "environments",
              "package", "exclude-newer", "pypi-exclude-newer")
_ROOT_UNSUPPORTED = ("build-system", *FEATURE_UNSUPPORTED)
# Free-form tables a pixi.toml may carry for other tools.
_PIXI_TOML_EXTRA = ("tool", "$schema")


def load_manifest(path: Path) -> Manifest:
    """Read and parse the manifest at `path`."""
    import hashlib

    try:
        data = path.read_bytes()
    except OSError as error:
        raise ManifestError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
    except UnicodeDecodeError as error:
        raise ManifestError(f"{path.name} is not UTF-8 text ({error.reason} at byte {error.start})",
                            location=Location(path)) from None
    manifest = parse_manifest(text, path)
    manifest.sha256 = hashlib.sha256(data).hexdigest()
    return manifest


def parse_manifest(text: str, path: Path) -> Manifest:
    """Parse manifest `text`; `path` names the file (and, by its name, the kind of manifest)."""
    from pyxi.manifest.script_path import is_script

    if is_script(path):  # a PEP 723 script (`--script`)
        from pyxi.manifest.script import parse_script

        return parse_script(text, path)
    data = load_toml(text, path)
    index = KeyIndex.build(text)
    if path.name == PYPROJECT_TOML:
        return parse_pyproject_data(data, Source(path, index, ("tool", "pixi")))
    src = Source(path, index)
    check_requires_pixi(src, data)
    check_keys(src, data, (), (*_ROOT_KEYS, *_PIXI_TOML_EXTRA), _ROOT_UNSUPPORTED)
    workspace = _workspace(src, data, fallback_name=path.resolve().parent.name or None)
    features = _features(src, data, workspace)
    return _finish(src, data, Manifest(path, "pixi", workspace, features, {}))


def parse_pyproject_data(data: dict[str, Any], src: Source) -> Manifest:
    from pyxi.manifest.pyproject import apply_project_tables, project_name  # pyproject.toml only

    tool = data.get("tool", {})
    if not isinstance(tool, dict) or "pixi" not in tool:
        raise ManifestError(
            f"{src.file} has no [tool.pixi] table",
            location=Location(src.file),
            help="add `[tool.pixi.workspace]` with `channels` and `platforms`, or run `pyxi init`",
        )
    pixi = want_table(src, tool["pixi"], ())
    check_requires_pixi(src, pixi)
    check_keys(src, pixi, (), _ROOT_KEYS, _ROOT_UNSUPPORTED)
    std = Source(src.file, src.index, (), src.warnings, src.unsupported)
    workspace = _workspace(
        src, pixi, fallback_name=project_name(std, data) or src.file.resolve().parent.name or None
    )
    project = data.get("project")
    if workspace.version is None and isinstance(project, dict) and isinstance(project.get("version"), str):
        workspace.version = project["version"]  # pixi takes [project].version too
    if workspace.description is None and isinstance(project, dict) and isinstance(project.get("description"), str):
        workspace.description = project["description"]  # and its description
    features = _features(src, pixi, workspace)
    groups = apply_project_tables(std, data, features)
    manifest = Manifest(src.file, "pyproject", workspace, features, {})
    return _finish(src, pixi, manifest, quiet=groups)


def _features(src: Source, data: dict[str, Any], workspace: WorkspaceMeta) -> dict[str, Feature]:
    src.platform_names = _platform_names(workspace)
    src.pool = workspace.dependencies
    root = {k: v for k, v in data.items() if k in _DEFAULT_FEATURE_KEYS}
    default = parse_feature(src, DEFAULT_FEATURE, root, (), _DEFAULT_FEATURE_KEYS)
    features = {DEFAULT_FEATURE: default}
    for name, body in want_table(src, data.get("feature", {}), ("feature",)).items():
        path: KeyPath = ("feature", name)
        if name == DEFAULT_FEATURE:
            src.error(
                "the feature name `default` is reserved",
                path,
                help="the root tables form the default feature; pick another name",
            )
        features[name] = parse_feature(src, name, want_table(src, body, path), path)
    return features


def _finish(
    src: Source, data: dict[str, Any], manifest: Manifest, quiet: Collection[str] = ()
) -> Manifest:
    """Environments (now that every feature is known) and the warnings."""
    manifest.environments = parse_environments(
        src, data.get("environments", {}), ("environments",), manifest.features
    )
    unused = unused_feature_warnings(manifest.features, manifest.environments, quiet)
    manifest.warnings = [*src.warnings, *unused]
    if "package" in data:
        manifest.package = parse_package(src, data["package"], ("package",))
    manifest.workspace.exclude_newer_packages = ExcludeNewerPackages(
        *(parse_package_cutoffs(src, data.get(key, {}), (key,))
          for key in ("exclude-newer", "pypi-exclude-newer")))
    for name, _ in manifest.workspace.exclude_newer_packages.conda:
        src.record_unsupported(("exclude-newer", name), "solve")
    manifest.unsupported = list(src.unsupported)
    return manifest


def _workspace(src: Source, data: dict[str, Any], fallback_name: str | None) -> WorkspaceMeta:
    if "workspace" in data and "project" in data:
        src.error(
            "use either `[workspace]` or `[project]`, not both",
            ("project",),
            help="rename `[project]` to `[workspace]`",
        )
    if "project" in data:
        src.warn(DEPRECATED_PROJECT)
        key = "project"
    elif "workspace" in data:
        key = "workspace"
    else:
        raise ManifestError(
            f"missing the {src.table_name(('workspace',))} table",
            location=Location(src.file, 1),
            help="add `[workspace]` with `name`, `channels` and `platforms`, or run `pyxi init`",
        )
    table = want_table(src, data[key], (key,))
    return parse_workspace(src, table, (key,), fallback_name)


def _platform_names(workspace: WorkspaceMeta) -> tuple[str, ...]:
    """Names a feature or target may use: platform names, then their subdirs as aliases."""
    names = [p.name for p in workspace.platforms]
    return (*names, *(p.subdir for p in workspace.platforms if p.subdir not in names))
