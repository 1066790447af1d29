"""The solver-input keys as pixi 0.77 reads and merges them: `exclude-newer` values,
`[pypi-options]` across features, `requires-pixi`, `[package]` and conda source locations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.manifest.exclude_newer import parse_exclude_newer
from pyxi.manifest.parse import parse_manifest
from pyxi.pypi.uv_options import build_args, exclude_newer_args
from pyxi.workspace.environment import build_workspace

HEADER = '[workspace]\nname = "ws"\nchannels = ["conda-forge"]\nplatforms = ["linux-64"]\n'
UTC = dt.timezone.utc


def _parse(text: str):
    return parse_manifest(text, Path("/ws/pixi.toml"))


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-11-03", dt.datetime(2025, 11, 4, tzinfo=UTC)),  # the start of the next day
    ("2023-10-01T00:00:00Z", dt.datetime(2023, 10, 1, tzinfo=UTC)),
    ("2023-10-01T02:00:00+02:00", dt.datetime(2023, 10, 1, tzinfo=UTC)),
])
def test_exclude_newer_absolute_values(text: str, expected: dt.datetime) -> None:
    parsed = parse_exclude_newer(text)
    assert parsed is not None and parsed.cutoff() == expected


@pytest.mark.parametrize(("text", "seconds"), [
    ("7d", 7 * 86400), ("1h30m", 5400), ("2 weeks", 14 * 86400), ("72 hours", 72 * 3600),
    ("0d", 0), ("1M", 2_630_016),
])
def test_exclude_newer_durations_count_back_from_now(text: str, seconds: int) -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=UTC)
    parsed = parse_exclude_newer(text)
    assert parsed is not None and parsed.cutoff(now) == now - dt.timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["date", "2025-13-01", "7 fortnights", "2025-01-01T00:00:00"])
def test_bad_exclude_newer_is_a_located_error(text: str) -> None:
    with pytest.raises(ManifestError) as info:
        _parse(HEADER + f'exclude-newer = "{text}"\n')
    assert "is neither a valid duration, date, nor timestamp" in info.value.message
    assert info.value.location is not None and info.value.location.line == 5


def test_exclude_newer_becomes_uv_arguments() -> None:
    now = dt.datetime(2026, 1, 10, tzinfo=UTC)
    manifest = _parse(HEADER + 'exclude-newer = "2025-01-01"\n[pypi-exclude-newer]\ntorch = "9d"\n')
    env = build_workspace(manifest).environment("default")
    args = exclude_newer_args(env.exclude_newer.default, env.exclude_newer.pypi_packages, now)
    assert args == ["--exclude-newer", "2025-01-02T00:00:00Z",
                    "--exclude-newer-package", "torch=2026-01-01T00:00:00Z"]


PYPI_FEATURES = HEADER + """\
[workspace.pypi-options]
index-url = "https://base/simple"
no-build = ["a"]
[pypi-options]
extra-index-urls = ["https://extra-default/simple"]
no-binary = ["x"]
dependency-overrides = { numpy = ">=2", rich = "*" }
[feature.f.pypi-options]
index-url = "https://feature/simple"
extra-index-urls = ["https://extra-f/simple", "https://extra-default/simple"]
no-build = true
no-build-isolation = ["detectron2"]
dependency-overrides = { numpy = "==2.1.3" }
[environments]
f = ["f"]
"""


def test_pypi_options_merge_as_pixi_merges_them() -> None:
    workspace = build_workspace(_parse(PYPI_FEATURES))
    default = workspace.environment("default").pypi_options()
    assert default.index_url == "https://base/simple"
    assert default.no_build == ("a",) and default.no_binary == ("x",)
    merged = workspace.environment("f").pypi_options()
    assert merged.index_url == "https://feature/simple"  # the features' value beats the base
    assert merged.extra_index_urls == ("https://extra-f/simple", "https://extra-default/simple")
    assert merged.no_build is True  # `true` beats a list
    overrides = {dep.name: dep.version for dep in merged.dependency_overrides}
    assert overrides == {"numpy": "==2.1.3", "rich": None}  # the earlier feature wins
    assert build_args(merged, install=True) == [
        "--no-build", "--no-binary", "x", "--no-build-isolation-package", "detectron2"]
    assert "--no-build-isolation-package" not in build_args(merged)


def test_features_that_disagree_on_a_single_value_are_refused() -> None:
    text = HEADER + """\
