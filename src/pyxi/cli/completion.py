"""`pyxi completion -s bash|zsh|fish`: completion scripts generated from the command table
(every command and each command's own flags)."""

from __future__ import annotations

import argparse
import re

SHELLS = ("bash", "zsh", "fish")


def configure(parser: argparse.ArgumentParser) -> None:
    from pyxi.cli.completion_values import KINDS

    parser.add_argument("-s", "--shell", choices=SHELLS, help="the shell to write for")
    # what the scripts call back for tasks, environments, platforms and features
    parser.add_argument("--values", choices=KINDS, help=argparse.SUPPRESS)


# command → (summary, [(option strings, help, whether it takes a value)])
Commands = dict[str, tuple[str, list[tuple[list[str], str, bool]]]]


def _commands() -> Commands:
    """{command: (summary, [(option strings, help, takes a value)])}, every command's flags."""
    import importlib

    from pyxi.cli import COMMANDS
    from pyxi.cli.global_options import add_to_tree

    result = {}
    for name, (module_path, summary) in COMMANDS.items():
        parser = argparse.ArgumentParser(add_help=False)
        try:
            importlib.import_module(module_path).configure(parser)
        except ImportError:
            continue  # a command not built yet
        add_to_tree(parser)  # `--manifest-path`, `--color`, … are the command's too
        options = [
            (list(action.option_strings), _plain(action.help or ""), action.nargs != 0)
            for action in parser._actions
            if action.option_strings
        ]
        result[name] = (_plain(summary), options)
    return result


def _plain(text: str) -> str:
    return re.sub(r"[`'\"\[\]:$\\]", "", text).split(";")[0].strip()


# The value an option takes that the workspace names (not for `global`: its own namespace).
_VALUE_OPTIONS = {
    "environments": "-e|--environment|--default-environment",
    "platforms": "-p|--platform",
    "features": "-f|--feature",
    "tasks": "--depends-on",
}


def bash(commands: Commands) -> str:
    from pyxi.progname import invoked_as

    program = invoked_as()
    names = " ".join(commands)
    cases = "".join(
        f'        {name}) opts="{" ".join(o for opts, _, _ in options for o in opts)}" ;;\n'
        for name, (_, options) in commands.items()
    )
    values = "".join(
        f'        {flags}) _{program}_values {kind}; return ;;\n'
        for kind, flags in _VALUE_OPTIONS.items()
    )
    takes_value = "|".join(sorted({o for _, options in commands.values()
                                   for opts, _, value in options if value for o in opts}))
    return (
        f"_{program}_values() {{\n"
        '    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" completion --values "$1" 2>/dev/null)" '
        '-- "${COMP_WORDS[COMP_CWORD]}"))\n'
        "}\n"
        f"_{program}() {{\n"
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="" '
        'opts="" word\n'
        '    for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do\n'
        '        case "$word" in -*) ;; *) cmd="$word"; break ;; esac\n'
        "    done\n"
        '    case "$cmd $prev" in  # options naming what the workspace does not have yet\n'
        '        "init -p"|"init --platform"|"exec -p"|"exec --platform"|"import -e"|'
        '"import --environment"|"import -f"|"import --feature") COMPREPLY=(); return ;;\n'
        "    esac\n"
        '    if [ "$cmd" != global ] && [ "$cmd ${COMP_WORDS[2]} $prev" != "workspace register -p" ]; then\n'
        '        case "$prev" in\n'
        f"{values}"
        "        esac\n"
        '        if [ "$cmd" = run ] && [ "${cur#-}" = "$cur" ]; then\n'
        f"            _{program}_values tasks; return\n"
        "        fi\n"
        "    fi\n"
        '    case "$prev" in\n'
        f'        {takes_value}) COMPREPLY=($(compgen -f -- "$cur")); return ;;\n'
        "    esac\n"
        '    case "$cmd" in\n'
        f'        "") opts="{names} --manifest-path --help --version" ;;\n'
        f"{cases}"
        "    esac\n"
        '    COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))\n'
        "}\n"
        f"complete -o default -F _{program} {program}\n"
    )


def zsh(commands: Commands) -> str:
    described = "".join(f"        '{name}:{summary}'\n" for name, (summary, _) in commands.items())
    cases = ""
    for name, (_, options) in commands.items():
        specs = " ".join(f"'{o}[{text}]'" for opts, text, _ in options for o in opts)
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
        for opts, text, _ in options:
            flags = " ".join(
                f"-l {o[2:]}" if o.startswith("--") else f"-s {o[1:]}" for o in opts
            )
            lines.append(f"complete -c pyxi -n '__fish_seen_subcommand_from {name}' {flags} -d '{text}'")
    return "\n".join(lines) + "\n"


def execute(args: argparse.Namespace) -> int:
    import sys

    if args.values:
        from pyxi.cli.completion_values import values

        sys.stdout.write("".join(f"{word}\n" for word in values(args.values)))
        return 0
    if args.shell is None:
        from pyxi.diagnostics import PyxiError

        raise PyxiError("the following required arguments were not provided: --shell <SHELL>",
                        help="e.g. `pyxi completion --shell bash`", exit_code=2)
    writer = {"bash": bash, "zsh": zsh, "fish": fish}[args.shell]
    sys.stdout.write(writer(_commands()))
    return 0
