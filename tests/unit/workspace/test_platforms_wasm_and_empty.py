"""Features whose `platforms` share none, and the emscripten/wasi platforms: as pixi, not
stricter. An environment left without a platform parses with a warning and locks (with nothing
in it); only a command that needs one of its platforms refuses. emscripten counts as unix; neither wasm
platform has an `__archspec`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pyxi.diagnostics import HostError
from pyxi.env.host_platform import select_platform
from pyxi.env.tasks_render import pixi_context
from pyxi.manifest.parse import parse_manifest
from pyxi.workspace.environment import build_workspace
from pyxi.workspace.virtual_packages import default_virtual_packages

MANIFEST = """\
[workspace]
name = "w"
channels = []
platforms = ["linux-64", "osx-arm64", "emscripten-wasm32", "wasi-wasm32"]

[target.unix.dependencies]
posix-tool = "*"

[feature.linux]
platforms = ["linux-64"]

[feature.mac]
platforms = ["osx-arm64"]

[environments]
nowhere = ["linux", "mac"]
"""


def _workspace(root: Path = Path("/w")):
    return build_workspace(parse_manifest(textwrap.dedent(MANIFEST), root / "pixi.toml"))


def test_an_environment_without_a_shared_platform_is_no_manifest_error(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)  # selecting remembers the host under the workspace
    assert workspace.environments["nowhere"].platforms == []
    assert len(workspace.environments["default"].platforms) == 4
    assert any("`nowhere` has no platform" in w for w in workspace.manifest.warnings)
    for to_run in (True, False):  # run/install and list/tree alike
        with pytest.raises(HostError, match="has no platform: its features' `platforms` do not"):
            select_platform(workspace.environments["nowhere"], to_run=to_run)


@pytest.mark.parametrize(("subdir", "expected"), [
    ("emscripten-wasm32", ["__unix=0=0"]),
    ("wasi-wasm32", []),
    ("zos-z", []),
    ("linux-aarch64", ["__unix=0=0", "__linux=4.18", "__glibc=2.28", "__archspec=0=aarch64"]),
])
def test_default_virtual_packages_as_pixi_writes_them(subdir: str, expected: list[str]) -> None:
    assert [str(vp) for vp in default_virtual_packages(subdir)] == expected


def test_unix_selector_and_template_flag_cover_emscripten_only() -> None:
    env = _workspace().environments["default"]
    deps = {p.name: [d.name for d in env.conda_dependencies(p)] for p in env.platforms}
    assert deps == {"linux-64": ["posix-tool"], "osx-arm64": ["posix-tool"],
                    "emscripten-wasm32": ["posix-tool"], "wasi-wasm32": []}
    assert pixi_context(env.platform("emscripten-wasm32"), "default", "m")["is_unix"] is True
    assert pixi_context(env.platform("wasi-wasm32"), "default", "m")["is_unix"] is False


def test_derived_platform_names_compare_with_the_same_defaults() -> None:
    """One table of subdir defaults serves the lock's virtual packages and pixi's derived
    platform names: wasm has no default `__archspec`, so declaring one customises the entry."""
    from pyxi.manifest.platform_names import derive_name

    assert derive_name("emscripten-wasm32", {"__archspec": "wasm32"}) == "emscripten-wasm32-archspec-wasm32"
    assert derive_name("linux-64", {"__archspec": "x86_64", "__glibc": "2.28"}) == "linux-64"
