"""Reading packs safely and writing them reproducibly (pack/archive.py, pack/selfextract.py)."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from pyxi.diagnostics import PyxiError
from pyxi.pack.archive import extract_tar, write_tar
from pyxi.pack.selfextract import HEADER, embedded_tar, write_script


def _tar_with(member: tarfile.TarInfo, data: bytes = b"") -> io.BytesIO:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        member.size = len(data) if member.isfile() else 0
        tar.addfile(member, io.BytesIO(data) if member.isfile() else None)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(("name", "kind", "reason"), [
    ("../escape.txt", tarfile.REGTYPE, "would be written outside the target"),
    ("/etc/escape.txt", tarfile.REGTYPE, "would be written outside the target"),
    ("channel/link", tarfile.SYMTYPE, "is not a plain file or folder"),
    ("channel/device", tarfile.CHRTYPE, "is not a plain file or folder"),
])
def test_unsafe_entries_are_refused(tmp_path: Path, name: str, kind: bytes, reason: str) -> None:
    member = tarfile.TarInfo(name)
    member.type = kind
    member.linkname = "/etc/passwd" if kind == tarfile.SYMTYPE else ""
    with pytest.raises(PyxiError, match=reason):
        extract_tar(_tar_with(member, b"x" if kind == tarfile.REGTYPE else b""), tmp_path / "out",
                    Path("bad.tar"))
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path / "out").exists()


def test_not_a_tar(tmp_path: Path) -> None:
    with pytest.raises(PyxiError, match="it is not a tar archive"):
        extract_tar(io.BytesIO(b"garbage" * 100), tmp_path, Path("bad.tar"))


def _tree(root: Path, mtime: int) -> Path:
    for path, text in {"b/z.txt": "z", "a.txt": "a", "b/a/run.sh": "#!/bin/sh"}.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        target.chmod(0o700 if path.endswith(".sh") else 0o600)
    for path in root.rglob("*"):
        os.utime(path, (mtime, mtime))
    return root


def test_the_same_files_give_the_same_bytes_whatever_their_mtimes_and_modes(tmp_path: Path) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    write_tar(_tree(tmp_path / "one", 1_000_000), first)
    write_tar(_tree(tmp_path / "two", 2_000_000), second)
    assert first.getvalue() == second.getvalue()
    first.seek(0)
    with tarfile.open(fileobj=first) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert list(members) == ["a.txt", "b", "b/a", "b/a/run.sh", "b/z.txt"]
    assert (members["b/a/run.sh"].mode, members["a.txt"].mode, members["b"].mode) == (0o755, 0o644, 0o755)


def test_a_self_extracting_script_holds_the_tar(tmp_path: Path) -> None:
    tar = io.BytesIO()
    write_tar(_tree(tmp_path / "tree", 0), tar)
    script = tmp_path / "env.sh"
    tar.seek(0)
    with script.open("wb") as out:
        write_script(tar, out, HEADER.format(environment="e", subdir="linux-64", name="env.sh"), None)
    assert embedded_tar(script).read() == tar.getvalue()
