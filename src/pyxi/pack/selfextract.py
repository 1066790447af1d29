"""Self-extracting packs: a POSIX shell header, the tar in base64, optionally an unpacker.

Running the script (`sh environment.sh [-o DIR] [-e NAME]`) decodes the tar to a temporary
folder and unpacks it with the embedded `pixi-unpack` binary (`--pixi-unpack-source`), else
`pyxi`, else `pixi-unpack` from PATH. `pyxi unpack environment.sh` reads the tar back without
running anything. The markers are pixi-pack's (`@@END_HEADER@@`, `@@END_ARCHIVE@@`).
"""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path
from typing import BinaryIO

from pyxi.diagnostics import PyxiError

END_HEADER = b"@@END_HEADER@@"
END_ARCHIVE = b"@@END_ARCHIVE@@"
_LINE = 76 * 3 // 4  # raw bytes per base64 line of 76 characters

HEADER = """#!/bin/sh
# A pack of the environment `{environment}` for {subdir}, made by pyxi.
# Run it to unpack the environment: sh {name} [-o DIR] [-e ENV_NAME]
set -eu
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT INT TERM
begin=$(grep -an '^@@END_HEADER@@' "$0" | head -n 1 | cut -d: -f1)
end=$(grep -an '^@@END_ARCHIVE@@' "$0" | head -n 1 | cut -d: -f1)
sed -n "$((begin + 1)),$((end - 1))p" "$0" | base64 -d > "$work/environment.tar"
sed -n "$((end + 1)),\\$p" "$0" > "$work/unpacker.b64"
if [ -s "$work/unpacker.b64" ]; then
  base64 -d < "$work/unpacker.b64" > "$work/pixi-unpack"
  chmod +x "$work/pixi-unpack"
  "$work/pixi-unpack" "$@" "$work/environment.tar"
elif command -v pyxi > /dev/null 2>&1; then
  pyxi unpack "$work/environment.tar" "$@"
elif command -v pixi-unpack > /dev/null 2>&1; then
  pixi-unpack "$@" "$work/environment.tar"
else
  echo "error: neither pyxi nor pixi-unpack is on PATH to unpack this environment" >&2
  echo "help: install one of them, or make the pack with --pixi-unpack-source" >&2
  exit 1
fi
exit 0
"""


def write_script(tar: BinaryIO, out: BinaryIO, header: str, unpacker: Path | None) -> None:
    out.write(header.encode())
    out.write(END_HEADER + b"\n")
    _encode(tar, out)
    out.write(END_ARCHIVE + b"\n")
    if unpacker is not None:
        with unpacker.open("rb") as handle:
            _encode(handle, out)


def _encode(source: BinaryIO, out: BinaryIO) -> None:
    while chunk := source.read(_LINE * 1024):
        out.write(base64.encodebytes(chunk))


def is_script(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"#!"


def embedded_tar(path: Path) -> BinaryIO:
    """The tar inside a self-extracting pack (this one's or pixi-pack's)."""
    data = path.read_bytes()
    start = _line_after(data, END_HEADER)
    stop = data.find(b"\n" + END_ARCHIVE, start)
    if start < 0 or stop < 0:
        raise PyxiError(
            f"{path} is a script but not a self-extracting pack (no {END_HEADER.decode()} and "
            f"{END_ARCHIVE.decode()} markers)",
            help="pass the pack made by `pyxi pack --create-executable` or pixi-pack",
        )
    return io.BytesIO(base64.b64decode(b"".join(data[start:stop].split())))


def _line_after(data: bytes, marker: bytes) -> int:
    at = data.find(b"\n" + marker)
    return -1 if at < 0 else data.find(b"\n", at + 1) + 1


def make_executable(path: Path) -> None:
    os.chmod(path, path.stat().st_mode | 0o111)
