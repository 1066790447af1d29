"""The mapping shipped with pyxi: what it says, how fast it loads, and that the wheel has it."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pyxi.pypi.mapping_sources import snapshot_table

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("channel", "name", "pypi"),
    [
        ("conda-forge", "tzdata", ()),
        ("conda-forge", "python", ()),
        ("conda-forge", "python-tzdata", ("tzdata",)),
        ("conda-forge", "msgpack-python", ("msgpack", "msgpack-python")),
        ("conda-forge", "matplotlib", ("matplotlib",)),
        ("conda-forge", "libtorch", ()),
        ("pytorch", "pytorch", ("torch",)),
        ("pytorch", "pytorch-cuda", ()),
    ],
)
def test_what_the_shipped_mapping_says(channel: str, name: str, pypi: tuple[str, ...]) -> None:
    assert snapshot_table(channel)[name] == pypi


def test_sizes_and_load_time() -> None:
    started = time.perf_counter()
    tables = {c: snapshot_table(c) for c in ("conda-forge", "pytorch", "bioconda")}
    elapsed = time.perf_counter() - started
    assert {c: len(t) for c, t in tables.items()} == {
        "conda-forge": 33909, "pytorch": 57, "bioconda": 12613}
    assert elapsed < 2  # ~40 ms here: only ever paid when a lock needs the mapping


def test_the_wheel_ships_the_mapping_and_its_licence(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = Path(next(iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path / "dist")))))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {f"pyxi/pypi/data/{f}" for f in (
            "conda-forge.json.gz", "pytorch.json.gz", "bioconda.json.gz", "LICENSE")} <= names
        archive.extractall(tmp_path / "site")
    # The installed copy alone (no site-packages, no source tree) reads its mapping.
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from pyxi.pypi import mapping_sources as m; "
            "assert m.__file__.startswith(sys.argv[1]), m.__file__; "
            "print(m.snapshot_table('conda-forge')['python-tzdata'])")
    done = subprocess.run([sys.executable, "-S", "-c", code, str(tmp_path / "site")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "('tzdata',)"
