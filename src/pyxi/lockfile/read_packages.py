"""Entries of the top-level `packages:` list, for every supported lock version."""

from __future__ import annotations

from typing import Any

from pyxi.lockfile import derive
from pyxi.lockfile._nodes import Doc, child_key
from pyxi.lockfile.model import CondaPackage, CondaSourcePackage, PypiPackage
from pyxi.lockfile.nodes import MappingNode, Node
from pyxi.names import normalize_pypi_name

# rattler treats timestamps at or below this as seconds (the last second of year 9999).
_MAX_SECONDS = 253_402_300_799
_CONDA_MODELED = frozenset({
    "name", "version", "build", "build_number", "subdir", "noarch", "sha256", "md5", "depends",
    "constrains", "channel", "features", "track_features", "file_name", "license",
    "license_family", "purls", "run_exports", "size", "timestamp", "python_site_packages_path",
})
# v4-v6 keys that v7 no longer has: dropped instead of carried in `extra`.
_LEGACY_CONDA_DROPPED = frozenset({"kind", "url", "conda", "arch", "platform"})
_PYPI_MODELED = frozenset({
    "name", "version", "sha256", "md5", "index", "requires_dist", "requires_python", "editable",
})
_LEGACY_PYPI_DROPPED = frozenset({"kind", "url", "path"})
_PYPI_ARCHIVES = (".whl", ".tar.gz", ".tar.bz2", ".tar.xz", ".tar.Z", ".tgz", ".tbz", ".tar",
                  ".zip")


# --------------------------------------------------------------------------------- conda


def read_conda(doc: Doc, node: Node, key: str, location: str,
               version: int) -> CondaPackage:
    """A binary conda entry; fields the location implies are filled in when absent."""
    fields = doc.mapping(node, key)
    derived = derive.derive(location)
    text = _TextReader(doc, fields, key)
    name = text.get("name") or derived.name
    pkg_version = text.get("version") or derived.version
    if name is None or pkg_version is None:
        missing = "name" if name is None else "version"
        raise doc.error(f"conda package `{location}` has no `{missing}` and its file name "
                        "does not say", node, child_key(key, missing))
    build = text.get("build") or derived.build or ""
    subdir = text.get("subdir") or derived.subdir
    if subdir is None:
        if version >= 6:
            raise doc.error(f"conda package `{location}` has no `subdir` and its URL does "
                            "not say", node, child_key(key, "subdir"))
        subdir = ""
    package = CondaPackage(location=location, name=name, version=pkg_version, build=build,
                           subdir=subdir)
    _conda_numbers(doc, fields, key, package, version)
    _conda_noarch(doc, fields, key, package, derived, version)
    _conda_hashes_and_lists(doc, fields, key, package)
    _conda_metadata(doc, fields, key, package, derived)
    dropped = _LEGACY_CONDA_DROPPED if version < 7 else frozenset({"conda"})
    package.extra = _extras(doc, fields, _CONDA_MODELED | dropped)
    return package


class _TextReader:
    """Optional string fields of one entry."""

    def __init__(self, doc: Doc, fields: dict[str, Node], key: str) -> None:
        self.doc, self.fields, self.key = doc, fields, key

    def get(self, name: str) -> str | None:
        node = self.fields.get(name)
        return None if node is None else self.doc.opt_string(node, child_key(self.key, name))


def _conda_numbers(doc: Doc, fields: dict[str, Node], key: str, package: CondaPackage,
                   version: int) -> None:
    number = doc.opt_integer(fields.get("build_number"), child_key(key, "build_number"))
    if number is None or (version < 6 and number == 0):  # v4/v5 wrote 0 for "unknown"
        number = derive.build_number_from_build(package.build) or 0
    package.build_number = number
    package.size = doc.opt_integer(fields.get("size"), child_key(key, "size"))
    timestamp = doc.opt_integer(fields.get("timestamp"), child_key(key, "timestamp"))
    if timestamp is not None and timestamp <= _MAX_SECONDS:
        timestamp *= 1000
    package.timestamp = timestamp


def _conda_noarch(doc: Doc, fields: dict[str, Node], key: str, package: CondaPackage,
                  derived: derive.Derived, version: int) -> None:
    node = fields.get("noarch")
    if node is None:
        if version >= 6:
            subdir = derived.subdir or package.subdir
            package.noarch = derive.noarch_from(subdir, derived.build or package.build)
        return
    value = doc.value(node)
    if value in (None, False):
        package.noarch = None
    elif value is True or value == "generic":
        package.noarch = "generic"
    elif value == "python":
        package.noarch = "python"
    else:
        raise doc.error(f"`noarch` must be python, generic, true or false, got `{value}`",
                        node, child_key(key, "noarch"))


