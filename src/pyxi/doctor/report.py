"""`pyxi doctor` output: the text a person reads and the JSON other tools read.

JSON (`pyxi doctor --json`), schema version 1; keys are stable, new keys may be added:

    {
      "schema": 1,
      "manifest": "/abs/path/pixi.toml",
      "lock": "/abs/path/pixi.lock" | null,          # null: there is no lock file
      "host": {"platform": "linux-64", "virtual_packages": ["__cuda=12.4=0", ...]},
      "environments": ["cpu", "default"],            # the environments that were checked
      "ok": true,                                    # false when any finding is an error
      "summary": {"error": 0, "warning": 1, "note": 0},
      "findings": [
        {
          "id": "cuda-driver-missing",               # stable kebab-case check id
          "severity": "error" | "warning" | "note",
          "message": "one sentence: what is wrong",
          "environment": "default" | null,           # null: about the workspace or lock as a whole
          "platforms": ["linux-64"],                 # [] when not platform specific
          "evidence": [{"kind": "conda" | "pypi" | "manifest" | "host" | "index",
                        "name": str, "version": str | null, "build": str | null,
                        "source": str | null,        # channel/index URL, manifest table, prefix
                        "detail": str | null}],
          "fix": "the exact change to make" | null,
          "notes": [str],                            # why it matters, background
          "location": {"file": str, "line": int | null, "key": str | null} | null
        }
      ]
    }

Findings are ordered errors first, then warnings, then notes; then by environment and platform.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyxi.doctor.context import DoctorContext
from pyxi.doctor.finding import Finding, Report

SCHEMA_VERSION = 1


def to_json(report: Report, ctx: DoctorContext) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "manifest": str(ctx.workspace.manifest.path),
        "lock": str(ctx.workspace.lock_path) if ctx.lock is not None else None,
        "host": {"platform": ctx.host.subdir,
                 "virtual_packages": [vp.display() for vp in ctx.host.virtual_packages]},
        "environments": [env.name for env in ctx.environments],
        "ok": report.ok,
        "summary": report.counts(),
        "findings": [f.to_json() for f in report.findings],
    }


Paint = Callable[[str, str], str]  # (text, ANSI style) → text to print


def _plain(text: str, _code: str) -> str:
    return text


def render_finding(finding: Finding, paint: Paint = _plain) -> str:
    colors = {"error": "1;31", "warning": "1;33", "note": "1;36"}
    head = f"{paint(finding.severity.value, colors[finding.severity.value])}[{finding.id}]"
    scope = _scope(finding)
    lines = [f"{head}: {scope}{finding.message}"]
    if finding.location is not None:
        lines.append(f"  --> {finding.location}")
    lines += [f"  - {e.describe()}" for e in finding.evidence]
    lines += [f"  {paint('note', '1;34')}: {n}" for n in finding.notes]
    if finding.fix:
        lines.append(f"  {paint('help', '1;32')}: {finding.fix}")
    return "\n".join(lines)


def _scope(finding: Finding) -> str:
    if finding.environment is None:
        return ""
    where = f"environment `{finding.environment}`"
    if finding.platforms:
        where += f" ({', '.join(finding.platforms)})"
    return where + ": "


def render_text(report: Report, ctx: DoctorContext, paint: Paint = _plain) -> str:
    blocks = [render_finding(f, paint) for f in report.findings]
    blocks.append(summary_line(report, ctx))
    return "\n\n".join(blocks)


def summary_line(report: Report, ctx: DoctorContext) -> str:
    counts = report.counts()
    checked = f"{len(ctx.environments)} environment(s)"
    if not report.findings:
        return f"doctor: no problems found in {checked}"
    parts = [f"{counts[k]} {k}{'' if counts[k] == 1 else 's'}" for k in ("error", "warning", "note") if counts[k]]
    return f"doctor: {', '.join(parts)} in {checked}"
