"""Workspace platforms as `pyxi workspace platform add/edit/move/remove` change them, with
pixi's rules (`pixi_manifest::PixiPlatform`): an entry is a bare subdir (`"linux-64"`) or a
rich one (`{ name = "gpu", platform = "linux-64", cuda = "12.0" }`); a declaration equal to the
subdir's default declares nothing; an entry without `name` is named after its subdir and
declarations, and renamed when they change; an entry that loses its last declaration becomes
the bare subdir again; `__cuda_arch` needs `__cuda`.

The array is edited in place: only the entries a command adds, replaces or removes change.
"""

from __future__ import annotations

from dataclasses import field, replace
from typing import Any

from pyxi.datamodel import model
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_workspace import Owner, ensure_array, find_array, inline, remove_where
from pyxi.manifest.model import PlatformSpec
from pyxi.manifest.platform_names import (
    FRIENDLY,
    FRIENDLY_KEY,
    customised,
    derive_name,
    same_version,
)


class PlatformRuleError(ValueError):
    """An edit that would make an entry pixi cannot read back (the message says which rule)."""


CUDA_ARCH_RULE = "`__cuda_arch` requires `__cuda` to be declared as well"


@model
class PlatformDecl:
    """One entry: its name, subdir and the declarations that differ from the subdir's defaults."""

    name: str
    subdir: str
    declared: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, spec: PlatformSpec) -> PlatformDecl:
        return cls(spec.name, spec.subdir, customised(spec.subdir, spec.virtual_packages))

    @classmethod
    def new(cls, name: str | None, subdir: str, declared: dict[str, str]) -> PlatformDecl:
        custom = customised(subdir, declared.items())
        decl = cls(name or derive_name(subdir, custom), subdir, custom)
        decl.check()
        return decl

    @property
    def is_bare(self) -> bool:
        return self.name == self.subdir and not self.declared

    @property
    def has_derived_name(self) -> bool:
        return self.name == derive_name(self.subdir, self.declared)

    def same_definition(self, other: PlatformDecl) -> bool:
        """Same subdir and the same declarations, whatever the names (pixi's identity)."""
        if self.subdir != other.subdir or self.declared.keys() != other.declared.keys():
            return False
        return all(same_version(v, other.declared[k]) for k, v in self.declared.items())

    def check(self) -> None:
        if "__cuda_arch" in self.declared and "__cuda" not in self.declared:
            raise PlatformRuleError(CUDA_ARCH_RULE)
        if self.name == self.subdir and self.declared:
            raise PlatformRuleError(
                f"a platform named after its subdir (`{self.subdir}`) cannot declare virtual "
                "packages; give it another name")

    def describe(self) -> str:
        if not self.declared:
            return f"subdir '{self.subdir}'"
        listing = ", ".join(f"{k}={v}" for k, v in sorted(self.declared.items()))
        return f"subdir '{self.subdir}' with virtual packages {listing}"

    def toml(self) -> Any:
        """The array entry pixi writes: the bare subdir, or an inline table."""
        if self.is_bare:
            return self.subdir
        table: dict[str, Any] = {} if self.has_derived_name else {"name": self.name}
        table["platform"] = self.subdir
        for key, package in FRIENDLY:
            if package not in self.declared:
                continue
            value = self.declared[package]
            if package == "__cuda" and "__cuda_arch" in self.declared:
                table[key] = {"driver": value, "arch": self.declared["__cuda_arch"]}
            else:
                table[key] = value
        for package in sorted(p for p in self.declared if p not in FRIENDLY_KEY):
            if not (package == "__cuda_arch" and "__cuda" in self.declared):
                table[package] = self.declared[package]
        return inline(table)


@model
class PlatformChange:
    """`platform edit`: applied in this order, like pixi: clear, upsert, remove, new subdir."""

    subdir: str | None = None
    clear: bool = False
    upsert: dict[str, str] = field(default_factory=dict)
    remove: list[str] = field(default_factory=list)

    def is_noop(self) -> bool:
        return self.subdir is None and not self.clear and not self.upsert and not self.remove


def apply_change(decl: PlatformDecl, change: PlatformChange) -> PlatformDecl:
    """The entry after `change`; a bare subdir only becomes rich by a real declaration."""
    subdir = change.subdir or decl.subdir
    if decl.is_bare and not customised(subdir, change.upsert.items()):
        raise PlatformRuleError(
            f"`{decl.name}` is a bare subdir platform: it only changes by declaring a virtual "
            "package that differs from the subdir's defaults")
    declared = {} if change.clear else dict(decl.declared)
    declared.update(change.upsert)
    for name in change.remove:
        declared.pop(name, None)
    declared = customised(subdir, declared.items())
    if not declared:
        return PlatformDecl(subdir, subdir)
    if "__cuda_arch" in declared and "__cuda" not in declared:
        raise PlatformRuleError(CUDA_ARCH_RULE)
    name = derive_name(subdir, declared) if decl.has_derived_name else decl.name
    result = replace(decl, name=name, subdir=subdir, declared=declared)
    result.check()
    return result


# --------------------------------------------------------------------------- the TOML arrays


def append_platform(editor: ManifestEditor, owner: Owner, decl: PlatformDecl, first: bool) -> None:
    array = ensure_array(editor, owner, "platforms")
    if first:
        array.insert(0, decl.toml())
    else:
        array.append(decl.toml())


def replace_platform(editor: ManifestEditor, owner: Owner, index: int, decl: PlatformDecl) -> None:
    array = ensure_array(editor, owner, "platforms")
    array[index] = decl.toml()


def remove_platform_entries(editor: ManifestEditor, owner: Owner, indexes: set[int]) -> None:
    array = ensure_array(editor, owner, "platforms")
    for index in sorted(indexes, reverse=True):
        del array[index]


def reorder_platforms(editor: ManifestEditor, owner: Owner, order: list[int]) -> None:
    """Put the entries in `order` (old indexes), each keeping its own spelling; the layout
    (line breaks, trailing comma) stays that of the list."""
    array = ensure_array(editor, owner, "platforms")
    items = [array[index] for index in order]
    for index, item in enumerate(items):
        array[index] = item


def add_platform_names(editor: ManifestEditor, owner: Owner, names: list[str]) -> list[str]:
    """Add names to a feature's `platforms` list; the names that were not there yet."""
    array = ensure_array(editor, owner, "platforms")
    present = {str(item) for item in array if isinstance(item, str)}
    added = [name for name in names if name not in present]
    for name in added:
        array.append(name)
    return added


def remove_platform_names(editor: ManifestEditor, owner: Owner, names: set[str]) -> None:
    array = find_array(editor, owner, "platforms")
    if array is not None:
        remove_where(array, names, "name")


def rename_platform_name(editor: ManifestEditor, owner: Owner, old: str, new: str) -> None:
    array = find_array(editor, owner, "platforms")
    if array is None:
        return
    for index, item in enumerate(array):
        if isinstance(item, str) and str(item) == old:
            array[index] = new
