"""Write real conda packages (`.tar.bz2`, or `.conda` when `zstandard` is importable).

A package is described by a `CondaPackageSpec` and written with `write_package` into
`<channel_dir>/<subdir>/<name>-<version>-<build><ext>`. The archives carry `info/index.json`,
`info/paths.json` (paths_version 1, sha256 and size per file), `info/files` and the payload, so
`rattler.index` can index them and `rattler.install` can link them. Output is deterministic:
fixed mtimes and owners, so rebuilding a package gives the same bytes and hashes.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import tarfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Literal

from pyxi.datamodel import model

Payload = bytes | str | Path
ArchiveFormat = Literal[".conda", ".tar.bz2"]
DEFAULT_TIMESTAMP_MS = 1_730_000_000_000  # 2024-10-27, fixed so archives are reproducible

_ARCH = {"64": "x86_64", "arm64": "arm64", "aarch64": "aarch64", "32": "x86"}


@model(frozen=True)
class CondaPackageSpec:
    """What goes into one conda package; `files` maps prefix-relative paths to contents."""

    name: str
    version: str
    build: str
    build_number: int = 0
    subdir: str = "linux-64"
    depends: Sequence[str] = ()
    constrains: Sequence[str] = ()
    noarch: str | None = None
    files: Mapping[str, Payload] = field(default_factory=dict)
    symlinks: Mapping[str, str] = field(default_factory=dict)
    executables: frozenset[str] = frozenset()
    activate_scripts: Mapping[str, str] = field(default_factory=dict)
    track_features: Sequence[str] = ()
    license: str | None = None
    purls: Sequence[str] | None = None
    python_site_packages_path: str | None = None
    timestamp: int = DEFAULT_TIMESTAMP_MS
    # Files containing this text get it replaced by the install prefix when linked (text mode),
    # as conda-build records for files that name their build prefix.
    prefix_placeholder: str | None = None

    @property
    def stem(self) -> str:
        return f"{self.name}-{self.version}-{self.build}"

    def all_files(self) -> dict[str, Payload]:
        """Payload files, with `activate_scripts` placed under `etc/conda/activate.d/`."""
        scripts = {f"etc/conda/activate.d/{n}": body for n, body in self.activate_scripts.items()}
        return {**dict(self.files), **scripts}


def zstd_available() -> bool:
    try:
        import zstandard  # noqa: F401
    except ImportError:
        return False
    return True


def default_format() -> ArchiveFormat:
    return ".conda" if zstd_available() else ".tar.bz2"


def write_package(
    spec: CondaPackageSpec, channel_dir: Path, fmt: ArchiveFormat | None = None
) -> Path:
    """Write `spec` into `channel_dir/<subdir>/` and return the archive's path."""
    fmt = fmt or default_format()
    out = Path(channel_dir) / spec.subdir / f"{spec.stem}{fmt}"
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = _payload_entries(spec)
    info = _info_entries(spec, payload)
    if fmt == ".conda":
        _write_conda(out, spec, info, payload)
    else:
        _write_tar(out, [*info, *payload], "w:bz2")
    return out


@model(frozen=True)
class _Entry:
    path: str
    data: bytes = b""
    mode: int = 0o644
    link_target: str | None = None


def _read(value: Payload) -> bytes:
    if isinstance(value, Path):
        return value.read_bytes()
    return value.encode() if isinstance(value, str) else value


def _mode(spec: CondaPackageSpec, path: str, value: Payload) -> int:
    if path in spec.executables or path.startswith("bin/"):
        return 0o755
    if isinstance(value, Path) and value.stat().st_mode & 0o111:
        return 0o755
    return 0o644


def _payload_entries(spec: CondaPackageSpec) -> list[_Entry]:
    files = spec.all_files()
    entries = [_Entry(p, _read(v), _mode(spec, p, v)) for p, v in sorted(files.items())]
    for path, target in sorted(spec.symlinks.items()):
        _check_link(path, target)
        entries.append(_Entry(path, mode=0o777, link_target=target))
    return entries


