"""What `pyxi auth login/logout/status` change and show in the credential stores
(`credentials.py`): a login goes to the first store that takes it, a logout removes the key from
every store, the listing names the store of each entry and which one a lookup finds."""

from __future__ import annotations

from .credentials import (
    AUTH_FILE_VARIABLE,
    Credential,
    CredentialsError,
    Store,
    stores,
    writable_stores,
)


def save(key: str, credential: Credential) -> Store:
    """Store `credential` under `key` in the first store that takes it; that store."""
    failures: list[str] = []
    for store in writable_stores():
        try:
            store.put(key, credential)
            return store
        except CredentialsError:
            raise  # a file that cannot be read: fixing it beats writing somewhere else
        except Exception as error:  # noqa: BLE001 - a keyring that refuses: the next store
            failures.append(f"{store.name}: {error}")
    raise CredentialsError(f"could not store the credentials for {key}", notes=failures,
                           help=f"set {AUTH_FILE_VARIABLE} to a file you can write")


def forget(keys: list[str], override_file: str | None = None) -> list[tuple[str, str]]:
    """Remove every credential stored under one of `keys`: (key, store name) of each removed."""
    removed: list[tuple[str, str]] = []
    for store in stores(override_file):
        for key in dict.fromkeys(keys):
            if store.delete(key):
                removed.append((key, store.name))
    return removed


def listing(override_file: str | None = None) -> list[tuple[str, str, str, bool]]:
    """(key, method, store name, active) of every listable entry; `active`: the one a lookup
    of that key finds (an entry of a later store under the same key is shadowed)."""
    seen: set[str] = set()
    rows: list[tuple[str, str, str, bool]] = []
    for store in stores(override_file):
        for key in store.hosts():
            credential = store.get(key)
            if credential is not None:
                rows.append((key, credential.method, store.name, key not in seen))
                seen.add(key)
    return sorted(rows, key=lambda row: row[0])
