"""Linking locked conda packages into a prefix through `rattler.install`, after checking them.

pyxi first puts every package into the package cache itself, checked (`populate.py`: hashes
against the lock, paths and symlinks that would leave the prefix; tested in
tests/reliability/test_integrity.py); rattler then finds them all there and only links.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Sequence
from pathlib import Path

import rattler

from pyxi.diagnostics import InstallError, os_error_help
from pyxi.lockfile.model import CondaPackage

from .integrity import hash_mismatch
from .records import package_url, to_repodata_record

__all__ = ["hash_mismatch", "install_conda"]

_HASH_MISMATCH = re.compile(
    r"hash mismatch when extracting (?P<url>\S+) .*?expected (?P<expected>[0-9a-f]+), got (?P<got>[0-9a-f]+)"
)


def install_conda(
    prefix: Path,
    packages: Sequence[CondaPackage],
    *,
    subdir: str,
    cache_dir: Path,
    show_progress: bool,
) -> None:
    """Make `prefix` hold exactly `packages`: rattler computes the transaction against what is
    already linked there, so an existing environment only gets the difference."""
    from .cache_overlay import usable_package_cache
    from .integrity import package_stem
    from .populate import prepare_cache

    linked = _linked_stems(prefix)
    pending = [p for p in packages if package_stem(p) not in linked]
    package_cache = usable_package_cache(cache_dir / "pkgs", packages)
    prepare_cache(pending, package_cache)
    records = [to_repodata_record(p) for p in packages]
    prefix.mkdir(parents=True, exist_ok=True)
    try:
        asyncio.run(
            rattler.install(
                records,
                target_prefix=prefix,
                cache_dir=package_cache,
                platform=rattler.Subdir(subdir),
                execute_link_scripts=False,
                show_progress=show_progress,
            )
        )
    except Exception as exc:
        raise _install_error(prefix, packages, exc) from exc


def _linked_stems(prefix: Path) -> set[str]:
    """The `name-version-build` of every package linked in `prefix` (its conda-meta records)."""
    try:
        names = os.listdir(prefix / "conda-meta")
    except OSError:
        return set()
    return {name[:-5] for name in names if name.endswith(".json")}


# ------------------------------------------------------------------------------ errors


def _install_error(prefix: Path, packages: Sequence[CondaPackage], exc: Exception) -> InstallError:
    text = str(exc)
    mismatch = _HASH_MISMATCH.search(text)
    if mismatch:
        url = mismatch.group("url")
        name = next((p.name for p in packages if package_url(p.location) == url), url)
        return hash_mismatch(name, url, "sha256", mismatch.group("expected"), mismatch.group("got"))
    from pyxi.conda.prefix_records import broken_records

    notes = [f"{b.path} is {b.reason}" for b in broken_records(prefix)]
    return InstallError(
        f"could not install the conda packages into {prefix}:\n{text}",
        notes=notes,
        help=_os_error_in(text) or "run again; if it keeps failing, `pyxi clean` the environment first",
    )


def _os_error_in(text: str) -> str | None:
    """The help for an OS error rattler reports as `… (os error N)` (a full disk, say)."""
    import errno

    found = re.search(r"\(os error (\d+)\)", text)
    if not found:
        return None
    code = int(found.group(1))
    return os_error_help(OSError(code, errno.errorcode.get(code, "")))
