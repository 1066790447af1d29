from __future__ import annotations

import pytest
from packaging.markers import Marker
from packaging.tags import Tag

from pyxi.pypi.tags import (
    PythonTarget,
    UnsupportedTargetError,
    abi_tag,
    marker_environment,
    platform_env,
    platform_tags,
    python_platform,
    uv_glibc,
    uv_python_version,
    wheel_rank,
)


@pytest.mark.parametrize(
    ("subdir", "glibc", "expected"),
    [
        ("linux-64", None, "x86_64-manylinux_2_28"),
        ("linux-64", "2.17", "x86_64-manylinux_2_17"),
        ("linux-64", "2.26", "x86_64-manylinux_2_17"),
        ("linux-64", "2.30", "x86_64-manylinux_2_28"),
        ("linux-64", "2.34", "x86_64-manylinux_2_34"),
        ("linux-64", "2.45", "x86_64-manylinux_2_40"),
        ("linux-aarch64", None, "aarch64-manylinux_2_28"),
        ("linux-ppc64le", None, "ppc64le-manylinux_2_28"),
        ("osx-arm64", None, "aarch64-apple-darwin"),
        ("osx-64", None, "x86_64-apple-darwin"),
        ("win-64", None, "x86_64-pc-windows-msvc"),
        ("win-arm64", None, "aarch64-pc-windows-msvc"),
    ],
)
def test_python_platform(subdir: str, glibc: str | None, expected: str) -> None:
    assert python_platform(subdir, glibc) == expected


def test_unsupported_targets() -> None:
    with pytest.raises(UnsupportedTargetError):
        python_platform("emscripten-wasm32")
    with pytest.raises(UnsupportedTargetError):
        uv_glibc("2.12")


def test_osx_deployment_target() -> None:
    assert platform_env("osx-arm64", None) == {"MACOSX_DEPLOYMENT_TARGET": "13.0"}
    assert platform_env("osx-64", "10.15") == {"MACOSX_DEPLOYMENT_TARGET": "10.15"}
    assert platform_env("linux-64", "13.0") == {}


def test_python_version_and_abi() -> None:
    assert uv_python_version("3.12.1") == "3.12.1"
    assert uv_python_version("3.13.0rc1") == "3.13.0rc1"
    assert uv_python_version("3.11") == "3.11"
    assert abi_tag("3.12.1") == "cp312"
    assert abi_tag("3.13.0", free_threaded=True) == "cp313t"


@pytest.mark.parametrize(
    ("subdir", "sys_platform", "machine", "system"),
    [("linux-64", "linux", "x86_64", "Linux"), ("osx-arm64", "darwin", "arm64", "Darwin"),
     ("win-64", "win32", "AMD64", "Windows"), ("linux-aarch64", "linux", "aarch64", "Linux")],
)
def test_marker_environment(subdir: str, sys_platform: str, machine: str, system: str) -> None:
    env = marker_environment(subdir, "3.12.1")
    assert (env["sys_platform"], env["platform_machine"], env["platform_system"]) == (sys_platform, machine, system)
    assert env["python_version"] == "3.12" and env["python_full_version"] == "3.12.1"
    assert Marker("python_version >= '3.12' and implementation_name == 'cpython'").evaluate(env)
    assert Marker("sys_platform == 'win32'").evaluate(env) == (subdir == "win-64")


def test_platform_tags() -> None:
    linux = platform_tags("linux-64", "2.28")
    assert linux[0] == "manylinux_2_28_x86_64"
    assert "manylinux2014_x86_64" in linux and "manylinux_2_29_x86_64" not in linux
    assert platform_tags("osx-arm64")[0] == "macosx_13_0_arm64"
    assert platform_tags("win-64") == ["win_amd64"]


def test_wheel_tags_rank_specific_first() -> None:
    target = PythonTarget("win-64", "3.12.1")
    ranked = target.wheel_tags()
    assert ranked[0] == Tag("cp312", "cp312", "win_amd64")
    specific = wheel_rank("x-1-cp312-cp312-win_amd64.whl", ranked)
    abi3 = wheel_rank("x-1-cp37-abi3-win_amd64.whl", ranked)
    pure = wheel_rank("x-1-py3-none-any.whl", ranked)
    assert specific is not None and abi3 is not None and pure is not None
    assert specific < abi3 < pure
    assert wheel_rank("x-1-cp312-cp312-manylinux_2_28_x86_64.whl", ranked) is None
    assert wheel_rank("x-1-cp311-cp311-win_amd64.whl", ranked) is None


def test_macos_wheel_tags_follow_declared_osx() -> None:
    old = PythonTarget("osx-arm64", "3.12.1", osx="12.0").wheel_tags()
    assert wheel_rank("x-1-cp312-cp312-macosx_13_0_arm64.whl", old) is None
    assert wheel_rank("x-1-cp312-cp312-macosx_11_0_arm64.whl", old) is not None
