"""Quoting for the shells that cannot run here (PowerShell, cmd.exe), and the rules shared by
all; bash, sh, zsh, fish and xonsh are run for real in tests/reliability/test_activation_scripts.py."""

from __future__ import annotations

import ast

import pytest

from pyxi.env import shell_quote as quote
from pyxi.env.activate import Activation
from pyxi.env.shell_hook import hook_script

NASTY = ["plain", "it's", 'q"$(touch x)"`y`', "$HOME %PATH% !x!", "a & b | c > d < e ^ (f)", "", "ü ‘single’"]


@pytest.mark.parametrize("value", NASTY)
def test_xonsh_literal_round_trips(value: str) -> None:
    assert ast.literal_eval(quote.xonsh(value)) == value


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("it's", "'it''s'"),
        ("$HOME `n $(x)", "'$HOME `n $(x)'"),  # nothing expands inside single quotes
        ("a\u2018b\u2019c\u201ad\u201be", "'a\u2018\u2018b\u2019\u2019c\u201a\u201ad\u201b\u201be'"),
    ],
)
def test_powershell_doubles_every_quote_character(value: str, quoted: str) -> None:
    assert quote.powershell(value) == quoted


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("C:\\w\\.pixi", '@SET "N=C:\\w\\.pixi"'),
        ("50% of %PATH%", '@SET "N=50%% of %%PATH%%"'),
        ("a & b | c", '@SET "N=a & b | c"'),  # inside the quotes: literal
        ('a"&calc&"b', '@SET "N=a"^&calc^&"b"'),  # a quote in the value closed them
        ('x"^(y)', '@SET "N=x"^^^(y^)"'),
    ],
)
def test_cmd_set_line(value: str, line: str) -> None:
    assert quote.cmd_set("N", value) == line


def test_cmd_cannot_set_a_line_break() -> None:
    line = quote.cmd_set("N", "one\ntwo & calc")
    assert line.startswith("@REM ") and "calc" not in line


def test_cmd_prompt_escapes_its_codes() -> None:
    assert quote.cmd_prompt("(a$b & c) ") == '@SET "PROMPT=(a$$b & c) $P$G"'


def test_names_no_shell_can_set_are_left_out() -> None:
    activation = Activation(variables={"GOOD": "1", "BASH_FUNC_f%%": "() { :; }", "A-B": "x"})
    for shell in ("bash", "zsh", "fish", "xonsh", "powershell", "cmd"):
        script = hook_script(activation, shell, {"PATH": "/bin"}, change_prompt=False)
        assert "GOOD" in script and "BASH_FUNC" not in script and "A-B" not in script


def test_prompt_lines() -> None:
    activation = Activation(variables={"PIXI_PROMPT": "($(x) 5%) "})
    bash = hook_script(activation, "bash", {"PATH": "/bin"}).splitlines()[-1]
    assert bash == "export PS1='${PIXI_PROMPT-}'\"${PS1:-}\""
    zsh = hook_script(activation, "zsh", {"PATH": "/bin"}).splitlines()[-1]
    assert "else PS1='($(x) 5%%) '\"${PS1:-}\"; fi" in zsh
    assert hook_script(activation, "cmd", {"PATH": "/bin"}).splitlines()[-1] == '@SET "PROMPT=($$(x) 5%%) $P$G"'
