"""`remove`: take dependencies out of the manifest, re-lock, install; all or nothing as `add`.

A name that is not where the flags point gets pixi's error, with where it *is* (`try pyxi
remove --feature test pytest`) and the close names of that table.
"""

from __future__ import annotations

from pathlib import Path

from pyxi.diagnostics import PyxiError
from pyxi.manifest.dependency_places import Entry, entries
from pyxi.manifest.edit import ManifestEditor
from pyxi.names import jaro
from pyxi.progress import Progress
from pyxi.sync.edit_transaction import AddOptions, EditOutcome, Target, Transaction, finish


def remove_packages(
    manifest: Path, names: list[str], pypi: bool, target: Target, options: AddOptions,
    progress: Progress,
) -> EditOutcome:
    with Transaction.open(manifest) as transaction:
        editor = transaction.editor
        outcome = EditOutcome()
        for name in names:
            removed = [
                editor.remove_dependency(name, pypi=pypi, feature=target.feature, platform=p,
                                         environment=target.environment, table=target.table(pypi))
                for p in target.places()
            ]
            if not any(removed):
                raise not_found(editor, name, pypi, target)
            outcome.written[name] = None
        solved = (transaction.relock(progress)
                  if options.relock and not transaction.lockless_script else None)
        return finish(transaction, target, options, outcome, progress, solved)


def not_found(editor: ManifestEditor, name: str, pypi: bool, target: Target) -> PyxiError:
    table = target.table(pypi)
    where = ""
    if target.environment:
        where = f" of environment `{target.environment}`"
    elif target.feature and target.feature != "default":
        where = f" of feature `{target.feature}`"
    suggestions: list[str] = []
    similar: list[str] = []
    for entry in entries(editor.doc, editor.is_pyproject):
        here = (entry.table, entry.feature or None, entry.environment) == (
            table, _feature(target), target.environment)
        if entry.matches(name) and not here:
            suggestions.append(_elsewhere(name, entry))
        elif here and entry.name != name and jaro(name, entry.name) > 0.85:
            similar.append(f"`{entry.name}`")
    if similar:
        suggestions.append(f"did you mean {', '.join(dict.fromkeys(similar))}?")
    return PyxiError(
        f"dependency `{name}` was not found in {table}{where}",
        help="\n".join(dict.fromkeys(suggestions))
        or "check the name, `--pypi`, `-f FEATURE`, `-e ENVIRONMENT` and `-p PLATFORM` against "
        "the manifest",
    )


def _feature(target: Target) -> str | None:
    return None if target.feature in (None, "default") else target.feature


def _elsewhere(name: str, entry: Entry) -> str:
    flag = {"pypi-dependencies": ["--pypi"], "host-dependencies": ["--host"],
            "build-dependencies": ["--build"]}.get(entry.table, [])
    if entry.environment:
        command = " ".join(["pyxi", "remove", *flag, "--environment", entry.environment, name])
        return (f"`{name}` is a {entry.table} entry of environment `{entry.environment}`; "
                f"try `{command}`")
    owner = f"feature `{entry.feature}`" if entry.feature else "the default feature"
    feature = ["--feature", entry.feature] if entry.feature else []
    command = " ".join(["pyxi", "remove", *flag, *feature, name])
    return f"`{name}` is a {entry.table} entry in {owner}; try `{command}`"
