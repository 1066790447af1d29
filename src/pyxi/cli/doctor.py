"""`pyxi doctor [-e ENV] [--json] [--offline]`: inspect the manifest, pixi.lock, the installed
environments and this machine, and explain every problem found with its evidence and its fix.

Exit code: 0 when the findings are only warnings and notes, 1 when any is an error.
`--json` prints the report with the stable schema documented in `pyxi.doctor.report`
(top level: schema, manifest, lock, host, environments, ok, summary, findings[]; each finding:
id, severity, message, environment, platforms, evidence[], fix, notes, location).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from pyxi.cli.options import add_environment, add_json


def configure(parser: argparse.ArgumentParser) -> None:
    add_environment(parser)
    add_json(parser)
    parser.add_argument("--offline", action="store_true",
                        help="do not read remote channels or indexes (local ones are still read)")


def execute(args: argparse.Namespace) -> int:
    from pyxi.cli.common import load, print_json
    from pyxi.doctor.diagnose import build_context
    from pyxi.doctor.finding import Report
    from pyxi.doctor.registry import run_checks
    from pyxi.doctor.report import render_text, to_json
    from pyxi.output import use_color

    workspace = load(args)
    ctx, findings = build_context(workspace, args.environment, offline=args.offline)
    report = Report(findings + run_checks(ctx))
    if args.json:
        print_json(to_json(report, ctx))
    else:
        color = use_color(args.color, sys.stdout)
        print(render_text(report, ctx, _painter(color)))
    return 0 if report.ok else 1


def _painter(color: bool) -> Callable[[str, str], str]:
    from pyxi.output import paint

    return lambda text, code: paint(text, code, color)
