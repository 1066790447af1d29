"""Loopback stand-ins for a company network: a file server behind credentials, and a forwarding
proxy, so credential, mirror and proxy tests never leave the machine.

`FileServer` serves folders (`mounts`: URL prefix → folder; a conda channel and a PyPI simple
index) and, when `auth` is set, answers only requests that carry it: `Basic(user, password)`,
`Bearer(token)` or `CondaToken(token)` (a `/t/<token>/` path prefix). No credentials: 401 with
a `WWW-Authenticate` challenge; wrong ones: 403. Every request is recorded (path, headers).

`ForwardingProxy` forwards absolute-form requests (`GET http://host/path`) and tunnels
`CONNECT`, recording the targets, so a test can prove traffic went through it.
"""

from __future__ import annotations

import base64
import http.client
import http.server
import select
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pyxi.datamodel import model
from pyxi.testing.loopback import running


@model(frozen=True)
class Basic:
    user: str
    password: str

    def header(self) -> str:
        return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()


@model(frozen=True)
class Bearer:
    token: str


@model(frozen=True)
class CondaToken:
    token: str


Auth = Basic | Bearer | CondaToken


@model
class FileServer:
    mounts: dict[str, Path]
    auth: Auth | None = None
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    url: str = ""

    @contextmanager
    def running(self) -> Iterator[FileServer]:
        with running(partial(_FileHandler, self)) as url:
            self.url = url
            yield self

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def check(self, path: str, headers: Any) -> tuple[int, str]:
        """(status, path without a conda token): 200 when the request may be answered."""
        auth = self.auth
        if isinstance(auth, CondaToken):
            prefix = f"/t/{auth.token}/"
            if path.startswith(prefix):
                return 200, "/" + path[len(prefix):]
            return (403 if path.startswith("/t/") else 401), path
        sent = headers.get("Authorization")
        if auth is None:
            return 200, path
        if not sent:
            return 401, path
        wanted = auth.header() if isinstance(auth, Basic) else f"Bearer {auth.token}"
        return (200 if sent == wanted else 403), path

    def file_for(self, path: str) -> Path | None:
        clean = urlsplit(path).path
        for prefix, folder in self.mounts.items():
            head = "/" + prefix.strip("/") + "/"
            if clean.startswith(head):
                target = folder / clean[len(head):]
                if target.is_dir():
                    target = target / "index.html"
                return target if target.is_file() else None
        return None


class _FileHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, owner: FileServer, *args: Any) -> None:
        self.owner = owner
        super().__init__(*args)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:  # http.server's naming
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        self.owner.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        status, path = self.owner.check(self.path, self.headers)
        if status != 200:
            self._answer(status, b"", {"WWW-Authenticate": 'Basic realm="private"'}
                         if status == 401 else {})
            return
        found = self.owner.file_for(path)
        if found is None:
            self._answer(404, b"", {})
            return
        data = found.read_bytes()
        kind = "text/html" if found.suffix == ".html" else "application/octet-stream"
        self._answer(200, data if body else b"", {"Content-Type": kind}, len(data))

    def _answer(self, status: int, data: bytes, headers: dict[str, str],
                length: int | None = None) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.end_headers()
        if data:
            self.wfile.write(data)


@model
class ForwardingProxy:
    targets: list[str] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)  # the User-Agent of each forwarded request
    url: str = ""

    @contextmanager
    def running(self) -> Iterator[ForwardingProxy]:
        with running(partial(_ProxyHandler, self)) as url:
            self.url = url
            yield self


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, owner: ForwardingProxy, *args: Any) -> None:
        self.owner = owner
        super().__init__(*args)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # http.server's naming
        self._forward("GET")

    def do_HEAD(self) -> None:
        self._forward("HEAD")

    def _forward(self, method: str) -> None:
        self.owner.targets.append(self.path)
        self.owner.agents.append(self.headers.get("User-Agent", ""))
        target = urlsplit(self.path)
        connection = http.client.HTTPConnection(target.hostname or "", target.port or 80, timeout=60)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("proxy-connection", "proxy-authorization", "connection")}
        path = target.path + (f"?{target.query}" if target.query else "")
        connection.request(method, path or "/", headers=headers)
        response = connection.getresponse()
        data = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(data)
        connection.close()

    def do_CONNECT(self) -> None:
        self.owner.targets.append(f"CONNECT {self.path}")
        host, _, port = self.path.rpartition(":")
        upstream = socket.create_connection((host, int(port)), timeout=60)
        self.send_response(200, "Connection established")
        self.end_headers()
        sockets = [self.connection, upstream]
        while True:
            ready, _, broken = select.select(sockets, [], sockets, 60)
            if broken or not ready:
                break
            for sock in ready:
                chunk = sock.recv(65536)
                if not chunk:
                    upstream.close()
                    return
                (upstream if sock is self.connection else self.connection).sendall(chunk)
        upstream.close()
