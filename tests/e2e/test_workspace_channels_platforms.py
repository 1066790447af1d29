"""`pyxi workspace channel …` and `pyxi workspace platform …` through the real CLI: each edit
keeps the user's comments, re-locks only what it made stale, and a rejected edit leaves the
manifest and the lock byte for byte as they were."""

from __future__ import annotations

import json

import tomllib
from workflow_world import comment_lines, locked, manifest

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec


def _second_channel(root) -> LocalChannel:
    channel = LocalChannel(root)
    channel.add(CondaPackageSpec("zeta", "1.0", "h0_0", subdir="noarch", noarch="generic"))
    return channel.index()


def _platforms(path) -> list:
    return tomllib.loads(path.read_text())["workspace"]["platforms"]


def test_channel_add_list_remove_and_bad_channels(make_workspace, wf_channel, tmp_path):
    ws = make_workspace(manifest(wf_channel.url, 'beta = "*"\n'))
    path = ws.root / "pixi.toml"
    comments = comment_lines(path.read_text())
    ws.pyxi("lock")
    first = locked(ws.lock)
    extra = _second_channel(tmp_path / "extra")

    added = ws.pyxi("workspace", "channel", "add", extra.url, "--no-install")
    assert f"✔ Added {extra.url}" in added.stderr
    assert f'channels = ["{wf_channel.url}", "{extra.url}"]' in path.read_text()
    assert locked(ws.lock) == first  # the new channel moved no package
    assert comment_lines(path.read_text()) == comments

    # The same channel with a priority replaces the entry; --prepend puts new ones first.
    ws.pyxi("workspace", "channel", "add", extra.url, "--priority", "5", "--no-install")
    assert f'{{ channel = "{extra.url}", priority = 5 }}' in path.read_text()
    listing = ws.pyxi("project", "channel", "list").stdout  # `project` is the old name
    assert listing.splitlines() == ["Environment: default", f"- {extra.url}", f"- {wf_channel.url}"]

    ws.pyxi("workspace", "channel", "rm", extra.url, "--no-install")
    assert f'channels = ["{wf_channel.url}"]' in path.read_text()

    before = path.read_bytes(), ws.lock.read_bytes()
    missing = ws.pyxi("workspace", "channel", "remove", "bioconda", expect=1)
    assert "channel bioconda does not exist" in missing.stderr and "pixi.toml:4" in missing.stderr
    broken = ws.pyxi("workspace", "channel", "add", (tmp_path / "nowhere").as_uri(), expect=1)
    assert "nowhere" in broken.stderr
    assert (path.read_bytes(), ws.lock.read_bytes()) == before


def test_channel_for_a_feature_relocks_only_its_environment(make_workspace, wf_channel, tmp_path):
    body = '\n[feature.extra.dependencies]\nbeta = "*"\n\n[environments]\nextra = ["extra"]\n'
    ws = make_workspace(manifest(wf_channel.url, body))
    ws.pyxi("lock")
    extra = _second_channel(tmp_path / "extra")
    ws.pyxi("workspace", "channel", "add", extra.url, "-f", "extra", "--prepend", "--no-install")
    assert f'[feature.extra]\nchannels = ["{extra.url}"]' in (ws.root / "pixi.toml").read_text()
    from pyxi.lockfile.read import read_lock

    lock = read_lock(ws.lock)
    assert [c.url for c in lock.environments["extra"].channels] == [extra.url, wf_channel.url]
    assert [c.url for c in lock.environments["default"].channels] == [wf_channel.url]
    unknown = ws.pyxi("workspace", "channel", "remove", extra.url, "-f", "nope", expect=1)
    assert "the feature 'nope' does not exist" in unknown.stderr


