"""Every manifest error is located: file, line, key, and says what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.manifest.parse import parse_manifest

ParseError = Callable[..., ManifestError]
HEADER = """\
[workspace]
name = "ws"
channels = ["conda-forge"]
platforms = ["linux-64", "osx-arm64", "win-64"]
"""


# text, expected line, expected key, message fragment, help fragment
CASES = [
    pytest.param(
        HEADER.replace('name = "ws"', 'name = "ws"\nversion = "not a version!"'),
        3,
        "workspace.version",
        "invalid version `not a version!`",
        '"0.1.0"',
        id="bad-workspace-version",
    ),
    pytest.param(
        HEADER + '[dependencies]\n"numpy>=2" = "*"\n',
        6,
        'dependencies."numpy>=2"',
        "not a valid conda package name",
        'numpy = ">=2"',
        id="bad-conda-name",
    ),
    pytest.param(
        HEADER + "[dependencies]\nnumpy = >=1\n", 6, None, "invalid TOML", None, id="syntax"
    ),
    pytest.param(
        HEADER.replace("channels", "chanels"),
        3,
        "workspace.chanels",
        "unknown key `chanels` in `[workspace]`",
        "did you mean `channels`?",
        id="unknown-ws-key",
    ),
    pytest.param(
        HEADER + "[dependecies]\nnumpy = '*'\n",
        5,
        "dependecies",
        "unknown key `dependecies` in the top level",
        "did you mean `dependencies`?",
        id="unknown-root-table",
    ),
    pytest.param(
        HEADER + "[dependencies]\nnumpy = '>=>1'\n",
        6,
        "dependencies.numpy",
        "invalid version spec `>=>1`",
        "conda version spec",
        id="bad-conda-spec",
    ),
    pytest.param(
        HEADER + "[dependencies]\nnumpy = '1.2 py_0'\n",
        6,
        "dependencies.numpy",
        "invalid version spec",
        'build = "py_0"',
        id="build-in-string",
    ),
    pytest.param(
        HEADER + "[dependencies]\nnumpy = { version = 'zz!!' }\n",
        6,
        "dependencies.numpy.version",
        "invalid version spec",
        None,
        id="bad-conda-table-spec",
    ),
    pytest.param(
        HEADER + "[pypi-dependencies]\nrequests = '>=>2'\n",
        6,
        "pypi-dependencies.requests",
        "invalid PEP 440 version specifier",
        None,
        id="bad-pypi-spec",
    ),
    pytest.param(
        HEADER + "[pypi-dependencies]\nx = { git = 'g', path = '.' }\n",
        6,
        "pypi-dependencies.x.path",
        "`git` and `path` cannot be used together",
        None,
        id="pypi-two-sources",
    ),
    pytest.param(
        HEADER + "[pypi-dependencies]\nx = { path = '.', branch = 'main' }\n",
        6,
        "pypi-dependencies.x.branch",
        "`branch` needs `git`",
        None,
        id="pypi-branch-no-git",
    ),
    pytest.param(
        HEADER + "[environments]\ngpu = ['gpus']\n[feature.gpu.dependencies]\na = '*'\n",
        6,
        "environments.gpu[0]",
        "environment `gpu` uses feature `gpus`, which is not defined",
        "did you mean `gpu`?",
        id="unknown-feature",
    ),
    pytest.param(
        HEADER + "[environments]\nGPU = []\n",
        6,
        "environments.GPU",
        "invalid environment name `GPU`",
        "lowercase",
        id="bad-env-name",
    ),
    pytest.param(
        HEADER.replace('"win-64"]', '"win64"]'),
        4,
        "workspace.platforms[2]",
        "unknown platform `win64`",
        "did you mean `win-64`?",
        id="unknown-platform",
    ),
    pytest.param(
        HEADER + "[target.linux64.dependencies]\na = '*'\n",
        5,
        "target.linux64",
        "`linux64` is not a valid target selector",
        "did you mean `linux-64`?",
        id="bad-selector",
    ),
    pytest.param(
        HEADER + "[feature.a]\nplatforms = ['osx-64']\n",
        6,
        "feature.a.platforms[0]",
        "platform `osx-64` is not one of the workspace platforms",
        "osx-arm64",
        id="feature-platform-undeclared",
    ),
    pytest.param(
        HEADER.replace('name = "ws"', "name = 3"),
        2,
        "workspace.name",
        "expected a string, found an integer",
        None,
        id="wrong-type-name",
    ),
    pytest.param(
        HEADER + "[dependencies]\nnumpy = 1.5\n",
        6,
        "dependencies.numpy",
        "expected a version string or a table, found a float",
        None,
        id="wrong-type-dep",
    ),
    pytest.param(
        HEADER + "[tasks]\nt = { cmd = 'x', depends-on = 5 }\n",
        6,
        "tasks.t.depends-on",
        "expected an array, found an integer",
        None,
        id="wrong-type-depends-on",
    ),
    pytest.param(
        HEADER + "channel-priority = 'sometimes'\n",
        5,
        "workspace.channel-priority",
        "invalid value `sometimes`",
        "`strict`",
        id="bad-channel-priority",
    ),
    pytest.param(
        HEADER + "[pypi-options]\nindex-strategy = 'best'\n",
        6,
        "pypi-options.index-strategy",
        "invalid value `best`",
        "`unsafe-best-match`",
        id="bad-index-strategy",
    ),
    pytest.param(
        HEADER + "[system-requirements]\ncuda = 'twelve'\n",
        6,
        "system-requirements.cuda",
        "invalid version `twelve`",
        None,
        id="bad-cuda",
    ),
    pytest.param(
        HEADER + "[system-requirements]\ncuda = 12\n",
        6,
        "system-requirements.cuda",
        "expected a string, found an integer",
        None,
        id="cuda-int",
    ),
    pytest.param(
        HEADER + "[feature.default.dependencies]\na = '*'\n",
        5,
        "feature.default",
        "the feature name `default` is reserved",
        None,
        id="default-feature",
    ),
    pytest.param(
        "[dependencies]\na = '*'\n",
        1,
        None,
        "missing the `[workspace]` table",
        "pyxi init",
        id="missing-workspace",
    ),
    pytest.param(
        HEADER + "[tasks]\nt = { cmd = 'x', args = [{ arg = 'a', default = '1' }, 'b'] }\n",
        6,
        "tasks.t.args[1]",
        "default value required after previous arguments with defaults: task argument `b`",
        None,
        id="arg-default-order",
    ),
    pytest.param(
        HEADER + "[tasks]\nt = { cmd = 'x', args = ['python-file'] }\n",
        6,
        "tasks.t.args[0]",
        "'python-file' is not a valid argument name since it contains the character '-'",
        "letters, digits and `_`",
        id="arg-name-with-dash",
    ),
    pytest.param(
        HEADER + "[tasks]\nt = { cmd = 'x', args = [{ arg = 'a', default = 'c', choices = ['a', 'b'] }] }\n",
        6,
        "tasks.t.args[0].default",
        "the default `c` of task argument `a` is not one of its choices",
        "a, b",
        id="arg-default-not-a-choice",
    ),
    pytest.param(
        HEADER + "[tasks]\nt = { depends-on = [{ task = 'u', args = { a = '1' } }] }\n",
        6,
        "tasks.t.depends-on[0].args",
        "expected an array of arguments, found a table",
        '`args = [{ name = "value" }]`',
        id="depends-on-args-table",
    ),
    pytest.param(
        HEADER + "[tasks]\nt = { depends-on = [{ task = 'u', args = [{ a = '1', b = '2' }] }] }\n",
        6,
        "tasks.t.depends-on[0].args[0]",
        "a `depends-on` argument is a string or a table with one key",
        None,
        id="depends-on-arg-two-keys",
    ),
    pytest.param(
        HEADER + "[tasks]\nt = { depends-on = [{ task = 'u', args = [{ a = 1 }] }] }\n",
        6,
        "tasks.t.depends-on[0].args[0].a",
        "expected a string, found an integer",
        None,
        id="depends-on-named-arg-not-string",
    ),
]


@pytest.mark.parametrize(("text", "line", "key", "message", "help"), CASES)
def test_located_errors(
    parse_error: ParseError, text: str, line: int, key: str | None, message: str, help: str | None
) -> None:
    error = parse_error(text)
    assert message in error.message
    assert error.location is not None
    assert error.location.file == Path("/ws/pixi.toml")
    assert error.location.line == line
    assert error.location.key == key
    if help is not None:
        assert help in (error.help or "")


@pytest.mark.parametrize(
    ("text", "line", "key", "stage"),
    [
        (HEADER + "[build-system]\nbuild-backend = 'x'\n", 5, "build-system", "package"),
        (HEADER + "[dependencies]\na = { url = 'https://x/a-1-0.conda' }\n", 6,
         "dependencies.a.url", "unknown"),
        (HEADER + "[environments.dev]\ndev = { a = { path = '.' } }\n", 6,
         "environments.dev.dev", "build"),
        (HEADER + "[dependencies]\na = { version = '*', when = 'b' }\n", 6,
         "dependencies.a.when", "unknown"),
        (HEADER + "[workspace.dependencies]\na = '1'\n[dependencies]\na = { workspace = true, "
         "md5 = '0' }\n", 8, "dependencies.a.md5", "unknown"),
        (HEADER + "[feature.f.dependencies]\na = { path = '.', extras = ['x'] }\n", 6,
         "feature.f.dependencies.a.extras", "build"),
        (HEADER + "[workspace.target.win.build-variants]\np = ['1']\n", 5, "workspace.target",
         "package"),
        (HEADER + "[exclude-newer]\nnumpy = '7d'\n", 6, "exclude-newer.numpy", "solve"),
        (HEADER.replace('["conda-forge"]', '[{ channel = "c", exclude-newer = "1d" }]'), 3,
         "workspace.channels[0].exclude-newer", "solve"),
    ],
)
def test_not_supported_yet_is_recorded_where_it_is(text: str, line: int, key: str,
                                                   stage: str) -> None:
    """Parsing succeeds; the part is recorded with its location, to be raised where needed."""
    manifest = parse_manifest(text, Path("/ws/pixi.toml"))
    (part,) = manifest.unsupported
    assert (part.location.line, part.key, part.stage) == (line, key, stage)
    error = part.error("dev", "solve it")
    assert error.message == f"not supported by pyxi yet: `{key}`, needed by environment `dev` to solve it"
    assert error.location == part.location


def test_a_dev_entry_needs_a_source(parse_error: ParseError) -> None:
    error = parse_error(HEADER + "[feature.f.dev]\na = '*'\n")
    assert error.message == "`a` in [dev] needs a `path` or `git` source"
    assert error.location is not None and error.location.line == 6


def test_dev_entries_are_read(parse_error: ParseError) -> None:
    manifest = parse_manifest(HEADER + "[target.linux.dev]\na = { path = 'a' }\n",
                              Path("/ws/pixi.toml"))
    (selector, tables), = manifest.features["default"].targets
    assert selector == "linux" and tables.dev["a"].source is not None
    assert manifest.unsupported == []


def test_syntax_error_reports_column(parse_error: ParseError) -> None:
    error = parse_error(HEADER + "[dependencies]\nnumpy = >=1\n")
    assert "column 9" in error.message


def test_pyproject_error_names_tool_pixi_key(parse_error: ParseError) -> None:
    text = '[project]\nname = "p"\n[tool.pixi.workspace]\nchannels = []\nplatforms = ["linux-65"]\n'
    error = parse_error(text, "pyproject.toml")
    assert error.location is not None
    assert (error.location.line, error.location.key) == (5, "tool.pixi.workspace.platforms[0]")
    assert str(error.location) == "/ws/pyproject.toml:5 (key `tool.pixi.workspace.platforms[0]`)"


def test_unknown_key_without_close_match_lists_allowed(parse_error: ParseError) -> None:
    error = parse_error(HEADER + "zzzzz = 1\n")
    assert error.help is not None and error.help.startswith("allowed keys: ")
    assert "`channels`" in error.help and "did you mean" not in error.help
