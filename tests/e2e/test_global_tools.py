"""`pyxi global`: tools installed into `$PIXI_HOME`, exposed on PATH, run from a new shell.

Every test starts from an empty home (see global_home.py) and the tools channel
(pyxi.testing.tools_world); exposed commands run under `sh` with nothing but
`$PIXI_HOME/bin` and the system folders on PATH.
"""

from __future__ import annotations

import json
import sys

import pytest

FIRST_INSTALL = """\
version = 1

[envs.hello-noarch]
channels = ["{url}"]
dependencies = {{ hello-noarch = "*" }}
exposed = {{ hello = "hello", hello2 = "hello2" }}
"""


def test_installed_tool_runs_from_a_new_shell_and_installing_again_changes_nothing(global_home):
    result = global_home.install("hello-noarch")
    assert "hello-noarch: 2.0.0 (installed)" in result.stdout
    assert "exposes: hello, hello2" in result.stdout
    assert global_home.manifest.read_text() == FIRST_INSTALL.format(url=global_home.channel)

    ran = global_home.shell("hello && hello2")
    assert ran.stdout.splitlines() == [
        "hello from hello-noarch 2.0.0 (bonjour)",
        "hello2 from hello-noarch 2.0.0",
    ]
    assert global_home.shell("command -v hello-lib").returncode != 0  # a dependency's command

    prefix = global_home.root / "envs" / "hello-noarch"
    config = json.loads((global_home.bin / "trampoline_configuration" / "hello.json").read_text())
    assert set(config) == {"exe", "path_diff", "env"}
    assert config["exe"] == str(prefix / "bin" / "hello")
    assert config["path_diff"] == str(prefix / "bin")
    assert config["env"]["CONDA_PREFIX"] == str(prefix) and "PATH" not in config["env"]
    for link in ("bash/hello", "zsh/_hello", "fish/hello.fish"):
        assert (global_home.root / "completions" / link).resolve().is_file(), link
    assert not (global_home.root / "completions" / "bash" / "hello2").exists()  # none shipped

    before = global_home.snapshot()
    again = global_home.install("hello-noarch")
    assert "hello-noarch: 2.0.0 (already installed)" in again.stdout
    assert global_home.snapshot() == before


def test_expose_with_and_environment_choose_what_is_exposed(global_home):
    global_home.install(
        "-e", "tools", "--expose", "hi=hello", "hello-noarch==1.0.0", "--with", "greeter"
    )
    manifest = global_home.manifest.read_text()
    assert 'dependencies = { hello-noarch = "==1.0.0", greeter = "*" }' in manifest
    assert 'exposed = { hi = "hello" }' in manifest
    assert global_home.shell("hi").stdout == "hello from hello-noarch 1.0.0 (bonjour)\n"
    assert sorted(p.name for p in global_home.bin.iterdir()) == ["hi", "trampoline_configuration"]
    # Completions follow a command exposed under its own name only.
    assert not (global_home.root / "completions" / "bash" / "hello").exists()

    refused = global_home.install("--expose", "x=hello", "greeter", "hello-clash", expect=1)
    assert "more than one environment" in refused.stderr


def test_conflicting_exposed_name_is_refused_without_changing_anything(global_home):
    global_home.install("hello-noarch==1.0.0")
    before = global_home.snapshot()
    refused = global_home.install("hello-clash", expect=1)
    assert "Exposed name hello already exists (in the environment `hello-noarch`)" in refused.stderr
    assert refused.stderr.count("error:") == 1 and "help:" in refused.stderr
    assert global_home.snapshot() == before

    global_home.install("hello-clash", "--expose", "clash=hello")
    ran = global_home.shell("hello; clash")
    assert ran.stdout.splitlines() == [
        "hello from hello-noarch 1.0.0 (bonjour)",
        "hello from hello-clash",
    ]


