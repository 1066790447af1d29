"""The requests pyxi itself makes to PyPI servers (core metadata, range reads of wheels, `pack`
downloads), sent as uv sends its own: with the credentials of the URL's own user and password,
else of `pyxi auth login` (`pyxi.config.credentials`), else of `~/.netrc` (`NETRC`); through
the proxy of the environment or of `proxy-config`; without TLS checks under `tls-no-verify`.

The credentials go in an *unredirected* header: a redirect to another server (a CDN, a bucket)
never carries them."""

from __future__ import annotations

import base64
import contextlib
import netrc
import os
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit


def authorized_request(url: str, method: str | None = None,
                       headers: dict[str, str] | None = None) -> urllib.request.Request:
    """A request for `url` (without its userinfo) that carries its credentials, if any."""
    parts = urlsplit(url)
    clean = url
    if parts.username is not None:
        netloc = parts.netloc.rpartition("@")[2]
        clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    request = urllib.request.Request(clean, method=method, headers={"User-Agent": "pyxi", **(headers or {})})
    value = authorization(url)
    if value:
        request.add_unredirected_header("Authorization", value)
    return request


def open_url(request: urllib.request.Request, timeout: float) -> Any:
    """`urlopen(request)` through the configured proxy and TLS setting."""
    import ssl

    from pyxi.config.load import active
    from pyxi.config.network_errors import proxy_for

    config = active()
    proxy = proxy_for(request.full_url, config)
    scheme = urlsplit(request.full_url).scheme
    handlers: list[Any] = [urllib.request.ProxyHandler({scheme: proxy[1]} if proxy else {})]
    if config.tls_no_verify:
        handlers.append(urllib.request.HTTPSHandler(context=ssl._create_unverified_context()))
    return urllib.request.build_opener(*handlers).open(request, timeout=timeout)


def authorization(url: str) -> str | None:
    """The `Authorization` header value for `url`, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.username is not None:
        return _basic(unquote(parts.username), unquote(parts.password or ""))
    from pyxi.config.credentials import find
    from pyxi.config.load import active

    found = find(url, active().get("authentication-override-file"))
    if found is not None:
        basic, token = found[1].basic(), found[1].bearer()
        if basic is not None:
            return _basic(*basic)
        if token is not None:
            return f"Bearer {token}"
    return _from_netrc(parts.hostname)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _from_netrc(host: str) -> str | None:
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    with contextlib.suppress(OSError, netrc.NetrcParseError):
        if path.is_file():
            entry = netrc.netrc(str(path)).authenticators(host)
            if entry is not None:
                return _basic(entry[0], entry[2] or "")
    return None
