"""The `pyxi` console script. `run`, `install` and `lock` first try their import-light paths
(see env/quickrun.py and sync/noop.py): on an unchanged workspace they finish without
argparse, the manifest parser or rattler."""

from __future__ import annotations

import sys

_NO_FOLDER_NEEDED = ("-h", "--help", "--version")


def main() -> None:
    import gc

    # A command allocates ~10^5 objects while importing and reading the lock, almost none of
    # them cyclic garbage: a young-generation pass every 50,000 allocations instead of 700
    # saves ~8 ms per `lock`/`install` and still collects cycles (issue 20).
    gc.set_threshold(50_000)
    from pyxi.output import current_folder_gone

    argv = sys.argv[1:]
    if argv and argv[0] not in _NO_FOLDER_NEEDED and current_folder_gone():
        from pyxi.cli.render import render_current_folder_gone

        print(render_current_folder_gone(), file=sys.stderr)
        sys.exit(1)
    code = _shortcut(argv)
    if code is not None:
        from pyxi.output import flush_output

        flush_output()
        sys.exit(code)
    from pyxi.cli.main import main as cli_main

    cli_main(argv)


def _shortcut(argv: list[str]) -> int | None:
    """The exit code when an import-light path finished the command, else None."""
    from pyxi.envflags import flags_valid

    if not flags_valid():
        return None  # the full path reports the bad PIXI_FROZEN/PIXI_LOCKED value
    try:
        if argv[:1] == ["install"]:
            from pyxi.sync.noop import quick_install

            return quick_install(argv[1:])
        if argv[:1] == ["run"]:
            from pyxi.env.quickrun import quick_run

            return quick_run(argv[1:])
        if argv[:1] == ["lock"]:
            from pyxi.sync.noop import quick_lock

            return quick_lock(argv[1:])
    except BrokenPipeError:  # the reader of our output went away: stop quietly
        from pyxi.output import silence_output

        silence_output()
        return 0
    return None


if __name__ == "__main__":
    main()
