"""`pyxi` entry point: build the parser for the one command asked for, run it, render errors."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from pyxi import __version__
from pyxi.cli import ALIASES, COMMANDS
from pyxi.cli.options import global_options


def build_parser(command: str | None) -> argparse.ArgumentParser:
    parents = [global_options()]
    parser = argparse.ArgumentParser(
        prog="pyxi",
        description="pyxi: pixi workspaces (conda + PyPI, several environments and platforms, one "
        "pixi.lock) in Python.",
        parents=parents,
    )
    parser.add_argument("--version", action="version", version=f"pyxi {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_path, summary) in COMMANDS.items():
        sub = subparsers.add_parser(
            name, help=summary, description=summary, parents=[global_options(for_command=True)]
        )
        if name == command:
            importlib.import_module(module_path).configure(sub)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    skip_next = False
    for word in argv:
        if skip_next:
            skip_next = False
            continue
        if word in ("--manifest-path", "--color"):
            skip_next = True
            continue
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _without_alias(argv: list[str]) -> list[str]:
    """`pyxi project …` is `pyxi workspace …` (pixi's old name, still accepted)."""
    for index, word in enumerate(argv):
        if not word.startswith("-") and (index == 0 or argv[index - 1] not in ("--manifest-path", "--color")):
            return [*argv[:index], ALIASES.get(word, word), *argv[index + 1:]]
    return argv


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


def _log_to_stderr(args: argparse.Namespace) -> None:
    """Library layers report waits and similar events through `logging` (they never print)."""
    import logging

    class CurrentStderr(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                print(self.format(record), file=sys.stderr, flush=True)  # stderr as it is now
            except Exception:  # noqa: BLE001 - logging's rule: report the failure, never raise
                self.handleError(record)

    logger = logging.getLogger("pyxi")
    if not logger.handlers:
        handler = CurrentStderr()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.ERROR if args.quiet else logging.INFO)


def run_cli(argv: list[str]) -> int:
    argv = _without_alias(argv)
    command = _command_in(argv)
    if command is not None:  # a command may reshape its own words first (see cli/exec.py)
        rewrite = getattr(importlib.import_module(COMMANDS[command][0]), "rewrite_argv", None)
        argv = rewrite(argv) if rewrite else argv
    parser = build_parser(command)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    _log_to_stderr(args)
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        return _execute(module, args)
    finally:
        from pyxi.sync.workspace_lock import release_all

        release_all()


def _execute(module: ModuleType, args: argparse.Namespace) -> int:
    from pyxi.diagnostics import PyxiError

    try:
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
