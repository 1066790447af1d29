"""`upgrade`'s rewrite of one dependency entry, as pixi does it: drop the version so the solver
may take the newest, then write the pin of what it took back in the same place and form.

Kept: a conda entry's `channel` (and other fields), a build string with a wildcard, a PyPI
entry's extras, index and marker. Dropped when the package is named on the command line: an
exact build string, `build-number`, `md5`, `sha256`. Skipped: path, git and URL sources, and
entries that inherit from `[workspace.dependencies]` (`{ workspace = true }`).
"""

from __future__ import annotations

from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from pyxi.datamodel import model
from pyxi.manifest.dependency_places import Entry
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_inline import inherits_workspace
from pyxi.manifest.edit_pep508 import set_requirement

_SOURCES = ("path", "git", "url")
_NAMED_ONLY = ("build-number", "md5", "sha256")


@model(frozen=True)
class Loosened:
    """An entry without its version: `fields` are what stays beside the version (a table
    entry), or `requirement` is the PEP 508 text without its specifier (an array entry)."""

    entry: Entry
    fields: dict[str, Any] | None = None
    requirement: Requirement | None = None

    def value(self, version: str) -> Any:
        """The entry again, with `version` (`*` while solving, the pin afterwards)."""
        if self.requirement is not None:
            return _requirement_text(self.requirement, version)
        if not self.fields:
            return version
        return {"version": version, **self.fields}


def loosen(entry: Entry, named: bool) -> Loosened | None:
    """None when the entry is not a version spec `upgrade` can move."""
    if entry.array is not None:
        return _loosen_requirement(entry)
    if isinstance(entry.value, str):
        return Loosened(entry)
    if not isinstance(entry.value, dict) or inherits_workspace(entry.value):
        return None
    if any(key in entry.value for key in _SOURCES):
        return None
    fields = {k: v for k, v in entry.value.items() if k != "version"}
    if named and not entry.pypi:
        for key in _NAMED_ONLY:
            fields.pop(key, None)
        build = fields.get("build")
        if isinstance(build, str) and "*" not in build and not build.startswith("^"):
            del fields["build"]
    return Loosened(entry, fields=fields)


def _loosen_requirement(entry: Entry) -> Loosened | None:
    try:
        requirement = Requirement(str(entry.value))
    except InvalidRequirement:
        return None
    if requirement.url:
        return None
    return Loosened(entry, requirement=requirement)


def _requirement_text(requirement: Requirement, version: str) -> str:
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    specifier = "" if version == "*" else version.replace(" ", "")
    text = f"{requirement.name}{extras}{specifier}"
    return f"{text}; {requirement.marker}" if requirement.marker else text


def write(editor: ManifestEditor, loosened: Loosened, value: Any) -> None:
    """Put `value` where the entry was found."""
    entry = loosened.entry
    if entry.array is not None:
        set_requirement(editor, entry.array, entry.name, str(value))
        return
    editor.set_dependency(
        entry.name, value, pypi=entry.pypi, feature=entry.feature, platform=entry.platform,
        environment=entry.environment, table=entry.table,
    )
