"""Exposed commands: pyxi's sh trampoline does what pixi's compiled one does with the same JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pyxi.global_ import trampoline
from pyxi.global_.paths import GlobalPaths
from pyxi.global_.trampoline import TrampolineConfig

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="sh trampolines are POSIX only")

WEIRD = 'it\'s "quoted" $HOME `x` \\ and\nnewline'


@pytest.fixture
def paths(tmp_path: Path) -> GlobalPaths:
    return GlobalPaths(tmp_path / "home", tmp_path / "home" / "manifests" / "pixi-global.toml")


def _exe(tmp_path: Path) -> Path:
    """An executable (in a folder with awkward characters) that prints its arguments and env."""
    folder = tmp_path / "env $x 'q'" / "bin"
    folder.mkdir(parents=True)
    exe = folder / "show"
    exe.write_text(
        '#!/bin/sh\nfor a in "$@"; do echo "arg=$a"; done\necho "PATH=$PATH"\necho "V=$V"\n'
    )
    exe.chmod(0o755)
    return exe


def _run(paths: GlobalPaths, name: str, *args: str, **env: str) -> list[str]:
    done = subprocess.run(
        [str(paths.exposed_path(name)), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_script_sets_variables_prepends_path_diff_and_passes_arguments(paths, tmp_path):
    exe = _exe(tmp_path)
    config = TrampolineConfig(str(exe), f"{exe.parent}:/opt/extra", {"V": WEIRD, "bad name": "x"})
    trampoline.write("show", config, paths)
    assert json.loads(paths.trampoline_config("show").read_text()) == {
        "exe": str(exe), "path_diff": f"{exe.parent}:/opt/extra", "env": {"V": WEIRD, "bad name": "x"},
    }  # fmt: skip
    out = _run(paths, "show", "a b", "$c", PATH="/usr/bin:/bin")
    assert out[:3] == ["arg=a b", "arg=$c", f"PATH={exe.parent}:/opt/extra:/usr/bin:/bin"]
    assert "\n".join(out[3:]) == f"V={WEIRD}"
    # pixi's PIXI_BASE_PATH: entries added since come first, then the environment's, then the base.
    out = _run(paths, "show", PATH="/new:/usr/bin:/bin", PIXI_BASE_PATH="/usr/bin:/bin")
    assert out[0] == f"PATH=/new:{exe.parent}:/opt/extra:/usr/bin:/bin"


def test_current_means_same_settings_and_a_trampoline_pixi_or_pyxi_wrote(paths, tmp_path):
    exe = _exe(tmp_path)
    config = TrampolineConfig(str(exe), str(exe.parent), {"V": "1"})
    trampoline.write("show", config, paths)
    assert trampoline.is_current("show", config, paths)
    assert not trampoline.is_current(
        "show", TrampolineConfig(str(exe), str(exe.parent), {"V": "2"}), paths
    )
    assert trampoline.exposed_target("show", paths) == str(exe)

    paths.exposed_path("show").write_text("hello")  # damaged: no longer current
    assert not trampoline.is_current("show", config, paths)
    pixi_bin = paths.trampoline_dir / "trampoline_bin"
    pixi_bin.write_bytes(b"\x7fELF\x00\x00pixi")
    os.link(pixi_bin, paths.exposed_path("other"))
    assert trampoline.is_pixi_trampoline(paths.exposed_path("other"), paths)
    trampoline.write("other", config, paths)  # pixi's binary stays: it reads the settings
    assert paths.exposed_path("other").read_bytes() == b"\x7fELF\x00\x00pixi"
    assert trampoline.is_current("other", config, paths)
    trampoline.remove("other", paths)
    assert (
        not paths.exposed_path("other").exists() and not paths.trampoline_config("other").exists()
    )


def test_old_pixi_script_names_its_executable(paths):
    paths.bin_dir.mkdir(parents=True)
    paths.exposed_path("old").write_text(
        '#!/bin/sh\nexport PATH="/e/bin:$PATH"\n"/e/bin/old" "$@"\n'
    )
    assert trampoline.exposed_target("old", paths) == "/e/bin/old"
    paths.exposed_path("mine").write_text("#!/bin/sh\necho mine\n")
    assert trampoline.exposed_target("mine", paths) is None
