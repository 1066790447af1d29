"""The global manifest: pixi's files read (with located errors), edits written as pixi writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.diagnostics import ManifestError, PyxiError
from pyxi.global_.edit import GlobalManifestEditor
from pyxi.global_.model import Mapping, parse_mapping
from pyxi.global_.parse import parse_global_manifest

PATH = Path("manifests") / "pixi-global.toml"  # a name for error locations; never read

# The example of pixi's docs/global_tools/manifest.md, with a platform and a prioritized channel.
PIXI_DOCS = """\
version = 1

[envs.rattler-build]
channels = ["conda-forge"]
dependencies = { rattler-build = "*" }
exposed = { rattler-build = "rattler-build" }

[envs.ipython]
channels = ["conda-forge", { channel = "bioconda", priority = 5 }]
platform = "osx-64"
dependencies = { ipython = "*", numpy = "*", matplotlib = "*" }
exposed = { ipython = "ipython", ipython3 = "ipython3" }
shortcuts = ["ipython"]

[envs.python]
channels = ["conda-forge"]
dependencies = { python = "3.12.*" }
exposed = { py3 = "python", tool = 'nested\\tool.exe' }
"""


def test_pixis_manifest_is_read():
    manifest = parse_global_manifest(PIXI_DOCS, PATH)
    assert list(manifest.envs) == ["rattler-build", "ipython", "python"]
    ipython = manifest.envs["ipython"]
    assert ipython.channels == ["bioconda", "conda-forge"]  # higher priority first
    assert ipython.platform == "osx-64" and ipython.shortcuts == ["ipython"]
    assert [d.to_matchspec() for d in ipython.dependencies.values()] == [
        "ipython",
        "numpy",
        "matplotlib",
    ]
    assert manifest.envs["python"].exposed == [
        Mapping("py3", "python"),
        Mapping("tool", "nested\\tool.exe"),
    ]
    assert manifest.envs["python"].exposed[1].executable_name == "tool.exe"
    assert manifest.owner_of("py3") == "python" and manifest.owner_of("nope") is None
    assert parse_global_manifest("", PATH).envs == {}


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        ("[invalid]\n", 1, "invalid", "unknown key `invalid`"),
        ("[envs.ipython.invalid]\n", 1, "envs.ipython.invalid", "unknown key `invalid`"),
        ('[envs."python;3".dependencies]\n', 1, 'envs."python;3"', "invalid environment name"),
        (
            '[envs.a]\ndependencies = { python = "*", PYTHON = "*" }\n',
            2,
            "envs.a.dependencies.PYTHON",
            "listed twice",
        ),
        (
            '\n[envs.a]\nexposed = { pixi = "python" }\n',
            3,
            "envs.a.exposed.pixi",
            "not allowed as an exposed name",
        ),
        (
            '[envs.a]\nexposed = { x = "x" }\n\n[envs.b]\nexposed = { x = "x" }\n',
            5,
            "envs.b.exposed.x",
            "Duplicated exposed names found: x",
        ),
        (
            '[envs.a]\nshortcuts = ["s"]\n[envs.b]\nshortcuts = ["s"]\n',
            4,
            "envs.b.shortcuts[0]",
            "Duplicated shortcut names found: s",
        ),
        (
            '[envs.a]\ndependencies = { tool = { git = "https://x" } }\n',
            2,
            "envs.a.dependencies.tool.git",
            "not supported by pyxi yet",
        ),
        ('[envs.a]\nplatform = "amiga-68k"\n', 2, "envs.a.platform", "invalid value `amiga-68k`"),
        ("version = 2\n", 1, "version", "unsupported global manifest version 2"),
        (
            '[envs.a]\nexposed = { "../../evil" = "x" }\n',
            2,
            'envs.a.exposed."../../evil"',
            "not a valid exposed",
        ),
    ],
)
def test_bad_manifests_name_file_line_and_key(text, line, key, words):
    with pytest.raises(ManifestError) as info:
        parse_global_manifest(text, PATH)
    error = info.value
    assert words in error.message
    assert error.location is not None and error.location.file == PATH
    assert (error.location.line, error.location.key) == (line, key)


def test_new_environment_is_written_in_pixis_layout(tmp_path):
    editor = GlobalManifestEditor(tmp_path / "manifests" / "pixi-global.toml")
    editor.add_environment("dummy-a", ["https://prefix.dev/conda-forge"])
    for name in ("dummy-a", "dummy-b"):
        editor.set_entry("dummy-a", "dependencies", name, "*")
    editor.set_entry("dummy-a", "exposed", "dummy-a", "dummy-a")
    editor.set_entry("dummy-a", "exposed", "python3.11", "python3.11")
    editor.add_environment("vim", ["conda-forge"])
    editor.set_platform("vim", "osx-64")
    editor.set_entry("vim", "dependencies", "vim", {"version": "9.*", "build": "h0_0"})
    editor.save()
    assert editor.path.read_text() == (
        "version = 1\n\n"
        "[envs.dummy-a]\n"
        'channels = ["https://prefix.dev/conda-forge"]\n'
        'dependencies = { dummy-a = "*", dummy-b = "*" }\n'
        'exposed = { dummy-a = "dummy-a", "python3.11" = "python3.11" }\n\n'
        "[envs.vim]\n"
        'channels = ["conda-forge"]\n'
        'platform = "osx-64"\n'
        'dependencies = { vim = { version = "9.*", build = "h0_0" } }\n'
    )
    assert parse_global_manifest(editor.text(), editor.path).envs["vim"].platform == "osx-64"


def test_edits_keep_the_users_tables_comments_and_spelling(tmp_path):
    path = tmp_path / "pixi-global.toml"
    path.write_text(
        '# mine\nversion = 1\n\n[envs.test]\nchannels = ["c"]\n[envs.test.dependencies]\n'
        'PyYAML = "*"  # keep\n[envs.test.exposed]\na = "a"\n'
    )
    editor = GlobalManifestEditor(path)
    editor.set_entry("test", "dependencies", "pyyaml", ">=6")  # replaces, does not duplicate
    editor.set_entry("test", "exposed", "b", "b")
    assert editor.text().endswith(
        '[envs.test.dependencies]\nPyYAML = ">=6"  # keep\n[envs.test.exposed]\na = "a"\nb = "b"\n'
    )
    assert editor.remove_entry("test", "exposed", "a") and editor.remove_entry(
        "test", "exposed", "b"
    )
    assert "exposed" not in editor.text()  # an emptied table goes
    assert not editor.remove_entry("test", "exposed", "a")
    editor.reset(path.read_text())
    assert editor.text() == path.read_text()


def test_expose_mappings_from_the_command_line():
    assert parse_mapping("py3=python") == Mapping("py3", "python")
    assert parse_mapping("python") == Mapping("python", "python")
    assert parse_mapping("nested/dummy.sh") == Mapping("dummy", "nested/dummy")
    with pytest.raises(PyxiError, match="not allowed"):
        parse_mapping("pyxi=python")