def test_platform_add_edit_move_list_remove(make_workspace):
    ws = make_workspace(
        '[workspace]\nname = "plat"\nchannels = []\nplatforms = ["linux-64"]  # where we run\n'
    )
    path = ws.root / "pixi.toml"

    def platform(*args: str, expect: int = 0):
        return ws.pyxi("workspace", "--manifest-path", str(path), "platform", *args, expect=expect)

    platform("add", "osx-arm64", "win-64", "--no-install")
    platform("add", "gpu=linux-64", "--cuda", "12.0", "--cuda-arch", "8.6", "__foo=1.5", "--no-install")
    platform("a", "old-mac=osx-64", "--macos", "12.0", "--no-install")
    assert _platforms(path) == [
        "linux-64", "osx-arm64", "win-64",
        {"name": "gpu", "platform": "linux-64", "cuda": {"driver": "12.0", "arch": "8.6"},
         "__foo": "1.5"},
        {"name": "old-mac", "platform": "osx-64", "macos": "12.0"},
    ]
    assert "# where we run" in path.read_text()
    lock = {p["name"]: p for p in _lock_platforms(ws)}
    assert "__cuda_arch=8.6" in lock["p1"]["virtual-packages"]

    # A bare subdir that gains a declaration is renamed as pixi names it.
    platform("edit", "win-64", "--windows", "11", "--no-install")
    platform("edit", "gpu", "--remove-virtual-package", "__foo", "--cuda", "12.4", "--no-install")
    platform("move", "gpu", "--to-top", "--no-install")
    platform("mv", "osx-arm64", "--after", "old-mac", "--no-install")
    assert _platforms(path) == [
        {"name": "gpu", "platform": "linux-64", "cuda": {"driver": "12.4", "arch": "8.6"}},
        "linux-64", {"platform": "win-64", "windows": "11"},
        {"name": "old-mac", "platform": "osx-64", "macos": "12.0"}, "osx-arm64",
    ]
    listing = platform("list").stdout
    assert 'gpu: platform=linux-64, cuda = { driver = "12.4", arch = "8.6" }' in listing
    assert "win-64-windows-11: platform=win-64, windows=11" in listing
    payload = json.loads(platform("list", "--json").stdout)
    assert payload["platforms"][0]["is_autodetected"] is True
    assert [p["name"] for p in payload["platforms"][1:]] == [
        "gpu", "linux-64", "win-64-windows-11", "old-mac", "osx-arm64"]

    platform("remove", "old-mac", "win-64-windows-11", "--no-install")
    assert _platforms(path)[2:] == ["osx-arm64"]


def test_bad_platform_input_is_one_error_and_changes_nothing(make_workspace):
    ws = make_workspace('[workspace]\nname = "plat"\nchannels = []\nplatforms = ["linux-64"]\n')
    path = ws.root / "pixi.toml"
    ws.pyxi("lock")
    before = path.read_bytes(), ws.lock.read_bytes()
    for args, message in [
        (("add", "bogus-subdir"), "'bogus-subdir' is not a valid conda subdir"),
        (("add", "linux=linux-64"), "'linux' is a reserved platform name"),
        (("add", "bad name=linux-64"), "invalid platform name 'bad name'"),
        (("add", "w=win-64", "--glibc", "2.28"), "--glibc only applies to linux subdirs"),
        (("add", "linux-64", "--cuda", "12"), "virtual packages require a custom platform name"),
        (("add", "g=linux-64", "--cuda-arch", "8.6"), "`__cuda_arch` requires `__cuda`"),
        (("add", "g=linux-64", "--cuda", "12", "__cuda=11"), "more than once"),
        (("add", "same=linux-64"), "already declared as 'linux-64'"),
        (("edit", "nope", "--cuda", "12"), "workspace does not define a platform named 'nope'"),
        (("edit", "linux-64"), "nothing to do"),
        (("remove", "osx-64"), "workspace does not define a platform named 'osx-64'"),
        (("move", "linux-64", "--before", "osx-64"), "'osx-64'"),
    ]:
        failed = ws.pyxi("workspace", "platform", *args, "--no-install", expect=1)
        assert message in failed.stderr, failed
        assert failed.stderr.count("error:") == 1
    usage = ws.pyxi("workspace", "platform", "move", "linux-64", expect=2)
    assert "--before" in usage.stderr
    assert (path.read_bytes(), ws.lock.read_bytes()) == before


def _lock_platforms(ws) -> list[dict]:
    import yaml

    return yaml.safe_load(ws.lock.read_text())["platforms"]
