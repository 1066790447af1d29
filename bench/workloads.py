"""The workspaces and channels `bench/run.py` times pyxi on (built into a scratch folder).

- `lockderived_workspace`: environments × platforms on real conda-forge records (the
  `conda-forge-lockderived` channel of the shared repodata, see `repodata_dir`);
- `install_workspace`: a local channel of `count` real conda packages (files of varied sizes,
  a few relative symlinks) and one environment per install size;
- `pypi_workspace`: conda python from the example channel plus PyPI requirements on a local
  index, for several platforms at once.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

REPODATA_VARIABLE = "PYXI_BENCH_REPODATA"

# 8 environments × 3 platforms = 24 solves; the first 4 are the 12-solve workload.
LOCKDERIVED_ENVS = {
    "cpu": ["pytorch-cpu"],
    "sci": ["python 3.11.*", "numpy", "pandas", "scipy", "matplotlib"],
    "py313": ["python 3.13.*", "numpy", "pandas"],
    "py310": ["python 3.10.*", "numpy", "scipy"],
    "py311": ["python 3.11.*", "pandas"],
    "py312": ["python 3.12.*", "numpy", "scipy"],
    "py39": ["python 3.9.*", "numpy"],
    "torch313": ["python 3.13.*", "pytorch-cpu", "numpy"],
}
LOCKDERIVED_PLATFORMS = ["linux-64", "osx-arm64", "win-64"]
INSTALL_SIZES = (10, 50, 200)
PYPI_REQUIREMENTS = ["numpy>=2", "sympy", "filelock", "typing-extensions", "colorama"]
PYPI_PLATFORMS = ["linux-64", "osx-arm64", "win-64"]


def repodata_dir(explicit: str | None, repo: Path) -> Path | None:
    """The shared repodata folder: `explicit` (`--repodata`), else $PYXI_BENCH_REPODATA, else the
    first `shared/data/repodata` found next to the repository or a folder above it."""
    chosen = explicit or os.environ.get(REPODATA_VARIABLE)
    if chosen:
        return Path(chosen)
    for folder in [repo, *repo.parents]:
        candidate = folder / "shared" / "data" / "repodata"
        if (candidate / "conda-forge-lockderived").is_dir():
            return candidate
    return None


def write_workspace(root: Path, channel: str, platforms: list[str], envs: dict[str, list[str]],
                    extra: str = "", first_is_default: bool = True) -> Path:
    """A pixi.toml with one feature and one environment per entry of `envs` (the first is
    `default` unless `first_is_default` is False: pixi then adds an empty one)."""
    root.mkdir(parents=True, exist_ok=True)
    lines = ["[workspace]", 'name = "bench"', f"channels = [{json.dumps(channel)}]",
             f"platforms = {json.dumps(platforms)}", ""]
    for name, specs in envs.items():
        lines.append(f"[feature.{name}.dependencies]")
        for spec in specs:
            package, _, version = spec.partition(" ")
            lines.append(f"{json.dumps(package)} = {json.dumps(version or '*')}")
        lines.append("")
    lines.append("[environments]")
    lines += [f"{'default' if i == 0 and first_is_default else name} = {json.dumps([name])}"
              for i, name in enumerate(envs)]
    (root / "pixi.toml").write_text("\n".join(lines) + "\n" + extra)
    return root


def lockderived_workspace(root: Path, channel: Path, n_envs: int, platforms: list[str]) -> Path:
    envs = dict(list(LOCKDERIVED_ENVS.items())[:n_envs])
    return write_workspace(root, channel.as_uri(), platforms, envs)


# ------------------------------------------------------------------------------- install


_WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "import", "return", "class", "def", "lib", "include"]


def _text(rng: random.Random, size: int) -> str:
    return " ".join(rng.choices(_WORDS, k=size // 6)) + "\n"


def install_channel(root: Path, count: int, subdir: str) -> Path:
    """`count` packages `bench-NNN` 1.0 with 3–60 text files of 100 B–30 KB each (so archives
    compress like real ones) and one relative symlink every fifth package."""
    from pyxi.testing.channel import LocalChannel
    from pyxi.testing.conda_package import CondaPackageSpec

    channel = LocalChannel(root)
    rng = random.Random(20)
    for index in range(count):
        name = f"bench-{index:03d}"
        files = {f"lib/{name}/file{k:02d}.txt": _text(rng, rng.randint(100, 30_000))
                 for k in range(rng.randint(3, 60))}
        links = {f"lib/{name}/latest.txt": "file00.txt"} if index % 5 == 0 else {}
        channel.add(CondaPackageSpec(name, "1.0", "0", subdir=subdir, files=files, symlinks=links))
    channel.index()
    return root


def install_workspace(root: Path, subdir: str) -> Path:
    """Environments `n10`, `n50`, `n200`: the first N packages of `install_channel`."""
    channel = install_channel(root / "channel", max(INSTALL_SIZES), subdir)
    envs = {f"n{size}": [f"bench-{i:03d}" for i in range(size)] for size in INSTALL_SIZES}
    return write_workspace(root, channel.resolve().as_uri(), [subdir], envs, first_is_default=False)


# ---------------------------------------------------------------------------------- pypi


def pypi_workspace(root: Path, channel: Path, index: str) -> Path:
    """conda python, PyPI requirements from the local index, for `PYPI_PLATFORMS`."""
    root.mkdir(parents=True, exist_ok=True)
    deps = "".join(f'{r.split(">")[0]} = "{r[len(r.split(">")[0]):] or "*"}"\n' for r in PYPI_REQUIREMENTS)
    (root / "pixi.toml").write_text(
        f'[workspace]\nname = "bench-pypi"\nchannels = [{json.dumps(channel.resolve().as_uri())}]\n'
        f"platforms = {json.dumps(PYPI_PLATFORMS)}\n\n"
        '[dependencies]\npython = "3.11.*"\n\n[pypi-dependencies]\n' + deps
        + f'\n[pypi-options]\nindex-url = "{index}"\n')
    (root / "requirements.in").write_text("\n".join(PYPI_REQUIREMENTS) + "\n")
    return root
