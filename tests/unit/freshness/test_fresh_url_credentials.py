"""A direct-URL PyPI dependency is compared with its lock entry the way the lock writer stores
URLs (`redact.strip_credentials`): credentials never make a lock stale, the URL itself does."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.freshness import fresh_pypi as fp
from pyxi.lockfile.model import PypiPackage
from pyxi.lockfile.write import dumps_lock
from pyxi.manifest.model import PypiDependency

WHEEL = "https://files.example/t/sEcReT/simple/pkg-1.0-py3-none-any.whl"
CONTEXT = fp.PypiContext(Path("."), 7)


def _verdict(manifest_url: str, locked_url: str) -> str | None:
    req = fp.manifest_req(PypiDependency("pkg", url=manifest_url))
    return fp.check_record(req, PypiPackage(f"direct+{locked_url}", "pkg", "1.0"), CONTEXT)


@pytest.mark.parametrize("manifest_url", [
    WHEEL,
    "https://user:pa55@files.example/t/sEcReT/simple/pkg-1.0-py3-none-any.whl",
    "https://token@files.example/t/other/simple/pkg-1.0-py3-none-any.whl",
])
def test_credentials_do_not_make_the_lock_stale(manifest_url: str) -> None:
    from pyxi.redact import strip_credentials

    locked = strip_credentials(WHEEL)  # what pyxi's writer puts into pixi.lock
    assert "sEcReT" not in locked
    assert _verdict(manifest_url, locked) is None


def test_another_url_does() -> None:
    problem = _verdict("https://files.example/pkg-2.0-py3-none-any.whl", WHEEL)
    assert problem is not None and "pkg-2.0" in problem


def test_the_writer_strips_what_the_check_ignores() -> None:
    from pyxi.lockfile.model import LockEnvironment, LockFile, PackageRef

    lock = LockFile()
    lock.environments["default"] = LockEnvironment(packages={})
    package = PypiPackage(f"direct+{WHEEL.replace('https://', 'https://u:p@')}", "pkg", "1.0")
    lock.pypi_packages[package.location] = package
    lock.environments["default"].packages["linux-64"] = [PackageRef("pypi", package.location)]
    text = dumps_lock(lock)
    assert "sEcReT" not in text and "u:p@" not in text
