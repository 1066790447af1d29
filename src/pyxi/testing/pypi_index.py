"""A local PyPI world for tests: real wheels, PEP 503 simple indexes, PEP 658 metadata, a server.

`make_wheel` writes a wheel, `write_simple_index` an index of wheels, `serve(root)` serves any
such tree over http; `pytorch_pypi.py` builds the PyTorch indexes with them.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import http.server
import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path

from pyxi.names import normalize_pypi_name
from pyxi.testing.loopback import running

WheelTag = tuple[str, str, str]
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def dist_name(name: str) -> str:
    """The project name as wheel file names and `.dist-info` folders spell it."""
    return normalize_pypi_name(name).replace("-", "_")


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _metadata(name: str, version: str, requires_dist: Iterable[str], requires_python: str | None) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    if requires_python:
        lines.append(f"Requires-Python: {requires_python}")
    lines += [f"Requires-Dist: {req}" for req in requires_dist]
    return "\n".join(lines) + "\n"


def make_wheel(
    directory: Path,
    name: str,
    version: str,
    tag: WheelTag = ("cp311", "cp311", "manylinux_2_28_x86_64"),
    requires_dist: Sequence[str] = (),
    requires_python: str | None = None,
    files: Mapping[str, str | bytes] | None = None,
) -> Path:
    """Write a real, installable wheel (METADATA, WHEEL, RECORD with sha256) and return its path.

    `files` maps archive paths (`pkg/__init__.py`) to contents. Timestamps are fixed so the
    same inputs always give the same bytes (and the same sha256)."""
    directory.mkdir(parents=True, exist_ok=True)
    dist = dist_name(name)
    info = f"{dist}-{version}.dist-info"
    purelib = "true" if tag[2] == "any" else "false"
    contents: dict[str, bytes] = {
        path: data.encode() if isinstance(data, str) else data for path, data in (files or {}).items()
    }
    contents[f"{info}/METADATA"] = _metadata(name, version, requires_dist, requires_python).encode()
    contents[f"{info}/WHEEL"] = (
        f"Wheel-Version: 1.0\nGenerator: pyxi-tests\nRoot-Is-Purelib: {purelib}\nTag: {'-'.join(tag)}\n"
    ).encode()
    record = [f"{path},{_record_hash(data)},{len(data)}" for path, data in contents.items()]
    contents[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
    path = directory / f"{dist}-{version}-{'-'.join(tag)}.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in contents.items():
            archive.writestr(zipfile.ZipInfo(member, date_time=_FIXED_TIME), data)
    return path


def _wheel_metadata(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        member = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return archive.read(member)


def _requires_python(metadata: bytes) -> str | None:
    match = re.search(rb"^Requires-Python: (.+)$", metadata, re.MULTILINE)
    return match.group(1).decode().strip() if match else None


def write_simple_index(root: Path, wheels: Iterable[Path]) -> Path:
    """Write a PEP 503 simple index for `wheels` under `root` and return `root/simple`.

    Wheels are copied to `root/files/` (unless already there) next to their PEP 658
    `<wheel>.metadata`; project pages link them relatively with `#sha256=`,
    `data-requires-python` and `data-dist-info-metadata`/`data-core-metadata`."""
    files_dir, simple = root / "files", root / "simple"
    files_dir.mkdir(parents=True, exist_ok=True)
    projects: dict[str, list[str]] = {}
    for wheel in wheels:
        target = files_dir / wheel.name
        if wheel.resolve() != target.resolve():
            shutil.copyfile(wheel, target)
        metadata = _wheel_metadata(target)
        (files_dir / f"{wheel.name}.metadata").write_bytes(metadata)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        meta_digest = hashlib.sha256(metadata).hexdigest()
        requires = _requires_python(metadata)
        attrs = f' data-requires-python="{html.escape(requires)}"' if requires else ""
        attrs += f' data-dist-info-metadata="sha256={meta_digest}" data-core-metadata="sha256={meta_digest}"'
        href = f"../../files/{wheel.name.replace('+', '%2B')}#sha256={digest}"
        name = normalize_pypi_name(wheel.name.split("-")[0])
        projects.setdefault(name, []).append(f'<a href="{href}"{attrs}>{wheel.name}</a><br/>')
    for name, links in projects.items():
        page = simple / name
        page.mkdir(parents=True, exist_ok=True)
        body = "\n".join(sorted(links))
        (page / "index.html").write_text(f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n")
    all_links = "\n".join(f'<a href="{n}/">{n}</a><br/>' for n in sorted(projects))
    simple.mkdir(parents=True, exist_ok=True)
    (simple / "index.html").write_text(f"<!DOCTYPE html>\n<html><body>\n{all_links}\n</body></html>\n")
    return simple


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) in a thread; yields `http://127.0.0.1:PORT/`."""
    with running(partial(_QuietHandler, directory=str(root))) as url:
        yield url
