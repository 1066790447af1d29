"""What pyxi checks of a conda package before `rattler.install` links it (see `populate.py`
for when): the hash of its archive against the lock, and, in the folder the package was
extracted to, that nothing would land outside the prefix.

rattler checks the sha256 of what it downloads but not of a package read from a local channel;
its extractor refuses tar members that would be written outside the destination; but a path in
`info/paths.json` that is absolute or climbs out with `..` makes its linker panic (the whole
process aborts), and a symlink whose target is absolute or leaves the package is linked as it
is. `tree_problem` finds those in the extracted folder.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pyxi.diagnostics import InstallError
from pyxi.lockfile.model import CondaPackage

from .records import package_url

_DRIVE = re.compile(r"^[A-Za-z]:")


def package_stem(package: CondaPackage) -> str:
    """`name-version-build`: the package's folder in the cache, its record in `conda-meta`."""
    return f"{package.name}-{package.version}-{package.build}"


def local_archive(package: CondaPackage) -> Path | None:
    url = package_url(package.location)
    return Path(unquote(urlsplit(url).path)) if url.startswith("file://") else None


def hash_mismatch(name: str, url: str, kind: str, expected: str, actual: str) -> InstallError:
    return InstallError(
        f"the conda package `{name}` does not match the hash in the lock file; nothing was linked",
        notes=[f"url: {url}", f"expected {kind}: {expected}", f"actual {kind}:   {actual}"],
        help="the file changed after locking; if the new file is trusted, run `pyxi lock` to "
        "record its hash, otherwise find out who replaced it",
    )


def check_hashes(package: CondaPackage, sha256: bytes | None, md5: bytes | None) -> None:
    """Raise when the digests of the archive read do not match the lock."""
    for kind, expected, actual in (("sha256", package.sha256, sha256), ("md5", package.md5, md5)):
        if expected and actual is not None and actual.hex() != expected.lower():
            raise hash_mismatch(package.name, package.location, kind, expected.lower(), actual.hex())


def refusal(package: CondaPackage, reason: str) -> InstallError:
    return InstallError(
        f"refusing to install the conda package `{package.name}`: {reason}; nothing was linked",
        notes=[f"url: {package.location}"],
        help="this package is malformed or malicious; remove it from the channel or the "
        "dependencies, then run `pyxi lock`",
    )


def tree_problem(folder: Path) -> str | None:
    """Why the package extracted in `folder` must not be linked, or None."""
    try:
        document = json.loads((folder / "info" / "paths.json").read_bytes())
        listed = [str(item.get("_path", "")) for item in document.get("paths", [])]
    except (OSError, ValueError, AttributeError, TypeError):
        listed = []  # rattler falls back to `info/files`, whose paths are walked below too
    for path in listed:
        reason = escape_reason(path, None)
        if reason:
            return reason
    return _links_problem(folder, "")


def _links_problem(folder: Path, relative: str) -> str | None:
    """The first symlink under `folder` (the payload: `info/` is never linked) that leaves."""
    with os.scandir(folder) as entries:
        for entry in entries:
            path = f"{relative}{entry.name}"
            if path == "info":
                continue
            if entry.is_symlink():
                reason = escape_reason(path, os.readlink(entry.path))
                if reason:
                    return reason
            elif entry.is_dir():
                reason = _links_problem(Path(entry.path), f"{path}/")
                if reason:
                    return reason
    return None


def escape_reason(path: str, target: str | None) -> str | None:
    clean = path.replace("\\", "/")
    if clean.startswith("/") or _DRIVE.match(clean):
        return f"it contains the absolute path `{path}`"
    if ".." in clean.split("/"):
        return f"its path `{path}` leaves the environment"
    if target is None:
        return None
    link = target.replace("\\", "/")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(clean), link))
    if link.startswith("/") or _DRIVE.match(link) or resolved.split("/")[0] == "..":
        return f"its link `{path}` points outside the environment (to `{target}`)"
    return None
