"""A clean copy of a `.conda` archive, for rattler's streaming reader.

rattler's streaming (async) zip reader, which pyxi's pre-install safety check uses, is stricter
than the reader rattler installs with: it refuses archives whose central directory carries a
zip64 field although no size needs one, as some versions of the Rust `zip` crate write them (pixi's
own test channels have such packages). Copying the members into a fresh zip, byte for byte,
gives the checker the very same contents in a form it reads.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

_ZIP64_LIMIT = (1 << 31) - 1


def rezip(archive: Path, target: Path) -> Path:
    """Write every member of the zip `archive` to `target`, uncompressed (a `.conda`'s members
    are stored zstd tarballs already); raises `zipfile.BadZipFile` or `OSError`."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        for member in source.infolist():
            clean = zipfile.ZipInfo(member.filename, date_time=member.date_time)
            clean.compress_type = zipfile.ZIP_STORED
            large = member.file_size >= _ZIP64_LIMIT
            with source.open(member) as reader, copy.open(clean, "w", force_zip64=large) as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
    return target
