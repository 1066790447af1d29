"""Which manifest entries `upgrade` rewrites: those of the run tables (`dependencies`,
`pypi-dependencies` and a pyproject's PEP 508 arrays) of every feature, or of `--feature F`, or
of the content written inline on `--environment E`; narrowed to the packages named, minus
`--exclude`. A name that is not there gets pixi's "did you mean"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyxi.diagnostics import PyxiError
from pyxi.manifest.dependency_places import Entry
from pyxi.names import jaro, normalize_name
from pyxi.workspace.environment import Workspace

if TYPE_CHECKING:
    from pyxi.sync.upgrade import UpgradeRequest

RUN_TABLES = ("dependencies", "pypi-dependencies")


def select_entries(workspace: Workspace, found: list[Entry], request: UpgradeRequest) -> list[Entry]:
    candidates = [entry for entry in found if entry.table in RUN_TABLES]
    chosen = _of_owner(workspace, candidates, request)
    if request.packages:
        names = list(dict.fromkeys(normalize_name(e.name, e.pypi) for e in chosen))
        for package in request.packages:
            _ensure_exists(package, names)
        chosen = [e for e in chosen if any(e.matches(p) for p in request.packages)]
    return [e for e in chosen if not any(e.matches(x) for x in request.exclude)]


def _of_owner(workspace: Workspace, candidates: list[Entry], request: UpgradeRequest) -> list[Entry]:
    inline = {entry.environment for entry in candidates if entry.environment}
    if request.environment:
        name = request.environment
        if name in inline:
            return [entry for entry in candidates if entry.environment == name]
        if name in workspace.environments:
            raise PyxiError(f"the environment `{name}` does not define any content inline",
                            help="upgrade the features it uses with `--feature`")
        raise PyxiError(f"could not find an environment named `{name}`",
                        help="the environments: " + ", ".join(sorted(workspace.environments)))
    if request.feature in (None, ""):
        return candidates
    feature = request.feature
    if feature == "default":
        return [e for e in candidates if e.feature is None and e.environment is None]
    known = set(workspace.manifest.features) - inline
    if feature not in known:
        raise PyxiError(
            f"could not find a feature named `{feature}`",
            help="the features: " + ", ".join(sorted(known))
            + (f"; content inline on an environment is upgraded with `--environment {feature}`"
               if feature in inline else ""),
        )
    return [entry for entry in candidates if entry.feature == feature]


def _ensure_exists(package: str, names: list[str]) -> None:
    """pixi's check: the closest names (Jaro > 0.6), the package itself when it is there."""
    close = sorted(((jaro(package, name), name) for name in names), reverse=True)
    similar = [name for score, name in close if score > 0.6][:5]
    if similar and (similar[0] == package or normalize_name(package, True) in names
                    or package.lower() in names):
        return
    raise PyxiError(
        f"could not find a package named '{package}'",
        help="did you mean '" + "', '".join(similar) + "'?" if similar
        else "`pyxi list` shows the packages; upgrade works on the manifest's dependencies",
    )
