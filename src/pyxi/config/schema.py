"""The keys a pixi `config.toml` may hold, what each value must be, and how `pyxi config set`
reads a value typed on the command line (pixi's rules: `true`/`false`, JSON for lists)."""

from __future__ import annotations

import json
from collections.abc import Callable

from pyxi.datamodel import model

# pixi's pinning strategies (`pixi add` and `--pinning-strategy`).
PINNING_STRATEGIES = ("semver", "minor", "major", "latest-up", "exact-version", "no-pin")


@model(frozen=True)
class Kind:
    """What one key holds: `check` says what is wrong with a TOML value (None: nothing),
    `parse` turns a command-line word into the value to store (raising ValueError)."""

    expected: str
    check: Callable[[object], bool]
    parse: Callable[[str], object]


def _bool_word(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError("expected `true` or `false`")
    return text == "true"


def _int_word(text: str) -> int:
    if not text.isdigit():
        raise ValueError("expected a whole number")
    return int(text)


def _json_strings(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"expected a JSON list of strings, like '[\"a\", \"b\"]' ({error.msg})") from None
    if isinstance(value, list) and _is_strings(value):
        return [str(item) for item in value]
    raise ValueError("expected a JSON list of strings, like '[\"a\", \"b\"]'")


def _json_table(text: str) -> dict[str, object]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"expected a JSON object ({error.msg})") from None
    if isinstance(value, dict):
        return value
    raise ValueError("expected a JSON object")


def _is_strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _bool_or_path(text: str) -> bool | str:
    if text in ("true", "false"):
        return text == "true"
    return text


def choice(*words: str) -> Kind:
    def parse(text: str) -> str:
        if text not in words:
            raise ValueError(f"expected one of: {', '.join(words)}")
        return text

    return Kind(f"one of: {', '.join(words)}", lambda v: v in words, parse)


BOOL = Kind("true or false", lambda v: isinstance(v, bool), _bool_word)
INT = Kind("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool), _int_word)
STR = Kind("a string", lambda v: isinstance(v, str), str)
STRINGS = Kind("a list of strings", _is_strings, _json_strings)
TABLE = Kind("a table", lambda v: isinstance(v, dict), _json_table)
ANY = Kind("a value", lambda v: True, str)
BOOL_OR_PATH = Kind("true, false or a path", lambda v: isinstance(v, (bool, str)), _bool_or_path)

_REPODATA = {"disable-bzip2": BOOL, "disable-zstd": BOOL, "disable-sharded": BOOL,
             "disable-jlap": BOOL}
_CACHE_KINDS = ("root", "conda-packages", "repodata", "pypi-wheels", "pypi-mapping",
                "exec-environments", "build-tool-environments", "detached-environments")

# Every key, dotted; `*` stands for any one name (a URL, a bucket).
KEYS: dict[str, Kind] = {
    "default-channels": STRINGS,
    "authentication-override-file": STR,
    "tls-no-verify": BOOL,
    "tls-root-certs": choice("webpki", "system", "native", "all"),
    "offline": BOOL,
    "mirrors": TABLE, "mirrors.*": STRINGS,
    "pinning-strategy": choice(*PINNING_STRATEGIES),
    "repodata-config": TABLE,
    **{f"repodata-config.{k}": kind for k, kind in _REPODATA.items()},
    "repodata-config.*": TABLE,
    **{f"repodata-config.*.{k}": kind for k, kind in _REPODATA.items()},
    "pypi-config": TABLE,
    "pypi-config.index-url": STR,
    "pypi-config.extra-index-urls": STRINGS,
    "pypi-config.keyring-provider": choice("disabled", "subprocess"),
    "pypi-config.allow-insecure-host": STRINGS,
    "s3-options": TABLE, "s3-options.*": TABLE,
    "s3-options.*.endpoint-url": STR, "s3-options.*.region": STR,
    "s3-options.*.force-path-style": BOOL,
    "detached-environments": BOOL_OR_PATH,
    "shell": TABLE, "shell.change-ps1": BOOL, "shell.force-activate": BOOL,
    "shell.source-completion-scripts": BOOL,
    "experimental": TABLE, "experimental.use-environment-activation-cache": BOOL,
    "concurrency": TABLE, "concurrency.solves": INT, "concurrency.downloads": INT,
    "run-post-link-scripts": choice("insecure", "false"),
    "allow-symbolic-links": BOOL, "allow-hard-links": BOOL, "allow-ref-links": BOOL,
    "proxy-config": TABLE, "proxy-config.http": STR, "proxy-config.https": STR,
    "proxy-config.non-proxy-hosts": STRINGS,
    "build": ANY, "build.*": ANY,
    "tool-platform": STR,
    "cache": TABLE, **{f"cache.{k}": STR for k in _CACHE_KINDS},
    "cache.netfs-redirect": choice("auto", "always", "never"),
    # deprecated spellings, moved into [shell] when read
    "change-ps1": BOOL, "force-activate": BOOL,
}
# What `pyxi config set/unset` accepts (pixi's list: no wildcards, no deprecated keys).
SETTABLE = tuple(k for k in KEYS if "*" not in k and k not in ("change-ps1", "force-activate"))
# The keys `append`/`prepend` work on.
LIST_KEYS = ("default-channels", "pypi-config.extra-index-urls")
# The old snake_case spellings pixi still reads.
ALIASES = {"default_channels": "default-channels", "change_ps1": "change-ps1",
           "tls_no_verify": "tls-no-verify", "repodata_config": "repodata-config",
           "authentication_override_file": "authentication-override-file"}


def kind_of(path: tuple[str, ...]) -> Kind | None:
    """The kind of the value at `path` (`("shell", "change-ps1")`), None for an unknown key."""
    exact = KEYS.get(".".join(path))
    if exact is not None:
        return exact
    for index in range(len(path)):
        wild = ".".join((*path[:index], "*", *path[index + 1:]))
        if wild in KEYS:
            return KEYS[wild]
    return None


def parse_value(key: str, text: str) -> object:
    """The value `pyxi config set KEY TEXT` stores; ValueError naming what was expected."""
    kind = KEYS.get(key)
    if kind is None:
        raise KeyError(key)
    return kind.parse(text)
