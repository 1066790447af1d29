"""`CONDA_OVERRIDE_*` as a user may type them, and the host check's messages for each.

Values are trimmed as conda trims them; what cannot be a version is one clean `error:` naming
the variable and the value (never an internal error), on every command that looks at the host,
including `run`'s import-light path. The host check's messages say what is true: which package
needs (or constrains) which `__cuda`, or that nothing locked needs a driver at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec

from .conftest import Workspace, manifest, small_spec
from .inprocess import assert_one_clean_error

CUDA = "[system-requirements]\ncuda = \"12.0\"\n"


def _gpu_lib(depends: tuple[str, ...] = ("__cuda",)) -> CondaPackageSpec:
    return CondaPackageSpec("gpu-lib", "1.0", "cuda_0", depends=depends,
                            files={"share/gpu-lib/VERSION": "1.0\n"})


@pytest.fixture(scope="session")
def cuda_channel(tmp_path_factory: pytest.TempPathFactory) -> LocalChannel:
    """`gpu-lib` needs `__cuda` (any version); `cuda-version 12.6` constrains `__cuda >=12`,
    as conda-forge's does; `foo` needs nothing."""
    channel = LocalChannel(tmp_path_factory.mktemp("cuda-channel") / "chan")
    version = CondaPackageSpec("cuda-version", "12.6", "h0_3", noarch="generic", subdir="noarch",
                               constrains=["__cuda >=12"])
    channel.add_all([_gpu_lib(), version, small_spec("foo")])
    return channel.index()


def _installed(ws: Workspace, channel: LocalChannel, deps: dict[str, str], extra: str = CUDA) -> Workspace:
    ws.write(manifest([channel.url], deps, extra))
    ws.pyxi("install", env={"CONDA_OVERRIDE_CUDA": "12.6"})
    return ws


BAD = [
    ("CONDA_OVERRIDE_CUDA", "-1"),
    ("CONDA_OVERRIDE_CUDA", "99999999999999999999"),
    ("CONDA_OVERRIDE_CUDA", "abc"),
    ("CONDA_OVERRIDE_CUDA", "12.6 beta"),
    ("CONDA_OVERRIDE_LINUX", "x..y"),
    ("CONDA_OVERRIDE_GLIBC", "2..17"),
    ("CONDA_OVERRIDE_ARCHSPEC", "x86-64 v3"),
]


@pytest.mark.parametrize(("variable", "value"), BAD)
@pytest.mark.parametrize("command", [["run", "true"], ["info"], ["info", "--json"], ["install"]])
def test_a_value_that_cannot_be_a_version_is_a_clean_error(
    workspace: Workspace, cuda_channel: LocalChannel, variable: str, value: str, command: list[str]
) -> None:
    ws = _installed(workspace, cuda_channel, {"foo": "*"}, extra="")  # `run` could take its shortcut
    result = ws.pyxi(*command, env={variable: value}, expect=None)
    assert_one_clean_error(result.returncode, result.stderr, f"{command} {variable}={value!r}")
    error = result.stderr.splitlines()[0]
    assert variable in error and repr(value) in error, error
    assert result.stdout == ""


def test_values_are_trimmed_as_conda_trims_them(workspace: Workspace, cuda_channel: LocalChannel) -> None:
    ws = _installed(workspace, cuda_channel, {"gpu-lib": "*", "cuda-version": "12.6.*"})
    spaced = {"CONDA_OVERRIDE_CUDA": " 12.6 ", "CONDA_OVERRIDE_GLIBC": "\t2.36\n"}
    info = json.loads(ws.pyxi("info", "--json", env=spaced).stdout)
    assert "__cuda=12.6=0" in info["virtual_packages"]
    assert "__glibc=2.36=0" in info["virtual_packages"]
    ran = ws.pyxi("run", "cat", ".pixi/envs/default/share/gpu-lib/VERSION", env=spaced)
    assert ran.stdout == "1.0\n" and "warning" not in ran.stderr
    assert ws.pyxi("install", env=spaced).returncode == 0
    # Empty (or only blanks): this machine has no such package.
    info = json.loads(ws.pyxi("info", "--json", env={"CONDA_OVERRIDE_CUDA": "  "}).stdout)
    assert not any(vp.startswith("__cuda=") for vp in info["virtual_packages"])