def test_unknown_package_fails_alone_and_leaves_nothing_behind(global_home):
    result = global_home.install("greeter", "nope", "hello-noarch", expect=1)
    assert "No candidates were found for nope" in result.stderr
    assert "Couldn't install environment nope" in result.stderr
    assert sorted(p.name for p in (global_home.root / "envs").iterdir()) == [
        "greeter",
        "hello-noarch",
    ]
    assert global_home.shell("greeter").stdout == "greetings\n"  # pixi: `greeter-core`'s command
    assert "nope" not in global_home.manifest.read_text()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            '[envs.hello-noarch]\nchannels = ["c"]\nexposd = { a = "a" }\n',
            3,
            "unknown key `exposd`",
        ),
        (
            '[envs.a]\nexposed = { x = "hello" }\n[envs.b]\nexposed = { x = "hello-lib" }\n',
            4,
            "Duplicated exposed names found: x",
        ),
        ('[envs.a]\ndependencies = { hello = ">=1,," }\n', 2, "invalid version spec"),
        ("version = 7\n", 1, "unsupported global manifest version 7"),
        ('[envs."Bad Name"]\n', 1, "invalid environment name `Bad Name`"),
        ("[envs.a\n", 1, "invalid TOML"),
    ],
)
def test_broken_manifest_is_one_located_error_and_nothing_changes(global_home, text, line, message):
    global_home.install("hello-noarch==1.0.0")
    global_home.manifest.write_text(text)
    before = global_home.snapshot()
    for command in (("sync",), ("install", "greeter"), ("list",), ("uninstall", "hello-noarch")):
        result = global_home.pyxi("global", *command, expect=1)
        assert result.stderr.count("error:") == 1, result
        assert message in result.stderr
        assert f"pixi-global.toml:{line}" in result.stderr and "help:" in result.stderr
        assert global_home.snapshot() == before


PIXI_STYLE = """\
# my tools
version = 1

[envs.hello]
channels = ["{url}"]
[envs.hello.dependencies]
hello-noarch = "==1.0.0"  # pinned on purpose
[envs.hello.exposed]
hello = "hello"
"""


def test_sync_follows_hand_edits_of_the_manifest(global_home):
    global_home.manifest.parent.mkdir(parents=True)
    global_home.manifest.write_text(PIXI_STYLE.format(url=global_home.channel))
    synced = global_home.pyxi("global", "sync")
    assert "Exposed executable hello from environment hello." in synced.stderr
    assert global_home.shell("hello").stdout == "hello from hello-noarch 1.0.0 (bonjour)\n"

    (global_home.bin / "hello").unlink()
    global_home.manifest.write_text(global_home.manifest.read_text() + 'hey = "hello"\n')
    synced = global_home.pyxi("global", "sync")
    assert "Exposed executables from environment hello:\n   - hello\n   - hey" in synced.stderr
    assert global_home.shell("hey").returncode == 0
    assert "Nothing to do" in global_home.pyxi("global", "sync").stderr

    global_home.manifest.write_text("version = 1\n")
    synced = global_home.pyxi("global", "sync")
    assert "Removed environment hello." in synced.stderr
    assert not (global_home.root / "envs" / "hello").exists()
    assert sorted(p.name for p in global_home.bin.iterdir()) == ["trampoline_configuration"]
    assert not any((global_home.root / "completions").rglob("*hello*"))


