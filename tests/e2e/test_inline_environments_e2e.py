"""Inline environments, inherited workspace dependencies and constraints, end to end: lock,
install, run and edit a workspace of the everyday-workflow channel (workflow_world.py), with
newer `alpha`/`beta` published so constraints, pools and strategies have something to choose."""

from __future__ import annotations

import json

import tomli
from workflow_world import locked, manifest, publish_newer

BODY = """
[workspace.dependencies]
beta = "*"
gamma = "==1.0"

[feature.extra.dependencies]
epsilon = "*"

[environments.dev]
features = ["extra"]
dependencies = { beta = { workspace = true } }
solve-strategy = "lowest"

[environments.dev.activation.env]
WHO = "inline-dev"

[environments.dev.tasks]
greet = { cmd = "echo hello $WHO $EPSILON_ACTIVE", default-environment = "dev" }

[feature.mac]
platforms = ["osx-arm64"]

[environments.nowhere]
features = ["mac"]
platforms = ["linux-64"]
"""


def _manifest(url: str) -> str:
    return (
        'dependencies = { gamma = { workspace = true } }  # gamma needs alpha\n'
        'constraints = { alpha = "<2.6" }\ntasks = { hello = "echo default-hello" }\n'
        f'[workspace]\nname = "inline"\nchannels = ["{url}"]\nplatforms = ["linux-64", "osx-arm64"]\n'
        + BODY
    )


def test_inline_environment_locks_installs_and_runs(make_workspace, wf_channel):
    publish_newer(wf_channel)  # alpha 2.6.0 and beta 0.4.0 exist now
    ws = make_workspace(_manifest(wf_channel.url))
    ws.pyxi("lock")
    versions = locked(ws.lock)
    # the constraint keeps alpha (needed by the inherited gamma) below 2.6 everywhere
    assert versions["default"]["linux-64"] == {"alpha": "2.5.1", "gamma": "1.0"}
    # the inline table: beta inherited, the lowest beta chosen, the listed feature's epsilon
    assert versions["dev"]["linux-64"] == {"alpha": "2.5.1", "beta": "0.3.2", "epsilon": "3.0",
                                           "gamma": "1.0"}
    assert versions["nowhere"] == {}  # its features share no platform: nothing to lock
    assert "strategy: lowest-version" in ws.lock.read_text()
    assert "up to date" in ws.pyxi("lock", "--check").stderr + ws.pyxi("lock").stderr

    greeted = ws.pyxi("run", "greet")  # found in `dev` only, run there with its activation
    assert greeted.stdout.strip() == "hello inline-dev yes"
    assert ws.pyxi("run", "hello").stdout.strip() == "default-hello"
    refused = ws.pyxi("run", "-e", "nowhere", "hello", expect=1)
    assert "has no platform" in refused.stderr

    info = json.loads(ws.pyxi("info", "--json").stdout)
    dev = next(e for e in info["environments_info"] if e["name"] == "dev")
    assert dev["features"] == ["extra", "default"]  # the inline content is no feature
    assert dev["dependencies"] == ["beta", "epsilon", "gamma"]
    tasks = {e["environment"]: e for e in json.loads(ws.pyxi("task", "list", "--json").stdout)}
    assert [t["name"] for t in tasks["dev"]["tasks"]] == ["greet"]
    assert [f["name"] for f in tasks["dev"]["features"]] == ["default"]


def test_add_and_remove_respect_inheritance_and_inline_tables(make_workspace, wf_channel):
    ws = make_workspace(_manifest(wf_channel.url))
    path = ws.root / "pixi.toml"
    added = ws.pyxi("add", "gamma", "--no-install")
    assert "gamma inherits from `[workspace.dependencies]` and was left unchanged" in added.stderr
    assert tomli.loads(path.read_text())["dependencies"]["gamma"] == {"workspace": True}
    assert path.read_text().startswith("dependencies = { gamma = { workspace = true } }")

    ws.pyxi("add", "gamma==1.0", "--no-install")  # an explicit spec replaces the marker
    data = tomli.loads(path.read_text())
    assert data["dependencies"]["gamma"] == "==1.0"
    assert data["workspace"]["dependencies"]["gamma"] == "==1.0"  # the pool stays

    missing = ws.pyxi("remove", "beta", "--no-install", expect=1)
    assert "`beta` is a dependencies entry of environment `dev`" in missing.stderr
    assert "--environment dev beta" in missing.stderr


def test_workspace_and_task_edits_address_the_inline_tables(make_workspace, wf_channel):
    """`-e ENV` of `workspace platform|channel` and `task` reads and writes the environment's
    own tables; a feature list is turned into `[environments.ENV]` first, as pixi does."""
    body = '\n[feature.extra.dependencies]\nepsilon = "*"\n\n[environments]\nlint = ["extra"]  # keep\n'
    ws = make_workspace(manifest(wf_channel.url, body, platforms='["linux-64", "osx-arm64"]'))
    path = ws.root / "pixi.toml"
    ws.pyxi("workspace", "platform", "add", "-e", "lint", "osx-arm64", "--no-install")
    ws.pyxi("workspace", "platform", "edit", "osx-arm64", "--macos", "14.0", "--no-install")
    lint = tomli.loads(path.read_text())["environments"]["lint"]
    assert lint == {"features": ["extra"], "platforms": ["osx-arm64-macos-14-0"]}  # renamed too
    assert "# keep" in path.read_text()
    ws.pyxi("workspace", "platform", "remove", "-e", "lint", "osx-arm64-macos-14-0", "--no-install")
    assert tomli.loads(path.read_text())["environments"]["lint"]["platforms"] == []
    gone = ws.pyxi("workspace", "channel", "remove", "-e", "lint", "bioconda", "--frozen", expect=1)
    assert "channel bioconda does not exist in the channels of environment 'lint'" in gone.stderr

    ws.pyxi("task", "add", "--manifest-path", str(path), "-e", "solo", "hi", "echo hi")
    assert tomli.loads(path.read_text())["environments"]["solo"] == {"tasks": {"hi": "echo hi"}}
    kept = ws.pyxi("task", "remove", "-e", "solo", "alpha")  # pixi: reported, exit 0
    assert "task `alpha` does not exist for environment 'solo'" in kept.stderr
    ws.pyxi("task", "remove", "-e", "solo", "hi")  # its last content: the entry goes
    assert "solo" not in tomli.loads(path.read_text())["environments"]
    assert "is not defined" in ws.pyxi("workspace", "environment", "add", "x", "-f", "lint",
                                        expect=1).stderr
