"""Progress on a terminal, silence when piped: one small interface for every layer."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pyxi import consts


class Progress:
    """`with progress.step("Solving …"):` shows a spinner on a terminal (stderr) and nothing
    otherwise. `rich` is imported only when a spinner is really drawn."""

    def __init__(self, enabled: bool | None = None, quiet: bool = False) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty() and not os.environ.get(consts.ENV_NO_PROGRESS)
        self.enabled = enabled
        self.quiet = quiet  # `--quiet`: not even the output of builds
        self._status: Any = None

    @contextmanager
    def step(self, message: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        from rich.console import Console

        console = Console(stderr=True)
        with console.status(message):
            yield

    def done(self, message: str) -> None:
        if self.enabled:
            print(f"✔ {message}", file=sys.stderr)