def test_expose_and_dependency_edits_keep_the_users_formatting(global_home):
    global_home.manifest.parent.mkdir(parents=True)
    global_home.manifest.write_text(PIXI_STYLE.format(url=global_home.channel))
    global_home.pyxi("global", "sync")
    added = global_home.pyxi("global", "expose", "add", "-e", "hello", "lib=hello-lib")
    assert "Exposed executable lib from environment hello." in added.stderr
    assert (
        global_home.manifest.read_text()
        == PIXI_STYLE.format(url=global_home.channel) + 'lib = "hello-lib"\n'
    )

    removed = global_home.pyxi("global", "expose", "remove", "lib", "nope", expect=1)
    assert "Exposed name nope not found in any environment" in removed.stderr
    assert not (global_home.bin / "lib").exists()

    added = global_home.pyxi("global", "add", "-e", "hello", "greeter")
    assert "Added package greeter=1.0.0 to environment hello." in added.stderr
    assert global_home.shell("command -v greeter").returncode != 0  # `add` exposes nothing new
    gone = global_home.pyxi("global", "remove", "-e", "hello", "hello-noarch")
    assert "Removed package hello-noarch in environment hello." in gone.stderr
    assert "Removed exposed executable hello from environment hello." in gone.stderr
    assert "# pinned on purpose" not in global_home.manifest.read_text()
    assert "# my tools" in global_home.manifest.read_text()
    missing = global_home.pyxi("global", "remove", "-e", "hello", "nothing", expect=1)
    assert "Dependency nothing not found in hello" in missing.stderr


def test_update_moves_to_the_newest_version_and_exposes_new_commands(global_home):
    global_home.install("hello-noarch==1.0.0")
    global_home.install(
        "-e", "picked", "--expose", "hi=hello", "hello-noarch==1.0.0", "--with", "greeter"
    )
    global_home.install("-e", "all-mine", "--expose", "hey=hello", "hello-noarch==1.0.0")
    global_home.manifest.write_text(global_home.manifest.read_text().replace("==1.0.0", "*"))
    updated = global_home.pyxi("global", "update")
    assert (
        "Updated package hello-noarch=1.0.0 -> 2.0.0 in environment hello-noarch." in updated.stderr
    )
    assert global_home.shell("hello2").returncode == 0  # everything was exposed: so is the new one
    assert 'exposed = { hi = "hello" }' in global_home.manifest.read_text()  # a picked subset stays
    # Everything was exposed (under another name): the new `hello2` is taken already, so it
    # stays with the environment that exposed it first.
    assert 'exposed = { hey = "hello" }' in global_home.manifest.read_text()
    assert global_home.shell("hi").stdout == "hello from hello-noarch 2.0.0 (bonjour)\n"
    again = global_home.pyxi("global", "update", "picked")
    assert "Environment picked was already up-to-date." in again.stderr
    removed = global_home.pyxi("global", "upgrade", expect=1)
    assert "global update" in removed.stderr


def test_list_json_tree_and_uninstall(global_home):
    global_home.install("hello-noarch==1.0.0", "greeter")
    listed = json.loads(global_home.pyxi("global", "list", "--json").stdout)
    assert listed == [
        {"name": "greeter", "dependencies": [{"name": "greeter", "version": "1.0.0"}],
         "exposed": [{"exposed_name": "greeter", "executable": "greeter"}]},
        {"name": "hello-noarch", "dependencies": [{"name": "hello-noarch", "version": "1.0.0"}],
         "exposed": [{"exposed_name": "hello", "executable": "hello"}]},
    ]  # fmt: skip
    text = global_home.pyxi("global", "list").stdout
    assert "├── greeter: 1.0.0\n│   └─ exposes: greeter\n└── hello-noarch: 1.0.0" in text
    table = global_home.pyxi("global", "list", "-e", "greeter").stdout
    assert "The greeter environment has 2 packages:" in table and "greeter-core" in table
    assert (
        global_home.pyxi("global", "tree", "-e", "greeter").stdout
        == "greeter 1.0.0\n└── greeter-core 1.0.0\n"
    )
    inverted = global_home.pyxi("global", "tree", "-e", "hello-noarch", "-i", "lib").stdout
    assert inverted == "hello-lib 1.0.0\n└── hello-noarch 1.0.0\n"

    removed = global_home.pyxi("global", "uninstall", "hello-noarch", "missing", expect=1)
    assert "Removed environment hello-noarch." in removed.stderr
    assert "Environment missing doesn't exist." in removed.stderr
    assert (
        not (global_home.bin / "hello").exists()
        and not (global_home.root / "envs" / "hello-noarch").exists()
    )
    assert not any((global_home.root / "completions").rglob("*hello*"))
    assert global_home.shell("greeter").returncode == 0


