"""The guide as pixi 0.77 ships it (tests/data/current_guide): CUDA declared per platform
(`{ name = "linux-64-cuda", platform = "linux-64", cuda = "12.0" }`), not per environment.

Every manifest locks for every platform it lists and runs on this linux-64 host with and
without a (mocked) driver; platform selection picks the first platform this machine provides,
`--platform` overrides it, switching installs exactly the other variant, and `run`'s
import-light path selects the same platform as the full path.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GPU = {"CONDA_OVERRIDE_CUDA": "12.6"}
CONDA_TORCH = "import torch; print(torch.__version__, torch.cuda.is_available())"
PYPI_TORCH = "import torch; print(torch.__version__)"

# manifest: (PyPI?, {platform: what its torch is}, output without a driver (None: refused), with)
GUIDE = {
    "pytorch-conda-forge.pixi.toml": (
        False, {"linux-64-cuda-12-0": "cuda", "win-64-cuda-12-0": "cuda"}, None, "2.5.1 True"),
    "pytorch-conda-forge.pyproject.toml": (
        False, {"linux-64-cuda-12-0": "cuda"}, None, "2.5.1 True"),
    "pytorch-conda-forge-envs.pixi.toml": (
        False, {"linux-64-cuda": "cuda", "linux-64-cpu": "cpu"}, "2.5.1 False", "2.5.1 True"),
    "pytorch-conda-forge-envs.pyproject.toml": (
        False, {"linux-64-cuda": "cuda", "linux-64-cpu": "cpu"}, "2.5.1 False", "2.5.1 True"),
    "pytorch-pypi.pixi.toml": (
        True, {"osx-arm64": "+cpu", "linux-64": "+cu124", "win-64": "+cu124"}, "2.5.1+cu124", "2.5.1+cu124"),
    "pytorch-pypi.pyproject.toml": (
        True, {"osx-arm64": "+cpu", "linux-64": "+cu124", "win-64": "+cu124"}, "2.5.1+cu124", "2.5.1+cu124"),
    "pytorch-pypi-envs.pixi.toml": (
        True, {"linux-64-cuda": "+cu124", "win-64-cuda": "+cu124", "linux-64-cpu": "+cpu",
               "win-64-cpu": "+cpu"}, "2.5.1+cpu", "2.5.1+cu124"),
    "pytorch-pypi-envs.pyproject.toml": (
        True, {"linux-64-cuda": "+cu124", "win-64-cuda": "+cu124", "linux-64-cpu": "+cpu",
               "win-64-cpu": "+cpu"}, "2.5.1+cpu", "2.5.1+cu124"),
}


def _torch_variant(ws, platform: str, pypi: bool) -> str:
    rows = ws.packages("default", platform)
    if pypi:
        return "+" + rows["torch"]["version"].split("+")[1]
    return rows["pytorch"]["build"].split("_")[0].rstrip("0123456789")


@pytest.mark.parametrize("manifest", sorted(GUIDE))
def test_current_guide_locks_every_platform_and_runs_here(make_workspace, manifest):
    pypi, variants, without_driver, with_driver = GUIDE[manifest]
    ws = make_workspace(manifest, pypi=pypi)
    ws.pyxi("lock")
    for platform, variant in variants.items():
        assert _torch_variant(ws, platform, pypi) == variant, platform
    code = PYPI_TORCH if pypi else CONDA_TORCH
    if without_driver is None:
        refused = ws.pyxi("run", "python", "-c", code, expect=1)
        assert "__cuda" in refused.stderr and "CONDA_OVERRIDE_CUDA=12.0" in refused.stderr
    else:
        assert ws.pyxi("run", "python", "-c", code).stdout.strip() == without_driver
    assert ws.pyxi("run", "python", "-c", code, env=GPU).stdout.strip() == with_driver


def _conda_installed(prefix: Path) -> set[tuple[str, str, str]]:
    records = [json.loads(p.read_text()) for p in (prefix / "conda-meta").glob("*.json")]
    return {(r["name"], r["version"], r["build"]) for r in records}


def _pypi_installed(prefix: Path) -> set[tuple[str, str]]:
    found = set()
    for info in prefix.glob("lib/python3*/site-packages/*.dist-info"):
        installer = info / "INSTALLER"
        if installer.is_file() and installer.read_text().strip() == "uv-pixi":
            name, version = info.name[: -len(".dist-info")].split("-", 1)
            found.add((name.lower().replace("_", "-"), version))
    return found


def _assert_exactly(ws, platform: str) -> None:
    """The prefix holds the platform's locked packages, nothing of another variant."""
    rows = ws.packages("default", platform).values()
    prefix = ws.root / ".pixi" / "envs" / "default"
    conda = {(r["name"], r["version"], r["build"]) for r in rows if r["kind"] == "conda"}
    assert _conda_installed(prefix) == conda
    assert _pypi_installed(prefix) == {(r["name"].lower(), r["version"]) for r in rows if r["kind"] == "pypi"}
    stamp = json.loads((prefix / "conda-meta" / "pyxi").read_text())
    assert stamp["platform"] == platform


