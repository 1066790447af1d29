"""Reading an installed prefix without rattler: conda-meta records and the files they list,
PyPI dist-info RECORDs, and checking both against the disk."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from dataclasses import field
from pathlib import Path
from typing import Any

from pyxi import consts
from pyxi.datamodel import model


@model(frozen=True)
class FileProblem:
    path: str  # relative to the prefix
    problem: str  # "missing" | "modified"


@model
class CondaRecord:
    name: str
    version: str
    build: str
    channel: str | None
    paths: list[dict[str, Any]] = field(default_factory=list)


def conda_records(prefix: Path) -> dict[str, CondaRecord]:
    """{name: record} from `conda-meta/*.json` (pyxi's stamp and `history` are not records)."""
    records: dict[str, CondaRecord] = {}
    for path in sorted((prefix / consts.CONDA_META).glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or "name" not in data:
            continue
        paths = (data.get("paths_data") or {}).get("paths") or [{"_path": p} for p in data.get("files") or []]
        records[str(data["name"])] = CondaRecord(
            str(data["name"]), str(data.get("version", "")), str(data.get("build", "")), data.get("channel"), paths
        )
    return records


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_conda_files(prefix: Path, record: CondaRecord) -> list[FileProblem]:
    problems = []
    for entry in record.paths:
        relative = str(entry.get("_path", ""))
        target = prefix / relative
        if entry.get("path_type") == "softlink" or relative.endswith(".pyc") or "__pycache__" in relative:
            if not target.exists() and not target.is_symlink() and not relative.endswith(".pyc"):
                problems.append(FileProblem(relative, "missing"))
            continue
        if not target.is_file():
            problems.append(FileProblem(relative, "missing"))
            continue
        if _modified(target, entry):
            problems.append(FileProblem(relative, "modified"))
    return problems


def _modified(target: Path, entry: dict[str, Any]) -> bool:
    if entry.get("prefix_placeholder") or entry.get("file_mode"):
        expected = entry.get("sha256_in_prefix")
        size = None
    else:
        expected, size = entry.get("sha256"), entry.get("size_in_bytes")
    if size is not None and target.stat().st_size != size:
        return True
    return bool(expected) and _sha256(target) != expected


def verify_record(site: Path, dist_info: Path) -> list[FileProblem]:
    """Check every hashed line of a dist-info's RECORD; paths are relative to site-packages."""
    try:
        text = (dist_info / "RECORD").read_text("utf-8")
    except OSError:
        return [FileProblem(str(dist_info.name) + "/RECORD", "missing")]
    problems = []
    for row in csv.reader(io.StringIO(text)):
        if len(row) < 2 or not row[1].startswith("sha256="):
            continue
        target = site / row[0]
        if not target.is_file():
            problems.append(FileProblem(row[0], "missing"))
        elif _record_hash(target) != row[1]:
            problems.append(FileProblem(row[0], "modified"))
    return problems


def _record_hash(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def record_owners(site: Path, dist_infos: list[Path], prefix: Path) -> dict[str, str]:
    """{prefix-relative path: dist-info name} for files PyPI dists claim (who overwrote a file)."""
    owners: dict[str, str] = {}
    for dist_info in dist_infos:
        try:
            rows = csv.reader(io.StringIO((dist_info / "RECORD").read_text("utf-8")))
        except OSError:
            continue
        for row in rows:
            if row:
                path = (site / row[0]).resolve()
                try:
                    owners[str(path.relative_to(prefix.resolve()))] = dist_info.name
                except ValueError:
                    continue
    return owners
