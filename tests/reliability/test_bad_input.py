"""Bad input of every kind: one `error:` line saying what and where, a hint, exit 1."""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from pyxi.testing.cli import PYXI

from .conftest import Workspace, copy_channel, free_port, manifest, serve
from .inprocess import (
    BLOCKED_NETWORK,
    NO_CHANNEL,
    assert_one_clean_error,
    lock_manifest,
    run_in_process,
)

HEAD = f'[workspace]\nname = "x"\nchannels = ["{NO_CHANNEL}"]\nplatforms = ["linux-64"]\n'

MANIFESTS = {
    "toml-syntax": (HEAD + "[dependencies\n", "invalid TOML"),
    "binary": ("\x00\x01garbage", "invalid TOML"),
    "empty": ("", "[workspace]"),
    "name-type": (HEAD.replace('"x"', "1"), "workspace.name"),
    "channels-type": (HEAD.replace(f'["{NO_CHANNEL}"]', '"abc"'), "workspace.channels"),
    "platforms-type": (HEAD.replace('["linux-64"]', "{ a = 1 }"), "workspace.platforms"),
    "platform-unknown": (HEAD.replace("linux-64", "linux-46"), "linux-46"),
    "dependency-type": (HEAD + "[dependencies]\nfoo = [1]\n", "dependencies.foo"),
    "dependency-bool": (HEAD + "[dependencies]\nfoo = true\n", "dependencies.foo"),
    "match-spec": (HEAD + '[dependencies]\nfoo = ">=1,<<2"\n', "dependencies.foo"),
    "pep508-specifier": (HEAD + '[pypi-dependencies]\nfoo = "=>1"\n', "pypi-dependencies.foo"),
    "pep508-name": (HEAD + '[pypi-dependencies]\n"foo bar" = "*"\n', "foo bar"),
    "extras-type": (HEAD + '[pypi-dependencies]\nfoo = { version = "*", extras = 1 }\n', "extras"),
    "environment-type": (HEAD + "[environments]\na = 1\n", "environments.a"),
    "task-type": (HEAD + "[tasks]\na = 1\n", "tasks.a"),
    "system-requirement-type": (HEAD + "[system-requirements]\ncuda = []\n", "cuda"),
    "target-selector": (HEAD + "[target.bogus.dependencies]\nfoo = '*'\n", "bogus"),
    "feature-type": (HEAD + "[feature]\na = 1\n", "feature.a"),
    "unknown-channel": (HEAD.replace(NO_CHANNEL, "no-such-channel-xyz") + "[dependencies]\nfoo = '*'\n",
                        "no-such-channel-xyz"),
    "missing-local-channel": (HEAD + "[dependencies]\nfoo = '*'\n", "nonexistent-pyxi-channel"),
}


