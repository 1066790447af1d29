"""Conda source locations: `{ path = … }`, `{ git = …, branch | tag | rev, subdirectory }`,
`{ url = … }`, in dependency tables and in `[package.build] source`."""

from __future__ import annotations

from typing import Any

from pyxi.manifest.errors import Source, opt_str
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.package_model import CondaSource, SourceKind

SOURCE_KINDS: tuple[SourceKind, ...] = ("path", "git", "url")
GIT_REFS = ("branch", "tag", "rev")
_HASHES = {"sha256": 64, "md5": 32}  # a `url` archive's hashes, and their lengths in hex


def parse_source(src: Source, table: dict[str, Any], path: KeyPath) -> CondaSource | None:
    """The source location `table` names, or None when it names none. Located errors for
    combinations pixi rejects: two locations, a git reference without `git`, two references."""
    kinds = [key for key in SOURCE_KINDS if key in table]
    if len(kinds) > 1:
        src.error(f"`{kinds[0]}` and `{kinds[1]}` cannot be used together", path + (kinds[1],),
                  help="a conda package comes from one of: a channel, `path`, `git` or `url`")
    refs = [key for key in GIT_REFS if key in table]
    for ref in refs:
        if kinds != ["git"]:
            src.error(f"`{ref}` needs `git`", path + (ref,))
    if len(refs) > 1:
        src.error(f"`{refs[0]}` and `{refs[1]}` cannot be used together", path + (refs[1],),
                  help="pick one of `branch`, `tag` or `rev`")
    if "subdirectory" in table and kinds not in (["git"], ["url"]):
        src.error("`subdirectory` needs `git` or `url`", path + ("subdirectory",))
    if not kinds:
        return None
    strings = {key: opt_str(src, table, key, path) for key in (*GIT_REFS, "subdirectory")}
    if kinds == ["url"]:
        strings.update({key: _hex(src, table, key, size, path) for key, size in _HASHES.items()})
    location = opt_str(src, table, kinds[0], path) or ""
    if not location.strip():
        src.error(f"`{kinds[0]}` must not be empty", path + (kinds[0],))
    return CondaSource(kinds[0], location, **strings)


def _hex(src: Source, table: dict[str, Any], key: str, size: int, path: KeyPath) -> str | None:
    value = opt_str(src, table, key, path)
    if value is not None and (len(value) != size or not all(c in _HEX for c in value.lower())):
        src.error(f"`{key}` must be {size} hexadecimal digits", path + (key,))
    return value.lower() if value is not None else None


_HEX = frozenset("0123456789abcdef")
