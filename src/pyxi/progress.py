"""Progress on a terminal, silence when piped: one small interface for every layer.

`step` is a spinner for work without measure (a solve); `transfer` is a bar with counts and
bytes for downloads and links. Nothing is drawn when stderr is not a terminal, with
`--no-progress`/`-q`, or with `PIXI_NO_PROGRESS` (or pyxi's older `PYXI_NO_PROGRESS`) set.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pyxi import consts
from pyxi.output import human_bytes

NO_PROGRESS_VARIABLES = ("PIXI_NO_PROGRESS", consts.ENV_NO_PROGRESS)
_FALSE = ("", "0", "false", "no", "off", "n", "f")


def progress_wanted() -> bool:
    if not sys.stderr.isatty():
        return False
    return all(os.environ.get(name, "").strip().lower() in _FALSE for name in NO_PROGRESS_VARIABLES)


class Progress:
    """`with progress.step("Solving …"):` shows a spinner on a terminal (stderr) and nothing
    otherwise. `rich` is imported only when something is really drawn."""

    def __init__(self, enabled: bool | None = None, quiet: bool = False) -> None:
        self.enabled = progress_wanted() if enabled is None else enabled
        self.quiet = quiet  # `--quiet`: not even the output of builds

    @contextmanager
    def step(self, message: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        from rich.console import Console

        console = Console(stderr=True)
        with console.status(message):
            yield

    @contextmanager
    def transfer(self, label: str) -> Iterator[Transfer]:
        """Bars for one install: packages downloaded (with bytes) and linked (counts)."""
        if not self.enabled:
            yield Transfer(None)
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
        from rich.progress import Progress as Bars

        columns = (TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[bytes]}"))
        with Bars(*columns, transient=True, console=_console()) as bars:
            yield Transfer(bars, label)


def _console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


class Transfer:
    """Counts and bytes of one install, fed by the installer's callbacks (from any thread)."""

    def __init__(self, bars: Any, label: str = "") -> None:
        self._bars = bars
        self._lock = threading.Lock()
        self._sizes: dict[int, tuple[int, int]] = {}
        self._downloads = self._links = None
        if bars is not None:
            self._downloads = bars.add_task(f"Downloading {label}", total=0, bytes="")
            self._links = bars.add_task(f"Linking {label}", total=0, bytes="")

    @property
    def shown(self) -> bool:
        """Whether anything is drawn (else the installer need not report to it at all)."""
        return self._bars is not None

    def expect(self, operations: int) -> None:
        if self._bars is not None:
            self._bars.update(self._links, total=operations)

    def download_started(self, key: int) -> None:
        with self._lock:
            self._sizes[key] = (0, 0)
            self._refresh(total_change=1)

    def download_progress(self, key: int, done: int, total: int | None) -> None:
        with self._lock:
            self._sizes[key] = (done, total or done)
            self._refresh()

    def download_done(self, key: int) -> None:
        with self._lock:
            done, total = self._sizes.get(key, (0, 0))
            self._sizes[key] = (max(done, total), max(done, total))
            if self._bars is not None:
                self._bars.advance(self._downloads)
            self._refresh()

    def linked(self) -> None:
        if self._bars is not None:
            self._bars.advance(self._links)

    def _refresh(self, total_change: int = 0) -> None:
        if self._bars is None:
            return
        done = sum(d for d, _ in self._sizes.values())
        total = sum(t for _, t in self._sizes.values())
        task = self._bars.tasks[self._downloads]
        self._bars.update(self._downloads, total=(task.total or 0) + total_change,
                          bytes=f"{human_bytes(done)} / {human_bytes(total)}")
