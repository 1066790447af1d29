"""Hostile archives: conda packages and wheels whose members escape their destination."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import struct
import tarfile
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Member:
    path: str
    data: bytes = b""
    link: str | None = None  # symlink target


# Where the absolute members aim: this machine's temporary folder (it exists and is writable).
TEMP = tempfile.gettempdir()
ESCAPED_ABSOLUTE = Path(TEMP, "pyxi-escaped-absolute.txt")
PWNED = Path(TEMP, "pyxi-pwned.txt")

CASES: dict[str, list[Member]] = {
    "absolute": [Member("share/ok.txt", b"ok"), Member(str(ESCAPED_ABSOLUTE), b"evil")],
    "dotdot": [Member("share/ok.txt", b"ok"), Member("../../pyxi-escaped-dotdot.txt", b"evil")],
    "symlink-absolute": [Member("share/ok.txt", b"ok"), Member("share/link", link="/etc")],
    "symlink-dotdot": [Member("share/ok.txt", b"ok"), Member("share/link", link="../../../outside")],
    "write-through-link": [Member("share/link", link=TEMP), Member(f"share/link/{PWNED.name}", b"x")],
}


def _tar(members: list[Member], mode: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode, format=tarfile.PAX_FORMAT) as tar:
        for member in members:
            info = tarfile.TarInfo(member.path)
            info.mtime = 1_700_000_000
            if member.link is not None:
                info.type, info.linkname, info.mode = tarfile.SYMTYPE, member.link, 0o777
                tar.addfile(info)
            else:
                info.size, info.mode = len(member.data), 0o644
                tar.addfile(info, io.BytesIO(member.data))
    return buffer.getvalue()


def _info(name: str, members: list[Member]) -> list[Member]:
    index = {"name": name, "version": "1.0", "build": "0", "build_number": 0, "depends": [],
             "subdir": "linux-64", "platform": "linux", "arch": "x86_64", "timestamp": 1700000000000}
    paths = [{"_path": m.path, "path_type": "softlink"} if m.link is not None else
             {"_path": m.path, "path_type": "hardlink", "size_in_bytes": len(m.data),
              "sha256": hashlib.sha256(m.data).hexdigest()} for m in members]
    return [
        Member("info/index.json", json.dumps(index).encode()),
        Member("info/paths.json", json.dumps({"paths": paths, "paths_version": 1}).encode()),
        Member("info/files", "".join(f"{m.path}\n" for m in members).encode()),
    ]


def write_conda_package(channel_root: Path, name: str, members: list[Member], fmt: str) -> Path:
    stem = f"{name}-1.0-0"
    out = channel_root / "linux-64" / f"{stem}{fmt}"
    out.parent.mkdir(parents=True, exist_ok=True)
    info = _info(name, members)
    if fmt == ".tar.bz2":
        out.write_bytes(_tar(info + members, "w:bz2"))
        return out
    import zstandard

    zst = zstandard.ZstdCompressor().compress
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("metadata.json", json.dumps({"conda_pkg_format_version": 2}))
        archive.writestr(f"pkg-{stem}.tar.zst", zst(_tar(members, "w")))
        archive.writestr(f"info-{stem}.tar.zst", zst(_tar(info, "w")))
    return out


def write_wheel(folder: Path, name: str, members: dict[str, bytes]) -> Path:
    """A wheel whose RECORD lists `members` as they are (so `../x` stays `../x`)."""
    dist_info = f"{name}-1.0.dist-info"
    files = dict(members)
    files[f"{dist_info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n".encode()
    files[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: pyxi-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = "".join(f"{path},sha256={_b64(data)},{len(data)}\n" for path, data in files.items())
    files[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    out = folder / f"{name}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(out, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return out


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def pad_zip64(archive: Path) -> None:
    """Rewrite a stored zip as some versions of the Rust `zip` crate write one: every central
    directory entry carries a zip64 extra field of 16 zero bytes that no size needs (rattler's
    installer reads such archives, its streaming reader refuses them)."""
    with zipfile.ZipFile(archive) as source:
        members = [(info.filename.encode(), source.read(info)) for info in source.infolist()]
    out, central = io.BytesIO(), []
    for name, data in members:
        offset, crc = out.tell(), zlib.crc32(data)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0x21, crc, len(data),
                              len(data), len(name), 0) + name + data)
        extra = struct.pack("<HH", 1, 16) + bytes(16)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0x21, crc,
                                   len(data), len(data), len(name), len(extra), 0, 0, 0, 0, offset)
                       + name + extra)
    directory, start = b"".join(central), out.tell()
    out.write(directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                                      len(directory), start, 0))
    archive.write_bytes(out.getvalue())
