"""`pyxi workspace environment|feature|name|version|description|requires-pixi|preview|
activation|system-requirements` through the real CLI, in a pixi.toml and a pyproject.toml,
with the bad input a user could type answered by one error and an unchanged manifest."""

from __future__ import annotations

import tomllib

HEADER = (
    "# the team's workspace\n"
    '[workspace]\nname = "keys"  # keep\nchannels = []\nplatforms = ["linux-64", "win-64"]\n'
    'version = "1.2.3"\n'
)
BODY = (
    '\n[feature.test.dependencies]\nalpha = "*"\n'
    '\n[feature.test.tasks]\ncheck = "echo ok"\n'
    '\n[feature.lint.tasks]\nlint = "echo lint"\n'
    '\n[environments]\ntest = ["test"]\n'
)


def test_environment_and_feature_commands(make_workspace):
    ws = make_workspace(HEADER + BODY)
    path = ws.root / "pixi.toml"
    listing = ws.pyxi("workspace", "environment", "list")
    assert listing.stdout.splitlines() == [
        "Environments:", "- default:", "    features: default", "- test:", "    features: test, default"]
    assert "feature `lint` is defined but not used" in listing.stderr

    added = ws.pyxi("workspace", "environment", "add", "lint-env", "-f", "lint", "--solve-group", "g")
    assert "✔ Added environment lint-env" in added.stderr and "not used" not in added.stderr
    assert 'lint-env = { features = ["lint"], solve-group = "g" }' in path.read_text()
    before = path.read_bytes()
    exists = ws.pyxi("workspace", "environment", "add", "lint-env", expect=1)
    assert "already exists" in exists.stderr and "--force" in exists.stderr
    unknown = ws.pyxi("workspace", "environment", "add", "x", "-f", "nope", expect=1)
    assert "the feature 'nope' is not defined in the manifest" in unknown.stderr
    assert ws.pyxi("workspace", "environment", "add", "Bad_Name", expect=2).returncode == 2
    assert path.read_bytes() == before
    ws.pyxi("workspace", "environment", "add", "lint-env", "--force", "-f", "lint")
    assert 'lint-env = ["lint"]' in path.read_text()

    features = ws.pyxi("workspace", "feature", "ls").stdout
    assert "- test:\n    dependencies: alpha\n    tasks: check\n- lint:\n    tasks: lint" in features
    # Used by an environment: asked, and without a terminal to answer, kept.
    refused = ws.pyxi("workspace", "feature", "remove", "test", expect=1)
    assert "used by environment 'test'" in refused.stderr
    missing = ws.pyxi("workspace", "feature", "rm", "tset", expect=1)
    assert "did you mean `test`" in missing.stderr
    ws.pyxi("workspace", "environment", "rm", "test")
    ws.pyxi("workspace", "feature", "remove", "test")
    text = path.read_text()
    assert "[feature.test" not in text and "test = " not in text and "# the team's" in text
    gone = ws.pyxi("workspace", "environment", "remove", "test", expect=1)
    assert "Environment test not found" in gone.stderr


def test_name_version_description_requires_pixi(make_workspace):
    ws = make_workspace(HEADER)
    path = ws.root / "pixi.toml"

    def keys(*args: str, expect: int = 0):
        return ws.pyxi("workspace", *args, expect=expect)

    assert keys("name", "get").stdout == "keys\n"
    keys("name", "set", "renamed")
    assert keys("version", "major").stderr.strip() == "✔ Updated workspace version from '1.2.3' to '2.0.0'."
    keys("version", "minor")
    keys("version", "patch")
    assert keys("version", "get").stdout == "2.1.1\n"
    keys("description", "set", "what it does")
    assert keys("description", "get").stdout == "what it does\n"
    assert keys("requires-pixi", "get").stdout == "*\n"
    keys("requires-pixi", "set", ">=0.40")
    keys("requires-pixi", "verify")
    keys("requires-pixi", "set", ">=1.0")
    refused = keys("requires-pixi", "verify", expect=4)
    assert "requires pixi '>=1.0', but you have pixi 0.77.0" in refused.stderr
    # get/set/unset skip the check (so the workspace can be fixed); other commands refuse.
    assert keys("requires-pixi", "get").stdout == ">=1.0\n"
    assert "requires pixi '>=1.0'" in keys("name", "get", expect=1).stderr
    keys("requires-pixi", "unset")
    table = tomllib.loads(path.read_text())["workspace"]
    assert {k: table.get(k) for k in ("name", "version", "description", "requires-pixi")} == {
        "name": "renamed", "version": "2.1.1", "description": "what it does", "requires-pixi": None}
    assert 'name = "renamed"  # keep' in path.read_text()

    before = path.read_bytes()
    bad = keys("version", "set", "not a version", expect=1)
    assert "invalid version `not a version`" in bad.stderr
    assert keys("requires-pixi", "set", ">>1", expect=1).returncode == 1
    assert path.read_bytes() == before

    old = keys("system-requirements", "add", "cuda", "12.0", "--no-install")
    assert "deprecated" in old.stderr
    assert tomllib.loads(path.read_text())["system-requirements"] == {"cuda": "12.0"}
    assert keys("system-requirements", "list").stdout == "cuda: 12.0\n"