[feature.g.pypi-options]
index-strategy = "unsafe-best-match"
[feature.h.pypi-options]
index-strategy = "first-index"
[environments]
gh = ["g", "h"]
"""
    with pytest.raises(ManifestError) as info:
        build_workspace(_parse(text))
    assert info.value.message.startswith(
        "environment `gh` combines features with different `index-strategy` values")
    assert info.value.location is not None and info.value.location.line == 7


def test_requires_pixi_is_checked_strictly() -> None:
    with pytest.raises(ManifestError) as info:
        _parse(HEADER + 'requires-pixi = "abc<<"\n')
    assert info.value.message == "invalid version specifier in 'requires-pixi'"
    assert _parse(HEADER + 'requires-pixi = ">=0.77.0,<0.78"\n').workspace.requires_pixi


def test_package_table_is_read_fully() -> None:
    manifest = _parse(HEADER + """\
[package]
name = { workspace = true }
version = "1.2.3"
[package.build]
backend = { name = "pixi-build-cmake", version = "0.3.*" }
config = { extra-args = ["-DX=1"] }
source = { git = "https://github.com/o/r", rev = "abc", subdirectory = "src" }
[package.build.target.linux-64.config]
extra-args = ["-DLINUX=1"]
[package.host-dependencies]
sdl2 = ">=2"
[package.run-dependencies]
"if(target_platform == 'linux-64')" = { libgl = "*" }
[package.target.win-64.run-dependencies]
vc = "*"
[package.extra-dependencies.test]
pytest = ">=8"
""")
    package = manifest.package
    assert package is not None and package.name is None and package.version == "1.2.3"
    assert (package.build.backend, package.build.backend_version) == ("pixi-build-cmake", "0.3.*")
    assert package.build.source is not None and package.build.source.kind == "git"
    assert package.build.target_config == (("linux-64", {"extra-args": ["-DLINUX=1"]}),)
    run = {spec.name: spec.condition for spec in package.dependencies["run-dependencies"]}
    assert run == {"libgl": "target_platform == 'linux-64'", "vc": "win-64"}
    assert [s.name for s in package.dependencies["extra-dependencies.test"]] == ["pytest"]


@pytest.mark.parametrize(("body", "line", "message"), [
    ('[package]\nname = "p"\n', 5, "`[package]` needs a `build` table"),
    ('[package.build]\nbackend = { version = "1" }\n', 6, "the build backend needs a `name`"),
    ('[package.build]\nbackend = { name = "b" }\nbogus = 1\n', 7, "unknown key `bogus`"),
    ("[package.build]\nbackend = { name = 'b' }\n[package.run-dependencies]\nx = 3\n", 8,
     "expected a version string or a table"),
])
def test_package_errors_are_located(body: str, line: int, message: str) -> None:
    with pytest.raises(ManifestError) as info:
        _parse(HEADER + body)
    assert message in info.value.message
    assert info.value.location is not None and info.value.location.line == line


@pytest.mark.parametrize(("spec", "message"), [
    ('{ path = ".", git = "https://g" }', "`path` and `git` cannot be used together"),
    ('{ path = ".", branch = "main" }', "`branch` needs `git`"),
    ('{ git = "https://g", tag = "v1", rev = "abc" }', "`tag` and `rev` cannot be used together"),
    ('{ path = ".", subdirectory = "x" }', "`subdirectory` needs `git` or `url`"),
])
def test_conda_source_combinations_are_located_errors(spec: str, message: str) -> None:
    with pytest.raises(ManifestError) as info:
        _parse(HEADER + f"[dependencies]\npkg = {spec}\n")
    assert info.value.message == message
    assert info.value.location is not None and info.value.location.line == 6


def test_constraints_refuse_source_locations() -> None:
    with pytest.raises(ManifestError) as info:
        _parse(HEADER + "[constraints]\npkg = { path = './pkg' }\n")
    assert "source specifications are not supported in the `[constraints]` table" in info.value.message
    assert info.value.location is not None and info.value.location.line == 6
    workspace = build_workspace(_parse(HEADER + "[constraints]\nopenssl = '>=3'\n"
                                       "[target.linux-64.constraints]\nopenssl = '>=3.0.7'\n"))
    env = workspace.environment("default")
    platform = env.platforms[0]
    assert [c.to_matchspec() for c in env.constraints(platform)] == ["openssl >=3.0.7"]
