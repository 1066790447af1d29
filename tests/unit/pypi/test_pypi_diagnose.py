"""The two dead-end messages (ABI, platform), from live uv runs and from recorded uv texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.diagnostics import SolveError
from pyxi.manifest.model import PypiDependency, PypiOptions
from pyxi.pypi.diagnose import FailureContext, conda_platform_of, cpu_index_for, diagnose
from pyxi.pypi.resolve import PypiResolveRequest, resolve_pypi

ABI_TEXT = """error: No solution found when resolving dependencies:
  cause: Because torch==2.5.1+cpu has no wheels with a matching Python ABI tag (e.g., `cp313`) and pyxi-env depends
         on torch==2.5.1+cpu, we can conclude that your requirements are unsatisfiable.
hint: You require CPython 3.13 (`cp313`), but we only found wheels for `torch` (v2.5.1+cpu) with the following Python ABI tags: `cp311`, `cp312`
"""
IMPL_TEXT = ("hint: You require CPython 3.9 (`cp39`), but we only found wheels for `numpy` (v2.2.0) with the "
             "following Python implementation tags: `cp311`, `cp312`, `cp313`")
PLAT_TEXT = """  cause: Because torch==2.5.1+cu124 has no wheels with a matching platform tag (e.g., `macosx_13_0_arm64`) and pyxi-env depends on torch==2.5.1+cu124, we can conclude that your requirements are unsatisfiable.
hint: Wheels are available for `torch` (v2.5.1+cu124) on the following platforms: `manylinux_2_28_x86_64`, `win_amd64`
"""
ONE_PLAT = "hint: Wheels are available for `linuxonly` (v1.0) on the following platform: `manylinux_2_28_x86_64`"

CU124 = "https://download.pytorch.org/whl/cu124"


def ctx(platform: str = "linux-64", python: str = "3.13.0", env: str = "gpu") -> FailureContext:
    deps = [PypiDependency("torch", ">=2.5.1", index=CU124), PypiDependency("torchvision", ">=0.20.1", index=CU124)]
    return FailureContext(env, platform, platform, python, deps)


def full_text(error: SolveError) -> str:
    return "\n".join([error.message, *error.notes, error.help or ""])


def test_abi_message_from_recorded_text() -> None:
    error = diagnose(ABI_TEXT, ctx())
    assert "`torch` 2.5.1+cpu" in error.message and "Python 3.13" in error.message
    assert "`gpu`" in error.message and "`linux-64`" in error.message
    text = full_text(error)
    assert "3.13.0" in text and "`cp311`, `cp312`" in text
    assert 'python = "3.12.*"' in (error.help or "") and "requires-python" in (error.help or "")
    assert "gpu (linux-64) depends" in text  # uv's project name replaced by env and platform


def test_implementation_tags_variant() -> None:
    error = diagnose(IMPL_TEXT, ctx(python="3.9.18"))
    assert "`numpy` 2.2.0" in error.message and "3.11, 3.12, 3.13" in full_text(error)


def test_platform_message_from_recorded_text() -> None:
    error = diagnose(PLAT_TEXT, ctx("osx-arm64", "3.12.1"))
    assert "`torch` 2.5.1+cu124" in error.message and "`osx-arm64`" in error.message
    assert "`gpu`" in error.message
    text = full_text(error)
    assert "linux-64, win-64" in text and "macosx_13_0_arm64" in text
    assert "[target.osx-arm64.pypi-dependencies]" in (error.help or "")
    assert 'torch = { version = ">=2.5.1", index = "https://download.pytorch.org/whl/cpu" }' in (error.help or "")
    assert 'torchvision = { version = ">=0.20.1", index = "https://download.pytorch.org/whl/cpu" }' in (error.help or "")


def test_single_platform_variant() -> None:
    error = diagnose(ONE_PLAT, FailureContext("default", "win-64", "win-64", "3.12.1"))
    assert "`linuxonly` 1.0" in error.message and "linux-64" in full_text(error)


def test_fallback_keeps_uv_text() -> None:
    error = diagnose("error: something unexpected happened in pyxi-env", ctx())
    assert error.message == "failed to resolve PyPI dependencies for environment `gpu` on platform `linux-64`"
    assert "something unexpected happened in gpu (linux-64)" in error.notes[0]


def test_helpers() -> None:
    assert conda_platform_of("macosx_11_0_arm64") == "osx-arm64"
    assert conda_platform_of("manylinux2014_aarch64") == "linux-aarch64"
    assert cpu_index_for(CU124) == "https://download.pytorch.org/whl/cpu"
    assert cpu_index_for("https://pypi.org/simple") is None


def _request(base: str, platform: str, python: str, index: str, root: Path, cache: Path) -> PypiResolveRequest:
    deps = [PypiDependency("torch", ">=2.5.1", index=index), PypiDependency("torchvision", ">=0.20.1", index=index)]
    return PypiResolveRequest("gpu", platform, platform, python, deps, root, cache,
                              options=PypiOptions(index_url=f"{base}pypi/simple"))


def test_live_abi_mismatch(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    import sys

    if sys.version_info[:2] == (3, 13):
        pytest.skip("the world adds the running interpreter's ABI tag")
    with pytest.raises(SolveError) as caught:
        resolve_pypi(_request(http_base, "linux-64", "3.13.0", f"{http_base}torch-cu124/simple", tmp_path, uv_cache))
    error = caught.value
    assert "`torch` 2.5.1+cu124 has no wheel for Python 3.13 (`cp313`)" in error.message
    assert "environment `gpu` on platform `linux-64`" in error.message
    assert "`cp311`, `cp312`" in full_text(error)
    assert "lower the Python version" in (error.help or "")


def test_live_platform_mismatch(http_base: str, tmp_path: Path, uv_cache: Path) -> None:
    cu124 = f"{http_base}torch-cu124/simple"
    with pytest.raises(SolveError) as caught:
        resolve_pypi(_request(http_base, "osx-arm64", "3.12.1", cu124, tmp_path, uv_cache))
    error = caught.value
    assert "`torch` 2.5.1+cu124 has no wheel for platform `osx-arm64`" in error.message
    assert "environment `gpu`" in error.message
    text = full_text(error)
    assert "`manylinux_2_28_x86_64`, `win_amd64`" in text and "linux-64, win-64" in text
    assert f"pinned to the index {cu124}" in text
    assert f'torch = {{ version = ">=2.5.1", index = "{http_base}torch-cpu/simple" }}' in (error.help or "")
