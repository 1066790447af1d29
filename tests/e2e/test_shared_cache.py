"""One `PIXI_CACHE_DIR` shared by a cluster's nodes: several nodes (each its own HOME and
workspace folder) installing at once, and `--frozen` installs from a read-only shared cache."""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

import pytest
from pack_world import Laptop, make_laptop

from pyxi.testing.cli import PYXI, Result

IMPORT = "import torch; print(torch.__version__)"
# workspace → (install arguments, expected torch version)
INSTALLS = {"conda": (["-e", "cpu"], "2.5.1"), "pypi": ([], "2.5.1+cpu")}
_READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"'


@pytest.fixture(scope="module")
def laptop(tmp_path_factory, base_env, worlds, pypi_world) -> Laptop:
    return make_laptop(tmp_path_factory.mktemp("laptop"), base_env, worlds, pypi_world)


@functools.cache
def _can_mount_read_only() -> bool:
    try:
        done = subprocess.run(["unshare", "-rm", "sh", "-c", _READ_ONLY, "sh", "/tmp", "true"],
                              check=False, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _node(laptop: Laptop, root: Path, shared: Path) -> tuple[dict[str, Path], dict[str, str]]:
    folders = {}
    for name, source in laptop.workspaces.items():
        folders[name] = root / name
        folders[name].mkdir(parents=True)
        for file in ("pixi.toml", "pixi.lock"):
            shutil.copy(source / file, folders[name] / file)
    home = root / "home"
    env = {**laptop.env, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
           "PIXI_CACHE_DIR": str(shared)}
    return folders, env


def _spawn(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen[str]) -> Result:
    out, err = process.communicate(timeout=300)
    result = Result(process.returncode, out, err)
    assert result.returncode == 0 and "Traceback" not in err, str(result)
    return result


def _check_runs(folders: dict[str, Path], env: dict[str, str], prefix: tuple[str, ...] = ()) -> None:
    for name, (args, version) in INSTALLS.items():
        run = _spawn([*prefix, PYXI, "run", "--frozen", *args, "python", "-c", IMPORT], folders[name], env)
        assert _finish(run).stdout.strip() == version


def test_nodes_install_at_once_from_one_shared_cache(laptop, tmp_path):
    shared = tmp_path / "shared-cache"
    nodes = [_node(laptop, tmp_path / f"node{i}", shared) for i in range(3)]
    processes = [_spawn([PYXI, "install", "--frozen", *INSTALLS[name][0]], folders[name], env)
                 for folders, env in nodes for name in INSTALLS]
    for process in processes:
        _finish(process)
    for folders, env in nodes:
        _check_runs(folders, env)
    extracted = [p for p in (shared / "pkgs").iterdir() if p.is_dir()]
    assert len(extracted) == 9 and all((p / "info" / "paths.json").is_file() for p in extracted)
    leftovers = [p.name for p in (shared / "pkgs").iterdir()
                 if ".tmp" in p.name or (p.name.startswith(".") and p.name != ".cache.lock")]
    assert leftovers == []


def test_frozen_installs_from_a_read_only_shared_cache(laptop, tmp_path):
    if not _can_mount_read_only():
        pytest.skip("cannot make a read-only bind mount here (unshare -rm)")
    shared = tmp_path / "shared-cache"
    filler, filler_env = _node(laptop, tmp_path / "login-node", shared)
    for name, (args, _) in INSTALLS.items():  # filled once, from a machine that may write it
        _finish(_spawn([PYXI, "install", "--frozen", *args], filler[name], filler_env))
    before = sorted(str(p.relative_to(shared)) for p in shared.rglob("*"))
    folders, env = _node(laptop, tmp_path / "compute-node", shared)
    read_only = ("unshare", "-rm", "sh", "-c", _READ_ONLY, "sh", str(shared))
    for name, (args, _) in INSTALLS.items():
        done = _finish(_spawn([*read_only, PYXI, "install", "--frozen", *args], folders[name], env))
        assert f"the cache {shared / 'pkgs'} is read-only: reading from it, writing to" in done.stderr
    _check_runs(folders, env, read_only)
    assert sorted(str(p.relative_to(shared)) for p in shared.rglob("*")) == before
    private = Path(env["XDG_CACHE_HOME"]) / "rattler" / "cache" / "pkgs"
    assert any(p.is_symlink() for p in private.iterdir()), "packages were reused, not extracted again"
