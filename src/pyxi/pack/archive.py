"""Writing a pack as a reproducible tar, and reading one back safely.

Reproducible: entries in sorted order (depth first, names sorted at every level), mtime 0,
owner 0:0 without names, modes 0644/0755, GNU headers, no compression, so the same staged
files give the same bytes on any machine. Reading refuses anything but plain files and
folders below the destination (no links, devices, absolute or `..` paths).
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path
from typing import BinaryIO

from pyxi.diagnostics import PyxiError

_EXECUTABLE = 0o111


def write_tar(root: Path, out: BinaryIO) -> None:
    """Write the files below `root` (not `root` itself) to `out` as an uncompressed tar."""
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.GNU_FORMAT) as tar:
        for path in _sorted_tree(root):
            info = _entry(path, path.relative_to(root).as_posix())
            if info.isdir():
                tar.addfile(info)
            else:
                with path.open("rb") as handle:
                    tar.addfile(info, handle)


def _sorted_tree(folder: Path) -> list[Path]:
    result: list[Path] = []
    for child in sorted(folder.iterdir(), key=lambda p: p.name):
        result.append(child)
        if child.is_dir() and not child.is_symlink():
            result.extend(_sorted_tree(child))
    return result


def _entry(path: Path, name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mtime = 0
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if path.is_dir():
        info.type, info.mode = tarfile.DIRTYPE, 0o755
    else:
        info.size = path.stat().st_size
        info.mode = 0o755 if path.stat().st_mode & _EXECUTABLE else 0o644
    return info


def extract_tar(archive: Path | BinaryIO, dest: Path, shown_as: Path) -> None:
    """Unpack a (possibly compressed) tar into `dest` after checking every entry."""
    source = {"name": archive} if isinstance(archive, Path) else {"fileobj": archive}
    try:
        with tarfile.open(mode="r:*", **source) as tar:
            members = tar.getmembers()
            for member in members:
                _check_member(member, shown_as)
            if hasattr(tarfile, "data_filter"):
                tar.extractall(dest, members=members, filter="data")
            else:  # Python < 3.10.12/3.11.4: the checks above are the filter
                tar.extractall(dest, members=members)
    except tarfile.ReadError as error:
        raise _unreadable(shown_as, "it is not a tar archive") from error
    except (tarfile.TarError, EOFError, OSError) as error:
        raise _unreadable(shown_as, str(error)) from error


def _check_member(member: tarfile.TarInfo, archive: Path) -> None:
    name = member.name.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if name.startswith("/") or os.path.isabs(name) or ".." in parts:
        raise _unreadable(archive, f"the entry `{member.name}` would be written outside the target")
    if not (member.isfile() or member.isdir()):
        raise _unreadable(archive, f"the entry `{member.name}` is not a plain file or folder")


def _unreadable(archive: Path, reason: str) -> PyxiError:
    return PyxiError(
        f"cannot unpack {archive}: {reason}",
        help="make sure the file is a pack made by `pyxi pack` or pixi-pack, copied whole",
    )
