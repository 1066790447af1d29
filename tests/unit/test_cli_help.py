"""The `--help` of the edit commands renders (argparse refuses some flag layouts only when it
draws the usage line) and names pixi's flags."""

from __future__ import annotations

import pytest

from pyxi.cli.main import build_parser

FLAGS = {
    "add": ("--pypi", "--environment", "--editable", "--index", "--git", "--branch", "--tag",
            "--rev", "--subdirectory", "--no-install", "--frozen", "--locked"),
    "remove": ("--pypi", "--environment", "--feature", "--platform"),
    "upgrade": ("--feature", "--environment", "--exclude", "--json", "--dry-run"),
    "import": ("--format", "--platform", "--environment", "--feature"),
    "init": ("--script", "--channel", "--platform", "--import", "--format", "--scm",
             "--conda-pypi-map"),
}


@pytest.mark.parametrize("command", sorted(FLAGS))
def test_help_renders_with_pixis_flags(command, capsys):
    with pytest.raises(SystemExit) as stop:
        build_parser(command).parse_args([command, "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert all(flag in text for flag in FLAGS[command]), text
    assert "--host" not in text  # hidden, as in pixi
