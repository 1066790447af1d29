"""A tiny noarch conda channel for the everyday-workflow tests (add, remove, update, tasks).

`alpha` 2.5.1 (and, after `publish_newer`, 2.6.0), `beta` 0.3.2, `gamma` 1.0 (needs alpha),
`delta` 1.1 (needs alpha <2.6), `epsilon` 3.0 with an activation script that sets
EPSILON_ACTIVE. Every package is noarch so every platform solves.
"""

from __future__ import annotations

from pathlib import Path

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec

SUBDIRS = ("linux-64", "osx-arm64", "win-64", "noarch")


def _noarch(name: str, version: str, depends: tuple[str, ...] = (), **extra) -> CondaPackageSpec:
    return CondaPackageSpec(
        name, version, "h0_0", subdir="noarch", noarch="generic", depends=depends,
        files={f"share/{name}/VERSION": version}, **extra,
    )


def build_channel(root: Path) -> LocalChannel:
    channel = LocalChannel(root)
    for subdir in SUBDIRS:
        (root / subdir).mkdir(parents=True, exist_ok=True)
    channel.add_all([
        _noarch("alpha", "2.5.1"),
        _noarch("beta", "0.3.2"),
        _noarch("gamma", "1.0", ("alpha",)),
        _noarch("delta", "1.1", ("alpha <2.6",)),
        _noarch("epsilon", "3.0", activate_scripts={"epsilon.sh": "export EPSILON_ACTIVE=yes\n"}),
    ])
    return channel.index()


def publish_newer(channel: LocalChannel) -> None:
    """Newer versions appear on the channel after the first lock."""
    channel.add_all([_noarch("alpha", "2.6.0"), _noarch("beta", "0.4.0")])
    channel.index()


def manifest(url: str, body: str = "", platforms: str = '["linux-64"]') -> str:
    return (
        "# my workspace, my comments\n"
        "[workspace]\n"
        'name = "wf"  # keep this comment\n'
        f'channels = ["{url}"]\n'
        f"platforms = {platforms}\n"
        "\n"
        "[dependencies]\n"
        "# the one package I need\n"
        'alpha = "*"\n'
        f"{body}"
    )


def locked(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    """{environment: {platform: {package: version}}} of a pixi.lock."""
    from pyxi.lockfile.read import read_lock

    lock = read_lock(path)
    return {
        env: {
            platform: {p.name: p.version or p.location for p in lock.packages_for(env, platform)}
            for platform in data.packages
        }
        for env, data in lock.environments.items()
    }


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if "#" in line]
