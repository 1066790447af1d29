"""`pyxi` entry point: build the parser for the one command asked for, run it, render errors."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from pyxi.cli import ALIASES, COMMANDS
from pyxi.cli.global_options import add_to_tree
from pyxi.cli.options import global_options
from pyxi.cli.script_option import add_script_option
from pyxi.progname import invoked_as, version_text


def build_parser(command: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=invoked_as(),
        description="pyxi: pixi workspaces (conda + PyPI, several environments and platforms, one "
        "pixi.lock) in Python.",
        parents=[global_options()],
    )
    parser.add_argument("--version", action="version", version=version_text())
    parser.add_argument("--list", action="store_true", dest="list_commands",
                        help="list all installed commands (built-in and extensions)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    # A command asked for needs only its own parser (each costs a command ~0.3 ms to build);
    # the top-level help lists them all.
    for name, (module_path, summary) in COMMANDS.items():
        if command is not None and name != command:
            continue
        aliases = [a for a, target in ALIASES.items() if target == name and a not in COMMANDS]
        sub = subparsers.add_parser(name, aliases=aliases, help=summary, description=summary)
        if name == command:
            importlib.import_module(module_path).configure(sub)
            add_script_option(sub, name)
            add_to_tree(sub)
    return parser


def _first_word(argv: Sequence[str]) -> str | None:
    """The first word that is not an option (or an option's value): the command's name."""
    from pyxi.cli.global_options import VALUED

    skip_next = False
    for word in argv:
        if skip_next:
            skip_next = False
            continue
        if word == "--":
            return None
        if word in VALUED:
            skip_next = True
            continue
        if not word.startswith("-"):
            return word
    return None


def _command_in(argv: Sequence[str]) -> str | None:
    word = _first_word(argv)
    if word is None:
        return None
    name = ALIASES.get(word, word)
    return name if name in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> None:
    from pyxi.output import flush_output, silence_output

    _stop_cleanly_on_signals()
    try:
        code = run_cli(sys.argv[1:] if argv is None else list(argv))
    except SystemExit as stop:  # argparse: --help, --version, usage errors
        code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    except BrokenPipeError:  # even the error message found no reader
        silence_output()
        code = 1
    flush_output()
    if "rattler" in sys.modules:
        # rattler's runtime may still have resolver threads blocked in the network (after a
        # failed fetch, say); tearing the interpreter down under them crashes the process
        # (SIGSEGV/SIGABRT) *after* the work is done. Everything is written and flushed here,
        # so leave without running the interpreter's finalisation.
        os._exit(code)
    sys.exit(code)


_STOPPING = ("SIGINT", "SIGTERM", "SIGHUP")
_stopped_by: list[int] = []  # the signal that interrupted pyxi


def _stop_cleanly_on_signals() -> None:
    """`kill`, a closed terminal and timeouts stop pyxi as Ctrl-C does (cleanup runs); a signal
    the caller set to be ignored (`nohup`, `&` in a script) stays ignored."""
    import signal

    for name in _STOPPING:
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        with contextlib.suppress(ValueError, OSError):
            if signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler):
                signal.signal(signum, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    _stopped_by.append(signum)
    if "pyxi.helpers" in sys.modules:  # uv runs in worker threads: stop it, do not wait for it
        sys.modules["pyxi.helpers"].stop_helpers()
    raise KeyboardInterrupt


def interrupted_exit_code() -> int:
    """128+N for the signal N that stopped pyxi (130 for Ctrl-C), as a shell reports it."""
    import signal

    return 128 + (_stopped_by[0] if _stopped_by else int(signal.SIGINT))


def run_cli(argv: list[str]) -> int:
    command = _command_in(argv)
    if command is not None:  # a command may reshape its own words first (see cli/exec.py)
        rewrite = getattr(importlib.import_module(COMMANDS[command][0]), "rewrite_argv", None)
        argv = rewrite(argv) if rewrite else argv
    elif _first_word(argv) is not None:
        return _not_a_command(argv)
    parser = build_parser(command)
    args = _parse(parser, argv)
    if args.list_commands:
        from pyxi.cli.external import print_installed_commands

        print_installed_commands({name: summary for name, (_, summary) in COMMANDS.items()})
        return 0
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[ALIASES.get(args.command, args.command)][0])
    try:
        return _execute(module, args)
    finally:
        from pyxi.sync.workspace_lock import release_all

        release_all()


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """`parse_args`, except that words nobody understood are reported with the usage of the
    (sub)command they were given to, as pixi does, not with pyxi's own."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        _chosen_parser(parser, args).error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def _chosen_parser(parser: argparse.ArgumentParser,
                   args: argparse.Namespace) -> argparse.ArgumentParser:
    """The innermost subcommand parser that `args` went through."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest, None)
            if isinstance(chosen, str) and chosen in action.choices:
                return _chosen_parser(action.choices[chosen], args)
    return parser


def _not_a_command(argv: list[str]) -> int:
    """A first word that names no command: an extension (`pixi-NAME`), else a usage error."""
    from pyxi.cli.external import find_extension, run_extension, unknown_command

    word = _first_word(argv)
    assert word is not None
    extension = find_extension(word)
    if extension is not None:
        return run_extension(extension, argv[argv.index(word) + 1 :])
    return unknown_command(word, [*COMMANDS, *ALIASES], "usage: pyxi [OPTIONS] COMMAND ...")


def _execute(module: ModuleType, args: argparse.Namespace) -> int:
    from pyxi.diagnostics import PyxiError

    try:
        from pyxi.cli.settings import apply_settings

        apply_settings(args)
        return int(module.execute(args))
    except PyxiError as error:
        from pyxi.cli.render import render_error
        from pyxi.output import use_color

        print(render_error(error, use_color(args.color, sys.stderr)), file=sys.stderr)
        return error.exit_code
    except BrokenPipeError as exc:
        return _broken_pipe(exc)
    except KeyboardInterrupt:
        from pyxi.cli.render import render_interrupted

        print(render_interrupted(), file=sys.stderr)
        return interrupted_exit_code()
    except OSError as exc:  # the machine, not pyxi: permissions, a full disk, a missing file
        from pyxi.cli.render import render_current_folder_gone, render_os_error
        from pyxi.output import current_folder_gone

        gone = isinstance(exc, FileNotFoundError) and current_folder_gone()
        print(render_current_folder_gone() if gone else render_os_error(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - an internal bug: short message, traceback with -v
        from pyxi.cli.render import render_internal_error

        print(render_internal_error(exc, args.verbose > 0), file=sys.stderr)
        return 1


def _broken_pipe(exc: BrokenPipeError) -> int:
    """Our output's reader went away (`pyxi list | head -1`): stop quietly, as pixi does. Any
    other pipe is the machine's problem, reported as such."""
    from pyxi.output import output_closed, silence_output

    if output_closed():
        silence_output()
        return 0
    from pyxi.cli.render import render_os_error

    print(render_os_error(exc), file=sys.stderr)
    return 1
