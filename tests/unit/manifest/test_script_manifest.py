"""A script's PEP 723 block as a workspace: what it means (pyproject's meaning), what it may
not say, errors that point into the script, and edits that leave the Python as it was."""

from __future__ import annotations

import pytest

from pyxi.diagnostics import ManifestError
from pyxi.manifest.parse import load_manifest
from pyxi.manifest.script import find_block
from pyxi.manifest.script_edit import editor_for
from pyxi.manifest.script_path import lock_path_beside

SCRIPT = '''#!/usr/bin/env python
"""A tool."""
# /// script
# requires-python = ">=3.11"
# dependencies = ["rich>=13"]
#
# [tool.pixi.workspace]
# channels = ["my-channel"]
#
# [tool.pixi.dependencies]
# zlib = "1.*"
#
# [tool.uv]
# prerelease = "allow"
# ///
import rich
print("done")
'''


def _write(tmp_path, text, name="tool.py"):
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def test_block_reads_with_pyprojects_meaning(tmp_path):
    manifest = load_manifest(_write(tmp_path, SCRIPT))
    assert manifest.kind == "script" and manifest.workspace.name == "tool"
    assert [c.raw for c in manifest.workspace.channels] == ["my-channel"]
    assert manifest.implicit == {"platforms"}  # left to the lock, else this machine
    default = manifest.default_feature.default
    assert default.dependencies["zlib"].version == "1.*"
    assert default.dependencies["python"].version == ">=3.11"  # from requires-python
    assert default.pypi_dependencies["rich"].version == ">=13"
    assert default.dependencies["zlib"].location.line == 11  # the script's own line
    assert manifest.lock_path == tmp_path / "tool.py.pixi.lock"
    assert lock_path_beside(tmp_path / "pixi.toml") == tmp_path / "pixi.lock"


def test_syntax_and_value_errors_name_the_scripts_line(tmp_path):
    broken = _write(tmp_path, 'print(1)\n# /// script\n# dependencies = ["a",, ]\n#\n# ///\n')
    with pytest.raises(ManifestError) as syntax:
        load_manifest(broken)
    assert syntax.value.location.file == broken and syntax.value.location.line == 3
    bad = _write(tmp_path, "x = 1\n\n# /// script\n#\n# [tool.pixi.dependencies]\n"
                 '# zlib = "!!"\n# ///\n', "bad.py")
    with pytest.raises(ManifestError) as value:
        load_manifest(bad)
    assert value.value.location.line == 6 and "zlib" in str(value.value.location.key)


def test_workspace_only_tables_are_refused(tmp_path):
    text = ("# /// script\n# dependencies = []\n#\n# [tool.pixi.feature.test.dependencies]\n"
            '# pytest = "*"\n#\n# [tool.pixi.target.linux-64.tasks]\n# t = "x"\n# ///\n')
    with pytest.raises(ManifestError) as refused:
        load_manifest(_write(tmp_path, text))
    assert "do not support: tool.pixi.feature, tool.pixi.target.linux-64.tasks" in str(refused.value)
    assert refused.value.location.line == 4
    assert "one implicit default run environment" in (refused.value.help or "")


def test_missing_unclosed_and_second_blocks(tmp_path):
    assert find_block("print(1)\n# /// pixi-script\n# ///\n", tmp_path / "a.py") is None
    with pytest.raises(ManifestError, match="does not contain a PEP 723"):
        load_manifest(_write(tmp_path, "print(1)\n"))
    with pytest.raises(ManifestError, match="no closing"):
        find_block("# /// script\n# dependencies = []\nprint(1)\n", tmp_path / "a.py")
    twice = "# /// script\n# ///\nx = 1\n# /// script\n# ///\n"
    with pytest.raises(ManifestError, match="more than one"):
        find_block(twice, tmp_path / "a.py")


def test_edits_rewrite_only_the_block(tmp_path):
    path = _write(tmp_path, SCRIPT)
    editor = editor_for(path)
    editor.set_dependency("bzip2", "*", pypi=False, feature=None, platform=None)
    editor.set_dependency("httpx", ">=0.27", pypi=True, feature=None, platform=None,
                          requirement="httpx>=0.27")
    assert editor.save()
    text = path.read_text()
    assert text.startswith('#!/usr/bin/env python\n"""A tool."""\n# /// script\n')
    assert text.endswith("# ///\nimport rich\nprint(\"done\")\n")
    assert '# dependencies = ["rich>=13", "httpx>=0.27"]\n' in text
    assert '# zlib = "1.*"\n# bzip2 = "*"\n#\n# [tool.uv]\n' in text
    assert editor_for(path).remove_dependency("rich", pypi=True, feature=None, platform=None)


def test_edits_keep_bom_crlf_and_a_new_table_goes_in_the_block(tmp_path):
    crlf = "\ufeff# /// script\r\n# dependencies = []\r\n# ///\r\nprint(1)\x0c\r\n"
    path = _write(tmp_path, crlf)
    editor = editor_for(path)
    editor.set_dependency("zlib", "*", pypi=False, feature=None, platform="linux-64")
    editor.save()
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.startswith("\ufeff# /// script\r\n".encode())
    assert data.endswith(b"# ///\r\nprint(1)\x0c\r\n")  # a form feed is no line end
    assert b"# [tool.pixi.target.linux-64.dependencies]\r\n# zlib = \"*\"\r\n" in data
    selector, tables = load_manifest(path).default_feature.targets[0]
    assert selector == "linux-64" and tables.dependencies["zlib"].version == "*"
