"""`pyxi completion -s bash|zsh|fish`: completion scripts generated from the command table
(every command and each command's own flags)."""

from __future__ import annotations

import argparse
import re

SHELLS = ("bash", "zsh", "fish")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-s", "--shell", choices=SHELLS, required=True, help="the shell to write for")


# command → (summary, [(option strings, help)])
Commands = dict[str, tuple[str, list[tuple[list[str], str]]]]


def _commands() -> Commands:
    """{command: (summary, [(option strings, help)])}, with every command's flags."""
    import importlib

    from pyxi.cli import COMMANDS

    result = {}
    for name, (module_path, summary) in COMMANDS.items():
        parser = argparse.ArgumentParser(add_help=False)
        try:
            importlib.import_module(module_path).configure(parser)
        except ImportError:
            continue  # a command not built yet
        options = [
            (list(action.option_strings), _plain(action.help or ""))
            for action in parser._actions
            if action.option_strings
        ]
        result[name] = (_plain(summary), options)
    return result


def _plain(text: str) -> str:
    return re.sub(r"[`'\"\[\]:$\\]", "", text).split(";")[0].strip()


def bash(commands: Commands) -> str:
    names = " ".join(commands)
    cases = "".join(
        f'        {name}) opts="{" ".join(o for opts, _ in options for o in opts)}" ;;\n'
        for name, (_, options) in commands.items()
    )
    return (
        "_pyxi() {\n"
        '    local cur="${COMP_WORDS[COMP_CWORD]}" cmd="" opts="" word\n'
        '    for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do\n'
        '        case "$word" in -*) ;; *) cmd="$word"; break ;; esac\n'
        "    done\n"
        '    case "$cmd" in\n'
        f'        "") opts="{names} --manifest-path --help --version" ;;\n'
        f"{cases}"
        "    esac\n"
        '    COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))\n'
        "}\n"
        "complete -o default -F _pyxi pyxi\n"
    )


def zsh(commands: Commands) -> str:
    described = "".join(f"        '{name}:{summary}'\n" for name, (summary, _) in commands.items())
    cases = ""
    for name, (_, options) in commands.items():
        specs = " ".join(f"'{o}[{text}]'" for opts, text in options for o in opts)
        cases += f"        {name}) _arguments {specs} '*:file:_files' ;;\n"
    return (
        "#compdef pyxi\n"
        "_pyxi() {\n"
        "    local -a commands\n"
        "    commands=(\n"
        f"{described}"
        "    )\n"
        "    if (( CURRENT == 2 )); then\n"
        "        _describe 'command' commands\n"
        "        return\n"
        "    fi\n"
        "    case $words[2] in\n"
        f"{cases}"
        "    esac\n"
        "}\n"
        'compdef _pyxi pyxi\n'
    )


def fish(commands: Commands) -> str:
    lines = []
    for name, (summary, options) in commands.items():
        lines.append(f"complete -c pyxi -n __fish_use_subcommand -f -a {name} -d '{summary}'")
        for opts, text in options:
            flags = " ".join(
                f"-l {o[2:]}" if o.startswith("--") else f"-s {o[1:]}" for o in opts
            )
            lines.append(f"complete -c pyxi -n '__fish_seen_subcommand_from {name}' {flags} -d '{text}'")
    return "\n".join(lines) + "\n"


def execute(args: argparse.Namespace) -> int:
    import sys

    writer = {"bash": bash, "zsh": zsh, "fish": fish}[args.shell]
    sys.stdout.write(writer(_commands()))
    return 0
