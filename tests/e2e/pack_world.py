"""A "laptop" that locks and packs the guide's environments, and "nodes" that unpack them.

The laptop has the workspaces (conda CPU/GPU: manifest 04; PyPI CPU/GPU: manifest 08), its
own package cache and the network (the local worlds). A node gets nothing but the pack: a
fresh folder, an empty HOME and cache, and, where `unshare -rn` works, no network at all.
"""

from __future__ import annotations

import functools
import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from pyxi.testing.cli import PYXI, Result, run_pyxi
from pyxi.testing.pytorch_world import PytorchWorlds, channel_rewrites, rewrite_channels

SPEC_MANIFESTS = Path(__file__).resolve().parents[1] / "data" / "spec_manifests"
IMPORT_TORCH = "import torch; print(torch.__version__, torch.cuda.is_available())"
GPU = {"CONDA_OVERRIDE_CUDA": "12.6"}
# name → (workspace, environment, expected `IMPORT_TORCH` output on a node with a driver)
PACKS = {
    "conda-cpu": ("conda", "cpu", "2.5.1 False"),
    "conda-gpu": ("conda", "default", "2.5.1 True"),
    "pypi-cpu": ("pypi", "default", "2.5.1+cpu False"),
    "pypi-gpu": ("pypi", "gpu", "2.5.1+cu124 True"),
}


@functools.cache
def offline_prefix() -> tuple[str, ...]:
    """`unshare -rn` (a network namespace with no interfaces up) where the kernel allows it."""
    try:
        done = subprocess.run(["unshare", "-rn", "true"], check=False, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return ("unshare", "-rn") if done.returncode == 0 else ()


@dataclass
class Laptop:
    root: Path
    env: dict[str, str]
    workspaces: dict[str, Path]

    def pyxi(self, workspace: str, *args: str, expect: int | None = 0, **extra: str) -> Result:
        return run_pyxi(args, self.workspaces[workspace], {**self.env, **extra}, expect)

    def pack(self, name: str, out: Path, *args: str, expect: int | None = 0) -> Result:
        workspace, environment, _ = PACKS[name]
        return self.pyxi(workspace, "pack", "-e", environment, "-o", str(out), *args, expect=expect)


def make_laptop(root: Path, base_env: dict[str, str], worlds: PytorchWorlds,
                pypi_world: dict[str, str]) -> Laptop:
    rewrites = channel_rewrites(worlds)
    workspaces = {}
    for name, manifest in (("conda", "04-conda-forge-cpu-gpu-envs.pixi.toml"),
                           ("pypi", "08-pypi-envs.pixi.toml")):
        text = rewrite_channels((SPEC_MANIFESTS / manifest).read_text(), rewrites)
        if name == "pypi":
            text = text.replace("https://download.pytorch.org/whl/cu124", pypi_world["torch-cu124"])
            text = text.replace("https://download.pytorch.org/whl/cpu", pypi_world["torch-cpu"])
            text += f'\n[pypi-options]\nindex-url = "{pypi_world["pypi"]}"\n'
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "pixi.toml").write_text(text)
        workspaces[name] = folder
    laptop = Laptop(root, {**base_env, "PIXI_CACHE_DIR": str(root / "cache")}, workspaces)
    for name in workspaces:
        laptop.pyxi(name, "lock")
    return laptop


def node_env(node: Path, **extra: str) -> dict[str, str]:
    """A machine that has never seen the laptop's caches: empty HOME and cache, and a PATH
    with the system's tools only (pyxi is called by its full path)."""
    home = node / "home"
    home.mkdir(parents=True, exist_ok=True)
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
            "PIXI_CACHE_DIR": str(node / "cache"), "PYXI_NO_PROGRESS": "1", "NO_COLOR": "1",
            "CONDA_OVERRIDE_CUDA": "", **extra}


def on_node(node: Path, command: list[str], expect: int | None = 0, **extra: str) -> Result:
    done = subprocess.run([*offline_prefix(), *command], cwd=node, env=node_env(node, **extra), check=False,
                          capture_output=True, text=True, timeout=300)
    result = Result(done.returncode, done.stdout, done.stderr)
    if expect is not None:
        assert result.returncode == expect, str(result)
    assert "Traceback" not in result.stderr, str(result)
    return result


def unpack_on_node(node: Path, pack: Path, *args: str, expect: int | None = 0, **extra: str) -> Result:
    node.mkdir(parents=True, exist_ok=True)
    return on_node(node, [PYXI, "unpack", str(pack), "-o", str(node / "out"), *args],
                   expect=expect, **extra)


def run_activated(node: Path, code: str, **extra: str) -> str:
    """`python -c CODE` after sourcing the unpacked environment's activate.sh."""
    script = f'. "{node / "out" / "activate.sh"}" && python -c "{code}"'
    return on_node(node, ["sh", "-c", script], **extra).stdout.strip()


def rewrite_member(pack: Path, out: Path, member_suffix: str) -> str:
    """Copy `pack` to `out` with one byte of the member ending in `member_suffix` changed;
    returns the member's name."""
    changed = ""
    with tarfile.open(pack) as source, tarfile.open(out, "w", format=tarfile.GNU_FORMAT) as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None  # type: ignore[union-attr]
            if data is not None and member.name.endswith(member_suffix) and not changed:
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
                changed = member.name
            target.addfile(member, None if data is None else io.BytesIO(data))
    assert changed, f"no member ending in {member_suffix}"
    return changed


def tree_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []

