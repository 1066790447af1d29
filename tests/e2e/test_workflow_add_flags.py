"""`add`/`remove` flags as pixi has them: spec forms, a missing platform added, a bare name
already present left alone, `--frozen` (manifest only), PyPI sources (`--git`, `--editable`,
`--index`), `[dependency-groups]` in a pyproject, and usage errors that change nothing."""

from __future__ import annotations

import tomli
from workflow_world import locked, manifest


def test_add_spec_forms_platforms_and_existing_names(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url))
    path = ws.root / "pixi.toml"
    ws.pyxi("add", "beta[build=h0_0]", "--no-install")
    assert tomli.loads(path.read_text())["dependencies"]["beta"] == {
        "version": ">=0.3.2,<0.4", "build": "h0_0"}

    added = ws.pyxi("add", "-p", "osx-arm64", "delta", "--no-install")
    assert "Added these only for platform(s): osx-arm64" in added.stderr
    data = tomli.loads(path.read_text())
    assert data["workspace"]["platforms"] == ["linux-64", "osx-arm64"]  # added, as pixi does
    assert data["target"]["osx-arm64"]["dependencies"]["delta"] == ">=1.1,<2"
    assert set(locked(ws.lock)["default"]) == {"linux-64", "osx-arm64"}

    before = path.read_bytes(), ws.lock.read_bytes()
    again = ws.pyxi("add", "alpha", "--no-install")
    assert "alpha is already a dependency" in again.stderr and "pyxi upgrade alpha" in again.stderr
    assert (path.read_bytes(), ws.lock.read_bytes()) == before
    unknown = ws.pyxi("add", "-p", "linux-65", "beta", expect=1)
    assert "workspace does not define a platform named 'linux-65'" in unknown.stderr
    for usage in (["--editable", "beta"], ["--pypi", "--host", "beta"], ["-e", "x", "-f", "y", "beta"],
                  ["--branch", "main", "beta"]):
        assert "error:" in ws.pyxi("add", *usage, expect=2).stderr
    assert "pixi-build" in ws.pyxi("add", "--git", "https://x/y.git", "beta", expect=1).stderr
    assert (path.read_bytes(), ws.lock.read_bytes()) == before

    frozen = ws.pyxi("add", "--frozen", "epsilon==3.0")
    assert "Added epsilon==3.0" in frozen.stderr
    assert tomli.loads(path.read_text())["dependencies"]["epsilon"] == "==3.0"
    assert ws.lock.read_bytes() == before[1] and not (ws.root / ".pixi" / "envs").exists()


def test_add_pypi_sources_and_dependency_groups(make_workspace, wf_channel, tmp_path):
    ws = make_workspace(manifest(wf_channel.url))
    path = ws.root / "pixi.toml"
    local = tmp_path / "mylib"
    ws.pyxi("add", "--frozen", "--pypi", "--editable", f"mylib @ {local.as_uri()}")
    ws.pyxi("add", "--frozen", "--pypi", "--git", "https://example.com/r.git", "--branch", "dev",
            "--subdirectory", "sub", "tool")
    ws.pyxi("add", "--frozen", "--pypi", "--index", "https://example.com/simple", "fast>=1")
    pypi = tomli.loads(path.read_text())["pypi-dependencies"]
    assert pypi == {
        "mylib": {"path": str(local), "editable": True},
        "tool": {"git": "https://example.com/r.git", "branch": "dev", "subdirectory": "sub"},
        "fast": {"version": ">=1", "index": "https://example.com/simple"},
    }
    removed = ws.pyxi("remove", "--pypi", "tool", "--frozen")
    assert "Removed tool" in removed.stderr
    assert "tool" not in tomli.loads(path.read_text())["pypi-dependencies"]

    project = ws.root / "pyproject.toml"
    path.unlink()
    project.write_text(
        '[project]\nname = "demo"\ndependencies = []\n\n[tool.pixi.workspace]\n'
        f'channels = ["{wf_channel.url}"]\nplatforms = ["linux-64"]\n'
    )
    ws.pyxi("add", "--frozen", "--feature", "test", "--pypi", "pytest>=8")
    ws.pyxi("add", "--frozen", "--pypi", "rich>=13")
    data = tomli.loads(project.read_text())
    assert data["dependency-groups"] == {"test": ["pytest>=8"]}
    assert data["project"]["dependencies"] == ["rich>=13"]
    ws.pyxi("remove", "--frozen", "--feature", "test", "--pypi", "pytest")
    assert tomli.loads(project.read_text())["dependency-groups"] == {"test": []}


def test_remove_points_at_where_the_dependency_is(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, '\n[feature.fa.dependencies]\nbeta = "*"\n'))
    before = (ws.root / "pixi.toml").read_bytes()
    elsewhere = ws.pyxi("remove", "beta", expect=1)
    assert "dependency `beta` was not found in dependencies" in elsewhere.stderr
    assert "try `pyxi remove --feature fa beta`" in elsewhere.stderr
    close = ws.pyxi("remove", "alpah", expect=1)
    assert "did you mean `alpha`?" in close.stderr
    assert (ws.root / "pixi.toml").read_bytes() == before


def test_add_to_a_feature_no_environment_uses(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url))
    path = ws.root / "pixi.toml"
    added = ws.pyxi("add", "--feature", "test", "beta", "--no-install")
    assert "not used in any environment" in added.stderr and "defined but not used" not in added.stderr
    assert "pyxi upgrade --feature test beta" in added.stderr
    assert tomli.loads(path.read_text())["feature"]["test"]["dependencies"]["beta"] == "*"
    path.write_text(path.read_text() + '\n[environments]\nt = ["test"]\n')
    ws.pyxi("upgrade", "--feature", "test", "beta", "--no-install")
    assert tomli.loads(path.read_text())["feature"]["test"]["dependencies"]["beta"] == ">=0.3.2,<0.4"
