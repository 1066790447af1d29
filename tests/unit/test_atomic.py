"""The one atomic writer: unique temporaries, links written through, nothing left behind."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from pyxi.atomic import atomic_write, remove_stale_temporaries


def test_concurrent_writers_never_clash(tmp_path: Path) -> None:
    """Fixed temporary names (`NAME.tmp`) let two writers rename each other's half-written
    file; unique names make every write whole."""
    target = tmp_path / "cache"
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(50):
                atomic_write(target, json.dumps({"writer": n, "i": i, "pad": "x" * 4096}).encode(),
                             durable=False)
        except BaseException as error:  # noqa: BLE001 - collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert json.loads(target.read_text())["i"] == 49
    assert [p.name for p in tmp_path.iterdir()] == ["cache"]


def test_writes_through_a_link_and_keeps_it(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "pixi.lock"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "ws" / "pixi.lock"
    link.parent.mkdir()
    link.symlink_to("../shared/pixi.lock")
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_text() == "new"
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["pixi.lock"]


def test_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "pixi.lock"
    link.symlink_to("elsewhere.lock")
    atomic_write(link, b"x")
    assert link.is_symlink() and (tmp_path / "elsewhere.lock").read_bytes() == b"x"


def test_stale_temporaries_are_found_at_the_link_target(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "pixi.lock"
    real.parent.mkdir()
    real.write_text("x")
    (real.parent / ".pixi.lock.abc123.tmp").write_text("half")
    link = tmp_path / "pixi.lock"
    link.symlink_to(real)
    remove_stale_temporaries(link)
    assert sorted(p.name for p in real.parent.iterdir()) == ["pixi.lock"]
