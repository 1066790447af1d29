"""What is installed in a prefix's site-packages: `*.dist-info` directories and who put them there."""

from __future__ import annotations

import base64
import email.parser
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from pyxi.atomic import atomic_write
from pyxi.datamodel import model
from pyxi.names import normalize_pypi_name

PYXI_INSTALLER = "uv-pixi"


@model(frozen=True)
class InstalledDist:
    name: str  # normalized
    version: str
    installer: str
    dist_info: Path

    @property
    def ours(self) -> bool:
        return self.installer == PYXI_INSTALLER

    def direct_url(self) -> dict[str, Any] | None:
        try:
            return json.loads((self.dist_info / "direct_url.json").read_text())
        except (OSError, ValueError):
            return None


def prefix_python(prefix: Path) -> Path:
    """The interpreter of a conda prefix or venv (`bin/python`, `python.exe`, `Scripts/python.exe`)."""
    for candidate in ("bin/python", "bin/python3", "python.exe", "Scripts/python.exe"):
        path = prefix / candidate
        if path.exists():
            return path
    raise FileNotFoundError(f"no Python interpreter in {prefix}")


def site_packages(prefix: Path) -> Path | None:
    """The prefix's purelib directory, found on disk (no interpreter is run)."""
    windows = prefix / "Lib" / "site-packages"
    if windows.is_dir():
        return windows
    found = sorted((prefix / "lib").glob("python3*/site-packages"))
    if found:
        current = prefix / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
        return current if current in found else found[-1]
    return None


def _read_dist(dist_info: Path) -> InstalledDist | None:
    try:
        headers = email.parser.Parser().parsestr((dist_info / "METADATA").read_text("utf-8", "replace"),
                                                 headersonly=True)
    except OSError:
        return None
    name, version = headers.get("Name"), headers.get("Version")
    if not name or not version:
        return None
    try:
        installer = (dist_info / "INSTALLER").read_text().strip()
    except OSError:
        installer = ""
    return InstalledDist(normalize_pypi_name(name), version, installer, dist_info)


def installed_dists(site: Path | None) -> dict[str, InstalledDist]:
    """{normalized name: dist} for every readable `*.dist-info` in `site`."""
    result: dict[str, InstalledDist] = {}
    if site is None or not site.is_dir():
        return result
    for dist_info in site.glob("*.dist-info"):
        dist = _read_dist(dist_info)
        if dist is not None:
            result[dist.name] = dist
    return result


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def mark_ours(dist_info: Path) -> None:
    """Write `INSTALLER` = uv-pixi and keep its RECORD line right, so uninstall removes it.
    Both are replaced whole by new files, never written into (uv may hard-link from its cache)."""
    data = f"{PYXI_INSTALLER}\n".encode()
    atomic_write(dist_info / "INSTALLER", data, durable=False)
    record = dist_info / "RECORD"
    if not record.exists():
        return
    entry = f"{dist_info.name}/INSTALLER"
    lines = [line for line in record.read_text().splitlines() if line and not line.startswith(entry + ",")]
    lines.append(f"{entry},{_record_hash(data)},{len(data)}")
    atomic_write(record, ("\n".join(lines) + "\n").encode(), durable=False)
