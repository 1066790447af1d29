"""`add`: edit the manifest, re-lock what the edit made stale, install.

All or nothing (see `edit_transaction`): on any failure (bad spec, unsolvable, unknown
package, failed install) the manifest and pixi.lock are put back byte for byte. A spec without
a version gets pixi's semver pin from the version the solver chose (`>=2.5.1,<3`); every
locked package that the edit does not need to move stays where it was, because the old lock is
the solver's preference. As in pixi, a bare name that is already a dependency is left alone
(`upgrade` moves it), so is an entry inheriting from `[workspace.dependencies]` unless the spec
names a version, and a platform the workspace lacks is added to it first.
"""

from __future__ import annotations

from pathlib import Path

from pyxi.config.load import active
from pyxi.consts import KNOWN_SUBDIRS
from pyxi.diagnostics import PyxiError
from pyxi.lockfile.model import LockFile
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_spec import PackageSpec, strategy_pin
from pyxi.names import normalize_name
from pyxi.progress import Progress
from pyxi.sync.edit_transaction import (
    AddOptions,
    EditOutcome,
    Target,
    Transaction,
    environments_with,
    finish,
    touched_environments,
)
from pyxi.workspace.environment import Environment, Workspace

__all__ = ["AddOptions", "EditOutcome", "Target", "add_packages", "touched_environments"]


def add_packages(
    manifest: Path, specs: list[PackageSpec], target: Target, options: AddOptions,
    progress: Progress,
) -> EditOutcome:
    with Transaction.open(manifest) as transaction:
        editor = transaction.editor
        outcome = EditOutcome()
        before = transaction.edited()
        outcome.added_platforms = _add_missing_platforms(editor, before, target)
        specs = [spec for spec in specs if not _already_there(editor, spec, target, outcome)]
        for spec in specs:
            _write(editor, spec, spec.manifest_value(), target, outcome)
        _unused_feature_hint(before, specs, target, outcome)
        if not options.relock or not specs or transaction.lockless_script:
            return finish(transaction, target, options, outcome, progress, None)
        workspace, lock = transaction.relock(progress)
        pins = _pins(workspace, lock, specs, target)
        for spec in specs:
            if spec.name in pins:
                _write(editor, spec, spec.manifest_value(pins[spec.name]), target, outcome)
        if pins:
            workspace, lock = transaction.relock(progress, lock)
        return finish(transaction, target, options, outcome, progress, (workspace, lock))


def _write(
    editor: ManifestEditor, spec: PackageSpec, value: object, target: Target, outcome: EditOutcome
) -> None:
    for platform in target.places():
        if _keeps_inheritance(editor, spec, target, platform):
            continue
        requirement = None
        if spec.pypi and spec.fits_pep508:
            requirement = spec.requirement_text(value if isinstance(value, str) else None)
        editor.set_dependency(
            spec.name, value, pypi=spec.pypi, feature=target.feature, platform=platform,
            environment=target.environment, requirement=requirement,
            table=target.table(spec.pypi),
        )
    outcome.written[spec.name] = value


def _unused_feature_hint(
    workspace: Workspace, specs: list[PackageSpec], target: Target, outcome: EditOutcome
) -> None:
    """A feature no environment uses is never solved: its new dependencies stay `*`. Say so,
    and how to go on (in place of the manifest's general warning about that feature)."""
    feature = target.feature
    if not specs or not feature or feature == "default" or target.environment \
            or environments_with(workspace, feature):
        return
    names = " ".join(spec.name for spec in specs)
    outcome.hints.append(
        f"The feature `{feature}` is not used in any environment, so the added dependencies "
        "were not resolved or pinned\n"
        f"  Add it to an environment with `pyxi workspace environment add <environment> "
        f"--feature {feature}`\n"
        f"  Then run `pyxi upgrade --feature {feature} {names}` to resolve and pin the dependencies"
    )
    outcome.quiet_warnings.append(f"feature `{feature}` is defined but not used")


def _keeps_inheritance(
    editor: ManifestEditor, spec: PackageSpec, target: Target, platform: str | None
) -> bool:
    """pixi leaves an entry that inherits from `[workspace.dependencies]` (`{ workspace = true
    }`) as it is unless the spec names a version: only an explicit spec replaces the marker."""
    return not spec.pypi and spec.needs_pin and editor.inherits_workspace(
        spec.name, feature=target.feature, platform=platform, environment=target.environment,
        table=target.table(False),
    )


def _already_there(
    editor: ManifestEditor, spec: PackageSpec, target: Target, outcome: EditOutcome
) -> bool:
    """pixi leaves an existing dependency alone when the spec names no version: `upgrade` is
    the command that moves it, and an inherited entry keeps its marker."""
    if all(_keeps_inheritance(editor, spec, target, p) for p in target.places()):
        outcome.inherited.append(spec.name)
        return True
    if not spec.needs_pin or spec.build or spec.channel or spec.fields or spec.editable:
        return False
    present = all(
        editor.has_dependency(spec.name, pypi=spec.pypi, feature=target.feature, platform=p,
                              environment=target.environment, table=target.table(spec.pypi))
        for p in target.places()
    )
    if present:
        outcome.skipped.append(spec.name)
    return present


def _add_missing_platforms(editor: ManifestEditor, workspace: Workspace, target: Target) -> list[str]:
    """`add -p linux-aarch64` in a workspace without it adds the platform, as pixi does; a name
    that is neither a workspace platform nor a conda subdir is an error."""
    from pyxi.manifest.edit_import import add_workspace_platforms

    known = {p.name for p in workspace.manifest.workspace.platforms}
    missing = [p for p in target.platforms if p not in known]
    for name in missing:
        if name not in KNOWN_SUBDIRS:
            raise PyxiError(
                f"workspace does not define a platform named '{name}'",
                help="use one of: " + ", ".join(sorted(known)) + " (or a conda subdir such as "
                "`linux-64`, which is added to the workspace)",
            )
    add_workspace_platforms(editor, missing)
    return missing


def _pins(
    workspace: Workspace, lock: LockFile, specs: list[PackageSpec], target: Target
) -> dict[str, str]:
    pins: dict[str, str] = {}
    for spec in specs:
        if not spec.needs_pin:
            continue
        versions = locked_versions(workspace, lock, spec.name, spec.pypi,
                                   touched_environments(workspace, target), target.platforms)
        if versions:
            pins[spec.name] = strategy_pin(spec.name, versions, spec.pypi, active().pinning_strategy)
    return pins


def locked_versions(
    workspace: Workspace, lock: LockFile, name: str, pypi: bool, environments: list[Environment],
    platforms: list[str],
) -> list[str]:
    """The versions `lock` holds for `name` in these environments (on the platforms these
    target selectors match: a name, a subdir, `linux`…; all when empty)."""
    from pyxi.workspace.targets import selector_matches

    wanted = normalize_name(name, pypi)
    kind = "pypi" if pypi else "conda"
    versions: list[str] = []
    for env in environments:
        for platform in env.platforms:
            if platforms and not any(selector_matches(s, platform) for s in platforms):
                continue
            for package in lock.packages_for(env.name, platform.name):
                if package.kind == kind and normalize_name(package.name, pypi) == wanted \
                        and package.version:
                    versions.append(package.version)
    return versions
