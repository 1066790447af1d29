"""`update`/`upgrade`/`lock --json` in pixi's `LockFileJsonDiff` shape: entries as the lock writes
them, a change is a new location (a rebuild too), conda and PyPI packages apart."""

from __future__ import annotations

from pyxi.lockfile.model import (
    CondaPackage,
    LockChannel,
    LockedPlatform,
    LockEnvironment,
    LockFile,
    PackageRef,
    PypiPackage,
)
from pyxi.sync.lock_diff import diff_locks

CHANNEL = "https://conda.anaconda.org/conda-forge/"


def _conda(name: str, version: str, build: str) -> CondaPackage:
    file_name = f"{name}-{version}-{build}.conda"
    return CondaPackage(location=f"{CHANNEL}noarch/{file_name}", name=name, version=version,
                        build=build, subdir="noarch", noarch="python", sha256=build * 8,
                        channel=CHANNEL.rstrip("/"), file_name=file_name)


def _pypi(name: str, version: str) -> PypiPackage:
    return PypiPackage(location=f"https://files.example.org/{name}-{version}-py3-none-any.whl",
                       name=name, version=version, sha256=version.replace(".", "") * 16)


def _lock(*packages: CondaPackage | PypiPackage) -> LockFile:
    lock = LockFile(platforms=[LockedPlatform("linux-64")])
    lock.environments["default"] = LockEnvironment(
        channels=[LockChannel(CHANNEL)], indexes=["https://pypi.org/simple"],
        packages={"linux-64": [PackageRef(p.kind, p.location) for p in packages]})
    lock.conda_packages = {p.location: p for p in packages if isinstance(p, CondaPackage)}
    lock.pypi_packages = {p.location: p for p in packages if isinstance(p, PypiPackage)}
    return lock


def test_json_rows_carry_lock_entries_and_see_rebuilds_and_kinds_apart() -> None:
    old = _lock(_conda("rich", "13.0", "pyh0_0"), _conda("attrs", "23.1", "pyh0_0"),
                _pypi("typing-extensions", "4.0"))
    new = _lock(_conda("rich", "13.0", "pyh1_1"), _conda("attrs", "23.1", "pyh0_0"),
                _pypi("typing-extensions", "4.1"), _pypi("rich", "13.0"))
    rows = diff_locks(old, new).to_json()["environment"]["default"]["linux-64"]
    by_key = {(row["type"], row["name"]): row for row in rows}
    assert set(by_key) == {("conda", "rich"), ("pypi", "typing_extensions"), ("pypi", "rich")}
    rebuilt = by_key[("conda", "rich")]  # same version, new build: pixi reports it
    assert rebuilt["before"]["conda"].endswith("rich-13.0-pyh0_0.conda")
    assert rebuilt["after"]["conda"].endswith("rich-13.0-pyh1_1.conda")
    assert rebuilt["after"]["build"] == "pyh1_1" and "version" not in rebuilt["after"]
    assert next(iter(rebuilt["after"])) == "conda"
    pypi = by_key[("pypi", "typing_extensions")]
    assert pypi["before"]["pypi"].endswith("typing-extensions-4.0-py3-none-any.whl")
    assert (pypi["before"]["version"], pypi["after"]["version"]) == ("4.0", "4.1")
    added = by_key[("pypi", "rich")]  # a PyPI `rich` next to the conda one: added, apart
    assert added["before"] is None and added["after"]["name"] == "rich"
