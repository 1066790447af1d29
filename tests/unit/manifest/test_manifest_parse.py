"""What each manifest table becomes in the model (pixi's semantics, pixi-semantics §3)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pyxi.manifest.model import ChannelRef, FindLinks, LibcRequirement, Manifest
from pyxi.manifest.task_model import DependencyArg, TaskArg, TaskDependency

Parse = Callable[..., Manifest]
HEADER = """\
[workspace]
name = "ws"
channels = ["conda-forge"]
platforms = ["linux-64", "osx-arm64", "win-64"]
"""


def test_deprecated_project_table_warns(parse: Parse) -> None:
    manifest = parse(HEADER.replace("[workspace]", "[project]"))
    assert manifest.workspace.name == "ws"
    assert "The `project` field is deprecated. Use `workspace` instead." in manifest.warnings


def test_workspace_settings(parse: Parse) -> None:
    manifest = parse(
        HEADER.replace('channels = ["conda-forge"]\n', "")
        + """
        version = "1.0"
        authors = ["me"]
        license = "MIT"
        channel-priority = "disabled"
        solve-strategy = "lowest-direct"
        requires-pixi = ">=0.40"
        channels = ["conda-forge", { channel = "nvidia", priority = 2 }]
        [workspace.pypi-options]
        index-url = "https://idx"
        """.replace("\n        ", "\n"),
    )
    ws = manifest.workspace
    assert (ws.version, ws.channel_priority, ws.solve_strategy) == (
        "1.0",
        "disabled",
        "lowest-direct",
    )
    assert ws.requires_pixi == ">=0.40"
    assert [(c.raw, c.priority) for c in ws.channels] == [("conda-forge", 0), ("nvidia", 2)]
    assert ws.pypi_options is not None and ws.pypi_options.index_url == "https://idx"


@pytest.mark.parametrize(
    ("entry", "name", "subdir", "virtuals"),
    [
        ('"linux-64"', "linux-64", "linux-64", ()),
        ('{ platform = "linux-64", cuda = "12.6" }', "linux-64-cuda-12-6", "linux-64",
         (("__cuda", "12.6"),)),
        ('{ platform = "linux-64", cuda = "12.0", glibc = "2.28" }',
         "linux-64-cuda-12-0", "linux-64", (("__cuda", "12.0"), ("__glibc", "2.28"))),
        ('{ platform = "linux-64", cuda = { driver = "12.0", arch = "8.6" } }',
         "linux-64-cuda-12-0-cuda-arch-8-6", "linux-64", (("__cuda", "12.0"), ("__cuda_arch", "8.6"))),
        ('{ name = "jetson", platform = "linux-aarch64", cuda = { driver = "12.8" } }', "jetson",
         "linux-aarch64", (("__cuda", "12.8"),)),
        ('{ platform = "osx-arm64", macos = "14.0" }', "osx-arm64-macos-14-0", "osx-arm64",
         (("__osx", "14.0"),)),
        ('{ platform = "linux-64", "__foo" = "1.2" }', "linux-64-foo-1-2", "linux-64",
         (("__foo", "1.2"),)),
    ],
)  # fmt: skip
def test_platforms(parse: Parse, entry: str, name: str, subdir: str, virtuals: tuple) -> None:
    text = HEADER.replace('["linux-64", "osx-arm64", "win-64"]', f"[{entry}]")
    [platform] = parse(text).workspace.platforms
    assert (platform.name, platform.subdir, platform.virtual_packages) == (name, subdir, virtuals)


def test_rich_platform_names_are_selectors_and_feature_platforms(parse: Parse) -> None:
    manifest = parse(
        """\
        [workspace]
        name = "ws"
        channels = []
        platforms = ["osx-arm64", { platform = "linux-64", cuda = "12.6", name = "cuda" }]
        [feature.gpu]
        platforms = ["cuda"]
        [feature.cpu]
        platforms = ["linux-64"]
        [target.cuda.dependencies]
        a = "*"
        [target."cu*".dependencies]
        b = "*"
        [environments]
        gpu = ["gpu"]
        cpu = ["cpu"]
        """
    )
    assert manifest.features["gpu"].platforms == ["cuda"]
    assert manifest.features["cpu"].platforms == ["linux-64"]
    assert [sel for sel, _ in manifest.default_feature.targets] == ["cuda", "cu*"]


def test_targets_keep_manifest_order_and_normalize_macos(parse: Parse) -> None:
    manifest = parse(
        HEADER
        + """
        [target.linux-64.dependencies]
        a = "1.*"
        [target.unix.activation]
        scripts = ["a.sh"]
        env = { A = "1" }
        [target.macos.tasks]
        t = "echo"
        [target.win.pypi-dependencies]
        b = "*"
        [feature.f.target.osx-arm64.dependencies]
        c = "*"
        [environments]
        f = ["f"]
        """.replace("\n        ", "\n"),
    )
    targets = manifest.default_feature.targets
    assert [sel for sel, _ in targets] == ["linux-64", "unix", "osx", "win"]
    assert targets[1][1].activation is not None
    assert (targets[1][1].activation.scripts, targets[1][1].activation.env) == (
        ("a.sh",),
        (("A", "1"),),
    )
    assert targets[2][1].tasks["t"].cmd == "echo"
    assert targets[3][1].pypi_dependencies["b"].version is None
    assert manifest.features["f"].targets[0][0] == "osx-arm64"


def test_conda_dependency_forms(parse: Parse) -> None:
    manifest = parse(
        HEADER
        + """
        [dependencies]
        a = "*"
        b = { version = ">=1.2", build = "py_0", channel = "pytorch" }
        c = { build = "cuda*" }
        d = {
            version = ">=3.12",
            channel = "conda-forge",
        }
        """.replace("\n        ", "\n"),
    )
    deps = manifest.default_feature.default.dependencies
    assert deps["a"].to_matchspec() == "a"
    assert deps["b"].to_matchspec() == "pytorch::b >=1.2 py_0"
    assert deps["c"].to_matchspec() == "c * cuda*"
    assert (deps["d"].version, deps["d"].channel) == (">=3.12", "conda-forge")
    assert deps["d"].location is not None and deps["d"].location.line == 10


def test_pypi_dependency_forms(parse: Parse) -> None:
    manifest = parse(
        HEADER
        + """
        [pypi-dependencies]
        a = "*"
        b = "~=3.5.0"
        c = { version = ">=1", extras = ["sql"], index = "https://idx" }
        d = { git = "https://g/d", tag = "v1", subdirectory = "sub" }
        e = { path = "./e", editable = true }
        f = { url = "https://x/f-1-py3-none-any.whl" }
        """.replace("\n        ", "\n"),
    )
    deps = manifest.default_feature.default.pypi_dependencies
    assert (deps["a"].version, deps["b"].version) == (None, "~=3.5.0")
    assert (deps["c"].extras, deps["c"].index, deps["c"].is_registry) == (
        ("sql",),
        "https://idx",
        True,
    )
    assert (deps["d"].git, deps["d"].tag, deps["d"].subdirectory) == ("https://g/d", "v1", "sub")
    assert (deps["e"].path, deps["e"].editable, deps["e"].is_registry) == ("./e", True, False)
    assert deps["f"].url == "https://x/f-1-py3-none-any.whl"


def test_pypi_options(parse: Parse) -> None:
    manifest = parse(
        HEADER
        + """
        [pypi-options]
        index-url = "https://a"
        extra-index-urls = ["https://b"]
        find-links = [{ path = "./links" }, { url = "https://c" }]
        index-strategy = "unsafe-best-match"
        no-build-isolation = ["x"]
        prerelease-mode = "allow"
        """.replace("\n        ", "\n"),
    )
    options = manifest.default_feature.pypi_options
    assert options is not None
    assert options.extra_index_urls == ("https://b",)
    assert options.find_links == (FindLinks(path="./links"), FindLinks(url="https://c"))
    assert (options.index_strategy, options.no_build_isolation, options.prerelease_mode) == (
        "unsafe-best-match",
        ("x",),
        "allow",
    )


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('cuda = "12"', {"cuda": "12"}),
        ('libc = "2.17"', {"libc": LibcRequirement("glibc", "2.17")}),
        ('libc = { family = "musl", version = "1.2" }', {"libc": LibcRequirement("musl", "1.2")}),
        ('linux = "5.10"\nmacos = "13.0"\narchspec = "x86_64_v3"',
         {"linux": "5.10", "macos": "13.0", "archspec": "x86_64_v3"}),
    ],
)  # fmt: skip
def test_system_requirements(parse: Parse, table: str, expected: dict[str, object]) -> None:
    reqs = parse(
        HEADER + "[system-requirements]\n" + table + "\n"
    ).default_feature.system_requirements
    for key, value in expected.items():
        assert getattr(reqs, key) == value


def test_tasks(parse: Parse) -> None:
    manifest = parse(
        HEADER
        + """
        [tasks]
        simple = "echo hi"
        listed = ["echo", "hi"]
        alias = { depends-on = ["simple", "listed"] }
        args = { cmd = "x", args = ["a", { arg = "b", default = "B", choices = ["B", "C"] }] }
        deps = { depends-on = [{ task = "args", args = ["1"], environment = "py311" }] }
        named = { depends-on = [{ task = "args", args = ["{{ v }}", { b = "C" }] }] }
        old = { cmd = "x", depends_on = ["simple"] }
        [tasks.full]
        cmd = "pytest {{ marker }}"
        depends-on = "simple"
        cwd = "tests"
        env = { A = "1" }
        description = "d"
        inputs = ["src"]
        outputs = ["out"]
        clean-env = true
        default-environment = "test"
        """.replace("\n        ", "\n"),
    )
    tasks = manifest.default_feature.default.tasks
    assert (tasks["simple"].cmd, tasks["listed"].cmd) == ("echo hi", ("echo", "hi"))
    assert tasks["alias"].cmd is None
    assert tasks["alias"].depends_on == (TaskDependency("simple"), TaskDependency("listed"))
    full = tasks["full"]
    assert (full.cwd, full.env, full.clean_env, full.default_environment) == (
        "tests",
        (("A", "1"),),
        True,
        "test",
    )
    assert (full.inputs, full.outputs, full.description) == (("src",), ("out",), "d")
    assert tasks["args"].args == (TaskArg("a"), TaskArg("b", "B", ("B", "C")))
    assert tasks["deps"].depends_on == (TaskDependency("args", (DependencyArg("1"),), "py311"),)
    assert tasks["named"].depends_on == (
        TaskDependency("args", (DependencyArg("{{ v }}"), DependencyArg("C", "b"))),
    )
    located = tasks["named"].depends_on[0].location
    assert located is not None and (located.line, located.key) == (12, "tasks.named.depends-on[0]")
    assert (full.where("cmd").line, full.where("env.A").line) == (15, 18)  # type: ignore[union-attr]
    assert full.where("inputs.0").key == "tasks.full.inputs[0]"  # type: ignore[union-attr]
    assert tasks["old"].depends_on == (TaskDependency("simple"),)
    assert any("`depends_on` field is deprecated" in w for w in manifest.warnings)


def test_environments_table_form_and_implicit_default(parse: Parse) -> None:
    manifest = parse(
        HEADER
        + """
        [feature.test.dependencies]
        pytest = "*"
        [feature.lint.dependencies]
        ruff = "*"
        [environments]
        test = { features = ["test"], solve-group = "main", no-default-feature = true }
        """.replace("\n        ", "\n"),
    )
    assert list(manifest.environments) == ["default", "test"]
    test = manifest.environments["test"]
    assert (test.features, test.solve_group, test.no_default_feature) == (("test",), "main", True)
    assert manifest.environments["default"].features == ()
    assert manifest.warnings == ["feature `lint` is defined but not used in any environment"]


def test_feature_channels_platforms_and_priority(parse: Parse) -> None:
    manifest = parse(
        HEADER
        + """
        [feature.gpu]
        channels = ["nvidia", { channel = "pytorch", priority = -1 }]
        platforms = ["linux-64"]
        channel-priority = "flexible"
        [environments]
        gpu = ["gpu"]
        """.replace("\n        ", "\n"),
    )
    gpu = manifest.features["gpu"]
    assert [(c.raw, c.priority) for c in gpu.channels or []] == [("nvidia", 0), ("pytorch", -1)]
    assert isinstance((gpu.channels or [])[0], ChannelRef)
    assert (gpu.platforms, gpu.channel_priority) == (["linux-64"], "flexible")
    assert manifest.default_feature.channels is None and manifest.default_feature.platforms is None


PYPROJECT = """\
[project]
name = "my-pkg"
requires-python = ">=3.10"
dependencies = ["requests>=2", "numpy", "rich[jupyter]; sys_platform == 'linux'"]