def _conda_hashes_and_lists(doc: Doc, fields: dict[str, Node], key: str,
                            package: CondaPackage) -> None:
    package.sha256 = doc.hex_hash(fields.get("sha256"), child_key(key, "sha256"), 64)
    package.md5 = doc.hex_hash(fields.get("md5"), child_key(key, "md5"), 32)
    package.depends = doc.strings(fields.get("depends"), child_key(key, "depends"))
    package.constrains = doc.strings(fields.get("constrains"), child_key(key, "constrains"))
    package.track_features = _track_features(doc, fields.get("track_features"),
                                             child_key(key, "track_features"))
    purls = fields.get("purls")
    if purls is not None and not doc.is_null(purls):
        package.purls = doc.strings(purls, child_key(key, "purls"))
    run_exports = fields.get("run_exports")
    if run_exports is not None and not doc.is_null(run_exports):
        package.run_exports = _run_exports(doc, run_exports, child_key(key, "run_exports"))


def _track_features(doc: Doc, node: Node | None, key: str) -> list[str]:
    if node is None or doc.is_null(node):
        return []
    if isinstance(node, MappingNode):
        raise doc.error(f"`{key}` must be a list", node, key)
    if isinstance(node.value, str):
        return [part for part in node.value.replace(",", " ").split() if part]
    return doc.strings(node, key)


def _run_exports(doc: Doc, node: Node, key: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in doc.mapping(node, key).items():
        result[name] = doc.strings(value, child_key(key, name))
    return result


def _conda_metadata(doc: Doc, fields: dict[str, Node], key: str, package: CondaPackage,
                    derived: derive.Derived) -> None:
    text = _TextReader(doc, fields, key)
    if "channel" in fields:
        channel = text.get("channel")
        package.channel = derive.normalize_channel(channel) if channel else None
    else:
        package.channel = derived.channel
    package.features = text.get("features")
    package.file_name = (text.get("file_name") or derived.file_name
                         or f"{package.name}-{package.version}-{package.build}.conda")
    package.license = text.get("license")
    package.license_family = text.get("license_family")
    package.python_site_packages_path = text.get("python_site_packages_path")


def _extras(doc: Doc, fields: dict[str, Node], known: frozenset[str]) -> dict[str, Any]:
    return {name: doc.value(node) for name, node in fields.items() if name not in known}


def read_conda_source(doc: Doc, node: Node, key: str,
                      identifier: str) -> CondaSourcePackage:
    """A pixi-build source entry, carried field by field."""
    fields = doc.mapping(node, key)
    skipped = {"conda_source", "conda", "arch", "platform"}  # the last three: v6 spellings
    kept = {name: doc.value(value) for name, value in fields.items() if name not in skipped}
    for name in ("build_packages", "host_packages"):
        _check_selectors(doc, fields.get(name), child_key(key, name))
    return CondaSourcePackage(location=identifier, fields=kept)


def _check_selectors(doc: Doc, node: Node | None, key: str) -> None:
    if node is None:
        return
    for i, item in enumerate(doc.sequence(node, key)):
        entry = doc.mapping(item, child_key(key, i))
        kinds = [k for k in ("conda", "conda_source", "pypi") if k in entry]
        if len(kinds) != 1:
            raise doc.error("a package selector needs one of `conda`, `conda_source`, `pypi`",
                            item, child_key(key, i))
        doc.string(entry[kinds[0]], child_key(child_key(key, i), kinds[0]))


# ---------------------------------------------------------------------------------- pypi


def read_pypi(doc: Doc, node: Node, key: str, location: str,
              version: int) -> PypiPackage:
    fields = doc.mapping(node, key)
    text = _TextReader(doc, fields, key)
    name = doc.string(doc.require(fields, "name", node, key), child_key(key, "name"))
    package = PypiPackage(location=location, name=normalize_pypi_name(name))
    package.version = text.get("version")
    package.sha256 = doc.hex_hash(fields.get("sha256"), child_key(key, "sha256"), 64)
    package.md5 = doc.hex_hash(fields.get("md5"), child_key(key, "md5"), 32)
    package.index = text.get("index") if version >= 7 else None
    requires_key = child_key(key, "requires_dist")
    package.requires_dist = doc.strings(fields.get("requires_dist"), requires_key)
    package.requires_python = text.get("requires_python")
    if "editable" in fields:
        package.editable = doc.boolean(fields["editable"], child_key(key, "editable"))
    if version < 7:
        if package.version is None:
            raise doc.error(f"pypi package `{location}` has no `version`", node,
                            child_key(key, "version"))
        if not _is_archive(location):
            package.version = None  # v4-v6: a non-archive location is a source tree
    dropped = _LEGACY_PYPI_DROPPED if version < 6 else frozenset({"pypi"})
    package.extra = _extras(doc, fields, _PYPI_MODELED | dropped | {"pypi"})
    if version < 7:
        package.extra.pop("index", None)
    return package


def _is_archive(location: str) -> bool:
    if derive.is_url(location) and not location.startswith("file:"):
        return True
    return location.split("?")[0].split("#")[0].endswith(_PYPI_ARCHIVES)
