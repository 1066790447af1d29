"""Credentials for channels and indexes, kept where rattler (and so pixi) keeps them, in its
format, so a login by either tool serves both.

The stores, in rattler's order of lookup (`AuthenticationStorage::from_env_and_defaults`, with
pixi's `authentication-override-file` second):

1. the JSON file named by `RATTLER_AUTH_FILE`;
2. the JSON file of the `authentication-override-file` setting (read only: `pixi auth login`
   never writes there either);
3. the system keyring (service `rattler`, one entry per host holding the JSON of one credential),
   through the `keyring` package when it is installed and has a working backend;
4. `~/.rattler/credentials.json`.

A JSON file holds one object: host → `{"BearerToken": "…"}`, `{"BasicHTTP": {"username": …,
"password": …}}`, `{"CondaToken": "…"}` or `{"S3Credentials": {"access_key_id": …,
"secret_access_key": …, "session_token": …}}`. pyxi writes it owner-only (0600), as rattler
does. A login is stored in the first store that takes it: the `RATTLER_AUTH_FILE` file when set,
else the keyring, else `~/.rattler/credentials.json`. `~/.netrc` is read by rattler and uv
themselves.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from pyxi.atomic import atomic_write
from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError

AUTH_FILE_VARIABLE = "RATTLER_AUTH_FILE"
KEYRING_SERVICE = "rattler"
METHODS = ("BearerToken", "BasicHTTP", "CondaToken", "S3Credentials", "OAuth")


class CredentialsError(PyxiError):
    """A credentials file that cannot be read or written."""


@model(frozen=True)
class Credential:
    """One stored credential: `method` is rattler's variant name, `value` its JSON payload."""

    method: str
    value: Any

    @classmethod
    def from_json(cls, document: object) -> Credential | None:
        if isinstance(document, dict) and len(document) == 1:
            method, value = next(iter(document.items()))
            if method in METHODS:
                return cls(method, value)
        return None

    def to_json(self) -> dict[str, Any]:
        return {self.method: self.value}

    def basic(self) -> tuple[str, str] | None:
        """(username, password) for HTTP basic authentication."""
        if self.method == "BasicHTTP" and isinstance(self.value, dict):
            return str(self.value.get("username", "")), str(self.value.get("password", ""))
        return None

    def bearer(self) -> str | None:
        if self.method == "BearerToken" and isinstance(self.value, str):
            return self.value
        if self.method == "OAuth" and isinstance(self.value, dict):
            return str(self.value.get("access_token") or "") or None
        return None


class Store(Protocol):
    @property
    def name(self) -> str: ...

    def get(self, key: str) -> Credential | None: ...
    def hosts(self) -> list[str]: ...
    def put(self, key: str, credential: Credential) -> None: ...
    def delete(self, key: str) -> bool: ...


@model(frozen=True)
class FileStore:
    path: Path

    @property
    def name(self) -> str:
        return f"file ({self.path})"

    def read(self) -> dict[str, Any]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise CredentialsError(
                f"cannot read the credentials file {self.path}: {error}",
                help="fix or remove the file, then log in again (`pyxi auth login HOST`)",
            ) from None
        if not isinstance(document, dict):
            raise CredentialsError(f"the credentials file {self.path} does not hold a JSON object",
                                   help="fix or remove the file, then log in again")
        return document

    def get(self, key: str) -> Credential | None:
        return Credential.from_json(self.read().get(key))

    def hosts(self) -> list[str]:
        return list(self.read())

    def put(self, key: str, credential: Credential) -> None:
        self._write({**self.read(), key: credential.to_json()})

    def delete(self, key: str) -> bool:
        document = self.read()
        if document.pop(key, None) is None:
            return False
        self._write(document)
        return True

    def _write(self, document: dict[str, Any]) -> None:
        if not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, mode=0o700)
        text = json.dumps(document, sort_keys=True)
        atomic_write(self.path, text.encode(), mode=0o600)


@model(frozen=True)
class KeyringStore:
    """The system keyring through the `keyring` package; entries cannot be listed."""

    backend: Any
    name: str = "keyring"

    def get(self, key: str) -> Credential | None:
        try:
            text = self.backend.get_password(KEYRING_SERVICE, key)
            return Credential.from_json(json.loads(text)) if text else None
        except Exception:  # noqa: BLE001 - a locked or broken keyring counts as empty, as in rattler
            return None

    def hosts(self) -> list[str]:
        return []

    def put(self, key: str, credential: Credential) -> None:
        self.backend.set_password(KEYRING_SERVICE, key, json.dumps(credential.to_json()))

    def delete(self, key: str) -> bool:
        try:
            self.backend.delete_password(KEYRING_SERVICE, key)
        except Exception:  # noqa: BLE001 - nothing stored there
            return False
        return True


def default_file() -> Path:
    return Path.home() / ".rattler" / "credentials.json"


def system_keyring() -> KeyringStore | None:
    """The keyring when the `keyring` package is installed and has a real backend (never on a
    headless machine without a secret service); `PYXI_NO_KEYRING=1` turns it off."""
    if os.environ.get("PYXI_NO_KEYRING"):
        return None
    try:
        import importlib

        backend = importlib.import_module("keyring").get_keyring()
        if float(getattr(backend, "priority", 0)) < 1:
            return None
    except Exception:  # noqa: BLE001 - not installed, or no usable backend
        return None
    return KeyringStore(backend)


def writable_stores() -> list[Store]:
    """Where a login goes, the first that takes it: `RATTLER_AUTH_FILE`, the keyring, the
    default file (as `pixi auth login`, which never writes the override file either)."""
    found: list[Store] = []
    if os.environ.get(AUTH_FILE_VARIABLE):
        found.append(FileStore(Path(os.environ[AUTH_FILE_VARIABLE]).expanduser()))
    keyring_store = system_keyring()
    if keyring_store is not None:
        found.append(keyring_store)
    return [*found, FileStore(default_file())]


def stores(override_file: str | None = None) -> list[Store]:
    """Every store, in the order a lookup tries them: the override file comes right after
    `RATTLER_AUTH_FILE`'s (pixi's order)."""
    found = writable_stores()
    if override_file:
        at = 1 if os.environ.get(AUTH_FILE_VARIABLE) else 0
        found.insert(at, FileStore(Path(override_file).expanduser()))
    return found


def lookup_keys(url: str) -> Iterator[str]:
    """The keys a credential for `url` may be stored under, in rattler's order: the host, then
    (for `s3://`) the URL and each of its parents, then `*.DOMAIN` for every parent domain."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host:
        return
    yield host
    if parts.scheme == "s3":
        current = url.rstrip("/")
        while "://" in current and current.split("://", 1)[1]:
            yield current
            current = current.rsplit("/", 1)[0]
    domain = host
    while domain:
        yield f"*.{domain}"
        domain = domain.partition(".")[2]


def find(url: str, override_file: str | None = None) -> tuple[str, Credential] | None:
    """The credential rattler would use for `url` (and the key it is stored under)."""
    found_stores = stores(override_file)
    for key in lookup_keys(url):
        for store in found_stores:
            with contextlib.suppress(CredentialsError):
                credential = store.get(key)
                if credential is not None:
                    return key, credential
    return None

