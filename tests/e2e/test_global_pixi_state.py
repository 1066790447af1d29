"""pyxi on a machine where pixi's global files already exist (written as pixi 0.77 writes them,
see pyxi.testing.pixi_global_state): read, kept, extended in pixi's own format."""

from __future__ import annotations

import json
from pathlib import Path

from pyxi.testing.pixi_global_state import MANIFEST, TRAMPOLINE_STAND_IN, write_pixi_global_state


def test_pixi_installation_is_read_kept_and_extended_the_pixi_way(
    global_home, base_env, tools_channel
):
    home = global_home.root
    write_pixi_global_state(home, tools_channel.url, Path(base_env["PIXI_CACHE_DIR"]))
    before = global_home.snapshot()
    assert "Nothing to do" in global_home.pyxi("global", "sync").stderr
    assert global_home.snapshot() == before  # pixi's trampoline and its settings are current

    listed = json.loads(global_home.pyxi("global", "list", "--json").stdout)
    assert listed == [{"name": "hello-noarch", "dependencies": [{"name": "hello-noarch", "version": "1.0.0"}],
                       "exposed": [{"exposed_name": "hello", "executable": "hello"}]}]  # fmt: skip

    global_home.install("hello-clash", "--expose", "clash=hello")
    added = MANIFEST.format(channel=tools_channel.url) + (
        f'\n[envs.hello-clash]\nchannels = ["{tools_channel.url}"]\n'
        'dependencies = { hello-clash = "*" }\nexposed = { clash = "hello" }\n'
    )
    assert global_home.manifest.read_text() == added
    shared = home / "bin" / "trampoline_configuration" / "trampoline_bin"
    assert (home / "bin" / "clash").samefile(shared)  # pixi's trampoline, as pixi links it
    clash = json.loads((home / "bin" / "trampoline_configuration" / "clash.json").read_text())
    assert clash["exe"] == str(home / "envs" / "hello-clash" / "bin" / "hello")

    global_home.manifest.write_text(added.replace("==1.0.0", "*"))
    updated = global_home.pyxi("global", "update", "hello-noarch")
    assert "Updated package hello-noarch=1.0.0 -> 2.0.0" in updated.stderr
    assert (home / "bin" / "hello").read_bytes() == TRAMPOLINE_STAND_IN
    assert (home / "bin" / "hello2").samefile(shared)
    assert (home / "envs" / "hello-noarch" / "bin" / "hello2").is_file()


def test_pixis_older_script_commands_are_migrated(global_home, base_env, tools_channel):
    write_pixi_global_state(
        global_home.root, tools_channel.url, Path(base_env["PIXI_CACHE_DIR"]), legacy=True
    )
    synced = global_home.pyxi("global", "sync")
    assert "Exposed executable hello from environment hello-noarch." in synced.stderr
    assert (global_home.bin / "trampoline_configuration" / "hello.json").is_file()
    assert global_home.shell("hello").stdout == "hello from hello-noarch 1.0.0 (bonjour)\n"
    assert "Nothing to do" in global_home.pyxi("global", "sync").stderr


def test_an_installation_without_manifest_gets_one_describing_it(
    global_home, base_env, tools_channel
):
    write_pixi_global_state(global_home.root, tools_channel.url, Path(base_env["PIXI_CACHE_DIR"]))
    global_home.manifest.unlink()
    listed = global_home.pyxi("global", "list")
    assert "Created the global manifest" in listed.stderr
    assert "hello-noarch: 1.0.0" in listed.stdout
    text = global_home.manifest.read_text()
    assert 'dependencies = { hello-noarch = "*" }\nexposed = { hello = "hello" }\n' in text
    assert tools_channel.url.rstrip("/") in text
    assert "Nothing to do" in global_home.pyxi("global", "sync").stderr  # nothing is pruned
