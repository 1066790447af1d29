"""Solver inputs pixi honours, passed to the engines for real: `exclude-newer` to rattler (and
checked against the lock's timestamps, as pixi checks it), `[pypi-options]` to uv."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec


def _ms(year: int, month: int) -> int:
    return int(dt.datetime(year, month, 1, tzinfo=dt.timezone.utc).timestamp() * 1000)


@pytest.fixture(scope="module")
def dated_channel(tmp_path_factory):
    """`tool` 1.0 (January 2024) and 2.0 (June 2025), noarch. Without `indexed_timestamp`
    (the time of indexing, which rattler would prefer): as most of conda-forge's repodata."""
    channel = LocalChannel(tmp_path_factory.mktemp("dated") / "channel")
    channel.add_all([
        CondaPackageSpec("tool", version, "h0_0", subdir="noarch", noarch="generic",
                         files={"share/tool/VERSION": version}, timestamp=stamp)
        for version, stamp in (("1.0", _ms(2024, 1)), ("2.0", _ms(2025, 6)))
    ])
    channel.index()
    repodata = channel.root / "noarch" / "repodata.json"
    data = json.loads(repodata.read_text())
    for record in data["packages.conda"].values():
        record.pop("indexed_timestamp", None)
    repodata.write_text(json.dumps(data))
    return channel


def _workspace(make_workspace, url: str, cutoff: str | None):
    line = f'exclude-newer = "{cutoff}"\n' if cutoff else ""
    return make_workspace(
        f'[workspace]\nname = "dated"\nchannels = ["{url}"]\nplatforms = ["linux-64"]\n{line}'
        '[dependencies]\ntool = "*"\n')


def test_exclude_newer_reaches_the_solver_and_the_lock_check(make_workspace, dated_channel):
    ws = _workspace(make_workspace, dated_channel.url, "2025-01-01")
    ws.pyxi("lock")
    assert ws.packages("default", "linux-64")["tool"]["version"] == "1.0"

    _workspace(make_workspace, dated_channel.url, "2023-06-30")
    stale = ws.pyxi("install", "--locked", expect=1)  # says why, changes nothing
    assert ("the locked package 'tool' has timestamp 2024-01-01T00:00:00Z, which is newer than "
            "the environment's exclude-newer cutoff 2023-07-01T00:00:00Z") in stale.stderr

    before = ws.lock.read_bytes()
    for cutoff in ("2026-01-01T00:00:00Z", "30d", None):  # later cutoffs keep 1.0 valid
        _workspace(make_workspace, dated_channel.url, cutoff)
        ws.pyxi("lock", "--check")
    assert ws.lock.read_bytes() == before
    ws.pyxi("update")
    assert ws.packages("default", "linux-64")["tool"]["version"] == "2.0"


PYPI = """\
[workspace]
name = "pypi-options"
channels = ["https://prefix.dev/conda-forge"]
platforms = ["linux-64"]

[dependencies]
python = "3.11.*"

[pypi-dependencies]
needs-old-numpy = "*"

[pypi-options.dependency-overrides]
numpy = ">=2.2"

[feature.pinned.pypi-options.dependency-overrides]
numpy = "==2.1.3"

[environments]
pinned = ["pinned"]
"""


def test_dependency_overrides_merge_as_pixi_merges_them(make_workspace):
    ws = make_workspace(PYPI, pypi=True)
    ws.pyxi("lock")
    # `needs-old-numpy` asks for numpy<2; the overrides replace that requirement, the
    # feature's override winning over the default feature's in the `pinned` environment.
    assert ws.packages("default", "linux-64")["numpy"]["version"] == "2.2.0"
    assert ws.packages("pinned", "linux-64")["numpy"]["version"] == "2.1.3"
    ws.pyxi("lock", "--check")  # the overrides are applied when the lock is checked too


def test_no_binary_and_exclude_newer_reach_uv(make_workspace):
    text = PYPI.replace("[environments]", '[feature.pinned.pypi-options]\nno-binary = ["numpy"]\n\n'
                        "[environments]")
    ws = make_workspace(text, pypi=True)
    failed = ws.pyxi("lock", expect=1)
    assert "`pinned`" in failed.stderr and "numpy" in failed.stderr

    text = PYPI.replace('platforms = ["linux-64"]', 'platforms = ["linux-64"]\nexclude-newer = "2100-01-01"')
    ws = make_workspace(text, pypi=True)
    failed = ws.pyxi("lock", expect=1)
    # The local index publishes no upload times: uv leaves every file out, as it would for pixi.
    assert "filtered by `exclude-newer`" in failed.stderr


def test_constraints_bind_the_solve_and_the_lock_check(make_workspace, dated_channel):
    ws = _workspace(make_workspace, dated_channel.url, None)
    manifest = ws.root / "pixi.toml"
    # `[constraints]` restrict what something else pulls in; one on a package nothing needs
    # installs nothing. The legacy `[host-dependencies]` table reads as `dependencies`.
    manifest.write_text(manifest.read_text().replace('tool = "*"\n', "")
                        + '[host-dependencies]\ntool = "*"\n[constraints]\ntool = "<2"\nabsent = "1.*"\n')
    ws.pyxi("lock")
    locked = ws.packages("default", "linux-64")
    assert locked["tool"]["version"] == "1.0" and "absent" not in locked
    manifest.write_text(manifest.read_text().replace('tool = "<2"', 'tool = ">=2"'))
    stale = ws.pyxi("install", "--locked", expect=1)
    assert ("the locked package 'tool' with version '1.0' does not satisfy the constraint "
            "'tool >=2'") in stale.stderr


@pytest.fixture(scope="module")
def builds_channel(tmp_path_factory):
    """`tool` 1.0 in two builds: build number 0 and 1 (GPL and MIT)."""
    channel = LocalChannel(tmp_path_factory.mktemp("builds") / "channel")
    channel.add_all([
        CondaPackageSpec("tool", "1.0", f"h0_{number}", build_number=number, subdir="noarch",
                         noarch="generic", files={"share/tool/BUILD": str(number)})
        for number in (0, 1)
    ])
    channel.index()
    return channel


def _spec_workspace(make_workspace, url: str, spec: str):
    return make_workspace(
        f'[workspace]\nname = "fields"\nchannels = ["{url}"]\nplatforms = ["linux-64"]\n'
        f"[dependencies]\ntool = {spec}\n")


def test_matchspec_fields_of_a_table_reach_the_solver_and_the_lock_check(
        make_workspace, builds_channel):
    """`build-number`, `subdir`, `md5`, … in a dependency table narrow the spec as pixi's do."""
    ws = _spec_workspace(make_workspace, builds_channel.url, '{ version = "1.0", build-number = 0 }')
    ws.pyxi("lock")
    locked = ws.packages("default", "linux-64")["tool"]
    assert locked["build"] == "h0_0"
    ws.pyxi("install")
    assert (ws.root / ".pixi/envs/default/share/tool/BUILD").read_text() == "0"

    _spec_workspace(make_workspace, builds_channel.url,
                    f'{{ subdir = "noarch", md5 = "{locked["md5"]}" }}')
    ws.pyxi("install", "--locked")  # the locked build has that md5: still fresh

    _spec_workspace(make_workspace, builds_channel.url, '{ version = "*", build-number = ">=1" }')
    stale = ws.pyxi("install", "--locked", expect=1)
    assert "tool" in stale.stderr
    ws.pyxi("lock")
    assert ws.packages("default", "linux-64")["tool"]["build"] == "h0_1"