def _check_link(path: str, target: str) -> None:
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    if target.startswith("/") or resolved.startswith(".."):
        raise ValueError(f"symlink {path} -> {target} escapes the package prefix")


def _info_entries(spec: CondaPackageSpec, payload: list[_Entry]) -> list[_Entry]:
    files = "".join(f"{e.path}\n" for e in payload)
    docs = {
        "info/index.json": index_json(spec),
        "info/paths.json": _paths_json(payload, spec.prefix_placeholder),
        "info/about.json": {"license": spec.license} if spec.license else {},
    }
    entries = [_Entry(p, _json_bytes(doc)) for p, doc in docs.items()]
    return [*entries, _Entry("info/files", files.encode())]


def _json_bytes(doc: object) -> bytes:
    return json.dumps(doc, indent=2, sort_keys=True).encode()


def index_json(spec: CondaPackageSpec) -> dict[str, object]:
    """The `info/index.json` document for `spec` (the fields `rattler.index` copies)."""
    platform, _, arch = spec.subdir.partition("-")
    doc: dict[str, object] = {
        "name": spec.name,
        "version": spec.version,
        "build": spec.build,
        "build_number": spec.build_number,
        "depends": list(spec.depends),
        "constrains": list(spec.constrains),
        "subdir": spec.subdir,
        "timestamp": spec.timestamp,
    }
    if spec.subdir != "noarch":
        doc |= {"platform": platform, "arch": _ARCH.get(arch, arch)}
    optional = {
        "noarch": spec.noarch,
        "license": spec.license,
        "track_features": " ".join(spec.track_features) or None,
        "purls": list(spec.purls) if spec.purls is not None else None,
        "python_site_packages_path": spec.python_site_packages_path,
    }
    return doc | {k: v for k, v in optional.items() if v is not None}


def _paths_json(payload: list[_Entry], placeholder: str | None) -> dict[str, object]:
    return {"paths": [_paths_entry(e, placeholder) for e in payload], "paths_version": 1}


def _paths_entry(entry: _Entry, placeholder: str | None) -> dict[str, object]:
    if entry.link_target is not None:
        return {"_path": entry.path, "path_type": "softlink"}
    digest = hashlib.sha256(entry.data).hexdigest()
    doc: dict[str, object] = {
        "_path": entry.path,
        "path_type": "hardlink",
        "sha256": digest,
        "size_in_bytes": len(entry.data),
    }
    if placeholder and placeholder.encode() in entry.data:
        doc |= {"prefix_placeholder": placeholder, "file_mode": "text"}
    return doc


def _tar_bytes(entries: list[_Entry], mode: Literal["w", "w:bz2"]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.PAX_FORMAT) as tar:
        for entry in entries:
            _add_member(tar, entry)
    return buf.getvalue()


def _write_tar(out: Path, entries: list[_Entry], mode: Literal["w", "w:bz2"]) -> None:
    out.write_bytes(_tar_bytes(entries, mode))


def _add_member(tar: tarfile.TarFile, entry: _Entry) -> None:
    info = tarfile.TarInfo(entry.path)
    info.mtime = DEFAULT_TIMESTAMP_MS // 1000
    info.mode = entry.mode
    info.uname = info.gname = ""
    if entry.link_target is not None:
        info.type = tarfile.SYMTYPE
        info.linkname = entry.link_target
        tar.addfile(info)
        return
    info.size = len(entry.data)
    tar.addfile(info, io.BytesIO(entry.data))


def _write_conda(
    out: Path, spec: CondaPackageSpec, info: list[_Entry], payload: list[_Entry]
) -> None:
    import zstandard

    def zst(entries: list[_Entry]) -> bytes:
        return zstandard.ZstdCompressor(level=3).compress(_tar_bytes(entries, "w"))

    members = {
        "metadata.json": json.dumps({"conda_pkg_format_version": 2}).encode(),
        f"pkg-{spec.stem}.tar.zst": zst(payload),
        f"info-{spec.stem}.tar.zst": zst(info),
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 10, 27, 0, 0, 0)), data)
