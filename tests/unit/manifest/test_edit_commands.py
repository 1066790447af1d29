"""The manifest pieces behind add/upgrade/import/init: spec forms as typed, entries found in
the TOML, the upgrade rewrite of one entry, the import readers, PEP 723 blocks, inline
environment edits."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli
import tomlkit

from pyxi.diagnostics import PyxiError
from pyxi.manifest.dependency_places import entries
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_import import declare_environment
from pyxi.manifest.edit_spec import parse_conda_spec, parse_pypi_spec
from pyxi.manifest.edit_workspace import owner_path
from pyxi.manifest.import_files import CONSTRAINTS_WARNING, read_conda_env, read_requirements
from pyxi.manifest.loosen import loosen
from pyxi.manifest.script_init import initialize_script
from pyxi.names import jaro


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("numpy[build=py311*]", {"version": "*", "build": "py311*"}),
        ("package==0.1.0[channel=file:///c,build_number=0]",
         {"version": "==0.1.0", "build-number": "==0", "channel": "file:///c"}),
        ("https://a.b/chan::package3==0.1.0=ab*",
         {"version": "==0.1.0", "build": "ab*", "channel": "https://a.b/chan"}),
        ("numpy >=1, <2", ">=1,<2"),
        ("numpy[version='>=1,<2', md5=abc]", {"version": ">=1,<2", "md5": "abc"}),
        ("file:///x/pkg-1.0-h0.conda", {"url": "file:///x/pkg-1.0-h0.conda"}),
    ],
)
def test_conda_spec_forms(text, value):
    assert parse_conda_spec(text).manifest_value() == value


def test_local_conda_file_and_bad_specs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = parse_conda_spec("./pkgs/foo-bar-1.0-h0_0.tar.bz2")
    assert (spec.name, spec.manifest_value()) == (
        "foo-bar", {"path": str(tmp_path / "pkgs" / "foo-bar-1.0-h0_0.tar.bz2")})
    for bad in ("numpy[build]", "numpy[colour=red]", "num[py", "./x.conda"):
        with pytest.raises(PyxiError):
            parse_conda_spec(bad)


def test_pypi_direct_references():
    git = parse_pypi_spec("tool @ git+https://h/r.git@v1#subdirectory=sub")
    assert git.manifest_value() == {"git": "https://h/r.git", "rev": "v1", "subdirectory": "sub"}
    assert git.requirement_text() == "tool @ git+https://h/r.git@v1#subdirectory=sub"
    local = parse_pypi_spec("lib[x] @ file:///abs/lib")
    assert local.manifest_value() == {"path": "/abs/lib", "extras": ["x"]} and not local.needs_pin


def test_entries_and_loosening_as_pixi_writes_them():
    doc = tomlkit.parse(
        '[project]\nname = "p"\ndependencies = ["numpy==1.*; python_version>\'3\'", "x @ https://u"]\n'
        '[dependency-groups]\ntest = ["pytest==6", {include-group = "a"}]\n'
        '[tool.pixi.dependencies]\nlib = { version = "==1", build = "abc", build-number = "==0", channel = "c" }\n'
        'glob = { version = "==1", build = "ab*" }\nsrc = { path = "." }\nshared = { workspace = true }\n'
        '[tool.pixi.environments.dev.target.linux-64.pypi-dependencies]\nrich = { version = "==12", extras = ["x"] }\n'
    )
    found = {e.name: e for e in entries(doc, pyproject=True)}
    assert (found["rich"].environment, found["rich"].platform) == ("dev", "linux-64")
    assert found["pytest"].feature == "test" and found["pytest"].array == ("dependency-groups", "test")
    assert loosen(found["numpy"], named=False).value(">=2,<3") == 'numpy>=2,<3; python_version > "3"'
    assert loosen(found["x"], False) is None and loosen(found["src"], False) is None
    assert loosen(found["shared"], False) is None
    assert loosen(found["lib"], named=False).value("*") == {
        "version": "*", "build": "abc", "build-number": "==0", "channel": "c"}
    assert loosen(found["lib"], named=True).value(">=2") == {"version": ">=2", "channel": "c"}
    assert loosen(found["glob"], named=True).value(">=2") == {"version": ">=2", "build": "ab*"}
    assert loosen(found["rich"], named=True).value(">=13") == {"version": ">=13", "extras": ["x"]}


def test_readers(tmp_path):
    env = tmp_path / "env.yml"
    env.write_text("name: e\ndependencies:\n  - h::pkg==1\n  - https://x/c/::q==2\n  - pip:\n"
                   "  - sel(linux): x\n")
    imported = read_conda_env(env)
    assert (imported.name, imported.channels, imported.conda, imported.pypi) == (
        "e", ["h", "https://x/c"], ["h::pkg==1", "https://x/c::q==2"], [])
    (tmp_path / "a.txt").write_text("-r b.txt\nfoo>=1  # note\n-c c.txt\n-e bar @ file:///x\n")
    (tmp_path / "b.txt").write_text("-r a.txt\nbaz\n")
    reqs = read_requirements(tmp_path / "a.txt")
    assert reqs.pypi == ["baz", "foo>=1", "bar @ file:///x"] and reqs.warnings == [CONSTRAINTS_WARNING]
    env.write_text("dependencies: [\n")
    with pytest.raises(PyxiError, match="Failed to parse"):
        read_conda_env(env)


def test_script_block_keeps_bom_and_crlf(tmp_path):
    script = tmp_path / "s.py"
    script.write_bytes("\ufeff#!/usr/bin/env python\r\nprint(1)\r\n".encode())
    initialize_script(script, [])
    assert script.read_bytes().decode() == (
        '\ufeff#!/usr/bin/env python\r\n#\r\n# /// script\r\n# requires-python = ">=3.11"\r\n'
        "# dependencies = []\r\n# ///\r\n\r\nprint(1)\r\n")


def test_import_edits_write_inline_environments(tmp_path: Path):
    path = tmp_path / "pixi.toml"
    path.write_text('[workspace]\nname = "w"\nchannels = []\nplatforms = ["linux-64"]\n')
    editor = ManifestEditor(path)
    declare_environment(editor, "data", None, no_default_feature=True)
    owner = owner_path(editor, None, "data")
    editor.ensure(owner)["channels"] = ["c"]
    editor.set_dependency("x", "*", pypi=False, feature=None, platform=None, environment="data")
    declare_environment(editor, "data", ["extra"], no_default_feature=True)
    assert tomli.loads(editor.text())["environments"] == {"data": {
        "no-default-feature": True, "channels": ["c"], "dependencies": {"x": "*"},
        "features": ["extra"]}}


def test_jaro_as_strsim():
    assert round(jaro("MARTHA", "MARHTA"), 4) == 0.9444
    assert jaro("", "a") == 0.0 and jaro("same", "same") == 1.0


def test_minor_pin_for_packages_that_break_on_minor_releases():
    from pyxi.manifest.edit_spec import default_pin

    assert default_pin("python", ["3.12.7"], pypi=False) == ">=3.12.7,<3.13"
    assert default_pin("numpy", ["2.1.3"], pypi=False) == ">=2.1.3,<3"
    assert default_pin("python", ["3.12.7"], pypi=True) == ">=3.12.7, <4"
