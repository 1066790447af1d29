"""Deriving purls at lock time in pixi's order, with the real mapping shipped with pyxi."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.lockfile.model import CondaPackage, PypiPackage
from pyxi.manifest.parse import parse_manifest
from pyxi.pypi.mapping_sources import snapshot_table
from pyxi.pypi.purls import ChannelRule, PurlDeriver, deriver_for
from pyxi.workspace.environment import build_workspace

CF = "https://conda.anaconda.org/conda-forge/"
LOCAL_CF = "file:///srv/mirror/conda-forge/"
PYTORCH = "https://conda.anaconda.org/pytorch/"
OTHER = "https://prefix.dev/my-channel/"


def record(name: str, version: str = "1.0", channel: str = CF, purls: list[str] | None = None) -> CondaPackage:
    return CondaPackage(location=f"{channel}noarch/{name}-{version}-0.conda", name=name,
                        version=version, build="0", channel=channel, purls=purls)


def shipped() -> PurlDeriver:
    return PurlDeriver(defaults=snapshot_table)


@pytest.mark.parametrize(
    ("name", "channel", "purls"),
    [
        # conda-forge's real mapping, not the conda name
        ("tzdata", CF, []),
        ("python", CF, []),
        ("python-tzdata", CF, ["pkg:pypi/tzdata?source=compressed-mapping"]),
        ("msgpack-python", LOCAL_CF, ["pkg:pypi/msgpack?source=compressed-mapping",
                                      "pkg:pypi/msgpack-python?source=compressed-mapping"]),
        ("typing_extensions", CF, ["pkg:pypi/typing-extensions?source=compressed-mapping"]),
        ("pytorch-gpu", CF, []),
        ("libtorch", CF, []),
        # not in the mapping: conda-forge's last resort is the same-name heuristic (no qualifier)
        ("not-in-any-mapping-xyz", CF, ["pkg:pypi/not-in-any-mapping-xyz"]),
        # the pytorch channel's own mapping
        ("pytorch", PYTORCH, ["pkg:pypi/torch?source=compressed-mapping"]),
        ("pytorch-cuda", PYTORCH, []),
        ("not-in-any-mapping-xyz", PYTORCH, None),
        # another channel: no mapping and no guess
        ("numpy", OTHER, None),
        ("tzdata", OTHER, None),
    ],
)
def test_default_order(name: str, channel: str, purls: list[str] | None) -> None:
    assert shipped().purls(record(name, channel=channel)) == purls


def test_amend_replaces_pypi_purls_and_keeps_unknown_records() -> None:
    records = [
        record("tzdata", "2024b", purls=["pkg:pypi/tzdata"]),  # what pyxi used to write
        record("numpy", "2.1.3", channel=OTHER, purls=["pkg:pypi/numpy"]),  # repodata's own
        record("foo", channel=OTHER),
        PypiPackage(location="https://files/x.whl", name="x", version="1"),
    ]
    amended = shipped().amend(records)
    assert [getattr(r, "purls", "pypi") for r in amended] == [
        [], ["pkg:pypi/numpy"], None, "pypi"]


def test_project_rules() -> None:
    rules = {
        CF.rstrip("/"): ChannelRule(table={"tzdata": (), "numpy": ("my-numpy",)}, overlay=True,
                                    same_name=True),
        PYTORCH.rstrip("/"): ChannelRule(table={}, overlay=False, same_name=False),
        OTHER.rstrip("/"): ChannelRule(disabled=True),
    }
    deriver = PurlDeriver(rules, defaults=snapshot_table)
    assert deriver.purls(record("numpy")) == ["pkg:pypi/my-numpy?source=project-defined-mapping"]
    assert deriver.purls(record("tzdata")) == []
    assert deriver.purls(record("python-tzdata")) == ["pkg:pypi/tzdata?source=compressed-mapping"]
    assert deriver.purls(record("pytorch", channel=PYTORCH)) == []  # replace, no same-name
    assert deriver.purls(record("numpy", channel=OTHER)) == []  # `<channel> = false`
    assert PurlDeriver(disabled=True).purls(record("numpy")) == []


def test_defaults_are_loaded_only_when_needed() -> None:
    asked: list[str] = []

    def defaults(channel: str) -> dict[str, tuple[str, ...]]:
        asked.append(channel)
        return {}

    rules = {CF.rstrip("/"): ChannelRule(table={}, overlay=False, same_name=True)}
    PurlDeriver(rules, defaults=defaults).amend([record("numpy"), record("x", channel=OTHER)])
    assert asked == []


def _workspace(tmp_path: Path, extra: str):  # type: ignore[no-untyped-def]
    text = textwrap.dedent("""\
        [workspace]
        name = "ws"
        channels = ["conda-forge", "https://prefix.dev/my-channel"]
        platforms = ["linux-64"]
        """) + textwrap.dedent(extra)
    (tmp_path / "pixi.toml").write_text(text)
    return build_workspace(parse_manifest(text, tmp_path / "pixi.toml"))


def test_deriver_from_manifest(tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "mine.json").write_text('{"foo": "foo-py", "bar": null, "tzdata": "tzdata"}')
    workspace = _workspace(tmp_path, """\
        [workspace.conda-pypi-map]
        "https://prefix.dev/my-channel" = "maps/mine.json"
        conda-forge = { mapping = { tzdata = "tzdata" }, mapping-mode = "replace", same-name-heuristic = false }
        """)
    deriver = deriver_for(workspace)
    assert deriver.purls(record("foo", channel=OTHER)) == ["pkg:pypi/foo-py?source=project-defined-mapping"]
    assert deriver.purls(record("bar", channel=OTHER)) == []
    assert deriver.purls(record("baz", channel=OTHER)) is None  # overlay, no default, no guess
    assert deriver.purls(record("tzdata")) == ["pkg:pypi/tzdata?source=project-defined-mapping"]
    assert deriver.purls(record("numpy")) == []  # replace without the heuristic


def test_legacy_empty_map_keeps_only_the_heuristic(tmp_path: Path) -> None:
    deriver = deriver_for(_workspace(tmp_path, "conda-pypi-map = {}\n"))
    assert deriver.purls(record("tzdata")) == ["pkg:pypi/tzdata"]  # no mapping data, same name


def test_false_turns_every_derivation_off(tmp_path: Path) -> None:
    deriver = deriver_for(_workspace(tmp_path, "conda-pypi-map = false\n"))
    assert deriver.purls(record("python-tzdata")) == []
    assert deriver.purls(record("foo", channel=OTHER)) == []


def test_unused_channel_is_a_located_error(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, '[workspace.conda-pypi-map]\nrobostack = "m.json"\n')
    with pytest.raises(ManifestError) as info:
        deriver_for(workspace)
    assert "maps the channel `robostack`" in info.value.message
    assert info.value.location is not None and info.value.location.line == 6
    assert "add the channel to `channels`" in (info.value.help or "")


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read the conda-pypi-map file"), ("[1, 2]", "is not a conda→PyPI mapping"),
     ('{"a": 1}', "is not a conda→PyPI mapping")],
)
def test_bad_mapping_file_is_a_located_error(tmp_path: Path, content: str | None, message: str) -> None:
    if content is not None:
        (tmp_path / "m.json").write_text(content)
    workspace = _workspace(tmp_path, '[workspace.conda-pypi-map]\nconda-forge = "m.json"\n')
    with pytest.raises(ManifestError) as info:
        deriver_for(workspace)
    assert message in info.value.message
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.key) == (6, "workspace.conda-pypi-map.conda-forge")
