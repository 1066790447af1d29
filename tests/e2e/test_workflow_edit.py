"""add, remove, update: the manifest keeps every comment, and each step's lock changes
only what the step asked for (proved by comparing locks)."""

from __future__ import annotations

import json
import os

from workflow_world import comment_lines, locked, manifest, publish_newer

ENVS = (
    "\n[feature.fa.dependencies]\nbeta = \"*\"\n"
    "\n[feature.fb.dependencies]\ngamma = \"*\"\n"
    "\n[environments]\na = [\"fa\"]\nb = [\"fb\"]\n"
)


def test_add_pins_keeps_comments_and_touches_only_what_it_asked(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, platforms='["linux-64", "osx-arm64"]'))
    path = ws.root / "pixi.toml"
    comments = comment_lines(path.read_text())
    ws.pyxi("add", "beta", "--no-install")
    text = path.read_text()
    assert 'beta = ">=0.3.2,<0.4"' in text and 'alpha = "*"' in text
    first = locked(ws.lock)
    assert first["default"]["linux-64"] == {"alpha": "2.5.1", "beta": "0.3.2"}

    ws.pyxi("add", "-p", "linux-64", "delta", "--no-install")
    assert '[target.linux-64.dependencies]\ndelta = ">=1.1,<2"' in path.read_text()
    second = locked(ws.lock)
    assert second["default"]["osx-arm64"] == first["default"]["osx-arm64"]
    assert second["default"]["linux-64"] == {**first["default"]["linux-64"], "delta": "1.1"}

    ws.pyxi("remove", "beta", "--no-install")
    ws.pyxi("remove", "-p", "linux-64", "delta", "--no-install")
    final = path.read_text()
    assert "beta" not in final and "delta" not in final
    assert comment_lines(final) == comments
    assert locked(ws.lock)["default"] == {p: {"alpha": "2.5.1"} for p in ("linux-64", "osx-arm64")}


def test_a_failed_add_restores_manifest_and_lock_byte_for_byte(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url))
    ws.pyxi("lock")
    before = (ws.root / "pixi.toml").read_bytes(), ws.lock.read_bytes()
    for spec in ("no-such-package", "alpha>=9"):
        failed = ws.pyxi("add", spec, expect=None)
        assert failed.returncode != 0
        assert "cannot solve" in failed.stderr
        assert ((ws.root / "pixi.toml").read_bytes(), ws.lock.read_bytes()) == before
    missing = ws.pyxi("remove", "zeta", expect=1)
    assert "dependency `zeta` was not found in dependencies" in missing.stderr
    assert (ws.root / "pixi.toml").read_bytes() == before[0]


def test_feature_edit_resolves_only_its_environments_and_prefers_locked(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, ENVS))
    ws.pyxi("lock")
    first = locked(ws.lock)
    publish_newer(wf_channel)  # alpha 2.6.0 and beta 0.4.0 appear
    ws.pyxi("add", "-f", "fa", "delta", "--no-install")
    text = (ws.root / "pixi.toml").read_text()
    assert '[feature.fa.dependencies]\nbeta = "*"\ndelta = ">=1.1,<2"' in text
    second = locked(ws.lock)
    assert second["b"] == first["b"] and second["default"] == first["default"]
    assert second["a"]["linux-64"] == {**first["a"]["linux-64"], "delta": "1.1"}

    before = ws.lock.read_bytes(), ws.lock.stat().st_mtime_ns
    ws.pyxi("task", "add", "hello", "echo", "hi", "-f", "fb")
    ws.pyxi("lock")
    assert (ws.lock.read_bytes(), ws.lock.stat().st_mtime_ns) == before  # a task re-solves nothing


def test_update_moves_only_the_named_package(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, 'beta = "*"\n'))
    ws.pyxi("lock")
    publish_newer(wf_channel)
    before = ws.lock.read_bytes()
    dry = ws.pyxi("update", "alpha", "--dry-run", "--json")
    [row] = json.loads(dry.stdout)["environment"]["default"]["linux-64"]  # pixi's shape
    assert {k: row[k] for k in ("name", "type", "explicit")} == {
        "name": "alpha", "type": "conda", "explicit": True}
    assert (row["before"]["version"], row["after"]["version"]) == ("2.5.1", "2.6.0")
    assert "name" not in row["before"] and row["before"]["sha256"] != row["after"]["sha256"]
    assert ws.lock.read_bytes() == before
    result = ws.pyxi("update", "alpha")
    assert "alpha 2.5.1 -> 2.6.0" in result.stdout and "beta" not in result.stdout
    assert locked(ws.lock)["default"]["linux-64"] == {"alpha": "2.6.0", "beta": "0.3.2"}
    everything = ws.pyxi("update", "--json")
    [row] = json.loads(everything.stdout)["environment"]["default"]["linux-64"]
    assert (row["name"], row["before"]["version"], row["after"]["version"]) == ("beta", "0.3.2", "0.4.0")
    unknown = ws.pyxi("update", "zeta", expect=1)
    assert "zeta" in unknown.stderr


def test_add_and_remove_pypi_packages(make_workspace, worlds):
    text = (
        "# pypi too\n[workspace]\nname = \"py\"\nchannels = [\"conda-forge\"]\n"
        "platforms = [\"linux-64\"]\n\n[dependencies]\npython = \"*\"  # the interpreter\n"
    )
    ws = make_workspace(text, pypi=True)
    ws.pyxi("add", "--pypi", "colorama")
    manifest_text = (ws.root / "pixi.toml").read_text()
    assert "[pypi-dependencies]\ncolorama = \">=" in manifest_text and ", <" in manifest_text
    assert "# the interpreter" in manifest_text
    assert "colorama" in ws.packages("default", "linux-64")
    ws.pyxi("run", "python", "-c", "import colorama")
    conda_before = {k: v for k, v in locked(ws.lock)["default"]["linux-64"].items() if k != "colorama"}
    ws.pyxi("remove", "--pypi", "colorama")
    assert locked(ws.lock)["default"]["linux-64"] == conda_before
    assert "# the interpreter" in (ws.root / "pixi.toml").read_text()


def test_add_installs_the_environment(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url))
    ws.pyxi("add", "beta")
    assert (ws.root / ".pixi" / "envs" / "default" / "share" / "beta" / "VERSION").is_file()
    clean = ws.pyxi("clean")
    assert "Removed" in clean.stderr and not (ws.root / ".pixi" / "envs").exists()
    assert os.path.exists(ws.lock)
