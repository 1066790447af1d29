"""The `pyxi` console script. `run` first tries the import-light path (see env/quickrun.py)."""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["run"]:
        from pyxi.env.quickrun import quick_run

        code = quick_run(argv[1:])
        if code is not None:
            sys.exit(code)
    from pyxi.cli.main import main as cli_main

    cli_main(argv)


if __name__ == "__main__":
    main()
