"""Nothing unverified is linked: hashes against the lock, archives that escape the prefix.

Findings this file pins down (py-rattler 0.28): rattler checks the sha256 of packages it
downloads over HTTP, but not of packages read from a local channel; an absolute path in a
package makes its linker panic and abort the whole process; symlinks to outside the prefix are
linked as they are. pyxi checks those cases itself before linking.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec, write_package

from .conftest import Workspace, copy_channel, manifest, serve
from .crafted import CASES, ESCAPED_ABSOLUTE, PWNED, Member, pad_zip64, write_conda_package

SHA = re.compile(r"[0-9a-f]{64}")


def _tamper(channel: LocalChannel, name: str = "foo") -> None:
    """Replace the package file by another build of the same name (repodata unchanged)."""
    write_package(CondaPackageSpec(name, "1.0", "0", files={f"share/{name}/VERSION": "EVIL\n"}),
                  channel.root)


def _assert_hash_error(result, ws: Workspace, url_part: str) -> None:  # type: ignore[no-untyped-def]
    err = result.stderr
    assert err.startswith("error: the conda package `foo` does not match the hash"), err
    assert err.count("error:") == 1 and "help:" in err
    assert url_part in err and "foo-1.0-0" in err
    assert len(set(SHA.findall(err))) == 2, "both hashes are named"
    assert not (ws.prefix / "share" / "foo").exists(), "nothing was linked"
    assert not ws.stamp.exists()


def test_tampered_local_package(workspace: Workspace, channel, tmp_path: Path, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    local = copy_channel(channel, tmp_path / "chan")
    ws.write(manifest([local.url], {"foo": "*"}))
    ws.pyxi("lock")
    _tamper(local)
    result = ws.pyxi("install", "--frozen", env=fresh_cache, expect=1)
    _assert_hash_error(result, ws, str(local.root))


def test_tampered_package_over_http(workspace: Workspace, channel, tmp_path: Path, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    local = copy_channel(channel, tmp_path / "chan")
    with serve(tmp_path) as base:
        ws.write(manifest([f"{base}/chan"], {"foo": "*"}))
        ws.pyxi("lock")
        _tamper(local)
        result = ws.pyxi("install", "--frozen", env=fresh_cache, expect=1)
    _assert_hash_error(result, ws, f"{base}/chan/linux-64/foo-1.0-0")


def test_lock_hash_differs_from_the_cached_package(workspace: Workspace, channel, tmp_path: Path, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    """The package cache holds a good copy, but the lock names another sha256."""
    ws = workspace
    copy_channel(channel, tmp_path / "chan")
    with serve(tmp_path) as base:
        ws.write(manifest([f"{base}/chan"], {"foo": "*"}))
        ws.pyxi("install", env=fresh_cache)
        shutil.rmtree(ws.prefix)
        text = ws.lock.read_text()
        good = re.search(r"sha256: ([0-9a-f]{64})", text).group(1)  # type: ignore[union-attr]
        ws.lock.write_text(text.replace(good, "0" * 64))
        result = ws.pyxi("install", "--frozen", env=fresh_cache, expect=1)
    _assert_hash_error(result, ws, "foo-1.0-0")


@pytest.mark.parametrize("fmt", [".conda", ".tar.bz2"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_escaping_archives_are_refused(workspace: Workspace, tmp_path: Path, case: str, fmt: str, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    chan = LocalChannel(tmp_path / "evil-chan")
    write_conda_package(chan.root, "evil", CASES[case], fmt)
    chan.index()
    ws.write(manifest([chan.url], {"evil": "*"}))
    ws.pyxi("lock")
    result = ws.pyxi("install", env=fresh_cache, expect=1)
    assert result.stderr.startswith("error: refusing to install the conda package `evil`"), str(result)
    assert "nothing was linked" in result.stderr and "help:" in result.stderr
    assert not (ws.prefix / "share").exists()
    assert not ws.stamp.exists()
    _assert_nothing_escaped(tmp_path)


@pytest.mark.parametrize("case", ["benign", "dotdot", "symlink-absolute"])
def test_zip64_padded_conda_packages_are_checked_and_installed(workspace: Workspace, tmp_path: Path, case: str, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    """rattler's streaming reader refuses zip64 fields that its installer accepts (pixi's test
    channels have such packages): the check reads a clean copy, so benign ones install and
    escaping ones are still refused."""
    ws = workspace
    chan = LocalChannel(tmp_path / "padded-chan")
    members = [Member("share/ok.txt", b"ok")] if case == "benign" else CASES[case]
    pad_zip64(write_conda_package(chan.root, "padded", members, ".conda"))
    chan.index()
    ws.write(manifest([chan.url], {"padded": "*"}))
    ws.pyxi("lock")
    if case == "benign":
        ws.pyxi("install", env=fresh_cache)
        assert (ws.prefix / "share" / "ok.txt").read_bytes() == b"ok"
        return
    result = ws.pyxi("install", env=fresh_cache, expect=1)
    assert result.stderr.startswith("error: refusing to install the conda package `padded`"), str(result)
    assert not ws.stamp.exists()
    _assert_nothing_escaped(tmp_path)


@pytest.mark.parametrize("case", sorted(CASES))
def test_escaping_remote_conda_packages(workspace: Workspace, tmp_path: Path, case: str, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    """Over HTTP pyxi cannot read the payload before rattler fetches it: bad paths are caught
    from `paths.json` (a range request), bad links right after linking (then removed)."""
    ws = workspace
    chan = LocalChannel(tmp_path / "evil-chan")
    write_conda_package(chan.root, "evil", CASES[case], ".conda")
    chan.index()
    with serve(tmp_path) as base:
        ws.write(manifest([f"{base}/evil-chan"], {"evil": "*"}))
        ws.pyxi("lock")
        result = ws.pyxi("install", env=fresh_cache, expect=1)
    assert result.stderr.startswith("error: "), str(result)
    assert result.stderr.count("error:") == 1 and "evil" in result.stderr
    assert "panicked" not in result.stderr
    assert not ws.stamp.exists()
    link = ws.prefix / "share" / "link"
    assert not link.is_symlink(), "an escaping link does not stay in the environment"
    _assert_nothing_escaped(tmp_path)


def _assert_nothing_escaped(tmp_path: Path) -> None:
    assert not ESCAPED_ABSOLUTE.exists()
    assert not PWNED.exists()
    assert not list(tmp_path.rglob("pyxi-escaped-*"))


def _entry(cache: Path, stem: str = "foo-1.0-0") -> Path:
    return cache / "pkgs" / stem


def test_each_package_is_extracted_and_checked_once(workspace: Workspace, channel, tmp_path: Path, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    """pyxi extracts and checks a package into rattler's cache itself; rattler then links it
    from there without fetching it again, and a second install finds it already checked."""
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    ws.pyxi("install", env=fresh_cache)
    cache = Path(fresh_cache["PIXI_CACHE_DIR"])
    entry = _entry(cache)
    first = entry.stat().st_ino
    metadata = (cache / "pkgs" / "foo-1.0-0.lock").read_bytes()
    assert metadata[:8] == (1).to_bytes(8, "big"), "rattler did not fetch it again"
    assert (ws.prefix / "share" / "foo" / "VERSION").read_text() == "1.0\n"
    checked = json.loads((cache / "pkgs" / "pyxi-verified.json").read_text())["entries"]
    assert any(key.endswith(f":{first}:{entry.stat().st_ctime_ns}") for key in checked)
    shutil.rmtree(ws.prefix)
    ws.pyxi("install", env=fresh_cache)
    assert entry.stat().st_ino == first and (cache / "pkgs" / "foo-1.0-0.lock").read_bytes() == metadata


def test_a_cache_entry_extracted_by_another_tool_is_checked(workspace: Workspace, channel, tmp_path: Path, fresh_cache) -> None:  # type: ignore[no-untyped-def]
    """What is linked is the cache entry, not the archive: an entry another tool put there (or
    replaced) since pyxi checked it is checked again before it is linked."""
    ws = workspace
    ws.write(manifest([channel.url], {"foo": "*"}))
    ws.pyxi("install", env=fresh_cache)
    entry = _entry(Path(fresh_cache["PIXI_CACHE_DIR"]))
    replaced = entry.with_name("replacement")
    shutil.copytree(entry, replaced, symlinks=True)
    (replaced / "share" / "foo" / "link").symlink_to("/etc")
    shutil.rmtree(entry)
    replaced.rename(entry)
    shutil.rmtree(ws.prefix)
    result = ws.pyxi("install", env=fresh_cache, expect=1)
    assert result.stderr.startswith("error: refusing to install the conda package `foo`"), str(result)
    assert "share/foo/link" in result.stderr and not ws.stamp.exists()
    assert not (ws.prefix / "share" / "foo").exists()
