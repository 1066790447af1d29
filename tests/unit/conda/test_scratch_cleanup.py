"""Scratch folders of extractions: one left by an install killed long ago is removed on the
next extraction; one of an install that may still be running (another machine sharing the
cache) is left alone."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pyxi.conda import populate


def test_only_old_scratch_folders_are_removed(tmp_path: Path) -> None:
    old = tmp_path / ".pyxi-demo-1.0-0-4242-0"
    recent = tmp_path / ".pyxi-demo-1.0-0-4243-0"
    entry = tmp_path / "demo-1.0-0"
    for folder in (old, recent, entry):
        (folder / "info").mkdir(parents=True)
    two_days_ago = time.time() - 2 * 24 * 3600
    for folder in (old, entry):
        os.utime(folder, (two_days_ago, two_days_ago))

    populate._remove_abandoned_scratch(tmp_path)

    assert not old.exists()
    assert recent.is_dir() and entry.is_dir()  # in use elsewhere maybe; a real cache entry


def test_a_missing_cache_is_no_error(tmp_path: Path) -> None:
    populate._remove_abandoned_scratch(tmp_path / "nowhere")
