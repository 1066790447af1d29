"""`pyxi import FILE`: an environment.yml or requirements.txt into the workspace, as pixi does.

Without `--feature` the file's content is written inline on an environment (named by
`--environment`, else by the file's `name:`), created with `no-default-feature = true`: an
imported file describes a whole environment. With `--feature F` the content goes to feature F,
which joins environment `--environment` (default: F, created without the default feature).
Channels and `--platform`s go to the same place; a platform the workspace lacks is added to it.
Nothing is locked or installed; the edited manifest must read back before it is written.
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path

from pyxi.consts import KNOWN_SUBDIRS
from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_import import (
    add_workspace_platforms,
    append_unique,
    declare_environment,
    workspace_path,
)
from pyxi.manifest.edit_spec import parse_conda_spec, parse_pypi_spec
from pyxi.manifest.edit_workspace import owner_path
from pyxi.manifest.import_files import Imported, read_conda_env, read_requirements
from pyxi.sync.workspace_lock import acquire

MISSING_NAME = (
    "Missing name: provide --feature or --environment, or set `name:` in input file for the "
    "conda-env format."
)
_ENV_NAME = re.compile(r"^[a-z0-9-]+$")


@model(frozen=True)
class ImportRequest:
    file: Path
    format: str | None = None
    platforms: list[str] = field(default_factory=list)
    environment: str | None = None
    feature: str | None = None


def read_import(request: ImportRequest) -> tuple[Imported, str]:
    """The file's content and the environment it goes to; every format in turn without
    `--format`, as pixi does."""
    for name in (request.environment, request.feature):
        if name is not None:
            _check_name(name)
    if request.format is not None:
        return _read_as(request, request.format)
    for fmt in ("conda-env", "pypi-txt"):
        try:
            return _read_as(request, fmt)
        except PyxiError:
            continue
    raise PyxiError(
        "Tried all formats for input file, but none were successful. Pass a `format` argument "
        "to see the specific error for that format.",
        help="`--format conda-env` (environment.yml) or `--format pypi-txt` (requirements.txt)",
    )


def _read_as(request: ImportRequest, fmt: str) -> tuple[Imported, str]:
    imported = read_conda_env(request.file) if fmt == "conda-env" else read_requirements(request.file)
    name = request.environment or request.feature or (imported.name if fmt == "conda-env" else None)
    if not name:
        raise PyxiError(MISSING_NAME, help="e.g. `pyxi import FILE --environment NAME`")
    _check_name(name)
    return imported, name


def _check_name(name: str) -> None:
    if not _ENV_NAME.match(name):
        raise PyxiError(f"`{name}` is not a valid environment name",
                        help="environment names use lowercase letters, digits and `-`")


def import_into(manifest: Path, request: ImportRequest, imported: Imported, env: str) -> None:
    acquire(manifest.parent)  # one pyxi at a time changes the workspace
    editor = ManifestEditor(manifest)
    feature = request.feature
    if feature is None and not _declared(editor, env):
        declare_environment(editor, env, None, no_default_feature=True)
    inline = env if feature is None else None
    owner = owner_path(editor, feature, inline)
    _platforms(editor, owner, request.platforms)
    if imported.conda:
        append_unique(editor, owner + ("channels",), imported.channels)
    places: list[str | None] = [*request.platforms] or [None]
    for place in places:
        for text in imported.conda:
            spec = parse_conda_spec(text)
            editor.set_dependency(spec.name, spec.manifest_value(), pypi=False, feature=feature,
                                  platform=place, environment=inline)
        for text in imported.pypi:
            spec = parse_pypi_spec(text)
            requirement = spec.requirement_text() if spec.fits_pep508 else None
            editor.set_dependency(spec.name, spec.manifest_value(), pypi=True, feature=feature,
                                  platform=place, environment=inline, requirement=requirement)
    if feature is not None:
        declare_environment(editor, env, [feature], no_default_feature=True)
    _check_and_save(editor)


def _declared(editor: ManifestEditor, env: str) -> bool:
    base = ("tool", "pixi") if editor.is_pyproject else ()
    return env == "default" or editor.find(base + ("environments", env)) is not None


def _platforms(editor: ManifestEditor, owner: tuple[str, ...], names: list[str]) -> None:
    if not names:
        return
    for name in names:
        if name not in KNOWN_SUBDIRS and not _workspace_platform(editor, name):
            raise PyxiError(f"`{name}` is not a platform", help="use a conda subdir such as "
                            "`linux-64`, or the name of a workspace platform")
    add_workspace_platforms(editor, [n for n in names if not _workspace_platform(editor, n)])
    append_unique(editor, owner + ("platforms",), names)


def _workspace_platform(editor: ManifestEditor, name: str) -> bool:
    declared = editor.find(workspace_path(editor) + ("platforms",))
    for item in declared if isinstance(declared, list) else []:
        if item == name or (isinstance(item, dict) and item.get("name") == name):
            return True
    return False


def _check_and_save(editor: ManifestEditor) -> None:
    """The edited manifest must read back (a located error otherwise, nothing written)."""
    from pyxi.manifest.parse import parse_manifest

    parse_manifest(editor.text(), editor.path)
    editor.save()
