"""The import-light parsers of `run`, `install` and `lock` agree with argparse, or decline.

For every command line below, argparse (the authority, `cli/`) and the quick parser
(`quickargs.py`) both run: when the quick one gives values, argparse must accept the line and give
the same environment(s), platform, manifest, lock usage and command; otherwise it declines (None)
and the full path parses."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from pyxi.cli.main import build_parser
from pyxi.quickargs import parse_install, parse_lock, parse_run

FLAGS = [
    [], ["-e", "cpu"], ["--environment", "gpu"], ["--environment=gpu"], ["-e", "a", "-e", "b"],
    ["-p", "linux-64-cpu"], ["--platform=linux-64-cuda"], ["--manifest-path", "w/pixi.toml"],
    ["--manifest-path=w"], ["--frozen"], ["--locked"], ["--frozen", "--frozen"],
    ["-e", "cpu", "--frozen", "-p", "x"], ["-m", "w"], ["-m", "w", "--offline"],
    ["--no-progress", "-e", "cpu"], ["--offline", "--frozen"],
    # declined: argparse refuses them, or reads them in ways the shortcut does not
    ["--frozen", "--locked"], ["-e"], ["-e", ""], ["--environment="], ["-e", "--frozen"],
    ["-e=cpu"], ["-ecpu"], ["--env", "cpu"], ["--frozen=1"], ["-e", "-1"], ["-p"],
    ["--platform", "-e"], ["-h"], ["--bogus"], ["-x"], ["-mw"], ["-m"], ["--offline=false"],
    ["--offline=yes"], ["-w", "named"], ["--as-is"],
]
INSTALL_ONLY = [
    ["-a"], ["--all"], ["-q"], ["-qq"], ["--quiet", "-v"], ["--verbose"], ["--color", "never"],
    ["--color=always"], ["-a", "--manifest-path", "w/pixi.toml", "--color", "never", "-v"],
    ["-a", "-e", "cpu"], ["--color", "sometimes"], ["--color"], ["cpu"], ["--"], ["-e", "cpu", "x"],
]
COMMANDS = [[], ["python", "-c", "pass"], ["--", "echo", "-e"], ["--"], ["--", "--frozen"],
            ["cmd", "--frozen", "-e", "x"], ["-", "x"]]


def _argparse(command: str, argv: list[str]) -> argparse.Namespace | None:
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return build_parser(command).parse_args([command, *argv])
        except SystemExit:
            return None


RUN_LINES = [flags + command for flags in FLAGS for command in COMMANDS]


@pytest.mark.parametrize("argv", RUN_LINES, ids=" ".join)
def test_run_parsers_agree(argv: list[str]) -> None:
    quick = parse_run(argv)
    if quick is None:
        return  # declined: argparse decides (there is nothing to disagree about)
    full = _argparse("run", argv)
    assert full is not None, "the shortcut accepted a line argparse refuses"
    words = list(full.argv)
    command = words[1:] if words[:1] == ["--"] else words
    assert (quick.environment, quick.platform, quick.manifest_path, quick.frozen, quick.command) \
        == (full.environment or "default", full.platform, full.manifest_path, full.frozen, command)


@pytest.mark.parametrize("argv", FLAGS + INSTALL_ONLY, ids=" ".join)
def test_install_parsers_agree(argv: list[str]) -> None:
    quick = parse_install(argv)
    if quick is None:
        return
    full = _argparse("install", argv)
    assert full is not None, "the shortcut accepted a line argparse refuses"
    assert (quick.environments, quick.all, quick.platform, quick.manifest_path, quick.frozen,
            quick.quiet, quick.color) == (full.environment, full.all, full.platform,
                                           full.manifest_path, full.frozen, bool(full.quiet),
                                           full.color)


LOCK_LINES = [[], ["--check"], ["-q"], ["--check", "-q", "-v"], ["--manifest-path", "w/pixi.toml"],
              ["--manifest-path=w", "--color", "never"], ["--color=sometimes"], ["--check=1"],
              ["-e", "cpu"], ["--frozen"], ["x"], ["--"], ["--color"], ["-h"], ["--checks"],
              ["--offline", "--no-progress"], ["--dry-run"], ["--json"], ["-v"]]


@pytest.mark.parametrize("argv", LOCK_LINES, ids=" ".join)
def test_lock_parsers_agree(argv: list[str]) -> None:
    quick = parse_lock(argv)
    if quick is None:
        return
    full = _argparse("lock", argv)
    assert full is not None, "the shortcut accepted a line argparse refuses"
    assert (quick.manifest_path, quick.quiet, quick.color) == (full.manifest_path, bool(full.quiet), full.color)


def test_lock_shortcut_takes_the_plain_forms() -> None:
    assert all(parse_lock(argv) is not None for argv in ([], ["--check"], ["-q", "--color", "never"]))


def test_lock_shortcut_leaves_what_prints_more_to_the_full_path() -> None:
    assert all(parse_lock(argv) is None for argv in (["--dry-run"], ["--json"], ["-v"]))


@pytest.mark.parametrize(("argv", "command"), [
    (["python"], ["python"]), (["-e", "cpu", "--", "-x"], ["-x"]), (["--frozen", "a", "-e"], ["a", "-e"]),
])
def test_run_shortcut_takes_the_plain_forms(argv: list[str], command: list[str]) -> None:
    quick = parse_run(argv)
    assert quick is not None and quick.command == command


@pytest.mark.parametrize("argv", [
    [], ["-e", "cpu", "--environment=gpu"], ["-a", "-q", "-v", "--color", "never"],
    ["-p", "linux-64-cpu", "--frozen", "--manifest-path", "w"],
])
def test_install_shortcut_takes_the_plain_forms(argv: list[str]) -> None:
    assert parse_install(argv) is not None


@pytest.mark.parametrize("argv", [["-h"], ["--frozen", "--locked"], ["-a", "-e", "x"], ["x"]])
def test_install_shortcut_declines_the_rest(argv: list[str]) -> None:
    assert parse_install(argv) is None
