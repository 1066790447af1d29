"""The tomlkit edits behind `pyxi workspace …`: pixi's platform rules (derived names, defaults
elided, a bare subdir that gains a declaration, the cuda table), and where channels, platforms
and activation land for a feature or an environment's inline content."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_channels import add_channels
from pyxi.manifest.edit_platforms import (
    PlatformChange,
    PlatformDecl,
    PlatformRuleError,
    apply_change,
)
from pyxi.manifest.edit_workspace import owner_path
from pyxi.manifest.platform_names import derive_name, name_problem, rendered


@pytest.mark.parametrize(
    ("subdir", "declared", "name"),
    [
        ("linux-64", {"__glibc": "2.28", "__cuda": "12.0"}, "linux-64-cuda-12-0"),
        ("osx-arm64", {"__osx": "14.0"}, "osx-arm64-macos-14-0"),
        ("linux-64", {"__foo": "1.2", "__cuda": "12", "__cuda_arch": "8.6"},
         "linux-64-cuda-12-cuda-arch-8-6-foo-1-2"),
        ("win-64", {"__win": "10"}, "win-64"),  # the default, so nothing is declared
    ],
)  # fmt: skip
def test_derived_names_follow_pixi(subdir: str, declared: dict[str, str], name: str) -> None:
    assert derive_name(subdir, declared) == name


def test_platform_names_and_rendering() -> None:
    assert name_problem("gpu-linux") is None
    assert "reserved" in (name_problem("unix") or "")
    assert "position 0" in (name_problem("1gpu") or "")
    assert rendered("linux-64", {"__cuda": "12", "__cuda_arch": "8.6", "__glibc": "2.28"}) == [
        'cuda = { driver = "12", arch = "8.6" }']


def test_platform_edits_keep_pixis_invariants() -> None:
    bare = PlatformDecl("linux-64", "linux-64")
    rich = apply_change(bare, PlatformChange(upsert={"__cuda": "12.0"}))
    assert (rich.name, rich.toml().as_string()) == (
        "linux-64-cuda-12-0", '{ platform = "linux-64", cuda = "12.0" }')
    with pytest.raises(PlatformRuleError):  # restating a default does not make it rich
        apply_change(bare, PlatformChange(upsert={"__glibc": "2.28"}))
    named = PlatformDecl.new("gpu", "linux-64", {"__cuda": "12", "__cuda_arch": "8.6"})
    with pytest.raises(PlatformRuleError, match="requires `__cuda`"):
        apply_change(named, PlatformChange(remove=["__cuda"]))
    assert apply_change(named, PlatformChange(clear=True)) == bare  # back to the bare subdir
    moved = apply_change(named, PlatformChange(subdir="linux-aarch64"))
    assert moved.toml().as_string() == (
        '{ name = "gpu", platform = "linux-aarch64", cuda = { driver = "12", arch = "8.6" } }')


def test_feature_and_inline_environment_owners(tmp_path: Path) -> None:
    path = tmp_path / "pixi.toml"
    path.write_text('[workspace]\nname = "w"\nchannels = ["a"]  # main\nplatforms = []\n'
                    '\n[environments]\ndev = ["x"]\n')
    editor = ManifestEditor(path)
    add_channels(editor, owner_path(editor), ["b", "a/"], 3, prepend=True)
    add_channels(editor, owner_path(editor, feature="gpu"), ["nvidia"], None, prepend=False)
    add_channels(editor, owner_path(editor, environment="dev"), ["c"], None, prepend=False)
    assert editor.text() == (
        '[workspace]\nname = "w"\n'
        'channels = [{ channel = "b", priority = 3 }, { channel = "a/", priority = 3 }]  # main\n'
        'platforms = []\n\n[environments]\n\n[environments.dev]\nfeatures = ["x"]\n'
        'channels = ["c"]\n\n[feature.gpu]\nchannels = ["nvidia"]\n'
    )
