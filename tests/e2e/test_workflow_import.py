"""`pyxi import`: an environment.yml or a requirements.txt into a feature and its environment,
as pixi writes them; nothing locked or installed; bad input changes nothing."""

from __future__ import annotations

import tomli
from workflow_world import manifest


def test_import_conda_env_and_requirements_into_features(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, platforms='["linux-64"]'))
    path = ws.root / "pixi.toml"
    (ws.root / "env.yml").write_text(
        f"name: ignored\nchannels: [{wf_channel.url}, defaults]\n"
        "dependencies:\n  - beta=0.3\n  - gamma=*=h0*\n  - pip:\n    - rich>=13\n"
    )
    (ws.root / "numpy.txt").write_text("numpy<2\n")
    (ws.root / "reqs.txt").write_text(
        "# comment\n-c numpy.txt\ncowpy==1.1.4 \\\n  --hash=sha256:abc\n-r more.txt\n--index-url x\n"
    )
    (ws.root / "more.txt").write_text("array-api-extra ; python_version >= '3.10'\n")

    ws.pyxi("import", "env.yml", "--feature", "tools", "-p", "linux-64", "-p", "osx-arm64")
    data = tomli.loads(path.read_text())
    tools = data["feature"]["tools"]
    assert tools["channels"] == [wf_channel.url, "main", "r", "msys2"]
    assert tools["platforms"] == ["linux-64", "osx-arm64"]
    assert tools["target"]["osx-arm64"]["dependencies"] == {
        "beta": "0.3.*", "gamma": {"version": "*", "build": "h0*"}}
    assert tools["target"]["linux-64"]["pypi-dependencies"] == {"rich": ">=13"}
    assert data["workspace"]["platforms"] == ["linux-64", "osx-arm64"]
    assert data["environments"]["tools"] == {"features": ["tools"], "no-default-feature": True}

    done = ws.pyxi("import", "reqs.txt", "--format", "PYPI-TXT", "-f", "py", "-e", "tools")
    assert "Constraints detected in input file" in done.stderr and "Imported to" in done.stderr
    data = tomli.loads(path.read_text())
    assert data["feature"]["py"]["pypi-dependencies"] == {"cowpy": "==1.1.4", "array-api-extra": "*"}
    assert data["environments"]["tools"]["features"] == ["tools", "py"]
    assert "py" not in data["environments"]
    assert not (ws.root / ".pixi" / "envs").exists() and not ws.lock.exists()
    ws.pyxi("info")  # still a valid manifest


def test_import_bad_input_changes_nothing(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url))
    path = ws.root / "pixi.toml"
    before = path.read_bytes()
    (ws.root / "noname.yml").write_text("channels: [conda-forge]\ndependencies: [python]\n")
    (ws.root / "bad.txt").write_text("./local/folder\n")
    wrong = ws.pyxi("import", "noname.yml", "--format=foobar", expect=2)
    assert "invalid value 'foobar' for '--format <FORMAT>'" in wrong.stderr
    missing = ws.pyxi("import", "noname.yml", "--format=conda-env", expect=1)
    assert "Missing name: provide --feature or --environment" in missing.stderr
    tried = ws.pyxi("import", "bad.txt", "-f", "x", expect=1)
    assert "Tried all formats" in tried.stderr
    unnamed = ws.pyxi("import", "bad.txt", "--format", "pypi-txt", "-f", "x", expect=1)
    assert "cannot read the requirement `./local/folder`" in unnamed.stderr
    assert "is not a platform" in ws.pyxi("import", "noname.yml", "-f", "x", "-p", "nope", expect=1).stderr
    assert "not a valid environment name" in ws.pyxi("import", "noname.yml", "-f", "Bad_Name", expect=1).stderr
    assert path.read_bytes() == before
