"""Timing side by side: cases run alternately, rows compare medians against a target."""

from __future__ import annotations

import resource
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Case:
    """One side of a row: `run()` is timed; `prepare()` runs untimed before every repeat."""

    name: str
    run: Callable[[], None]
    prepare: Callable[[], None] = lambda: None
    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # own + children CPU time

    @property
    def median(self) -> float:
        return statistics.median(self.wall_ms)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def interleave(cases: list[Case], repeats: int, warmup: int = 1) -> None:
    for round_ in range(warmup + repeats):
        shift = round_ % len(cases)
        for case in cases[shift:] + cases[:shift]:
            case.prepare()
            cpu, started = _cpu(), time.perf_counter()
            case.run()
            elapsed, used = time.perf_counter() - started, _cpu() - cpu
            if round_ >= warmup:
                case.wall_ms.append(elapsed * 1000)
                case.cpu_ms.append(used * 1000)


def command(args: list[str], cwd: Path, env: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        done = subprocess.run(args, check=False, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        if done.returncode != 0:
            raise SystemExit(f"bench: `{' '.join(map(str, args))}` failed in {cwd}:\n{done.stderr.decode()[-3000:]}")

    return run


@dataclass
class Row:
    key: str
    what: str
    baseline: str
    target: float | None
    pyxi_ms: float
    base_ms: float
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)
    # Met also when pyxi takes at most this long, whatever the ratio (the no-op lock's 0.15 s).
    limit_ms: float | None = None

    @property
    def ratio(self) -> float:
        return self.pyxi_ms / self.base_ms

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        return self.ratio <= self.target or (self.limit_ms is not None and self.pyxi_ms <= self.limit_ms)


def row(key: str, what: str, baseline: str, target: float | None, mine: Case, base: Case,
        note: str = "", limit_ms: float | None = None) -> Row:
    return Row(key, what, baseline, target, mine.median, base.median, note,
               {f"{mine.name} wall": mine.wall_ms, f"{base.name} wall": base.wall_ms,
                f"{mine.name} cpu": mine.cpu_ms, f"{base.name} cpu": base.cpu_ms}, limit_ms)


def slope(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares line y = a + b·x → (a, b)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    b = sum((x - mx) * (y - my) for x, y in points) / (sum((x - mx) ** 2 for x in xs) or 1)
    return my - b * mx, b
