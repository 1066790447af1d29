"""The `pyxi` console script. `run` and `install` first try their import-light paths (see
env/quickrun.py and sync/noop.py): on an unchanged workspace they finish without argparse,
the manifest parser or rattler."""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["install"]:
        from pyxi.sync.noop import quick_install

        code = quick_install(argv[1:])
        if code is not None:
            sys.exit(code)
    if argv[:1] == ["run"]:
        from pyxi.env.quickrun import quick_run

        code = quick_run(argv[1:])
        if code is not None:
            sys.exit(code)
    from pyxi.cli.main import main as cli_main

    cli_main(argv)


if __name__ == "__main__":
    main()
