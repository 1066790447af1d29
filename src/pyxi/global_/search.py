"""`pyxi search`: records matching a spec or a glob, with pixi's fallback (a plain name that
matches nothing finds the names containing it), printed as pixi prints them: one package in
detail, several as a compact list, or pixi's JSON (records by subdir, newest first)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import field
from typing import Any

from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.workspace.channels import display_channel

Record = dict[str, Any]
_PLAIN_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


@model
class SearchResult:
    records: list[Record]
    fuzzy_matches: int | None = None  # names found by the fallback (before the limit)
    by_name: dict[str, list[Record]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {}
        for record in self.records:
            self.by_name.setdefault(record["name"], []).append(record)


def search(
    spec: str,
    find: Callable[[list[str]], list[Record]],
    names: Callable[[], list[str]],
    name_limit: int | None,
) -> SearchResult:
    records = find([spec])
    if records:
        return SearchResult(records)
    if _PLAIN_NAME.match(spec):
        needle = spec.lower()
        matches = sorted(
            (n for n in names() if needle in n), key=lambda n: (not n.startswith(needle), n)
        )
        if matches:
            found = find(matches[:name_limit] if name_limit is not None else matches)
            ordered = sorted(found, key=lambda r: not r["name"].startswith(needle))
            return SearchResult(ordered, fuzzy_matches=len(matches))
    raise PyxiError(
        f"No packages found matching '{spec}'", help="Try glob patterns like 'python*' or '*numpy*'"
    )


def as_json(result: SearchResult) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for record in result.records:
        out.setdefault(record.get("subdir", ""), []).append(record)
    return {subdir: records[::-1] for subdir, records in out.items()}


def render(result: SearchResult, package_limit: int | None, version_limit: int | None) -> str:
    total = result.fuzzy_matches if result.fuzzy_matches is not None else len(result.by_name)
    if len(result.by_name) == 1 and total <= 1:
        name, records = next(iter(result.by_name.items()))
        return name if version_limit == 0 else details(records[-1], records[-2::-1], version_limit)
    lines: list[str] = []
    shown = list(result.by_name.items())[: package_limit if package_limit is not None else None]
    for i, (name, records) in enumerate(shown):
        if i > 0 and version_limit != 0:
            lines.append("")
        lines += _compact(name, records, version_limit)
    remaining = total - len(shown)
    if remaining > 0:
        lines += [
            "",
            f"... and {remaining} more {_plural(remaining, 'package')} (use -n to show more)",
        ]
    return "\n".join(lines)


def _compact(name: str, records: list[Record], limit: int | None) -> list[str]:
    if limit == 0:
        return [name]
    newest_first = records[::-1]
    shown = newest_first[: limit if limit is not None else None]
    lines = [f"{name} ({len(records)} {_plural(len(records), 'version')})"]
    lines += [
        f"  {r['version']} {r['build']} [{r.get('subdir', '')}] {channel_name(r)}" for r in shown
    ]
    if len(records) > len(shown):
        more = len(records) - len(shown)
        lines.append(f"  ... and {more} more {_plural(more, 'version')} (use -l to show more)")
    return lines


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def channel_name(record: Record) -> str:
    channel = record.get("channel")
    return display_channel(str(channel)) if channel else "<unknown>"


def human_bytes(size: int) -> str:
    value, unit = float(size), "B"
    for next_unit in ("KiB", "MiB", "GiB", "TiB"):
        if value < 1024:
            break
        value, unit = value / 1024, next_unit
    return f"{size} B" if unit == "B" else f"{value:.2f} {unit}"


def details(record: Record, others: list[Record], version_limit: int | None) -> str:
    """The newest record in full, then the other versions (newest first)."""
    by_version: dict[str, list[Record]] = {}
    for other in others:
        by_version.setdefault(other["version"], []).append(other)
    same = by_version.pop(record["version"], [])
    head = f"{record['name']}-{record['version']}-{record['build']}{_builds(len(same))}"
    lines = [head, "-" * len(head), ""]
    lines += [f"{label:19} {value}" for label, value in _fields(record)]
    for title, key in (("Track features", "track_features"), ("Package URLs", "purls")):
        values = _list(record.get(key))
        if values:
            lines += ["", f"{title}:", *(f" - {v}" for v in values)]
    lines += ["", "Dependencies:", *(f" - {d}" for d in record.get("depends", []))]
    lines += ["", *_run_exports(record.get("run_exports"))]
    if by_version:
        lines += ["", *_other_versions(by_version, version_limit)]
    return "\n".join(lines)


def _builds(count: int) -> str:
    return "" if count == 0 else f" (+ {count} build{'s' if count > 1 else ''})"


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value or []]


def _fields(record: Record) -> list[tuple[str, str]]:
    size = record.get("size")
    fields = [("Name", record["name"]), ("Version", record["version"]), ("Build", record["build"]),
              ("Size", human_bytes(size) if size is not None else "Not found.")]  # fmt: skip
    if record.get("license"):
        fields.append(("License", record["license"]))
    if record.get("timestamp"):
        stamp = record["timestamp"] / (1000 if record["timestamp"] > 1e11 else 1)
        moment = dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc)
        fields.append(("Timestamp", moment.strftime("%Y-%m-%d %H:%M:%S UTC")))
    fields.append(("Subdir", record.get("subdir", "")))
    if record.get("noarch"):
        fields.append(("NoArch", str(record["noarch"]).lower()))
    fields += [("File Name", record.get("fn", "")), ("URL", record.get("url", "")),
               ("MD5", record.get("md5") or "Not available"),
               ("SHA256", record.get("sha256") or "Not available")]  # fmt: skip
    return fields


def _run_exports(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return ["Run exports: not available in repodata"]
    lines = ["Run exports:"]
    for key in ("noarch", "strong", "weak", "strong_constrains", "weak_constrains"):
        if value.get(key):
            lines += [f"  {key.replace('_', ' ')}:", *(f"   - {v}" for v in value[key])]
    return lines


def _other_versions(by_version: dict[str, list[Record]], limit: int | None) -> list[str]:
    width = max(len("Version"), *(len(v) for v in by_version)) + 1
    lines = [f"Other Versions ({len(by_version)}):", f"{'Version':{width}} Build"]
    for i, (version, builds) in enumerate(by_version.items()):
        if limit is not None and i >= limit:
            lines.append(f"... and {len(by_version) - limit} more")
            break
        lines.append(f"{version:{width}} {builds[0]['build']}{_builds(len(builds) - 1)}")
    return lines