[project.optional-dependencies]
test = ["pytest", "my_pkg[docs]"]
docs = ["sphinx"]

[dependency-groups]
dev = [{ include-group = "lint" }, "ipython"]
lint = ["ruff"]

[tool.pixi.workspace]
channels = ["conda-forge"]
platforms = ["linux-64"]

[tool.pixi.dependencies]
numpy = "*"
python = "3.12.*"

[tool.pixi.environments]
test = ["test"]
"""


def test_pyproject_project_tables(parse: Parse) -> None:
    manifest = parse(PYPROJECT, "pyproject.toml")
    default = manifest.default_feature.default
    assert manifest.workspace.name == "my-pkg"
    assert default.dependencies["python"].version == "3.12.*"  # tool.pixi wins over requires-python
    assert set(default.pypi_dependencies) == {"requests", "rich"}  # conda numpy wins
    assert default.pypi_dependencies["rich"].marker == 'sys_platform == "linux"'
    assert default.pypi_dependencies["rich"].extras == ("jupyter",)
    features = manifest.features
    assert list(features["test"].default.pypi_dependencies) == ["pytest", "sphinx"]
    assert list(features["dev"].default.pypi_dependencies) == ["ruff", "ipython"]
    assert manifest.warnings == []  # unused groups do not warn


def test_pyproject_requires_python_becomes_python(parse: Parse) -> None:
    text = PYPROJECT.replace('python = "3.12.*"\n', "").replace(">=3.10", ">= 3.11, < 3.13")
    python = parse(text, "pyproject.toml").default_feature.default.dependencies["python"]
    assert python.version == ">=3.11,<3.13"
    assert python.location is not None and python.location.key == "project.requires-python"


def test_workspace_name_overrides_project_name(parse: Parse) -> None:
    text = PYPROJECT.replace("[tool.pixi.workspace]\n", '[tool.pixi.workspace]\nname = "other"\n')
    assert parse(text, "pyproject.toml").workspace.name == "other"


def test_pixi_toml_tool_table_is_ignored(parse: Parse) -> None:
    assert parse(HEADER + "[tool.update]\nautoupdate = 'never'\n").workspace.name == "ws"


@pytest.mark.parametrize(
    ("requirement", "fields"),
    [
        ("a[x,y]>=1,<2", {"version": "<2,>=1", "extras": ("x", "y")}),
        ("b @ https://h/b-1-py3-none-any.whl", {"url": "https://h/b-1-py3-none-any.whl"}),
        ("c @ git+https://g/c@v1", {"git": "https://g/c", "rev": "v1"}),
        ("d @ git+ssh://git@g/d", {"git": "ssh://git@g/d", "rev": None}),
        ("e @ file:///src/e", {"path": "/src/e"}),
        ("f; python_version < '3.12'", {"marker": 'python_version < "3.12"', "version": None}),
    ],
)
def test_pep508_requirements(parse: Parse, requirement: str, fields: dict[str, object]) -> None:
    text = PYPROJECT.replace(
        '"requests>=2", "numpy", "rich[jupyter]; sys_platform == \'linux\'"', repr(requirement)
    )
    deps = parse(text, "pyproject.toml").default_feature.default.pypi_dependencies
    [dep] = deps.values()
    for key, value in fields.items():
        assert getattr(dep, key) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[project]\nname = "p"\n', "has no [tool.pixi] table"),
        ('[tool.pixi.dependencies]\na = "*"\n', "missing the `[tool.pixi.workspace]` table"),
        (
            PYPROJECT.replace('"ipython"', '{ include-group = "nope" }'),
            "group `nope` is not defined",
        ),
        (
            PYPROJECT.replace('lint = ["ruff"]', 'lint = [{ include-group = "dev" }]'),
            "includes itself",
        ),
    ],
)
def test_pyproject_errors(parse_error: Callable[..., object], text: str, message: str) -> None:
    assert message in str(parse_error(text, "pyproject.toml"))
