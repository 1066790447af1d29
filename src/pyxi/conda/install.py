"""Linking locked conda packages into a prefix through `rattler.install`, after checking them.

pyxi first puts every package into the package cache itself, checked (`populate.py`: hashes
against the lock, paths and symlinks that would leave the prefix; tested in
tests/reliability/test_integrity.py); rattler then finds them all there and only links.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import rattler

from pyxi.config.load import active
from pyxi.diagnostics import InstallError, os_error_help
from pyxi.lockfile.model import CondaPackage
from pyxi.progress import Progress

from .integrity import hash_mismatch, package_stem
from .network import OFFLINE_HELP
from .records import package_url, to_repodata_record

if TYPE_CHECKING:
    from pyxi.progress import Transfer

logger = logging.getLogger("pyxi.conda.install")

__all__ = ["hash_mismatch", "install_conda"]

_HASH_MISMATCH = (  # compiled (and cached by `re`) on the first mismatch, not at import
    r"hash mismatch when extracting (?P<url>\S+) .*?expected (?P<expected>[0-9a-f]+), got (?P<got>[0-9a-f]+)"
)


def install_conda(
    prefix: Path,
    packages: Sequence[CondaPackage],
    *,
    subdir: str,
    cache_dir: Path,
    show_progress: bool = False,
    progress: Progress | None = None,
    reinstall: frozenset[str] = frozenset(),
) -> None:
    """Make `prefix` hold exactly `packages`: rattler computes the transaction against what is
    already linked there, so an existing environment only gets the difference.

    The configuration decides the rest (`pyxi.config.active()`): offline, every package must
    already be in the cache or a local channel; link types, post-link scripts, downloads at
    once and the HTTP client come from it too. `progress` shows the downloads and links;
    `reinstall`: names linked again even when they are in place."""
    from .cache_overlay import usable_package_cache
    from .populate import prepare_cache

    linked = _linked_stems(prefix)
    pending = [p for p in packages if package_stem(p) not in linked or p.name in reinstall]
    package_cache = usable_package_cache(cache_dir / "pkgs", packages)
    if active().offline:
        asyncio.run(_check_cached(pending, package_cache))
    prefix.mkdir(parents=True, exist_ok=True)
    logger.debug(f"installing {len(pending)} of {len(packages)} conda packages into {prefix}")
    with (progress or Progress(enabled=False)).transfer(prefix.name) as transfer:
        prepare_cache(pending, package_cache, transfer)
        _run_install(packages, prefix, package_cache, subdir, show_progress, transfer, reinstall)


def _run_install(packages: Sequence[CondaPackage], prefix: Path, package_cache: Path,
                 subdir: str, show_progress: bool, transfer: Transfer,
                 reinstall: frozenset[str] = frozenset()) -> None:
    from .network import make_client, rattler_config
    from .reporter import TransferReporter

    config = active()
    shared = rattler_config(config)
    try:
        asyncio.run(
            rattler.install(
                [to_repodata_record(p) for p in packages],
                target_prefix=prefix,
                cache_dir=package_cache,
                platform=rattler.Subdir(subdir),
                execute_link_scripts=config.run_post_link_scripts,
                show_progress=show_progress,
                client=make_client(config, shared),
                config=shared,
                # every callback takes the GIL from rattler's threads: none when nothing is drawn
                reporter=TransferReporter(transfer) if transfer.shown else None,
                reinstall_packages=set(reinstall) or None,
            )
        )
    except Exception as exc:
        raise _install_error(prefix, packages, exc) from exc


async def _check_cached(packages: Sequence[CondaPackage], package_cache: Path) -> None:
    """Offline: every package to link must need no download."""
    index = await rattler.PackageCache(package_cache).index()
    missing = [p for p in packages if not package_url(p.location).startswith("file:")
               and not index.contains_record(to_repodata_record(p))]
    if missing:
        names = ", ".join(f"`{p.name} {p.version}`" for p in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise InstallError(
            f"cannot install {names}{more} offline: not in the package cache "
            f"({package_cache}) and offline mode forbids downloading",
            help=OFFLINE_HELP,
        )


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
    mismatch = re.search(_HASH_MISMATCH, text)
    if mismatch:
        url = mismatch.group("url")
        name = next((p.name for p in packages if package_url(p.location) == url), url)
        return hash_mismatch(name, url, "sha256", mismatch.group("expected"), mismatch.group("got"))
    from pyxi.config.network_errors import explain

    failure = explain(text, active())
    if failure is not None:
        return InstallError(f"could not download the conda packages for {prefix}: {failure.message}",
                            notes=failure.notes, help=failure.help)
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
