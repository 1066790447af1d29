"""`pyxi config` and the settings of pixi's config files that change what pyxi does:
default-channels, pinning-strategy, detached-environments, shell.change-ps1,
pypi-config indexes, concurrency, run-post-link-scripts; files read in pixi's order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from workflow_world import manifest

from pyxi.testing.channel import LocalChannel
from pyxi.testing.cli import run_pyxi
from pyxi.testing.conda_package import CondaPackageSpec


@pytest.fixture
def homes(tmp_path: Path) -> dict[str, str]:
    """A private `$PIXI_HOME` and `$XDG_CONFIG_HOME` (no config of the machine's user)."""
    home, xdg = tmp_path / "pixi-home", tmp_path / "xdg"
    home.mkdir()
    xdg.mkdir()
    return {"PIXI_HOME": str(home), "XDG_CONFIG_HOME": str(xdg)}


def test_set_get_list_unset_local_and_global(make_workspace, wf_channel, homes):
    ws = make_workspace(manifest(wf_channel.url))
    env = homes
    ws.pyxi("config", "set", "--global", "default-channels", '["a", "b"]', env=env)
    ws.pyxi("config", "append", "--global", "default-channels", "c", env=env)
    ws.pyxi("config", "prepend", "-g", "default-channels", "z", env=env)
    user_file = Path(homes["PIXI_HOME"]) / "config.toml"
    assert 'default-channels = ["z", "a", "b", "c"]' in user_file.read_text()
    local_file = ws.root / ".pixi" / "config.toml"
    local_file.parent.mkdir(exist_ok=True)
    local_file.write_text("# my settings\ntls-no-verify = false\n")
    done = ws.pyxi("config", "set", "shell.change-ps1", "false", env=env)  # inside: local
    assert f"Updated config at {local_file}" in done.stderr
    ws.pyxi("config", "set", "--local", "allow-ref-links", "false", env=env)
    text = local_file.read_text()
    assert text.startswith("# my settings\n") and "[shell]\nchange-ps1 = false" in text
    listed = ws.pyxi("config", "list", env=env).stdout
    assert 'default-channels = ["z", "a", "b", "c"]' in listed and "allow-ref-links = false" in listed
    assert ws.pyxi("config", "list", "allow-ref-links", env=env).stdout == "allow-ref-links = false\n"
    assert json.loads(ws.pyxi("config", "list", "--json", env=env).stdout)["shell"] == {
        "change-ps1": False}
    assert ws.pyxi("config", "get", "shell.change-ps1", env=env).stdout == "false\n"
    ws.pyxi("config", "unset", "allow-ref-links", env=env)
    assert "allow-ref-links" not in ws.pyxi("config", "list", env=env).stdout
    assert "allow-ref-links" not in ws.pyxi("config", "list", "--global", env=env).stdout


def test_bad_keys_and_values_are_refused(make_workspace, wf_channel, homes):
    ws = make_workspace(manifest(wf_channel.url))
    unknown = ws.pyxi("config", "set", "concurrency.solve", "2", env=homes, expect=1)
    assert "Unknown key: concurrency.solve" in unknown.stderr
    assert "did you mean `concurrency.solves`?" in unknown.stderr
    value = ws.pyxi("config", "set", "tls-no-verify", "yes", env=homes, expect=1)
    assert "expected `true` or `false`" in value.stderr
    listed = ws.pyxi("config", "append", "tls-no-verify", "x", env=homes, expect=1)
    assert "only supported for list keys" in listed.stderr
    outside = run_pyxi(["config", "set", "--local", "offline", "true"], ws.root.parent,
                       {**ws.base_env, **homes}, 1)
    assert "--local can only be used inside a pixi workspace" in outside.stderr


def test_broken_and_unknown_config_is_reported_not_fatal(make_workspace, wf_channel, homes):
    ws = make_workspace(manifest(wf_channel.url))
    config = Path(homes["PIXI_HOME"]) / "config.toml"
    config.write_text('[repodata-config."https://prefix.dev/"]\ndisable-sharded = false\ninvalid')
    broken = ws.pyxi("info", env=homes)
    assert "TOML parse error" in broken.stderr and str(config) in broken.stderr
    config.write_text('invalid-key = true\n[concurrency]\nsolves = 2\n')
    assert f"Ignoring 'invalid-key' in {config}" in ws.pyxi("info", env=homes).stderr
    config.write_text("[concurrency]\nsolves = \"many\"\n")
    wrong = ws.pyxi("info", env=homes).stderr
    assert f"{config}:2 (key `concurrency.solves`)" in wrong and "a whole number" in wrong
    # --no-config / PIXI_NO_CONFIG skip the user's files; PIXI_CONFIG_FILE replaces them
    assert "Ignoring" not in ws.pyxi("info", "--no-config", env=homes).stderr
    other = ws.root / "elsewhere.toml"
    other.write_text('default-channels = ["from-file"]\n')
    located = ws.pyxi("info", "--json", env={**homes, "PIXI_CONFIG_FILE": str(other)}).stdout
    assert json.loads(located)["config_locations"] == [str(other)]


def test_files_are_read_in_pixis_order(make_workspace, wf_channel, homes, tmp_path):
    ws = make_workspace(manifest(wf_channel.url))
    xdg = Path(homes["XDG_CONFIG_HOME"]) / "pixi" / "config.toml"
    xdg.parent.mkdir()
    xdg.write_text('pinning-strategy = "major"\n[concurrency]\ndownloads = 3\n')
    (Path(homes["PIXI_HOME"]) / "config.toml").write_text('pinning-strategy = "minor"\n')
    (ws.root / ".pixi").mkdir()
    (ws.root / ".pixi" / "config.toml").write_text('[concurrency]\nsolves = 1\n')
    data = json.loads(ws.pyxi("config", "list", "--json", env=homes).stdout)
    assert data == {"pinning-strategy": "minor", "concurrency": {"downloads": 3, "solves": 1}}
    info = json.loads(ws.pyxi("info", "--json", env=homes).stdout)
    assert info["config_locations"][-3:] == [
        str(xdg), str(Path(homes["PIXI_HOME"]) / "config.toml"),
        str(ws.root / ".pixi" / "config.toml")]


def test_pinning_strategy_and_default_channels(make_workspace, wf_channel, homes):
    ws = make_workspace(manifest(wf_channel.url))
    ws.pyxi("config", "set", "--global", "pinning-strategy", "exact-version", env=homes)
    ws.pyxi("add", "beta", "--no-install", env=homes)
    ws.pyxi("add", "gamma", "--no-install", "--pinning-strategy=minor", env=homes)
    ws.pyxi("add", "delta", "--no-install", "--pinning-strategy", "no-pin", env=homes)
    text = (ws.root / "pixi.toml").read_text()
    assert 'beta = "==0.3.2"' in text and 'gamma = ">=1.0,<1.1"' in text and 'delta = "*"' in text
    ws.pyxi("config", "set", "--global", "default-channels", f'["{wf_channel.url}"]', env=homes)
    fresh = ws.root.parent / "fresh"
    fresh.mkdir()
    run_pyxi(["init", str(fresh)], ws.root.parent, {**ws.base_env, **homes})
    assert f'channels = ["{wf_channel.url}"]' in (fresh / "pixi.toml").read_text()


def test_detached_environments_live_outside_the_workspace(make_workspace, wf_channel, homes,
                                                           tmp_path):
    import xxhash

    ws = make_workspace(manifest(wf_channel.url, '\n[tasks]\nwhere = "echo $CONDA_PREFIX"\n'))
    detached = tmp_path / "detached"
    ws.pyxi("config", "set", "--global", "detached-environments", str(detached), env=homes)
    ws.pyxi("install", env=homes)
    digest = xxhash.xxh3_64_intdigest(str(ws.root.resolve()).encode())
    prefix = detached / f"wf-{digest}" / "envs" / "default"
    assert (prefix / "share" / "alpha" / "VERSION").is_file()
    assert (ws.root / ".pixi" / "envs").is_symlink()
    assert ws.pyxi("run", "where", env=homes).stdout.strip() == str(prefix)
    info = json.loads(ws.pyxi("info", "--json", env=homes).stdout)
    assert info["environments_info"][0]["prefix"] == str(prefix)
    ws.pyxi("clean", env=homes)
    assert not prefix.exists() and not (ws.root / ".pixi" / "envs").exists()


def test_change_ps1_and_pypi_indexes_for_init(make_workspace, wf_channel, homes):
    ws = make_workspace(manifest(wf_channel.url))
    assert "PS1" in ws.pyxi("shell-hook", "-s", "bash", env=homes).stdout
    ws.pyxi("config", "set", "shell.change-ps1", "false", env=homes)
    assert "PS1" not in ws.pyxi("shell-hook", "-s", "bash", env=homes).stdout
    assert "PS1" in ws.pyxi("shell-hook", "-s", "bash", "--change-ps1", "true", env=homes).stdout
    ws.pyxi("config", "set", "-g", "pypi-config.index-url", "https://index.example/simple",
            env=homes)
    ws.pyxi("config", "append", "-g", "pypi-config.extra-index-urls", "https://extra.example/simple",
            env=homes)
    fresh = ws.root.parent / "fresh"
    fresh.mkdir()
    run_pyxi(["init", str(fresh)], ws.root.parent, {**ws.base_env, **homes})
    text = (fresh / "pixi.toml").read_text()
    assert 'index-url = "https://index.example/simple"' in text
    assert 'extra-index-urls = ["https://extra.example/simple"]' in text


def test_post_link_scripts_run_only_when_allowed(make_workspace, tmp_path, homes):
    channel = LocalChannel(tmp_path / "linker-channel")
    script = 'echo ran > "$PREFIX/post-link-ran"\n'
    channel.add(CondaPackageSpec("linker", "1.0", "h0_0", subdir="noarch", noarch="generic",
                                 files={"bin/.linker-post-link.sh": script}))
    channel.index()
    ws = make_workspace(manifest(channel.url).replace('alpha = "*"', 'linker = "*"'))
    marker = ws.root / ".pixi" / "envs" / "default" / "post-link-ran"
    ws.pyxi("install", env=homes)
    assert not marker.exists()
    ws.pyxi("reinstall", "--run-post-link-scripts", env=homes)
    assert marker.is_file()
    os.unlink(marker)
    ws.pyxi("config", "set", "run-post-link-scripts", "insecure", env=homes)
    ws.pyxi("reinstall", env=homes)
    assert marker.is_file()


def test_concurrency_settings_are_checked_and_used(make_workspace, wf_channel, homes):
    ws = make_workspace(manifest(wf_channel.url, platforms='["linux-64", "osx-arm64"]'))
    ws.pyxi("lock", "--concurrent-solves=1", "--concurrent-downloads=2", env=homes)
    wrong = ws.pyxi("lock", "--concurrent-solves", "many", env=homes, expect=2)
    assert "invalid int value" in wrong.stderr
