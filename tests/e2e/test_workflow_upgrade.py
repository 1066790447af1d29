"""`pyxi upgrade`: specs move to the newest versions (unlike `update`), in place and form,
per feature, with `--exclude`, `--dry-run` and `--json`; bad input changes nothing."""

from __future__ import annotations

import json

import tomli
from workflow_world import comment_lines, locked, manifest, publish_newer

PINNED = (
    'beta = "==0.3.2"\n'
    '\n[feature.fa.dependencies]\nbeta = { version = "==0.3.2", build = "h0_0" }\n'
    '\n[environments]\na = ["fa"]\n'
)


def _pinned(url):
    text = manifest(url, PINNED).replace('alpha = "*"', 'alpha = "==2.5.1"')
    return text


def test_upgrade_moves_specs_per_feature_with_exclude_dry_run_and_json(make_workspace, wf_channel):
    ws = make_workspace(_pinned(wf_channel.url))
    path = ws.root / "pixi.toml"
    ws.pyxi("lock")
    publish_newer(wf_channel)  # alpha 2.6.0 and beta 0.4.0 appear
    before = path.read_bytes(), ws.lock.read_bytes()

    dry = ws.pyxi("upgrade", "--dry-run")
    assert "Environment: default" in dry.stderr and "alpha 2.5.1 h0_0 -> 2.6.0 h0_0" in dry.stderr
    assert (path.read_bytes(), ws.lock.read_bytes()) == before
    assert not (ws.root / ".pixi" / "envs").exists()
    data = json.loads(ws.pyxi("upgrade", "--dry-run", "--json").stdout)
    rows = {row["name"]: row for row in data["environment"]["default"]["linux-64"]}
    assert rows["alpha"]["before"]["version"] == "2.5.1" and rows["alpha"]["after"]["version"] == "2.6.0"
    assert rows["alpha"]["type"] == "conda" and rows["alpha"]["explicit"] is True
    assert (path.read_bytes(), ws.lock.read_bytes()) == before

    ws.pyxi("upgrade", "--feature", "default", "--exclude", "beta", "--no-install")
    data = tomli.loads(path.read_text())
    assert data["dependencies"] == {"alpha": ">=2.6.0,<3", "beta": "==0.3.2"}
    assert data["feature"]["fa"]["dependencies"]["beta"]["version"] == "==0.3.2"
    assert locked(ws.lock)["default"]["linux-64"] == {"alpha": "2.6.0", "beta": "0.3.2"}
    assert comment_lines(path.read_text()) == comment_lines(before[0].decode())

    named = ws.pyxi("upgrade", "beta", "--no-install")  # named: the exact build goes too
    assert "beta 0.3.2 h0_0 -> 0.4.0 h0_0" in named.stderr
    data = tomli.loads(path.read_text())
    assert data["dependencies"]["beta"] == ">=0.4.0,<0.5"
    assert data["feature"]["fa"]["dependencies"]["beta"] == ">=0.4.0,<0.5"  # a plain spec again
    assert locked(ws.lock)["a"]["linux-64"]["beta"] == "0.4.0"
    assert "All packages are already up-to-date" in ws.pyxi("upgrade", "--no-install").stderr


def test_upgrade_bad_input_changes_nothing(make_workspace, wf_channel):
    ws = make_workspace(_pinned(wf_channel.url))
    path = ws.root / "pixi.toml"
    ws.pyxi("lock")
    before = path.read_bytes(), ws.lock.read_bytes()
    similar = ws.pyxi("upgrade", "alpah", expect=1)
    assert "could not find a package named 'alpah'" in similar.stderr
    assert "did you mean 'alpha'" in similar.stderr
    unknown = ws.pyxi("upgrade", "zzzzzz", expect=1)
    assert "did you mean" not in unknown.stderr and "help:" in unknown.stderr
    assert "could not find a feature named `nope`" in ws.pyxi("upgrade", "-f", "nope", expect=1).stderr
    assert "could not find an environment" in ws.pyxi("upgrade", "-e", "nope", expect=1).stderr
    assert "does not define any content inline" in ws.pyxi("upgrade", "-e", "a", expect=1).stderr
    assert "cannot be used with" in ws.pyxi("upgrade", "alpha", "--exclude", "beta", expect=2).stderr
    assert "cannot be used with" in ws.pyxi("upgrade", "-e", "a", "-f", "fa", expect=2).stderr
    publish_newer(wf_channel)
    (wf_channel.root / "noarch" / "repodata.json").unlink()  # the channel breaks: the solve fails
    failed = ws.pyxi("upgrade", expect=None)
    assert failed.returncode == 1 and "error:" in failed.stderr
    assert (path.read_bytes(), ws.lock.read_bytes()) == before


def test_upgrade_pyproject_keeps_each_entry_where_it_is(make_workspace, pypi_world, worlds):
    text = (
        '[project]\nname = "demo"\nrequires-python = ">=3.10"\n'
        'dependencies = ["numpy==2.1.3; sys_platform == \'linux\'"]\n'
        '\n[dependency-groups]\ntest = ["numpy==2.1.3"]\n'
        '\n[tool.pixi.workspace]\nchannels = ["conda-forge"]\nplatforms = ["linux-64"]\n'
        '\n[tool.pixi.environments]\ntest = ["test"]\n'
    )
    ws = make_workspace(text, "pyproject.toml", pypi=True)
    path = ws.root / "pyproject.toml"
    done = ws.pyxi("upgrade", "--no-install")
    assert "numpy" in done.stderr
    data = tomli.loads(path.read_text())
    assert data["project"]["dependencies"] == ["numpy>=2.2.0,<3; sys_platform == \"linux\""]
    assert data["dependency-groups"]["test"] == ["numpy>=2.2.0,<3"]
    assert data["project"]["requires-python"] == ">=3.10"
    assert "dependencies" not in data["tool"]["pixi"]  # no conda python written for it
    assert locked(ws.lock)["test"]["linux-64"]["numpy"] == "2.2.0"
