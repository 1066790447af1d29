"""Reading one `config.toml`: TOML in, the known keys kept (their values checked), warnings
out for what was set aside. A file that cannot be used at all is reported and skipped, as pixi
does: a broken user config never stops a command that does not need it."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Any

from pyxi.datamodel import model
from pyxi.diagnostics import Location, PyxiError

from .schema import ALIASES, TABLE, kind_of


class ConfigFileError(PyxiError):
    """A config file that is not valid TOML, or holds a value of the wrong kind."""


@model
class ConfigLayer:
    """One file's settings (kebab-case keys), and what was set aside while reading it."""

    path: Path
    data: dict[str, Any]
    ignored: list[str] = field(default_factory=list)


def read_layer(path: Path) -> ConfigLayer | None:
    """The settings of the file at `path`; None when it does not exist. A file that cannot be
    read or parsed, or holds a value of the wrong kind, raises `ConfigFileError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise ConfigFileError(f"cannot read the config file {path}: {error.strerror or error}",
                              location=Location(path)) from error
    return parse_layer(text, path)


def parse_layer(text: str, path: Path) -> ConfigLayer:
    import tomli

    try:
        raw = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise ConfigFileError(
            f"TOML parse error in the config file {path}: {error}",
            location=Location(path, getattr(error, "lineno", None)),
            help="fix the file (or remove it); `pyxi config list` shows what is read from where",
        ) from None
    layer = ConfigLayer(path, {})
    _keep_known(text, path, _normalized(raw), (), layer.data, layer.ignored)
    return layer


def _normalized(raw: dict[str, Any]) -> dict[str, Any]:
    """snake_case spellings pixi still reads → kebab-case; `change-ps1`/`force-activate` at the
    top → their `[shell]` keys."""
    data = {ALIASES.get(key, key): value for key, value in raw.items()}
    found = data.get("shell")
    shell: dict[str, Any] = dict(found) if isinstance(found, dict) else {}
    for old in ("change-ps1", "force-activate"):
        if old in data:
            shell.setdefault(old, data.pop(old))
            data["shell"] = shell
    return data


def _keep_known(text: str, path: Path, raw: dict[str, Any], at: tuple[str, ...],
                into: dict[str, Any], ignored: list[str]) -> None:
    for key, value in raw.items():
        where = (*at, key)
        kind = kind_of(where)
        if kind is None:
            ignored.append(".".join(where))
            continue
        if not kind.check(value):
            raise _wrong_kind(text, path, where, kind.expected)
        if kind is TABLE:
            into[key] = {}
            _keep_known(text, path, value, where, into[key], ignored)
        else:
            into[key] = value


def _wrong_kind(text: str, path: Path, where: tuple[str, ...], expected: str) -> ConfigFileError:
    from pyxi.manifest.keyindex import KeyIndex

    key = ".".join(where)
    return ConfigFileError(
        f"invalid value for `{key}` in the config file {path}: expected {expected}",
        location=Location(path, KeyIndex.build(text).line(where), key),
        help=f"correct `{key}`, or remove it with `pyxi config unset {key}`",
    )
