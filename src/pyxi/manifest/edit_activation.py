"""`activation.scripts` and `activation.env` tables as `pyxi workspace activation` changes them:
of the default feature, a `[feature.X]`, an inline `[environments.X]`, each optionally under
`[target.SELECTOR]`. A removal drops the tables it empties, but never the feature or
environment declaration itself (pixi's rule: the manifest must still read afterwards)."""

from __future__ import annotations

from pyxi.manifest.edit import ManifestEditor, _put
from pyxi.manifest.edit_workspace import ensure_array, find_array, get_key, owner_path

Path = tuple[str, ...]


def anchor_path(editor: ManifestEditor, feature: str | None, environment: str | None) -> Path:
    """The table activation hangs under (the root for the default feature)."""
    if environment is None and not (feature and feature != "default"):
        return editor._base()
    return owner_path(editor, feature, environment)


def activation_path(anchor: Path, target: str | None) -> Path:
    return (*anchor, *(("target", target) if target else ()), "activation")


def add_scripts(editor: ManifestEditor, path: Path, scripts: list[str], prepend: bool) -> None:
    array = ensure_array(editor, path, "scripts")
    if prepend:
        for index in reversed(range(len(array))):
            if str(array[index]) in scripts:
                del array[index]
        for index, script in enumerate(scripts):
            array.insert(index, script)
        return
    present = {str(item) for item in array}
    for script in scripts:
        if script not in present:
            array.append(script)


def remove_scripts(editor: ManifestEditor, path: Path, scripts: list[str]) -> None:
    array = find_array(editor, path, "scripts")
    if array is None:
        return
    for index in reversed(range(len(array))):
        if str(array[index]) in scripts:
            del array[index]
    table = editor.find(path)
    if not array and table is not None:
        del table["scripts"]


def set_env(editor: ManifestEditor, path: Path, variables: list[tuple[str, str]]) -> None:
    table = editor.ensure((*path, "env"))
    for key, value in variables:
        if key in table:
            table[key] = value
        else:
            _put(table, key, value)


def remove_env(editor: ManifestEditor, path: Path, keys: list[str]) -> None:
    table = get_key(editor, path, "env")
    if table is None:
        return
    for key in keys:
        if key in table:
            del table[key]
    activation = editor.find(path)
    if not table and activation is not None:
        del activation["env"]


def prune(editor: ManifestEditor, path: Path, anchor: Path) -> None:
    """Drop the emptied tables from `path` up to (not including) `anchor`."""
    while len(path) > len(anchor):
        parent = editor.find(path[:-1]) if len(path) > 1 else editor.doc
        node = editor.find(path)
        if parent is None or node is None or len(node) > 0:
            return
        del parent[path[-1]]
        path = path[:-1]
