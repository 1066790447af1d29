"""`[workspace.dependencies]` and `{ workspace = true }`: inherited specs are resolved while
parsing, in every environment table, with located errors; `[constraints]` and the legacy
host/build tables take part in the environment as pixi merges them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.manifest.model import Manifest
from pyxi.workspace.environment import build_workspace

HEADER = """\
[workspace]
name = "ws"
channels = ["conda-forge"]
platforms = ["linux-64", "osx-arm64"]

[workspace.dependencies]
NumPy = { version = "2.1.*", channel = "conda-forge" }
cmake = ">=3.28"
"""
Parse = Callable[..., Manifest]
ParseError = Callable[..., ManifestError]


def test_every_environment_table_inherits(parse: Parse) -> None:
    manifest = parse(HEADER + """
    [dependencies]
    numpy = { workspace = true }

    [constraints]
    cmake.workspace = true

    [feature.f.target.linux-64.host-dependencies]
    cmake = { workspace = true, build = "h1*" }

    [environments.dev]
    features = ["f"]
    dependencies = { numpy = { workspace = true, channel = "mine" } }
    """.replace("\n    ", "\n"))
    default = manifest.default_feature.default
    assert default.dependencies["numpy"].to_matchspec() == "conda-forge::numpy 2.1.*"
    assert default.dependencies["numpy"].inherited
    assert default.constraints["cmake"].version == ">=3.28"
    host = dict(manifest.features["f"].targets)["linux-64"].host_dependencies["cmake"]
    assert host.to_matchspec() == "cmake >=3.28 h1*"
    inline = manifest.environments["dev"].inline
    assert inline is not None
    assert inline.default.dependencies["numpy"].to_matchspec() == "mine::numpy 2.1.*"
    assert inline.default.dependencies["numpy"].location.line == 21


def test_pyproject_pool(parse: Parse) -> None:
    manifest = parse(
        '[project]\nname = "p"\n[tool.pixi.workspace]\nchannels = []\nplatforms = ["linux-64"]\n'
        '[tool.pixi.workspace.dependencies]\nrich = ">=13"\n'
        "[tool.pixi.dependencies]\nrich = { workspace = true }\n",
        "pyproject.toml",
    )
    assert manifest.default_feature.default.dependencies["rich"].version == ">=13"


def test_legacy_tables_merge_build_over_host_over_run(parse: Parse) -> None:
    manifest = parse(HEADER + """
    [dependencies]
    cmake = "*"
    zlib = "*"
    ninja = "*"

    [host-dependencies]
    cmake = "3.29.*"
    ninja = "1.12.*"

    [build-dependencies]
    cmake = "3.30.*"

    [target.linux-64.dependencies]
    zlib = "1.3.*"
    """.replace("\n    ", "\n"))
    assert "The `host-dependencies` field is deprecated. Use `dependencies` instead." in (
        manifest.warnings[0]
    )
    env = build_workspace(manifest).environments["default"]
    linux = env.platform("linux-64")
    assert [d.to_matchspec() for d in env.conda_dependencies(linux)] == [
        "cmake 3.30.*", "zlib 1.3.*", "ninja 1.12.*"
    ]


def test_constraints_merge_like_dependencies(parse: Parse) -> None:
    manifest = parse(HEADER + """
    [constraints]
    openssl = "<4"

    [feature.f.constraints]
    openssl = ">=3"

    [environments]
    e = ["f"]
    """.replace("\n    ", "\n"))
    env = build_workspace(manifest).environments["e"]
    assert [d.to_matchspec() for d in env.constraints(None)] == ["openssl >=3", "openssl <4"]
    assert env.conda_dependencies(None) == []


@pytest.mark.parametrize(
    ("body", "line", "key", "message"),
    [
        ("[dependencies]\nghost = { workspace = true }\n", 11, "dependencies.ghost.workspace",
         "the workspace does not define `ghost` in `[workspace.dependencies]`"),
        ("[dependencies]\nnumpy = { workspace = false }\n", 11, "dependencies.numpy.workspace",
         "`workspace` cannot be false"),
        ('[dependencies]\nnumpy = { workspace = false, build = "x" }\n', 11, "dependencies.numpy",
         "`workspace = false` cannot be combined with other fields"),
        ('[dependencies]\nnumpy = { workspace = "yes" }\n', 11, "dependencies.numpy.workspace",
         "expected a boolean"),
        ('[dependencies]\nnumpy = { workspace = true, version = "2" }\n', 11,
         "dependencies.numpy.version", "`version` is mutually exclusive with `workspace`"),
        ('[feature.f.dependencies]\nnumpy = { workspace = true, path = "." }\n', 11,
         "feature.f.dependencies.numpy.path", "`path` is mutually exclusive with `workspace`"),
        ('[workspace.dependencies.lib]\npath = "lib"\n', 10, "workspace.dependencies.lib",
         "not allowed without enabling the 'pixi-build' preview flag"),
        ("[workspace.dependencies.lib]\nworkspace = true\n", 11,
         "workspace.dependencies.lib.workspace", "not supported in this table"),
        ('[workspace.dependencies]\nnumpy = "1"\n', 9, "workspace.dependencies.numpy",
         "`numpy` is defined twice in `[workspace.dependencies]`"),
    ],
)
def test_inheritance_errors_are_located(
    parse_error: ParseError, body: str, line: int, key: str, message: str
) -> None:
    text = HEADER + "\n" + body
    if body.startswith("[workspace.dependencies]"):
        text = HEADER + body.split("\n", 1)[1]  # more entries for the same table
    error = parse_error(text)
    assert message in error.message
    assert error.location is not None and (error.location.line, error.location.key) == (line, key)
