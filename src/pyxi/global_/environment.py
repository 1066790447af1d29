"""One global environment: is the prefix what the manifest asks for, and solving and
installing it (the conda layer's solver and installer, the host's virtual packages).

In sync means pixi's rule: every dependency is matched by an installed package, every installed
package is one of them or needed by one (no leftovers), and, with a `platform`, every package
is for that platform or noarch.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from pyxi.env.pixi_marker import write_pixi_marker
from pyxi.global_.model import GlobalEnv
from pyxi.global_.records import InstalledRecord, installed_records
from pyxi.global_.state import EnvironmentUpdate, PackageChange
from pyxi.lockfile.model import CondaPackage
from pyxi.progress import Progress
from pyxi.workspace.channels import channel_url


def specs_in_sync(env: GlobalEnv, records: list[InstalledRecord]) -> bool:
    from pyxi.conda.match import package_matches

    packages = [r.package for r in records]
    specs = [dep.to_matchspec() for dep in env.dependencies.values()]
    if not all(any(package_matches(s, p) for p in packages) for s in specs):
        return False
    if env.platform and any(p.subdir not in (env.platform, "noarch") for p in packages):
        return False
    remaining = list(packages)
    for spec in specs:
        matched = next((p for p in remaining if package_matches(spec, p)), None)
        if matched is not None:
            remaining.remove(matched)
            _prune_needed(matched, remaining)
    return not remaining


def _prune_needed(root: CondaPackage, remaining: list[CondaPackage]) -> None:
    from pyxi.conda.match import package_matches

    queue = [root]
    while queue:
        for dependency in queue.pop().depends:
            if dependency.startswith("__"):
                continue
            with contextlib.suppress(Exception):  # a spec rattler cannot read needs nothing
                found = next((p for p in remaining if package_matches(dependency, p)), None)
                if found is not None:
                    remaining.remove(found)
                    queue.append(found)


def target_subdir(env: GlobalEnv) -> str:
    from pyxi.conda.host import host_subdir

    return env.platform or host_subdir()


def solve(
    env: GlobalEnv, manifest_dir: Path, cache: Path, progress: Progress
) -> list[CondaPackage]:
    """Solve the environment against this machine's virtual packages (none for another
    platform, as pixi does)."""
    from pyxi.conda.host import host_subdir, host_virtual_packages
    from pyxi.conda.solve import SolveRequest, make_gateway, solve_all

    subdir = target_subdir(env)
    request = SolveRequest(
        label=f"global environment `{env.name}` ({subdir})",
        subdir=subdir,
        channels=[channel_url(c, manifest_dir) for c in env.channels],
        specs=[dep.to_matchspec() for dep in env.dependencies.values()],
        virtual_packages=list(host_virtual_packages()) if subdir == host_subdir() else [],
    )
    with progress.step(f"Solving global environment `{env.name}`"):
        return solve_all([request], make_gateway(cache))[0]


def install(
    env: GlobalEnv, prefix: Path, manifest: Path, packages: list[CondaPackage], cache: Path,
    progress: Progress,
) -> EnvironmentUpdate:  # fmt: skip
    """Make `prefix` hold `packages`; what changed, per package."""
    from pyxi.conda.install import install_conda

    before = {r.name: r.package for r in installed_records(prefix)}
    with progress.step(f"Installing global environment `{env.name}`"):
        install_conda(
            prefix, packages, subdir=target_subdir(env), cache_dir=cache, show_progress=False
        )
    with contextlib.suppress(OSError):  # pixi's marker: this prefix is a global environment
        write_pixi_marker(prefix, manifest, env.name, "global")
    after = {p.name: p for p in packages}
    return EnvironmentUpdate(package_changes(before, after), list(env.dependencies))


def package_changes(
    before: dict[str, CondaPackage], after: dict[str, CondaPackage]
) -> dict[str, PackageChange]:
    changes: dict[str, PackageChange] = {}
    for name, new in after.items():
        old = before.get(name)
        if old is None:
            changes[name] = PackageChange("installed", None, new.version)
        elif old.version != new.version:
            changes[name] = PackageChange("upgraded", old.version, new.version)
        elif old.build != new.build or (old.sha256 and new.sha256 and old.sha256 != new.sha256):
            changes[name] = PackageChange("transitive", old.version, new.version)
    for name, old in before.items():
        if name not in after:
            changes[name] = PackageChange("removed", old.version, None)
    return changes
