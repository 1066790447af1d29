"""Offline installs from a warm cache; credentials never printed nor written to the lock."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pyxi.cli.render import render_error, render_internal_error, warn
from pyxi.diagnostics import SolveError
from pyxi.redact import redact, strip_credentials

from .conftest import Workspace, copy_channel, free_port, manifest, serve

SECRET = "s3cr3t-t0ken"


def test_frozen_install_with_the_network_gone(workspace: Workspace, channel, tmp_path: Path, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    copy_channel(channel, tmp_path / "chan")
    with serve(tmp_path) as base:
        ws.write(manifest([f"{base}/chan"], {"bar": "*"}))
        ws.pyxi("install", env=fresh_cache)  # warms the cache
    shutil.rmtree(ws.prefix)
    ws.pyxi("install", "--frozen", env=fresh_cache)  # the server is gone now
    assert (ws.prefix / "share" / "bar" / "VERSION").is_file()
    # a cold cache: the error names the URL that could not be reached
    cold = {"PIXI_CACHE_DIR": str(tmp_path / "cold")}
    shutil.rmtree(ws.prefix)
    result = ws.pyxi("install", "--frozen", env=cold, expect=1)
    assert result.stderr.startswith("error: ") and f"{base}/chan/" in result.stderr
    assert "Connection refused" in result.stderr or "connect" in result.stderr.lower()


def test_credentials_are_kept_out_of_lock_and_output(workspace: Workspace, channel, tmp_path: Path, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    copy_channel(channel, tmp_path / "chan")
    with serve(tmp_path) as base:
        url = base.replace("http://", f"http://user:{SECRET}@") + "/chan"
        ws.write(manifest([url], {"foo": "*"}))
        locked = ws.pyxi("lock", env=fresh_cache)
        text = ws.lock.read_text()
        assert SECRET not in text and "user:" not in text
        assert f"{base}/chan" in text
        installed = ws.pyxi("install", "--frozen", env=fresh_cache)
        info = ws.pyxi("info")
        info_json = ws.pyxi("info", "--json")
    for result in (locked, installed, info, info_json):
        assert SECRET not in result.stdout + result.stderr
    channels = json.loads(info_json.stdout)["environments_info"][0]["channels"]
    assert channels == [url.replace(SECRET, "****")]


def test_unreachable_credentialed_channel_error_hides_the_secret(workspace: Workspace) -> None:
    ws = workspace
    port = free_port()
    ws.write(manifest([f"https://user:{SECRET}@127.0.0.1:{port}/t/{SECRET}/chan"], {"foo": "*"}))
    result = ws.pyxi("lock", expect=1)
    assert result.stderr.startswith("error: cannot fetch the packages")
    assert SECRET not in result.stderr
    assert f"127.0.0.1:{port}" in result.stderr


def test_unreachable_credentialed_index_error_hides_the_secret(workspace: Workspace, worlds) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    port = free_port()
    ws.write(
        f'[workspace]\nname = "p"\nchannels = ["{worlds.conda_forge.url}"]\nplatforms = ["linux-64"]\n'
        f'[dependencies]\npython = "*"\n[pypi-dependencies]\nanything = "*"\n'
        f'[pypi-options]\nindex-url = "http://user:{SECRET}@127.0.0.1:{port}/simple"\n'
    )
    result = ws.pyxi("lock", env={"UV_HTTP_RETRIES": "0"}, expect=1)
    assert result.stderr.startswith("error: ")
    assert SECRET not in result.stderr


def test_renderers_redact(capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"https://me:{SECRET}@host.example/t/{SECRET}/chan"
    error = SolveError(f"cannot reach {url}", notes=[url], help=f"check {url}")
    assert SECRET not in render_error(error)
    assert SECRET not in render_internal_error(RuntimeError(url), verbose=True)
    assert SECRET not in render_internal_error(RuntimeError(url), verbose=False)
    warn(f"slow {url}", color=False)
    assert SECRET not in capsys.readouterr().err


def test_redaction_helpers() -> None:
    assert redact(f"x https://u:{SECRET}@h/c y") == "x https://u:****@h/c y"
    assert redact(f"https://{SECRET}@h/c") == "https://****@h/c"
    assert redact(f"https://h/t/{SECRET}/c/linux-64") == "https://h/t/****/c/linux-64"
    assert redact("git+ssh://git@github.com/o/r") == "git+ssh://git@github.com/o/r"
    assert redact("file:///tmp/a@b/c") == "file:///tmp/a@b/c"
    assert strip_credentials(f"https://u:{SECRET}@h/t/{SECRET}/c/") == "https://h/c/"


def test_a_lock_without_credentials_is_fresh(workspace: Workspace, channel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy_channel(channel, tmp_path / "chan")
    with serve(tmp_path) as base:
        workspace.write(manifest([base.replace("http://", f"http://user:{SECRET}@") + "/chan"], {"foo": "*"}))
        workspace.pyxi("lock")
        workspace.pyxi("lock", "--check")
