"""Shared helpers of the `pyxi doctor` end-to-end tests."""

from __future__ import annotations

import json
from pathlib import Path

GPU = {"CONDA_OVERRIDE_CUDA": "12.6"}
SPEC = sorted(p.name for p in (Path(__file__).resolve().parents[1] / "data" / "spec_manifests").glob("*.toml"))
PYPI_SPECS = {"06", "07", "08", "09"}
CF = '"https://prefix.dev/conda-forge"'


def doctor(ws, *args: str, env: dict[str, str] | None = None, expect: int | None = None) -> dict:
    result = ws.pyxi("doctor", "--json", *args, env=env, expect=expect)
    report = json.loads(result.stdout)
    assert result.returncode == (0 if report["ok"] else 1), str(result)
    return report


def ids(report: dict) -> list[str]:
    return [f["id"] for f in report["findings"]]


def only(report: dict, finding_id: str) -> dict:
    found = [f for f in report["findings"] if f["id"] == finding_id]
    assert found, json.dumps(report, indent=2)
    return found[0]
