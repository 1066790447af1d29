"""`ensure_lock` trusts the verified marker (`.pixi/pyxi-verified.json`) as the import-light
paths do: a manifest and lock whose bytes a full check found fresh are not checked again; any
other bytes are."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi import quickstate
from pyxi.diagnostics import LockFileError
from pyxi.lockfile.model import LockFile
from pyxi.lockfile.write import write_lock
from pyxi.progress import Progress
from pyxi.sync.lock import ensure_lock, load_workspace
from pyxi.sync.usage import LockUsage

MANIFEST = """[workspace]
name = "vouched"
channels = ["https://example.invalid/channel"]
platforms = ["linux-64"]

[dependencies]
python = "*"
"""


@pytest.fixture
def stale_but_vouched(tmp_path: Path) -> Path:
    """A lock that does not satisfy the manifest (it locks nothing), vouched for anyway."""
    manifest = tmp_path / "pixi.toml"
    manifest.write_text(MANIFEST)
    lock = LockFile()
    write_lock(tmp_path / "pixi.lock", lock)
    quickstate.write_verified(manifest, (quickstate.file_sha256(manifest), lock.sha256), [], {})
    return manifest


def test_bytes_the_marker_vouches_for_are_not_checked_again(stale_but_vouched: Path) -> None:
    workspace = load_workspace(str(stale_but_vouched))
    lock, changed = ensure_lock(workspace, LockUsage.LOCKED, Progress(False))
    assert not changed and workspace.checked_lock_sha256 == lock.sha256 != ""


@pytest.mark.parametrize("edit", ["manifest", "lock", "marker"])
def test_other_bytes_are_checked(stale_but_vouched: Path, edit: str) -> None:
    root = stale_but_vouched.parent
    if edit == "manifest":
        stale_but_vouched.write_text(MANIFEST + "# edited\n")
    elif edit == "lock":
        (root / "pixi.lock").write_text((root / "pixi.lock").read_text() + "\n")
    else:
        (root / quickstate.VERIFIED).unlink()
    with pytest.raises(LockFileError, match="not up-to-date"):
        ensure_lock(load_workspace(str(stale_but_vouched)), LockUsage.LOCKED, Progress(False))


def test_a_lock_the_caller_read_is_not_read_again(stale_but_vouched: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from pyxi.sync import lock as sync_lock

    workspace = load_workspace(str(stale_but_vouched))
    old = sync_lock.read_existing_lock(workspace)
    reads: list[object] = []
    monkeypatch.setattr(sync_lock, "read_existing_lock", lambda ws: reads.append(ws))
    lock, changed = ensure_lock(workspace, LockUsage.LOCKED, Progress(False), old=old)
    assert (lock, changed, reads) == (old, False, [])
