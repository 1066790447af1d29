"""Lock freshness and the no-op paths: nothing is solved or rewritten when nothing changed."""

from __future__ import annotations

import json
import shutil

from pyxi.testing.pytorch_world import PytorchWorlds

GPU = {"CONDA_OVERRIDE_CUDA": "12.6"}


def _private_channel_workspace(make_workspace, worlds: PytorchWorlds):
    text = (
        '[workspace]\nname = "noop"\nchannels = ["./channel"]\nplatforms = ["linux-64"]\n'
        '[dependencies]\npytorch-cpu = "*"\n'
    )
    ws = make_workspace(text)
    shutil.copytree(worlds.conda_forge.root, ws.root / "channel")
    return ws


def test_second_install_solves_nothing_and_keeps_the_lock(make_workspace, worlds):
    ws = _private_channel_workspace(make_workspace, worlds)
    ws.pyxi("install")
    before = ws.lock.read_bytes(), ws.lock.stat().st_mtime_ns
    # With the channel gone, any solve or repodata fetch would fail: a no-op must not need it.
    (ws.root / "channel").rename(ws.root / "channel-gone")
    again = ws.pyxi("install")
    assert "already up to date" in again.stderr
    assert (ws.lock.read_bytes(), ws.lock.stat().st_mtime_ns) == before
    ws.pyxi("run", "python", "-c", "import torch")
    ws.pyxi("lock")
    assert (ws.lock.read_bytes(), ws.lock.stat().st_mtime_ns) == before


def test_stale_lock_is_relocked_refused_with_locked_and_kept_with_frozen(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("lock")
    original = ws.lock.read_bytes()
    manifest = ws.root / "pixi.toml"
    manifest.write_text(manifest.read_text().replace('pytorch-cpu = "*"', 'pytorch-cpu = "*"\ncuda-version = "*"'))

    refused = ws.pyxi("install", "-e", "cpu", "--locked", expect=1)
    assert "not up-to-date" in refused.stderr
    assert "environment `cpu` on linux-64" in refused.stderr
    assert ws.lock.read_bytes() == original

    frozen = ws.pyxi("list", "-e", "cpu", "--frozen", "--json")
    assert "cuda-version" not in {row["name"] for row in json.loads(frozen.stdout)}
    assert ws.lock.read_bytes() == original

    ws.pyxi("run", "-e", "cpu", "python", "-c", "import torch")
    assert ws.lock.read_bytes() != original
    assert "cuda-version" in ws.packages("cpu", "linux-64")
    # The gpu environment did not change, so its locked packages did not move.
    assert ws.packages("default", "linux-64")["pytorch"]["build"].startswith("cuda126")


def test_failed_solve_leaves_the_lock_byte_identical(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("lock")
    original = ws.lock.read_bytes()
    manifest = ws.root / "pixi.toml"
    manifest.write_text(manifest.read_text().replace('pytorch-cpu = "*"', 'pytorch-cpu = ">=99"'))
    failed = ws.pyxi("lock", expect=1)
    assert "cannot solve environment `cpu` on linux-64" in failed.stderr
    assert ws.lock.read_bytes() == original


def test_gpu_environment_without_cuda_requirement_gets_cpu_builds(make_workspace):
    ws = make_workspace(
        '[workspace]\nname = "x"\nchannels = ["https://prefix.dev/conda-forge"]\n'
        'platforms = ["linux-64"]\n[dependencies]\npytorch = "*"\n'
    )
    ws.pyxi("lock")
    assert ws.packages("default", "linux-64")["pytorch"]["build"].startswith("cpu")


def test_info_shows_detected_virtual_packages(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    text = ws.pyxi("info", env=GPU).stdout
    assert "__cuda=12.6=0" in text
    data = json.loads(ws.pyxi("info", "--json", env=GPU).stdout)
    assert "__cuda=12.6=0" in data["virtual_packages"]
    assert {"platform", "virtual_packages", "cache_dir", "environments_info"} <= set(data)
    envs = {env["name"]: env for env in data["environments_info"]}
    assert envs["default"]["features"] == ["gpu", "default"]
    assert envs["default"]["system_requirements"] == {"cuda": "12.0"}
    assert envs["cpu"]["dependencies"] == ["pytorch-cpu"]
    assert envs["cpu"]["prefix"] == str(ws.root / ".pixi" / "envs" / "cpu")
    assert "__cuda=12.6=0" not in ws.pyxi("info").stdout


def test_solve_group_shares_versions(make_workspace):
    base = (
        '[workspace]\nname = "sg"\nchannels = ["https://prefix.dev/conda-forge"]\n'
        'platforms = ["linux-64"]\n[feature.old.dependencies]\ncuda-version = "12.4.*"\n'
        '[feature.any.dependencies]\ncuda-version = "*"\n'
    )
    grouped = make_workspace(
        base + '[environments]\nold = { features = ["old"], solve-group = "g" }\n'
        'any = { features = ["any"], solve-group = "g" }\n'
    )
    grouped.pyxi("lock")
    assert grouped.packages("any", "linux-64")["cuda-version"]["version"] == "12.4"
    make_workspace(base + '[environments]\nold = ["old"]\nany = ["any"]\n')  # same folder
    grouped.pyxi("lock")  # still satisfied: pixi keeps a lock that satisfies the manifest
    assert grouped.packages("any", "linux-64")["cuda-version"]["version"] == "12.4"
    grouped.lock.unlink()
    grouped.pyxi("lock")
    assert grouped.packages("any", "linux-64")["cuda-version"]["version"] == "12.8"
    assert grouped.packages("old", "linux-64")["cuda-version"]["version"] == "12.4"


def test_frozen_install_does_not_vouch_for_a_changed_manifest(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("run", "-e", "cpu", "true")  # installed, activation cached: `run`'s shortcut is armed
    manifest = ws.root / "pixi.toml"
    manifest.write_text(manifest.read_text().replace('pytorch-cpu = "*"', 'pytorch-cpu = "*"\ncuda-version = "*"'))
    ws.pyxi("install", "-e", "cpu", "--frozen")

    def cpu_names() -> set[str]:
        rows = json.loads(ws.pyxi("list", "-e", "cpu", "--frozen", "--json").stdout)
        return {row["name"] for row in rows}

    assert "cuda-version" not in cpu_names()
    ws.pyxi("run", "-e", "cpu", "true")  # must notice the manifest change and re-lock
    assert "cuda-version" in cpu_names()
