"""The names inside a pack and its two metadata files.

`pixi-pack.json` is pixi-pack's (format version "1"); pixi-unpack refuses any other version and
any platform but its own. `pyxi-pack.json` is pyxi's: pixi-unpack ignores it, `pyxi unpack`
reads it to verify every file against the hashes the lock recorded.
"""

from __future__ import annotations

import json
from dataclasses import asdict, field, fields
from pathlib import Path
from typing import Any

from pyxi import __version__
from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError

CHANNEL_DIR = "channel"
PYPI_DIR = "pypi"
PIXI_PACK_JSON = "pixi-pack.json"
PYXI_PACK_JSON = "pyxi-pack.json"
ENVIRONMENT_YML = "environment.yml"
REPODATA = "repodata.json"
FORMAT_VERSION = "1"
DEFAULT_OUTPUT = "environment.tar"
DEFAULT_EXECUTABLE = "environment.sh"
DEFAULT_ENV_NAME = "env"


@model
class PackedFile:
    """One package file of the pack: its path inside the pack and its recorded hashes."""

    path: str
    name: str
    version: str
    sha256: str | None = None
    md5: str | None = None
    injected: bool = False


@model
class PackRecord:
    """The content of `pyxi-pack.json`."""

    environment: str
    platform: str
    subdir: str
    virtual_packages: list[str] = field(default_factory=list)
    conda: list[PackedFile] = field(default_factory=list)
    pypi: list[PackedFile] = field(default_factory=list)
    created_by: str = f"pyxi {__version__}"

    def to_json(self) -> str:
        data = {key.replace("_", "-"): value for key, value in asdict(self).items()}
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> PackRecord:
        known = {f.name for f in fields(cls)}
        data: dict[str, Any] = {k.replace("-", "_"): v for k, v in json.loads(text).items()}
        data = {k: v for k, v in data.items() if k in known}  # newer pyxis may add keys
        data["conda"] = [_packed(item) for item in data.get("conda", [])]
        data["pypi"] = [_packed(item) for item in data.get("pypi", [])]
        return cls(**data)


def _packed(item: dict[str, Any]) -> PackedFile:
    return PackedFile(**{k: v for k, v in item.items() if k in {f.name for f in fields(PackedFile)}})


def pixi_pack_json(subdir: str) -> str:
    """pixi-pack's metadata; `pixi-pack-version` is left out: this pack was not made by it."""
    return json.dumps({"version": FORMAT_VERSION, "platform": subdir}, indent=2) + "\n"


def read_pixi_pack_json(root: Path, archive: Path) -> str:
    """The subdir the pack was made for, after checking the format version."""
    path = root / PIXI_PACK_JSON
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        version, platform = data["version"], data["platform"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise _not_a_pack(archive, f"{PIXI_PACK_JSON} is missing or unreadable ({error})") from error
    if version != FORMAT_VERSION:
        raise PyxiError(
            f"{archive} is a pack of format version {version!r}; pyxi reads version {FORMAT_VERSION!r}",
            help="unpack it with the pixi-unpack that matches the pixi-pack that made it",
        )
    return str(platform)


def read_pack_record(root: Path, archive: Path) -> PackRecord | None:
    """`pyxi-pack.json`, or None for a pack made by pixi-pack."""
    path = root / PYXI_PACK_JSON
    if not path.is_file():
        return None
    try:
        return PackRecord.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise _not_a_pack(archive, f"{PYXI_PACK_JSON} is unreadable ({error})") from error


def _not_a_pack(archive: Path, reason: str) -> PyxiError:
    return PyxiError(
        f"{archive} is not a usable pack: {reason}",
        help="make the archive again with `pyxi pack` (or pixi-pack) and copy it whole",
    )
