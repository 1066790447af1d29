"""Inline environments (`[environments.NAME.dependencies]`, …): an anonymous feature of that
environment only, placed before its listed features, hidden where pixi hides it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.env.tasks import environment_tasks
from pyxi.manifest.model import Manifest
from pyxi.workspace.environment import build_workspace

Parse = Callable[..., Manifest]
ParseError = Callable[..., ManifestError]
HEADER = """\
[workspace]
name = "ws"
channels = ["conda-forge"]
platforms = ["linux-64", "osx-arm64"]
"""
INLINE = HEADER + """
[dependencies]
python = "3.12.*"

[activation.env]
WHO = "default"

[tasks]
hello = "echo default"

[feature.shared.dependencies]
numpy = ">=2"

[feature.shared.activation.env]
WHO = "shared"

[feature.shared.tasks]
hello = "echo shared"

[environments.dev]
features = ["shared"]
solve-group = "dev-group"
dependencies = { numpy = "2.1.*", pytest = "*" }
platforms = ["linux-64"]
channels = ["bioconda"]

[environments.dev.activation.env]
WHO = "dev"

[environments.dev.tasks]
hello = "echo dev"
test = "pytest"

[environments.dev.target.linux-64.dependencies]
pytest = "8.*"
"""


def test_inline_content_is_an_anonymous_first_feature(parse: Parse) -> None:
    manifest = parse(INLINE)
    decl = manifest.environments["dev"]
    assert "dev" not in manifest.features  # not a feature other environments could name
    assert decl.features == ("shared",) and decl.solve_group == "dev-group"
    assert decl.inline is not None and decl.inline.environment == "dev"
    assert decl.inline.key_path == ("environments", "dev")
    env = build_workspace(manifest).environments["dev"]
    assert [f.key_path for f in env.features] == [
        ("environments", "dev"), ("feature", "shared"), ()
    ]
    assert env.feature_names == ["shared", "default"]  # what `info` lists


def test_inline_content_wins_where_features_disagree(parse: Parse) -> None:
    env = build_workspace(parse(INLINE)).environments["dev"]
    linux = env.platform("linux-64")
    assert [p.name for p in env.platforms] == ["linux-64"]
    assert env.channel_names == ["bioconda", "conda-forge"]
    assert [d.to_matchspec() for d in env.conda_dependencies(linux)] == [
        "numpy 2.1.*", "pytest 8.*", "numpy >=2", "python 3.12.*"
    ]
    assert [d.to_matchspec() for d in env.conda_dependencies(None)][1] == "pytest"
    assert env.activation(linux)[1]["WHO"] == "dev"
    assert env.tasks(linux)["hello"].cmd == "echo dev"


def test_task_list_json_puts_inline_tasks_on_the_environment(parse: Parse) -> None:
    env = build_workspace(parse(INLINE)).environments["dev"]
    listing = environment_tasks(env, env.platform("linux-64"))
    assert [t["name"] for t in listing["tasks"]] == ["hello", "test"]
    assert listing["tasks"][0]["cmd"] == "echo dev"
    assert [f["name"] for f in listing["features"]] == []  # `hello` is shadowed by dev's own


def test_default_environment_inline_content_is_its_own(parse: Parse) -> None:
    manifest = parse(HEADER + '[environments.default]\ndependencies = { rich = "*" }\n'
                     '[environments]\nother = []\n')
    workspace = build_workspace(manifest)
    assert [d.name for d in workspace.environments["default"].conda_dependencies(None)] == ["rich"]
    assert workspace.environments["other"].conda_dependencies(None) == []


def test_no_default_feature_and_pyproject_form(parse: Parse) -> None:
    text = """\
    [project]
    name = "demo"
    requires-python = ">=3.11"

    [tool.pixi.workspace]
    channels = ["conda-forge"]
    platforms = ["linux-64"]

    [tool.pixi.environments.lean]
    no-default-feature = true
    dependencies = { rich = "*" }
    """
    manifest = parse(text, "pyproject.toml")
    env = build_workspace(manifest).environments["lean"]
    assert env.feature_names == []
    assert [d.name for d in env.conda_dependencies(None)] == ["rich"]  # no implicit python
    location = manifest.environments["lean"].inline.default.dependencies["rich"].location
    assert location is not None and location.line == 11


def test_list_form_and_features_only_make_no_inline_feature(parse: Parse) -> None:
    manifest = parse(HEADER + '[feature.a]\n[environments]\nx = ["a"]\ny = { features = ["a"] }\n')
    assert manifest.environments["x"].inline is None
    assert manifest.environments["y"].inline is None


@pytest.mark.parametrize(
    ("body", "line", "key", "message"),
    [
        ('[environments.dev]\nsystem-requirements = { cuda = "12" }\n', 7,
         "environments.dev.system-requirements", "`system-requirements` cannot be set on an environment"),
        ('[environments.dev.host-dependencies]\ncmake = "*"\n', 6,
         "environments.dev.host-dependencies", "cannot be set on an environment"),
        ("[environments.dev]\nno-default-feature = true\n", 6, "environments.dev",
         "an environment table needs `features`, `solve-group` or content of its own"),
        ('[environments.dev]\nplatforms = ["win-64"]\n', 7, "environments.dev.platforms[0]",
         "platform `win-64` is not one of the workspace platforms"),
        ('[environments.dev]\ndependencies = { a = "*" }\n[environments.other]\nfeatures = ["dev"]\n',
         9, "environments.other.features[0]", "uses feature `dev`, which is not defined"),
        ('[environments.dev]\ndepndencies = { a = "*" }\n', 7, "environments.dev.depndencies",
         "unknown key `depndencies`"),
    ],
)
def test_inline_errors_are_located(
    parse_error: ParseError, body: str, line: int, key: str, message: str
) -> None:
    error = parse_error(HEADER + "\n" + body)
    assert message in error.message
    assert error.location is not None and (error.location.line, error.location.key) == (line, key)


def test_empty_tasks_or_target_tables_are_no_content(parse: Parse, parse_error: ParseError) -> None:
    error = parse_error(HEADER + "[environments.dev.tasks]\n")
    assert "needs `features`, `solve-group` or content of its own" in error.message
    manifest = parse(HEADER + "[environments.dev.dependencies]\n")  # an empty table is content
    assert manifest.environments["dev"].inline is not None
