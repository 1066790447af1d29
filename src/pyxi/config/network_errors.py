"""What a failed request says to the user when the cause is the company network: a server that
wants credentials (401) or refuses the ones stored (403), a proxy that cannot be reached, a
mirror that lacks a file. Read from the text rattler or uv reports, against the configuration
(mirrors and proxies), so the message names the host, the proxy, or both URLs."""

from __future__ import annotations

import os
import re
from dataclasses import field
from urllib.parse import urlsplit

from pyxi.datamodel import model

from .model import Config

_STATUS = re.compile(r"\((?P<code>40[134])[^)]*\)\s+for url \((?P<url>[^)\s]+)\)")
_UV_AUTH = re.compile(r"index URL \((?P<url>[^)\s]+)\).*?\((?P<code>40[13])[^)]*\)")
_UV_STATUS = re.compile(r"(?P<code>40[13]) (?:Unauthorized|Forbidden)[^\n]*?(?P<url>https?://[^\s`'\")]+)")
_CONNECT = re.compile(r"error sending request for url \((?P<url>[^)\s]+)\)")
_UNREACHABLE = re.compile(r"tcp connect|connection refused|dns error|timed out|proxy|Connect\)",
                          re.IGNORECASE)


@model(frozen=True)
class NetworkFailure:
    message: str
    help: str
    notes: list[str] = field(default_factory=list)


def explain(text: str, config: Config) -> NetworkFailure | None:
    """The network cause of a failure reported as `text`, or None."""
    status = _STATUS.search(text) or _UV_AUTH.search(text) or _UV_STATUS.search(text)
    if status and status.group("code") in ("401", "403"):
        return auth_failure(status.group("url"), int(status.group("code")))
    if status:
        return _missing_on_mirror(status.group("url"), config)
    connect = _CONNECT.search(text)
    if connect and _UNREACHABLE.search(text):
        return _proxy_failure(connect.group("url"), config)
    return None


def auth_failure(url: str, code: int) -> NetworkFailure:
    host = login_host(url)
    how = f"`pyxi auth login {host} --username USER --password PASSWORD` (or `--token TOKEN`)"
    if code == 401:
        return NetworkFailure(f"{host} requires authentication (HTTP 401 Unauthorized)",
                              f"store your credentials for it with {how}, then run again",
                              [f"url: {url}"])
    return NetworkFailure(f"{host} refused the credentials sent to it (HTTP 403 Forbidden)",
                          f"the stored credentials are wrong or lack access: log in again with "
                          f"{how}", [f"url: {url}"])


def login_host(url: str) -> str:
    parts = urlsplit(url)
    return parts.hostname or url


def _missing_on_mirror(url: str, config: Config) -> NetworkFailure | None:
    for original, mirrors in (config.get("mirrors") or {}).items():
        for mirror in mirrors if isinstance(mirrors, list) else []:
            head = str(mirror).rstrip("/") + "/"
            if url.startswith(head):
                source = str(original).rstrip("/") + "/" + url[len(head):]
                return NetworkFailure(
                    f"the mirror {head} does not have {url[len(head):]}",
                    f"update the mirror, or remove it from `[mirrors]` of the configuration "
                    f"(`pyxi config list mirrors`) to download from {original} itself",
                    [f"mirror url: {url}", f"original url: {source}"])
    return None


def _proxy_failure(url: str, config: Config) -> NetworkFailure | None:
    proxy = proxy_for(url, config)
    if proxy is None:
        return None
    where, address = proxy
    return NetworkFailure(f"cannot reach {url} through the proxy {address}",
                          f"check that the proxy ({where}) is running and reachable from here, "
                          "or exempt the host with `proxy-config.non-proxy-hosts` / NO_PROXY",
                          [f"url: {url}"])


def proxy_for(url: str, config: Config) -> tuple[str, str] | None:
    """(where it is set, proxy URL) of the proxy a request for `url` goes through."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    exempt = [*(config.get("proxy-config.non-proxy-hosts") or []),
              *os.environ.get("NO_PROXY", os.environ.get("no_proxy", "")).split(",")]
    if any(h.strip() and (host == h.strip().lstrip(".") or host.endswith("." + h.strip().lstrip(".")))
           for h in exempt):
        return None
    scheme = "https" if parts.scheme == "https" else "http"
    for variable in (f"{scheme.upper()}_PROXY", f"{scheme}_proxy", "ALL_PROXY", "all_proxy"):
        if os.environ.get(variable):
            return variable, os.environ[variable]
    value = config.get(f"proxy-config.{scheme}")
    return (f"proxy-config.{scheme}", str(value)) if value else None
