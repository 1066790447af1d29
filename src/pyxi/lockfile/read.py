"""Reading `pixi.lock` (format versions 4 to 7) into the lock model."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pyxi.diagnostics import Location, LockFileError
from pyxi.lockfile import derive
from pyxi.lockfile import read_packages as rp
from pyxi.lockfile._nodes import RELOCK_HELP, Doc, child_key
from pyxi.lockfile.model import LOCK_VERSION, CondaPackage, LockedPlatform, LockFile, PackageRef
from pyxi.lockfile.nodes import Node
from pyxi.lockfile.read_env import read_environment, read_platforms

OLDEST_READABLE = 4


def read_lock(path: Path) -> LockFile:
    """Read and check `path`; every problem is a `LockFileError` that names the file."""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
    except UnicodeDecodeError:
        raise LockFileError(f"{path.name} is not UTF-8 text", Location(path),
                            RELOCK_HELP) from None
    except OSError as exc:
        raise LockFileError(f"cannot read {path.name}: {exc.strerror or exc}",
                            Location(path)) from None
    lock = parse_lock(text, path)
    lock.sha256 = hashlib.sha256(data).hexdigest()
    return lock


def parse_lock(text: str, path: Path) -> LockFile:
    """Parse the text of a lock file; `path` is used in error messages only."""
    doc = Doc(path)
    try:
        return _parse(doc, text)
    except LockFileError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError,
            RecursionError) as exc:  # a shape the checks above did not foresee
        raise doc.error(f"not a valid lock file ({exc})") from None


def _parse(doc: Doc, text: str) -> LockFile:
    root = doc.compose(text)
    top = doc.mapping(root, "")
    version = _version(doc, top, root)
    lock = LockFile(version=version)
    if version >= 7 and "platforms" in top:
        lock.platforms = read_platforms(doc, top["platforms"])
    envs_node = doc.require(top, "environments", root, "")
    for name, node in doc.mapping(envs_node, "environments").items():
        env_key = child_key("environments", name)
        lock.environments[name] = read_environment(doc, node, env_key, version)
    _read_packages(doc, doc.require(top, "packages", root, ""), lock)
    if version < 7:
        lock.platforms = _legacy_platforms(lock)
        _retarget_source_refs(lock)
    _check_references(doc, envs_node, lock)
    return lock


def _version(doc: Doc, top: dict[str, Node], root: Node) -> int:
    node = doc.require(top, "version", root, "")
    version = doc.integer(node, "version")
    if version > LOCK_VERSION:
        raise doc.error(
            f"pixi.lock was written by a newer pixi (format version {version}); "
            f"pyxi reads up to {LOCK_VERSION}", node, "version", prefix=False,
            help="upgrade pyxi to a release that reads this lock file format "
                 "(or re-create it with `pyxi lock`, which writes version 7)")
    if version < OLDEST_READABLE:
        raise doc.error(
            f"pixi.lock uses format version {version}, which pyxi cannot read "
            f"(it reads {OLDEST_READABLE} to {LOCK_VERSION})", node, "version", prefix=False,
            help="re-create it with `pyxi lock`")
    return version


def _read_packages(doc: Doc, node: Node, lock: LockFile) -> None:
    for i, item in enumerate(doc.sequence(node, "packages")):
        key = child_key("packages", i)
        fields = doc.mapping(item, key)
        kind, location = _entry_kind(doc, fields, item, key, lock.version)
        if kind == "conda":
            _add_conda(lock, rp.read_conda(doc, item, key, location, lock.version))
        elif kind == "conda_source":
            lock.conda_source_packages.setdefault(
                location, rp.read_conda_source(doc, item, key, location))
        else:
            lock.pypi_packages.setdefault(
                location, rp.read_pypi(doc, item, key, location, lock.version))


def _entry_kind(doc: Doc, fields: dict[str, Node], node: Node, key: str,
                version: int) -> tuple[str, str]:
    if version < 6:
        kind = doc.string(doc.require(fields, "kind", node, key), child_key(key, "kind"))
        if kind not in ("conda", "pypi"):
            raise doc.error(f"unknown package kind `{kind}`", fields["kind"], key)
        location_key = "url" if kind == "conda" or "url" in fields else "path"
        location_node = doc.require(fields, location_key, node, key)
        return kind, doc.string(location_node, child_key(key, location_key))
    kinds = [k for k in ("conda", "conda_source", "pypi") if k in fields]
    if version < 7 and "conda_source" in kinds:
        kinds.remove("conda_source")
    if len(kinds) != 1:
        raise doc.error("a package entry needs exactly one of `conda`, `conda_source`, `pypi`",
                        node, key)
    location = doc.string(fields[kinds[0]], child_key(key, kinds[0]))
    if kinds[0] == "conda" and derive.split_archive_name(location.rsplit("/", 1)[-1]) is None:
        if version < 7:  # a v6 source package: carried through like a v7 one
            return "conda_source", location
        raise doc.error(f"`{location}` is not a conda archive (.conda or .tar.bz2)", node, key)
    return kinds[0], location


def _add_conda(lock: LockFile, package: CondaPackage) -> None:
    """First entry per URL wins; later duplicates (v4/v5) only fill in what it lacks."""
    first = lock.conda_packages.setdefault(package.location, package)
    if first is package:
        return
    for name in ("sha256", "md5", "purls", "run_exports", "size", "timestamp"):
        if getattr(first, name) is None:
            setattr(first, name, getattr(package, name))


def _retarget_source_refs(lock: LockFile) -> None:
    """v6 lists source packages under `conda:`; point those references at the source table."""
    for env in lock.environments.values():
        for platform, refs in env.packages.items():
            env.packages[platform] = [
                PackageRef("conda_source", ref.location)
                if ref.kind == "conda" and ref.location in lock.conda_source_packages
                and ref.location not in lock.conda_packages else ref
                for ref in refs
            ]


def _legacy_platforms(lock: LockFile) -> list[LockedPlatform]:
    names = {p for env in lock.environments.values() for p in env.packages}
    return [LockedPlatform(name) for name in sorted(names)]


def _check_references(doc: Doc, envs_node: Node, lock: LockFile) -> None:
    known = {p.name for p in lock.platforms}
    env_nodes = doc.mapping(envs_node, "environments")
    for env_name, env in lock.environments.items():
        env_key = child_key("environments", env_name)
        pkgs_node = doc.mapping(env_nodes[env_name], env_key)["packages"]
        platform_nodes = {} if doc.is_null(pkgs_node) else doc.mapping(pkgs_node, env_key)
        for platform, refs in env.packages.items():
            key = child_key(child_key(env_key, "packages"), platform)
            if platform not in known:
                raise doc.error(f"environment `{env_name}` uses platform `{platform}`, which "
                                "is not in `platforms`", platform_nodes[platform], key)
            items = doc.sequence(platform_nodes[platform], key)
            _check_refs(doc, lock, refs, items, key)
    for source in lock.conda_source_packages.values():
        _check_refs(doc, lock, source.referenced(), [], f"packages ({source.location})")


def _check_refs(doc: Doc, lock: LockFile, refs: list[PackageRef], nodes: list[Node],
                key: str) -> None:
    for i, ref in enumerate(refs):
        if not _exists(lock, ref):
            node = nodes[i] if i < len(nodes) else None
            raise doc.error(f"{ref.kind} package `{ref.location}` is referenced but missing "
                            "from `packages` (is the file truncated?)",
                            node, child_key(key, i) if node is not None else key)


def _exists(lock: LockFile, ref: PackageRef) -> bool:
    if ref.kind == "conda":
        return ref.location in lock.conda_packages
    if ref.kind == "pypi":
        return ref.location in lock.pypi_packages
    return ref.location in lock.conda_source_packages
