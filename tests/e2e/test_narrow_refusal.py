"""One unsupported part stops only what needs it (issue 16): a workspace whose `deploy`
environment needs a pixi-build source package with variant `flags` and whose `odd` environment uses a key pyxi does not
understand still locks, installs and runs everything else; the parts are refused with their
key, line and environment exactly where they are needed, and `info` lists them."""

from __future__ import annotations

import json

import pytest

MANIFEST = """\
[workspace]
name = "narrow"
channels = ["{url}"]
platforms = ["linux-64"]
preview = ["pixi-build"]

[dependencies]
alpha = "*"

[tasks]
greet = "echo hello from greet"

[feature.deploy.dependencies]
mypkg = {{ path = "mypkg", flags = ["fast"] }}

[feature.deploy.tasks]
deploy = "echo deploying"

[feature.odd.dependencies]
beta = {{ version = "*", when = "alpha" }}

[environments]
deploy = ["deploy"]
odd = ["odd"]
"""


@pytest.fixture
def narrow(make_workspace, wf_channel):
    return make_workspace(MANIFEST.format(url=wf_channel.url))


def test_unrelated_commands_work_and_the_parts_are_refused_where_needed(narrow):
    run = narrow.pyxi("run", "greet")
    assert "hello from greet" in run.stdout
    locked = json.loads(narrow.pyxi("list", "--frozen", "--json").stdout)
    assert [row["name"] for row in locked] == ["alpha"]

    refused = narrow.pyxi("run", "deploy", expect=1)
    assert ("not supported by pyxi yet: `feature.deploy.dependencies.mypkg.flags`, needed by "
            "environment `deploy`") in refused.stderr
    assert "pixi.toml:14" in refused.stderr and "pixi-build" in refused.stderr

    odd = narrow.pyxi("install", "-e", "odd", expect=1)
    assert "`feature.odd.dependencies.beta.when`, needed by environment `odd`" in odd.stderr
    assert "pixi.toml:20" in odd.stderr

    lock = narrow.pyxi("lock", expect=1)
    assert "needed by environment `deploy` to solve it" in lock.stderr
    assert _lock_environments(narrow) == ["default"]

    tasks = narrow.pyxi("task", "list").stdout
    assert "deploy" in tasks and "greet" in tasks
    info = json.loads(narrow.pyxi("info", "--json").stdout)
    assert any("mypkg.flags" in part for part in info["project_info"]["not_supported"])
    by_env = {env["name"]: env["not_supported"] for env in info["environments_info"]}
    assert by_env["default"] == []
    assert any("beta.when" in part for part in by_env["odd"])


def _lock_environments(ws) -> list[str]:
    import yaml

    return list(yaml.safe_load(ws.lock.read_text())["environments"])


def test_requires_pixi_names_the_version_pyxi_follows(narrow):
    manifest = narrow.root / "pixi.toml"
    manifest.write_text(manifest.read_text().replace(
        'preview = ["pixi-build"]', 'preview = ["pixi-build"]\nrequires-pixi = ">=0.80"'))
    failed = narrow.pyxi("task", "list", expect=1)
    assert "this project requires pixi '>=0.80', but you have pixi 0.77.0" in failed.stderr
    assert "pixi.toml:6" in failed.stderr
    manifest.write_text(manifest.read_text().replace('">=0.80"', '">=0.40,<1"'))
    assert "greet" in narrow.pyxi("task", "list").stdout