# What a CUDA environment (`gpu-lib` needs `__cuda`, `cuda-version` constrains `__cuda >=12`,
# `cuda = "12.0"` declared) is told for each value: only true statements.
@pytest.mark.parametrize("command", ["run", "install"])
def test_cuda_messages_are_true_for_every_value(
    workspace: Workspace, cuda_channel: LocalChannel, command: str
) -> None:
    ws = _installed(workspace, cuda_channel, {"gpu-lib": "*", "cuda-version": "12.6.*"})
    argv = ["run", "true"] if command == "run" else ["install"]

    def attempt(value: str):  # type: ignore[no-untyped-def]
        return ws.pyxi(*argv, env={"CONDA_OVERRIDE_CUDA": value}, expect=None)

    fine = attempt("12.6")
    assert fine.returncode == 0 and "warning" not in fine.stderr, str(fine)

    old = attempt("11")
    assert_one_clean_error(old.returncode, old.stderr, "11")
    assert "`__cuda >=12`" in old.stderr and "cuda-version-12.6" in old.stderr, old.stderr
    assert "__cuda=11" in old.stderr
    assert "do not need" not in old.stderr and "continuing" not in old.stderr

    none = attempt("")
    assert_one_clean_error(none.returncode, none.stderr, "empty")
    assert "`__cuda`" in none.stderr and "gpu-lib-1.0-cuda_0" in none.stderr
    assert "no __cuda" in none.stderr and "CONDA_OVERRIDE_CUDA=12.0" in none.stderr

    letters = attempt("abc")
    assert_one_clean_error(letters.returncode, letters.stderr, "abc")
    assert "CONDA_OVERRIDE_CUDA='abc' is not a version" in letters.stderr


def test_declared_cuda_that_nothing_needs_is_a_true_warning(
    workspace: Workspace, cuda_channel: LocalChannel
) -> None:
    ws = _installed(workspace, cuda_channel, {"foo": "*"})
    for value, machine in (("", "has no CUDA driver (no `__cuda`)"), ("11", "has `__cuda=11`")):
        result = ws.pyxi("run", "true", env={"CONDA_OVERRIDE_CUDA": value})
        assert f"declares `cuda = \"12.0\"` but this machine {machine}" in result.stderr
        assert "none of its locked packages needs a CUDA driver" in result.stderr


def test_declared_cuda_above_what_the_packages_need(
    workspace: Workspace, cuda_channel: LocalChannel
) -> None:
    """`gpu-lib` needs any `__cuda`: a machine with 11 runs it, and is told exactly that."""
    ws = _installed(workspace, cuda_channel, {"gpu-lib": "*"})
    result = ws.pyxi("run", "true", env={"CONDA_OVERRIDE_CUDA": "11"})
    assert "declares `cuda = \"12.0\"` but this machine has `__cuda=11`" in result.stderr
    assert "its locked packages need only `__cuda`, which it meets" in result.stderr


def test_override_errors_name_the_variable_in_a_task_run_too(
    workspace: Workspace, cuda_channel: LocalChannel, tmp_path: Path
) -> None:
    ws = _installed(workspace, cuda_channel, {"foo": "*"}, extra='[tasks]\nhello = "echo hi"\n')
    result = ws.pyxi("run", "hello", env={"CONDA_OVERRIDE_OSX": "ten"}, expect=None)
    assert_one_clean_error(result.returncode, result.stderr)
    assert "CONDA_OVERRIDE_OSX='ten'" in result.stderr
