"""`exclude-newer`: a cutoff after which packages are left out of the solve (pixi's
`pixi_spec::ExcludeNewer`).

A value is a relative duration (humantime: `7d`, `1h30m`, `2 weeks`, `1M`), a date
(`2026-03-30`, meaning the start of the *next* day in UTC) or an RFC 3339 timestamp, tried in
that order. A duration is relative to the moment of the solve (or of the lock check).

Where it can be written (pixi 0.77): `[workspace] exclude-newer` (every environment), a channel
table's `exclude-newer` (packages of that channel), and the root `[exclude-newer]` /
`[pypi-exclude-newer]` tables (one conda / PyPI package). Features have none of their own: an
environment gets the workspace cutoff and the cutoffs of the channels it uses.
"""

from __future__ import annotations

import datetime as dt
import re

from pyxi.datamodel import model
from pyxi.manifest.errors import Source, want_str, want_table
from pyxi.manifest.keyindex import KeyPath

UTC = dt.timezone.utc
# humantime's units, in seconds (a month is 30.44 days, a year 365.25 days).
_UNITS = {
    "nsec": 1e-9, "ns": 1e-9, "usec": 1e-6, "us": 1e-6, "msec": 1e-3, "ms": 1e-3,
    "seconds": 1, "second": 1, "sec": 1, "s": 1,
    "minutes": 60, "minute": 60, "min": 60, "m": 60,
    "hours": 3600, "hour": 3600, "hr": 3600, "h": 3600,
    "days": 86400, "day": 86400, "d": 86400,
    "weeks": 604800, "week": 604800, "w": 604800,
    "months": 2_630_016, "month": 2_630_016, "M": 2_630_016,
    "years": 31_557_600, "year": 31_557_600, "y": 31_557_600,
}  # fmt: skip
_DURATION_PART = re.compile(r"\s*(\d+)\s*([A-Za-z]+)")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@model(frozen=True)
class ExcludeNewer:
    """One cutoff as written: an absolute `timestamp` or a `duration` before now."""

    text: str
    timestamp: dt.datetime | None = None
    duration: dt.timedelta | None = None

    def cutoff(self, now: dt.datetime | None = None) -> dt.datetime:
        if self.timestamp is not None:
            return self.timestamp
        assert self.duration is not None
        return (now or dt.datetime.now(UTC)) - self.duration


@model(frozen=True)
class ExcludeNewerPackages:
    """The root `[exclude-newer]` (conda) and `[pypi-exclude-newer]` (PyPI) tables."""

    conda: tuple[tuple[str, ExcludeNewer], ...] = ()
    pypi: tuple[tuple[str, ExcludeNewer], ...] = ()


def parse_exclude_newer(text: str) -> ExcludeNewer | None:
    """The cutoff `text` means, or None when it is neither a duration, a date nor a timestamp."""
    duration = _duration(text)
    if duration is not None:
        return ExcludeNewer(text, duration=duration)
    stripped = text.strip()
    if _DATE.match(stripped):
        try:
            day = dt.date.fromisoformat(stripped)
        except ValueError:
            return None
        start = dt.datetime(day.year, day.month, day.day, tzinfo=UTC)
        return ExcludeNewer(text, timestamp=start + dt.timedelta(days=1))
    return _timestamp(text)


def _duration(text: str) -> dt.timedelta | None:
    seconds, end = 0.0, 0
    for match in _DURATION_PART.finditer(text):
        if match.start() != end or match.group(2) not in _UNITS:
            return None
        seconds += int(match.group(1)) * _UNITS[match.group(2)]
        end = match.end()
    if end == 0 or text[end:].strip():
        return None
    return dt.timedelta(seconds=seconds)


def _timestamp(text: str) -> ExcludeNewer | None:
    candidate = text.strip()
    if "T" not in candidate.upper() or not (candidate.endswith(("Z", "z")) or re.search(
            r"[+-]\d{2}:\d{2}$", candidate)):
        return None  # RFC 3339 needs the time and the offset
    try:
        value = dt.datetime.fromisoformat(candidate[:-1] + "+00:00" if candidate[-1] in "Zz"
                                          else candidate)
    except ValueError:
        return None
    return ExcludeNewer(text, timestamp=value.astimezone(UTC))


def want_exclude_newer(src: Source, value: object, path: KeyPath) -> ExcludeNewer:
    text = want_str(src, value, path)
    parsed = parse_exclude_newer(text)
    if parsed is None:
        src.error(
            f"`{text}` is neither a valid duration, date, nor timestamp",
            path,
            help='write a duration (`"7d"`, `"1h30m"`), a date (`"2025-01-01"`) or an RFC 3339 '
            'timestamp (`"2025-01-01T00:00:00Z"`)',
        )
    return parsed


def parse_package_cutoffs(
    src: Source, value: object, path: KeyPath
) -> tuple[tuple[str, ExcludeNewer], ...]:
    """A `[exclude-newer]` / `[pypi-exclude-newer]` table: package name → cutoff."""
    table = want_table(src, value, path)
    return tuple((name, want_exclude_newer(src, cutoff, path + (name,)))
                 for name, cutoff in table.items())


def format_cutoff(moment: dt.datetime) -> str:
    """A cutoff as pixi prints it (`2025-11-04T00:00:00Z`)."""
    text = moment.astimezone(UTC).isoformat()
    text = text.replace("+00:00", "Z")
    return text.replace(".000000", "")