@pytest.fixture
def blocked_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key, value in BLOCKED_NETWORK.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("PIXI_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_bad_manifest(tmp_path: Path, blocked_network: None, name: str) -> None:
    text, detail = MANIFESTS[name]
    path = tmp_path / "pixi.toml"
    path.write_text(text)
    code, stderr = lock_manifest(path)
    assert_one_clean_error(code, stderr, name)
    assert detail in stderr
    assert not (tmp_path / "pixi.lock").exists()


def _locked_workspace(workspace: Workspace, channel) -> Workspace:  # type: ignore[no-untyped-def]
    workspace.write(manifest([channel.url], {"foo": "*"}))
    workspace.pyxi("lock")
    return workspace


LOCKS = {
    "truncated": lambda text: text[: len(text) // 2],
    "garbage": lambda text: "\x00\xff not yaml: [",
    "empty": lambda text: "",
    "newer-version": lambda text: text.replace("version: 7", "version: 99", 1),
    "wrong-shape": lambda text: "- just\n- a list\n",
    "bad-package": lambda text: text.replace("sha256:", "sha256: [", 1),
}


@pytest.mark.parametrize("name", sorted(LOCKS))
@pytest.mark.parametrize("command", [["install", "--frozen"], ["install"], ["lock"]])
def test_bad_lock_file(workspace: Workspace, channel, name: str, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    ws = _locked_workspace(workspace, channel)
    ws.lock.write_text(LOCKS[name](ws.lock.read_text()))
    result = ws.pyxi(*command, expect=None)
    if result.returncode == 0:  # a plain `install`/`lock` may rewrite what it cannot read
        assert command != ["install", "--frozen"], str(result)
        return
    assert_one_clean_error(result.returncode, result.stderr, name)
    assert "pixi.lock" in result.stderr


def test_missing_prefix_is_reinstalled_by_run(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = _locked_workspace(workspace, channel)
    ws.pyxi("install")
    shutil.rmtree(ws.root / ".pixi")
    result = ws.pyxi("run", "--frozen", "cat", ".pixi/envs/default/share/foo/VERSION")
    assert result.stdout == "1.0\n"


def test_unwritable_pixi_folder(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    """`.pixi` cannot be created (a file is in the way): a clean error, not a traceback."""
    ws = _locked_workspace(workspace, channel)
    shutil.rmtree(ws.root / ".pixi", ignore_errors=True)
    (ws.root / ".pixi").write_text("in the way")
    result = ws.pyxi("install", expect=1)
    assert_one_clean_error(result.returncode, result.stderr)
    assert ".pixi" in result.stderr


def _read_only_install(ws: Workspace):  # type: ignore[no-untyped-def]
    """`pyxi install` with the workspace read-only. Root ignores permission bits, so as root
    the folder is bind-mounted read-only in a private mount namespace instead."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("running as root without unshare: cannot make the workspace read-only")
        root = shlex.quote(str(ws.root))
        script = (f"mount --bind {root} {root} && mount -o remount,ro,bind {root} && "
                  f"exec {shlex.quote(PYXI)} install")
        done = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ws.root,
                              env=ws.merged(None), capture_output=True, text=True, timeout=180, check=False)
        if "mount" in done.stderr and done.returncode != 1:
            pytest.skip(f"no private mounts here: {done.stderr.strip()}")
        return done.returncode, done.stderr
    ws.root.chmod(0o555)
    try:
        result = ws.pyxi("install", expect=None)
    finally:
        ws.root.chmod(0o755)
    return result.returncode, result.stderr


def test_read_only_workspace(workspace: Workspace, channel) -> None:  # type: ignore[no-untyped-def]
    ws = _locked_workspace(workspace, channel)
    ws.write(manifest([channel.url], {"foo": "*", "bar": "*"}))  # the lock must be rewritten
    before = ws.lock.read_bytes()
    returncode, stderr = _read_only_install(ws)
    assert returncode == 1, stderr
    assert_one_clean_error(returncode, stderr)
    assert "Read-only file system" in stderr or "ermission" in stderr
    assert ws.lock.read_bytes() == before


def test_channel_connection_refused(workspace: Workspace) -> None:
    workspace.write(manifest([f"http://127.0.0.1:{free_port()}/chan"], {"foo": "*"}))
    result = workspace.pyxi("lock", expect=1)
    assert_one_clean_error(result.returncode, result.stderr)
    assert "cannot fetch the packages" in result.stderr and "Connection refused" in result.stderr


def test_channel_404(workspace: Workspace, tmp_path: Path) -> None:
    with serve(tmp_path) as base:
        workspace.write(manifest([f"{base}/no-such-channel"], {"foo": "*"}))
        result = workspace.pyxi("lock", expect=1)
    assert_one_clean_error(result.returncode, result.stderr)
    assert f"{base}/no-such-channel/" in result.stderr and "404" in result.stderr


def test_channel_timeout(workspace: Workspace) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        port = silent.getsockname()[1]
        workspace.write(manifest([f"http://127.0.0.1:{port}/chan"], {"foo": "*"}))
        result = workspace.pyxi("lock", env={"PYXI_HTTP_TIMEOUT": "1"}, expect=1, timeout=120)
    assert_one_clean_error(result.returncode, result.stderr)
    assert f"127.0.0.1:{port}" in result.stderr and "timed out" in result.stderr


def test_package_server_gone_at_install(workspace: Workspace, channel, tmp_path: Path, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    copy_channel(channel, tmp_path / "chan")
    with serve(tmp_path) as base:
        workspace.write(manifest([f"{base}/chan"], {"foo": "*"}))
        workspace.pyxi("lock")
    result = workspace.pyxi("install", env=fresh_cache, expect=1)
    assert_one_clean_error(result.returncode, result.stderr)
    assert f"{base}/chan/" in result.stderr


def test_index_unreachable(workspace: Workspace, worlds) -> None:  # type: ignore[no-untyped-def]
    workspace.write(
        f'[workspace]\nname = "p"\nchannels = ["{worlds.conda_forge.url}"]\nplatforms = ["linux-64"]\n'
        f'[dependencies]\npython = "*"\n[pypi-dependencies]\nanything = "*"\n'
        f'[pypi-options]\nindex-url = "http://127.0.0.1:{free_port()}/simple"\n'
    )
    result = workspace.pyxi("lock", env={"UV_HTTP_RETRIES": "0"}, expect=1)
    assert_one_clean_error(result.returncode, result.stderr, need_help=True)
    assert "cannot reach http://127.0.0.1" in result.stderr.splitlines()[0]


def test_usage_error_is_not_a_traceback(blocked_network: None) -> None:
    code, stderr = run_in_process(["install", "--no-such-flag"])
    assert code == 2 and "Traceback" not in stderr
