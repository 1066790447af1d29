"""rattler's network objects made from pixi's configuration: the HTTP client (TLS, proxies,
mirrors, credentials, S3), the repodata gateway (repodata formats, download concurrency,
`--offline`: cached repodata only) and the install's settings (link types, post-link scripts).

rattler reads the keys every rattler-based tool shares; pyxi hands it exactly those."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import rattler
from rattler.networking import Client

from pyxi.config.load import active
from pyxi.config.model import Config

# The top-level keys rattler's own configuration understands.
RATTLER_KEYS = ("default-channels", "authentication-override-file", "tls-no-verify",
                "tls-root-certs", "mirrors", "run-post-link-scripts", "allow-symbolic-links",
                "allow-hard-links", "allow-ref-links", "s3-options", "repodata-config",
                "concurrency", "proxy-config")

# Seconds one request may take before it fails (a server that accepts connections but never
# answers would otherwise hang `pyxi lock` for ever). Retried by rattler.
HTTP_TIMEOUT_VARIABLE = "PYXI_HTTP_TIMEOUT"
DEFAULT_HTTP_TIMEOUT = 300

# What the user reads when offline mode is why something failed (pixi's advice).
OFFLINE_HELP = ("pyxi is running in offline mode and only uses locally cached data; retry with "
                "network access: remove the `--offline` flag, unset the `PIXI_OFFLINE` "
                "environment variable, or disable the `offline` option in your pixi configuration")


def http_timeout() -> int:
    text = os.environ.get(HTTP_TIMEOUT_VARIABLE, "")
    return int(text) if text.isdigit() and int(text) > 0 else DEFAULT_HTTP_TIMEOUT


def rattler_config(config: Config | None = None) -> rattler.Config:
    from .config_toml import toml_text

    config = config or active()
    shared: dict[str, Any] = {k: v for k, v in config.data.items() if k in RATTLER_KEYS}
    shared["concurrency"] = {"solves": config.concurrent_solves,
                             "downloads": config.concurrent_downloads}
    if shared.get("run-post-link-scripts") not in (None, "insecure"):
        shared.pop("run-post-link-scripts")
    return rattler.Config.from_toml(toml_text(shared))


def make_client(config: Config | None = None, shared: rattler.Config | None = None) -> Client:
    """The configured client; `shared`: `rattler_config(config)`, when the caller has it."""
    return Client.from_config(shared or rattler_config(config), timeout=http_timeout())


def make_gateway(cache_dir: Path) -> rattler.Gateway:
    """The repodata gateway: in offline mode, cached repodata only, however old."""
    config = active()
    default = _source(config.get("repodata-config") or {}, config.offline)
    per_channel = {
        url: _source({**(config.get("repodata-config") or {}), **table}, config.offline)
        for url, table in (config.get("repodata-config") or {}).items() if isinstance(table, dict)
    }
    return rattler.Gateway(
        cache_dir=cache_dir / "repodata", default_config=default,
        per_channel_config=per_channel or None,
        max_concurrent_requests=config.concurrent_downloads, client=make_client(config),
    )


def _source(table: dict[str, Any], offline: bool) -> rattler.SourceConfig:
    return rattler.SourceConfig(
        zstd_enabled=not table.get("disable-zstd", False),
        bz2_enabled=not table.get("disable-bzip2", False),
        sharded_enabled=not table.get("disable-sharded", False),
        cache_action="force-cache-only" if offline else "cache-or-fetch",
    )