def test_pyproject_keys_are_the_projects(make_workspace):
    text = (
        '[project]\nname = "demo"\nversion = "0.1.0"\ndescription = "first"\n'
        '\n[tool.pixi.workspace]\nchannels = []\nplatforms = ["linux-64"]\n'
    )
    ws = make_workspace(text, filename="pyproject.toml")
    ws.pyxi("workspace", "version", "minor")
    ws.pyxi("workspace", "name", "set", "demo2")
    ws.pyxi("workspace", "description", "set", "second")
    ws.pyxi("workspace", "platform", "add", "osx-arm64", "--no-install")
    data = tomllib.loads((ws.root / "pyproject.toml").read_text())
    assert data["project"] == {"name": "demo2", "version": "0.2.0", "description": "second"}
    assert data["tool"]["pixi"]["workspace"] == {"channels": [], "platforms": ["linux-64", "osx-arm64"]}
    assert ws.pyxi("workspace", "description", "get").stdout == "second\n"


def test_activation_preview_and_system_requirements(make_workspace):
    ws = make_workspace(HEADER + BODY)
    path = ws.root / "pixi.toml"
    (ws.root / "setup.sh").write_text("")

    def act(*args: str, expect: int = 0):
        return ws.pyxi("workspace", "activation", *args, expect=expect)

    assert "Added activation script 'setup.sh'" in act("script", "add", "setup.sh").stderr
    act("scripts", "add", "other.sh", "setup.sh")
    assert "Moved activation script 'other.sh' to the front" in act("script", "prepend", "other.sh").stderr
    act("script", "add", "test.sh", "-f", "test", "-t", "linux")
    act("env", "set", "FOO=bar", "EQ=a=b")
    data = tomllib.loads(path.read_text())
    assert data["activation"] == {"scripts": ["other.sh", "setup.sh"], "env": {"FOO": "bar", "EQ": "a=b"}}
    assert data["feature"]["test"]["target"]["linux"]["activation"]["scripts"] == ["test.sh"]
    listing = act("list").stdout
    assert "Feature: default\n  scripts:\n    - other.sh\n    - setup.sh\n  env:\n    FOO = \"bar\"" in listing
    assert "Feature: test Target: linux\n  scripts:\n    - test.sh" in listing
    assert act("env", "list", "--target", "win").stdout == "No activation environment variables found for the given filter.\n"
    act("env", "set", "DEV=1", "--environment", "dev")  # written inline on the environment
    assert tomllib.loads(path.read_text())["environments"]["dev"]["activation"]["env"] == {"DEV": "1"}
    assert 'Environment: dev\n  env:\n    DEV = "1"' in act("list").stdout
    assert "DEV" in act("env", "list", "-e", "dev").stdout
    assert "DEV" not in act("list", "-f", "test").stdout

    before = path.read_bytes()
    assert "'MISSING' was not found" in act("env", "remove", "MISSING", expect=1).stderr
    assert "the feature 'nope' does not exist" in act("script", "rm", "x.sh", "-f", "nope", expect=1).stderr
    assert "not a valid environment variable name" in act("env", "set", "MY-VAR=1", expect=2).stderr
    assert "may not be empty" in act("script", "add", "", expect=2).stderr
    assert path.read_bytes() == before

    act("env", "remove", "FOO", "EQ")
    act("script", "remove", "other.sh", "setup.sh")
    act("script", "remove", "test.sh", "-f", "test", "-t", "linux")
    data = tomllib.loads(path.read_text())
    assert "activation" not in data and "target" not in data["feature"]["test"]

    ws.pyxi("workspace", "preview", "add", "pixi-build")
    assert ws.pyxi("workspace", "preview", "list").stdout == "pixi-build\n"
    assert "possible values: pixi-build" in ws.pyxi("workspace", "preview", "add", "nope", expect=2).stderr
    ws.pyxi("workspace", "preview", "remove", "pixi-build")


def test_help_reads_like_pixis(make_workspace):
    ws = make_workspace(HEADER)
    top = ws.pyxi("workspace", "--help").stdout
    assert "Modify the workspace configuration file through the command line" in top
    for family in ("activation", "channel", "description", "platform", "version", "environment",
                   "feature", "export", "name", "preview", "requires-pixi"):
        assert f"    {family} " in top
    assert "system-requirements" not in top  # deprecated, hidden as in pixi
    add = ws.pyxi("workspace", "platform", "add", "--help").stdout
    for flag in ("--auto-detect", "--cuda", "--cuda-arch", "--archspec", "--glibc", "--linux",
                 "--macos", "--windows", "--no-install", "--feature", "--environment"):
        assert flag in add
    channel = ws.pyxi("project", "channel", "add", "--help").stdout
    assert "--priority" in channel and "--prepend" in channel and "--frozen" in channel
