from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.manifest.discover import find_manifest

PIXI = '[workspace]\nname = "a"\nchannels = []\n'
WITH_TOOL = '[project]\nname = "a"\n[tool.pixi.workspace]\nchannels = []\n'
WITHOUT_TOOL = '[project]\nname = "a"\n[tool.ruff]\nline-length = 1\n'


@pytest.fixture(autouse=True)
def _no_shell_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PIXI_IN_SHELL", raising=False)
    monkeypatch.delenv("PIXI_PROJECT_MANIFEST", raising=False)


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


@pytest.mark.parametrize(
    ("files", "start", "expected"),
    [
        ({"pixi.toml": PIXI, "pyproject.toml": WITH_TOOL}, ".", "pixi.toml"),
        ({"pyproject.toml": WITH_TOOL}, ".", "pyproject.toml"),
        ({"pixi.toml": PIXI, "sub/pyproject.toml": WITHOUT_TOOL}, "sub", "pixi.toml"),
        ({"pyproject.toml": PIXI, "a/b/pixi.toml": PIXI}, "a/b/c", "a/b/pixi.toml"),
        ({"pixi.toml": PIXI, "a/pyproject.toml": WITH_TOOL}, "a/b", "a/pyproject.toml"),
    ],
)
def test_search_order(tmp_path: Path, files: dict[str, str], start: str, expected: str) -> None:
    write(tmp_path, files)
    (tmp_path / start).mkdir(parents=True, exist_ok=True)
    assert find_manifest(tmp_path / start) == tmp_path / expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [("ws/pixi.toml", "ws/pixi.toml"), ("ws", "ws/pixi.toml"), ("py", "py/pyproject.toml")],
)
def test_manifest_path(tmp_path: Path, given: str, expected: str) -> None:
    write(tmp_path, {"ws/pixi.toml": PIXI, "py/pyproject.toml": WITH_TOOL, "pixi.toml": PIXI})
    assert find_manifest(tmp_path, given) == tmp_path / expected


@pytest.mark.parametrize("given", ["missing.toml", "empty"])
def test_manifest_path_errors(tmp_path: Path, given: str) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ManifestError):
        find_manifest(tmp_path, given)


def test_shell_env_is_last_resort(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As pixi: `$PIXI_PROJECT_MANIFEST` is used when no manifest is found upwards; inside a
    shell of another workspace the local manifest wins, and a warning names both."""
    write(tmp_path, {"elsewhere/pixi.toml": PIXI, "start/x.txt": "", "local/pixi.toml": PIXI})
    elsewhere = tmp_path / "elsewhere/pixi.toml"
    monkeypatch.setenv("PIXI_PROJECT_MANIFEST", str(elsewhere))
    assert find_manifest(tmp_path / "start") == elsewhere
    monkeypatch.setenv("PIXI_IN_SHELL", "1")
    assert find_manifest(tmp_path / "start") == elsewhere
    assert find_manifest(tmp_path / "local") == tmp_path / "local/pixi.toml"
    assert f"rather than {elsewhere} from `PIXI_PROJECT_MANIFEST`" in capsys.readouterr().err
    find_manifest(tmp_path / "elsewhere")
    assert capsys.readouterr().err == ""


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(ManifestError) as info:
        find_manifest(tmp_path)
    assert "could not find pixi.toml or pyproject.toml with [tool.pixi]" in info.value.message
    assert str(tmp_path) in info.value.message
    assert "pyxi init" in (info.value.help or "") and "--manifest-path" in (info.value.help or "")
