"""`pyxi import FILE [--format conda-env|pypi-txt] [-p PLATFORM…] [-e ENV] [-f FEATURE]`.

Imports a file into an environment in an existing workspace. If `--format` isn't provided,
`import` will try each format in turn. Nothing is locked or installed (`pyxi install` does).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pyxi.cli.common import say


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="File to import into the workspace")
    parser.add_argument(
        "--format", metavar="FORMAT",
        help="Which format to interpret the file as [possible values: conda-env, pypi-txt]",
    )
    parser.add_argument(
        "-p", "--platform", action="append", default=[], metavar="PLATFORM",
        help="The platforms for the imported environment (repeatable); a conda subdir the "
        "workspace lacks is added to it",
    )
    parser.add_argument(
        "-e", "--environment", metavar="NEW_ENVIRONMENT",
        help="A name for the created environment. Without `--feature` the imported content is "
        "written inline on the environment",
    )
    parser.add_argument(
        "-f", "--feature", metavar="NEW_FEATURE",
        help="A name for the created feature. The feature is added to the environment of the "
        "same name unless `--environment` is given",
    )


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.add import manifest_path
    from pyxi.cli.render import warn
    from pyxi.sync.import_file import ImportRequest, import_into, read_import

    request = ImportRequest(Path(args.file), _format(args.format), args.platform,
                            args.environment, args.feature)
    path = manifest_path(args)
    imported, environment = read_import(request)
    for message in imported.warnings:
        warn(message)
    import_into(path, request, imported, environment)
    say(args, f"✔ Imported to {path}")
    return 0


def _format(value: str | None) -> str | None:
    from pyxi.diagnostics import PyxiError
    from pyxi.manifest.import_files import FORMATS

    if value is None or value.lower() in FORMATS:
        return value.lower() if value else None
    raise PyxiError(f"invalid value '{value}' for '--format <FORMAT>'",
                    help="[possible values: " + ", ".join(FORMATS) + "]", exit_code=2)