@pytest.mark.parametrize(("manifest", "pypi", "code", "cpu", "gpu"), [
    ("pytorch-conda-forge-envs.pixi.toml", False, CONDA_TORCH, "2.5.1 False", "2.5.1 True"),
    ("pytorch-pypi-envs.pixi.toml", True, PYPI_TORCH, "2.5.1+cpu", "2.5.1+cu124"),
])
def test_platform_flag_switches_variants_exactly(make_workspace, manifest, pypi, code, cpu, gpu):
    ws = make_workspace(manifest, pypi=pypi)
    assert ws.pyxi("run", "python", "-c", code, env=GPU).stdout.strip() == gpu
    _assert_exactly(ws, "linux-64-cuda")
    ws.pyxi("install", "--platform", "linux-64-cpu", env=GPU)
    _assert_exactly(ws, "linux-64-cpu")
    assert ws.pyxi("run", "-p", "linux-64-cpu", "python", "-c", code, env=GPU).stdout.strip() == cpu
    # Selected again for this machine (a driver): back to CUDA, through `run`'s shortcut too.
    assert ws.pyxi("run", "python", "-c", code, env=GPU).stdout.strip() == gpu
    _assert_exactly(ws, "linux-64-cuda")
    assert ws.pyxi("run", "python", "-c", code).stdout.strip() == cpu  # no driver
    _assert_exactly(ws, "linux-64-cpu")
    refused = ws.pyxi("run", "--platform", "linux-64-cuda", "python", "-c", code, expect=1)
    assert "platform `linux-64-cuda`" in refused.stderr or "__cuda" in refused.stderr
    assert "`--platform linux-64-cpu`" in refused.stderr
    unknown = ws.pyxi("run", "--platform", "osx-arm64", "true", expect=1)
    assert "platform 'osx-arm64' is not part of environment 'default'" in unknown.stderr
    if pypi:  # it lists win-64 platforms too
        foreign = ws.pyxi("install", "--platform", "win-64-cpu", expect=1)
        assert "is for win-64; this machine (linux-64) cannot run it" in foreign.stderr
    for command in (["shell-hook", "--json"], ["list", "--json"], ["tree"]):
        ws.pyxi(*command, "--platform", "linux-64-cpu")


def test_cuda_wheels_on_a_cuda_platform_need_a_driver(make_workspace):
    """No conda package needs `__cuda` here; the `+cu124` wheels do, and the platform says so."""
    ws = make_workspace("pytorch-pypi-envs.pixi.toml", pypi=True)
    refused = ws.pyxi("install", "--platform", "linux-64-cuda", expect=1)
    assert "it declares `__cuda >=12.0` and this machine has no `__cuda`" in refused.stderr
    ws.pyxi("install", "--platform", "linux-64-cuda", env=GPU)
    refused = ws.pyxi("run", "--platform", "linux-64-cuda", "python", "-c", PYPI_TORCH,
                      env={"CONDA_OVERRIDE_CUDA": "11.8"}, expect=1)
    assert "`__cuda=11.8`" in refused.stderr


def _info(ws, env=None) -> dict:
    return json.loads(ws.pyxi("info", "--json", env=env).stdout)["environments_info"][0]


def test_info_says_which_platform_and_why(make_workspace):
    ws = make_workspace("pytorch-conda-forge-envs.pixi.toml")
    ws.pyxi("install")
    info = _info(ws)
    assert info["selected_platform"] == "linux-64-cpu"
    assert info["installed_platform"] == "linux-64-cpu"
    assert [p["name"] for p in info["platforms"]] == ["linux-64-cuda", "linux-64-cpu"]  # kept keys
    reasons = {s["name"]: (s["selected"], s["reason"]) for s in info["platform_selection"]}
    assert reasons["linux-64-cuda"] == (
        False, "not selected: it declares `__cuda >=12.0` and this machine has no `__cuda`")
    assert reasons["linux-64-cpu"][0] is True
    assert info["dependencies"] == ["pytorch-cpu"]  # as on the selected platform
    gpu = _info(ws, GPU)
    assert gpu["selected_platform"] == "linux-64-cuda"
    assert gpu["platform_selection"][1]["reason"].endswith("but `linux-64-cuda` comes first in the manifest")
    text = ws.pyxi("info").stdout
    assert "Platform selection: linux-64-cuda: not selected: it declares `__cuda >=12.0`" in text
    assert "Installed platform: linux-64-cpu" in text


def _imports(ws, *args: str, env=None) -> str:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "pyxi", *args], check=False,
                          cwd=ws.root, env={**ws.base_env, **(env or {})}, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def _took_shortcut(imports: str) -> bool:
    return not any(line.rsplit("|", 1)[-1].strip() == "rattler" for line in imports.splitlines())


def test_run_shortcut_selects_as_the_full_path_does(make_workspace):
    ws = make_workspace("pytorch-conda-forge-envs.pixi.toml")
    ws.pyxi("run", "true")  # installs linux-64-cpu: no driver here
    shortcut = _imports(ws, "run", "true")
    assert _took_shortcut(shortcut)
    for heavy in ("json", "hashlib", "re", "typing", "dataclasses"):  # see quickio.py
        assert not any(line.rsplit("|", 1)[-1].strip() == heavy for line in shortcut.splitlines()), heavy
    assert _took_shortcut(_imports(ws, "install"))
    # A driver appears: CUDA is selected, so no shortcut: the full path installs it ...
    switched = _imports(ws, "run", "python", "-c", CONDA_TORCH, env=GPU)
    assert not _took_shortcut(switched) and "2.5.1 True" in _run_output(ws, GPU)
    # ... and from then on the shortcut serves CUDA, and `--platform` is understood by it.
    assert _took_shortcut(_imports(ws, "run", "true", env=GPU))
    assert not _took_shortcut(_imports(ws, "run", "-p", "linux-64-cpu", "true", env=GPU))
    assert _took_shortcut(_imports(ws, "run", "--platform=linux-64-cpu", "true", env=GPU))
    # A host facts file that no longer matches the machine is not trusted.
    (ws.root / ".pixi" / "pyxi-host.json").write_text('{"entries": {}}')
    assert not _took_shortcut(_imports(ws, "run", "true"))


def _run_output(ws, env) -> str:
    return ws.pyxi("run", "python", "-c", CONDA_TORCH, env=env).stdout
