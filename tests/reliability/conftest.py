"""Fault-injection harness: real `pyxi` processes, a small local channel, local HTTP servers.

Processes are stopped at named points with the `PYXI_TEST_PAUSE_AT` seam
(`pyxi.sync.workspace_lock.pause_point`) and then interrupted or killed for real.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pyxi.testing.channel import LocalChannel
from pyxi.testing.cli import PYXI, Result, isolated_env, run_pyxi
from pyxi.testing.conda_package import CondaPackageSpec

BIG_FILES = 1500  # enough files that linking `big` takes a noticeable time


def big_spec(version: str = "1.0") -> CondaPackageSpec:
    files = {f"share/big/f{i:04d}.txt": f"{version} {i}\n" * 64 for i in range(BIG_FILES)}
    return CondaPackageSpec("big", version, "0", files=files)


def small_spec(name: str, version: str = "1.0", depends: tuple[str, ...] = ()) -> CondaPackageSpec:
    return CondaPackageSpec(
        name, version, "0", depends=depends, files={f"share/{name}/VERSION": f"{version}\n"}
    )


def build_channel(root: Path) -> LocalChannel:
    channel = LocalChannel(root)
    channel.add_all([big_spec("1.0"), big_spec("2.0"), small_spec("foo"), small_spec("bar", "1.0", ("foo",))])
    return channel.index()


@pytest.fixture(scope="session")
def channel(tmp_path_factory: pytest.TempPathFactory) -> LocalChannel:
    return build_channel(tmp_path_factory.mktemp("reliability-channel") / "chan")


def manifest(channels: list[str], deps: dict[str, str], extra: str = "") -> str:
    chan = ", ".join(f'"{c}"' for c in channels)
    lines = "".join(f'{name} = "{spec}"\n' for name, spec in deps.items())
    return (
        f'[workspace]\nname = "rel"\nchannels = [{chan}]\nplatforms = ["linux-64"]\n\n'
        f"[dependencies]\n{lines}{extra}"
    )


@dataclass
class Workspace:
    root: Path
    env: dict[str, str]
    processes: list[subprocess.Popen[str]] = field(default_factory=list)
    releases: dict[int, Path] = field(default_factory=dict)  # pid -> its release file

    @property
    def lock(self) -> Path:
        return self.root / "pixi.lock"

    @property
    def prefix(self) -> Path:
        return self.root / ".pixi" / "envs" / "default"

    @property
    def stamp(self) -> Path:
        return self.prefix / "conda-meta" / "pyxi"

    def write(self, text: str, name: str = "pixi.toml") -> None:
        (self.root / name).write_text(text)

    def merged(self, env: dict[str, str] | None) -> dict[str, str]:
        merged = dict(self.env)
        merged.update(env or {})
        return merged

    def pyxi(self, *args: str, env: dict[str, str] | None = None, expect: int | None = 0,
             timeout: float = 180) -> Result:
        return run_pyxi(args, self.root, self.merged(env), expect, timeout)

    def spawn(self, *args: str, env: dict[str, str] | None = None,
              stderr: Path | None = None) -> subprocess.Popen[str]:
        """Start `pyxi ARGS`; `stderr`: a file its stderr goes to (readable while it runs)."""
        with contextlib.ExitStack() as files:
            err = files.enter_context(stderr.open("w")) if stderr else subprocess.PIPE
            process = subprocess.Popen([PYXI, *args], cwd=self.root, env=self.merged(env),
                                       stdout=subprocess.PIPE, stderr=err, text=True)
        self.processes.append(process)
        return process

    def spawn_paused(self, point: str, *args: str, seconds: float = 60,
                     env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        """Start `pyxi ARGS` and return once it waits at pause point `point`; it goes on after
        `release(process)` (or `seconds`)."""
        marker = self.root.parent / f"paused-{point.replace(':', '-')}-{len(self.processes)}"
        marker.unlink(missing_ok=True)
        pause = {"PYXI_TEST_PAUSE_AT": point, "PYXI_TEST_PAUSE_FILE": str(marker),
                 "PYXI_TEST_RELEASE_FILE": f"{marker}.release",
                 "PYXI_TEST_PAUSE_SECONDS": str(seconds)}
        process = self.spawn(*args, env={**pause, **(env or {})})
        self.releases[process.pid] = Path(f"{marker}.release")
        wait_for(lambda: marker.exists() or process.poll() is not None, f"pause at {point}")
        assert process.poll() is None, f"pyxi ended before {point}:\n{finish(process)}"
        return process

    def release(self, process: subprocess.Popen[str]) -> None:
        """Let a process that waits at its pause point go on."""
        self.releases[process.pid].touch()

    def wait_for_output(self, log: Path, text: str, process: subprocess.Popen[str]) -> None:
        """Until the stderr `log` of `process` holds `text` (or the process has ended)."""
        wait_for(lambda: text in log.read_text() or process.poll() is not None, repr(text))


def wait_for(condition, what: str, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def finish(process: subprocess.Popen[str], timeout: float = 120, log: Path | None = None) -> Result:
    """Wait for `process`; its stderr is read from `log` when it was spawned writing there."""
    stdout, stderr = process.communicate(timeout=timeout)
    return Result(process.returncode, stdout, log.read_text() if log else stderr)


def interrupt(process: subprocess.Popen[str], sig: int = signal.SIGINT) -> Result:
    process.send_signal(sig)
    return finish(process)


@pytest.fixture(scope="session")
def base_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return isolated_env(tmp_path_factory.mktemp("reliability-cache"), PYXI_HTTP_TIMEOUT="3")


@pytest.fixture
def workspace(tmp_path: Path, base_env: dict[str, str]) -> Iterator[Workspace]:
    root = tmp_path / "ws"
    root.mkdir()
    ws = Workspace(root, base_env)
    yield ws
    for process in ws.processes:
        if process.poll() is None:
            process.kill()
            with contextlib.suppress(Exception):
                process.communicate(timeout=10)


@pytest.fixture
def fresh_cache(tmp_path: Path) -> dict[str, str]:
    """An empty package cache for this test only (as env overrides)."""
    return {"PIXI_CACHE_DIR": str(tmp_path / "cache")}


# ------------------------------------------------------------------------------ HTTP


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on a free local port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def copy_channel(channel: LocalChannel, target: Path) -> LocalChannel:
    shutil.copytree(channel.root, target)
    return LocalChannel(target)


def free_port() -> int:
    """A local port nothing listens on (connection refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
