"""The keys of pixi's `info --json` that are about pixi itself rather than the workspace:
`tls_backend`, `auth_dir`, `project_info.last_updated`, and per environment the platform it is
installed for (`resolved_platform`, `minimum_supported_platform`). `collect_info` adds them so
the document has every key pixi's has (tools such as pixi-kernel read it)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from pyxi import __version__
from pyxi.consts import PIXI_VERSION
from pyxi.progname import invoked_as
from pyxi.workspace.environment import Environment, Workspace

# rattler's network stack (what py-rattler downloads with) is built on rustls, as pixi's is.
TLS_BACKEND = "rustls"


def top_level() -> dict[str, Any]:
    """`version` is pixi's when called as pixi (tools compare it with pixi releases), pyxi's
    otherwise; both are always there under their own names too."""
    version = PIXI_VERSION if invoked_as() == "pixi" else __version__
    return {"version": version, "pyxi_version": __version__, "pixi_version": PIXI_VERSION,
            "tls_backend": TLS_BACKEND, "auth_dir": str(auth_file())}


def auth_file() -> Path:
    """rattler's credentials file: `RATTLER_AUTH_FILE`, else `~/.rattler/credentials.json`."""
    from pyxi.config.credentials import AUTH_FILE_VARIABLE, default_file

    override = os.environ.get(AUTH_FILE_VARIABLE)
    return Path(override) if override else default_file()


def last_updated(workspace: Workspace) -> str | None:
    """When pixi.lock was last written, in pixi's `DD-MM-YYYY H:M:S` (local time)."""
    try:
        mtime = workspace.lock_path.stat().st_mtime
    except OSError:
        return None
    return time.strftime("%d-%m-%Y %H:%M:%S", time.localtime(mtime))


def installed_platforms(env: Environment, installed: str | None) -> dict[str, Any]:
    """pixi's `resolved_platform` (the platform the prefix was installed for, from pixi's
    marker when pixi wrote one, else from pyxi's stamp) and `minimum_supported_platform`."""
    from pyxi.env.pixi_marker import read_pixi_marker

    marker = read_pixi_marker(env.prefix)
    extra = marker.extra if marker else {}
    resolved: dict[str, Any] | None = None
    if marker is not None and marker.resolved_platform is not None:
        resolved = _from_marker(marker.resolved_platform)
    elif installed is not None:
        platform = env.platform(installed)
        if platform is not None:
            resolved = {"name": platform.name, "subdir": platform.subdir,
                        "virtual_packages": [f"{n}={v}" for n, v in platform.virtual_packages]}
    minimum = extra.get("minimum_supported_platform")
    return {"resolved_platform": resolved,
            "minimum_supported_platform": _from_marker(minimum) if isinstance(minimum, dict) else None}


def _from_marker(data: dict[str, Any]) -> dict[str, Any]:
    subdir = str(data.get("subdir", ""))
    packages = data.get("virtual_packages") or []
    return {"name": subdir, "subdir": subdir, "virtual_packages": [str(p) for p in packages]}
