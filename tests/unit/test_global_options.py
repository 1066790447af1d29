"""The global options reach every command and subcommand (one group, added by one function),
their values survive on either side of the command, and the settings made of them reach
rattler and uv."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from pyxi.cli import ALIASES, COMMANDS
from pyxi.cli.external import jaro, most_similar
from pyxi.cli.global_options import FLAGS, LOCK_FLAGS
from pyxi.cli.main import build_parser
from pyxi.config.load import activate
from pyxi.config.model import Config
from pyxi.manifest.edit_spec import strategy_pin


def _parsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(parser.prog, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += _parsers(child)
    return found


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_parser_of_every_command_has_the_global_options(command: str) -> None:
    top = build_parser(command)
    chosen = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    wanted = {options[-1] for _, options, _, _ in [*FLAGS, *LOCK_FLAGS]}
    for prog, parser in _parsers(chosen.choices[command]):
        missing = wanted - set(parser._option_string_actions)
        assert not missing, f"{prog} lacks {sorted(missing)}"


def _parse(words: list[str]) -> argparse.Namespace:
    from pyxi.cli.main import _command_in

    with contextlib.redirect_stderr(io.StringIO()):
        return build_parser(_command_in(words)).parse_args(words)


@pytest.mark.parametrize("words", [
    ["-q", "--offline", "-m", "w", "--concurrent-solves=3", "task", "list"],
    ["task", "-q", "--offline", "-m", "w", "--concurrent-solves", "3", "list"],
    ["task", "list", "-q", "--offline=true", "--manifest-path=w", "--concurrent-solves=3"],
])
def test_values_are_the_same_before_and_after_the_command(words: list[str]) -> None:
    args = _parse(words)
    assert (args.quiet, args.offline, args.manifest_path, args.concurrent_solves) == (1, True, "w", 3)


def test_a_commands_own_option_wins_and_defaults_stay_at_the_top() -> None:
    args = _parse(["--frozen", "install", "-e", "x"])  # install declares --frozen itself
    assert args.frozen is True and args.offline is None and args.verbose == 0
    exec_args = _parse(["exec", "-w", "numpy", "--workspace", "named", "python"])
    assert exec_args.with_ == ["numpy"] and exec_args.workspace == "named"
    assert _parse(["run", "--offline", "task"]).argv == ["task"]  # never the flag's value
    assert _parse(["run", "--offline=no", "task"]).offline is False


def test_aliases_name_real_commands() -> None:
    assert set(ALIASES.values()) <= set(COMMANDS) and not set(ALIASES) & set(COMMANDS)


def test_did_you_mean_uses_jaro_similarity() -> None:
    assert jaro("martha", "marhta") == pytest.approx(0.944, abs=1e-3)
    assert jaro("abc", "xyz") == 0.0
    assert most_similar("tee", [*COMMANDS, *ALIASES]) == "tree"
    assert most_similar("isntall", COMMANDS) == "install"
    assert most_similar("zzzzzzzz", COMMANDS) is None


@pytest.mark.parametrize(("strategy", "versions", "pypi", "pin"), [
    (None, ["1.2.3"], False, ">=1.2.3,<2"), ("semver", ["0.3.2"], True, ">=0.3.2, <0.4"),
    ("minor", ["1.2.3"], False, ">=1.2.3,<1.3"), ("major", ["1.2.3", "1.4"], False, ">=1.2.3,<2"),
    ("latest-up", ["2.0"], True, ">=2.0"), ("no-pin", ["2.0"], False, "*"),
    ("exact-version", ["1.0", "1.1"], False, "==1.0|==1.1"),
    ("exact-version", ["1.0", "1.1"], True, "==1.1"),
])
def test_pinning_strategies(strategy: str | None, versions: list[str], pypi: bool, pin: str) -> None:
    assert strategy_pin("numpy", versions, pypi, strategy) == pin


def test_default_strategy_pins_python_to_its_minor_as_pixi_does() -> None:
    assert strategy_pin("python", ["3.12.7"], False, None) == ">=3.12.7,<3.13"
    assert strategy_pin("python", ["3.12.7"], False, "semver") == ">=3.12.7,<4"


def test_settings_reach_rattler_and_uv(monkeypatch: pytest.MonkeyPatch) -> None:
    from pyxi.conda.network import rattler_config
    from pyxi.pypi.uv import configured_environment

    for name in ("HTTP_PROXY", "http_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    config = Config({"tls-no-verify": True, "offline": True, "concurrency": {"downloads": 7},
                     "allow-hard-links": False, "pinning-strategy": "major",
                     "proxy-config": {"http": "http://proxy:3128", "non-proxy-hosts": ["a"]},
                     "pypi-config": {"keyring-provider": "subprocess"}})
    shared = rattler_config(config)
    assert (shared.tls_no_verify, shared.concurrency_downloads, shared.allow_hard_links) == (
        True, 7, False)
    activate(config)
    try:
        env = configured_environment(["--index-url", "https://index.example/simple"])
    finally:
        activate(Config())
    assert env["UV_OFFLINE"] == "1" and env["UV_CONCURRENT_DOWNLOADS"] == "7"
    assert "index.example" in env["UV_INSECURE_HOST"] and env["UV_KEYRING_PROVIDER"] == "subprocess"
    assert (env["HTTP_PROXY"], env["NO_PROXY"]) == ("http://proxy:3128", "a")
