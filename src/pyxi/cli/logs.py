"""Logging for the command line: the layers below report through `logging` (never print), and
`-v`/`-q` choose how much of it reaches stderr.

- `-q`: errors only;
- default: pyxi's notes and warnings (`warning: …`);
- `-v`: pyxi's debug messages too (what it decided and why: files read, lock checks, solves,
  installs, commands run), each with its level and logger;
- `-vv`: other libraries' messages from INFO up; `-vvv`: everything, DEBUG included.
"""

from __future__ import annotations

import logging
import sys

from pyxi.output import paint, use_color

_STYLE = {logging.WARNING: ("warning", "1;33"), logging.ERROR: ("error", "1;31"),
          logging.CRITICAL: ("error", "1;31")}


class _Formatter(logging.Formatter):
    def __init__(self, detailed: bool, color: bool) -> None:
        super().__init__()
        self.detailed = detailed
        self.color = color

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if self.detailed and record.levelno < logging.WARNING:
            level = paint(f"{record.levelname:>5}", "2", self.color)
            return f"{level} {record.name}: {message}"
        label = _STYLE.get(record.levelno)
        if label is None:
            return message
        text = paint(label[0], label[1], self.color)
        return f"{text}: {message}" + (f"  [{record.name}]" if self.detailed else "")


class _CurrentStderr(logging.Handler):
    """Writes to `sys.stderr` as it is at the time (tests and `silence_output` replace it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(self.format(record), file=sys.stderr, flush=True)
        except Exception:  # noqa: BLE001 - logging's rule: report the failure, never raise
            self.handleError(record)


def levels(verbose: int, quiet: int) -> tuple[int, int | None]:
    """(pyxi's level, other libraries' level or None to leave them alone)."""
    if quiet:
        return logging.ERROR, None
    if verbose <= 0:
        return logging.INFO, None
    if verbose == 1:
        return logging.DEBUG, None
    return logging.DEBUG, logging.INFO if verbose == 2 else logging.DEBUG


def setup_logging(verbose: int, quiet: int, color: str) -> None:
    own, others = levels(verbose, quiet)
    handler = _CurrentStderr()
    handler.setFormatter(_Formatter(verbose > 0 and not quiet, use_color(color, sys.stderr)))
    logger = logging.getLogger("pyxi")
    for old in list(logger.handlers):
        if isinstance(old, _CurrentStderr):
            logger.removeHandler(old)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(own)
    if others is not None:
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(others)