def test_activation_scripts_path_and_the_ignore_conda_prefix_marker(global_home):
    global_home.install("pathy", "quiet-prefix")
    prefix_bin = global_home.root / "envs" / "pathy" / "bin"
    ran = global_home.shell("pathy").stdout.splitlines()
    assert ran[0] == f"PATH=/opt/pathy-extra:{prefix_bin}:{global_home.bin}:/usr/bin:/bin"
    assert ran[1] == "PATHY_VAR=from-activate"
    # pixi's PIXI_BASE_PATH: entries added since the base first, then the environment's.
    based = global_home.shell(
        'PATH="/extra:$PATH" pathy', PIXI_BASE_PATH=f"{global_home.bin}:/usr/bin:/bin"
    )
    assert based.stdout.splitlines()[0] == (
        f"PATH=/extra:/opt/pathy-extra:{prefix_bin}:{global_home.bin}:/usr/bin:/bin"
    )
    assert global_home.shell("quiet-prefix").stdout == "CONDA_PREFIX=NOT_PRESENT\n"


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or "x86_64" not in __import__("platform").machine(),
    reason="native-tool exists for linux-64 only",
)
def test_platform_is_recorded_and_checked(global_home):
    global_home.install("-p", "linux-64", "native-tool")
    assert 'platform = "linux-64"' in global_home.manifest.read_text()
    assert global_home.shell("native-tool").stdout == "native\n"
    failed = global_home.install("-e", "other", "-p", "osx-arm64", "native-tool", expect=1)
    assert "No candidates were found for native-tool" in failed.stderr


def test_shortcuts_are_recorded_for_packages_that_have_them(global_home):
    global_home.install("menu-app", "greeter")
    added = global_home.pyxi("global", "shortcut", "add", "-e", "menu-app", "menu-app")
    assert "not created by pyxi" in added.stderr
    assert 'shortcuts = ["menu-app"]' in global_home.manifest.read_text()
    assert "shortcuts: menu-app" in global_home.pyxi("global", "list").stdout
    refused = global_home.pyxi("global", "shortcut", "add", "-e", "greeter", "greeter", expect=1)
    assert "requested but not available: greeter" in refused.stderr
    global_home.pyxi("global", "shortcut", "remove", "menu-app")
    assert "shortcuts" not in global_home.manifest.read_text().replace("shortcuts = []", "")

    global_home.manifest.write_text(global_home.manifest.read_text() + 'shortcuts = ["nope"]\n')
    synced = global_home.pyxi("global", "sync", expect=1)
    assert "the following shortcuts are requested but not available: nope" in synced.stderr


def test_an_existing_environment_keeps_its_channels_unless_reinstalled(global_home, tmp_path):
    global_home.install("-e", "box", "greeter")
    global_home.install("-e", "box", "hello-noarch==1.0.0")
    assert global_home.shell("greeter && hello").returncode == 0
    elsewhere = global_home.pyxi("global", "install", "-c", "file:///nowhere", "-e", "box", "pathy")
    assert "box (installed)" in elsewhere.stdout  # solved from the environment's own channel
    had = global_home.pyxi("global", "install", "-e", "box", "hello-lib")
    assert "box (already installed)" in had.stdout  # installed already, as a dependency …
    assert "hello-lib" in global_home.manifest.read_text()  # … and now a dependency itself
    global_home.install("-e", "box", "--force-reinstall", "hello-noarch==1.0.0")
    assert global_home.shell("command -v greeter").returncode != 0  # a fresh environment
    assert 'dependencies = { hello-noarch = "==1.0.0" }' in global_home.manifest.read_text()

    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "[envs.broken\\n" >> "$1"\n')
    editor.chmod(0o755)
    edited = global_home.pyxi("global", "edit", str(editor), expect=1)
    assert "invalid TOML" in edited.stderr and "pixi-global.toml:" in edited.stderr
