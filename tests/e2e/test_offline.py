"""`--offline` / `PIXI_OFFLINE`: repodata from the cache only, solves on this machine's
platform restricted to what is installable without a download, installs that never download.
Local (`file://`) channels need no network and are never restricted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from workflow_world import manifest

from pyxi.testing.cli import isolated_env, run_pyxi
from pyxi.testing.pypi_index import serve

NOT_LOCAL = "excluded because not available locally"


def _workspace(make_workspace, url: str, body: str = ""):
    return make_workspace(manifest(url, body).replace('alpha = "*"', 'gamma = "*"'))


def test_offline_solves_only_with_cached_packages(make_workspace, wf_channel, tmp_path):
    cache = tmp_path / "cache"
    with serve(wf_channel.root.parent) as base:
        url = base + wf_channel.root.name
        ws = _workspace(make_workspace, url)
        env = isolated_env(cache)
        run_pyxi(["lock"], ws.root, env)  # repodata cached, no package downloaded
        ws.lock.unlink()
        refused = run_pyxi(["lock", "--offline"], ws.root, env, 1)
        assert NOT_LOCAL in refused.stderr and "gamma 1.0" in refused.stderr
        assert "remove the `--offline` flag" in refused.stderr and not ws.lock.exists()
        same = run_pyxi(["install"], ws.root, {**env, "PIXI_OFFLINE": "yes"}, 1)
        assert NOT_LOCAL in same.stderr
        run_pyxi(["install"], ws.root, env)  # online: the packages are in the cache now
        ws.lock.unlink()
        shutil.rmtree(ws.root / ".pixi")
    # the server is gone: everything comes from the cache
    done = run_pyxi(["install", "--offline"], ws.root, env)
    assert "may pin older versions" in done.stderr and "pixi.lock" in done.stderr
    assert (ws.root / ".pixi" / "envs" / "default" / "share" / "gamma").is_dir()
    assert "may pin" not in run_pyxi(["lock", "--offline=false"], ws.root, env).stderr


def test_a_missing_dependency_is_named(make_workspace, wf_channel, tmp_path):
    cache = tmp_path / "cache"
    env = isolated_env(cache)
    with serve(wf_channel.root.parent) as base:
        ws = _workspace(make_workspace, base + wf_channel.root.name)
        run_pyxi(["install"], ws.root, env)
        ws.lock.unlink()
        for entry in (cache / "pkgs").iterdir():  # alpha, which gamma needs, leaves the cache
            if entry.name.startswith("alpha-"):
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        refused = run_pyxi(["lock", "--offline"], ws.root, env, 1)
    assert "alpha 2.5.1 is " + NOT_LOCAL in refused.stderr


def test_an_offline_install_never_downloads(make_workspace, wf_channel, tmp_path):
    with serve(wf_channel.root.parent) as base:
        ws = _workspace(make_workspace, base + wf_channel.root.name)
        run_pyxi(["lock"], ws.root, isolated_env(tmp_path / "author"))
        cold = isolated_env(tmp_path / "cold")
        refused = run_pyxi(["install", "--frozen", "--offline"], ws.root, cold, 1)
    assert "offline" in refused.stderr and "not in the package cache" in refused.stderr
    assert not (ws.root / ".pixi" / "envs" / "default" / "conda-meta" / "pixi").exists()
    ws.lock.unlink()
    cold_repodata = run_pyxi(["lock", "--offline"], ws.root, isolated_env(tmp_path / "x"), 1)
    assert "not in the cache" in cold_repodata.stderr or NOT_LOCAL in cold_repodata.stderr


def test_local_channels_are_not_restricted(make_workspace, wf_channel, tmp_path):
    ws = _workspace(make_workspace, wf_channel.url)
    env = isolated_env(tmp_path / "cache")
    done = run_pyxi(["lock", "--offline"], ws.root, env)
    assert "may pin older versions" in done.stderr
    assert "gamma" in json.dumps(json.loads(run_pyxi(["list", "--json"], ws.root, env).stdout))


def test_exec_offline_does_not_share_the_online_environment(tools_channel, tmp_path):
    env = isolated_env(tmp_path / "cache", PIXI_HOME=str(tmp_path / "home"))
    words = ["exec", "-c", tools_channel.url, "-s", "hello-noarch", "hello"]
    run_pyxi(words, tmp_path, env)
    run_pyxi([words[0], "--offline", *words[1:]], tmp_path, env)
    prefixes = sorted(p.name for p in (Path(env["PIXI_CACHE_DIR"]) / "cached-envs-v0").iterdir()
                      if p.is_dir())
    assert len(prefixes) == 2, prefixes
