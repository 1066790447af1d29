"""The credentials of `pyxi auth login` (rattler's stores, `pyxi.config.credentials`) handed to
uv for PyPI indexes and wheel downloads, as pixi hands them to its uv client.

uv reads its own credential store (`credentials.toml` in `UV_CREDENTIALS_DIR`): for one run,
pyxi writes a private one (a fresh 0700 folder, removed afterwards) with a `basic` or `bearer`
entry for each server the run talks to that has stored credentials, then the user's own uv
entries for the other servers. So no secret is put on a command line, in an environment variable or in a file of
the workspace, and pixi.lock keeps URLs without credentials. `~/.netrc` (or `NETRC`) is read by
uv itself and needs nothing from pyxi.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

CREDENTIALS_DIR_VARIABLE = "UV_CREDENTIALS_DIR"
_URL = re.compile(r"https?://[^\s\"'<>\]\[,]+")
_READ_LIMIT = 4 << 20  # pyxi's own input files for uv (requirements, pylock, pyproject)


def server_urls(args: Sequence[str], cwd: Path | None) -> list[str]:
    """The http(s) URLs in uv's arguments, in the files they name, and in `cwd`'s
    `pyproject.toml` (the project pyxi writes for a resolution)."""
    texts = list(args)
    files = [Path(arg) for arg in args if arg.endswith((".txt", ".toml", ".in"))]
    if cwd is not None:
        files.append(cwd / "pyproject.toml")
    for path in files:
        with contextlib.suppress(OSError, ValueError):
            if path.is_file() and path.stat().st_size < _READ_LIMIT:
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return list(dict.fromkeys(url for text in texts for url in _URL.findall(text)))


def _service(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}/"


def credential_entries(urls: Sequence[str], override_file: str | None) -> dict[str, str]:
    """{service: uv `[[credential]]` table} for the servers of `urls` with stored credentials."""
    from pyxi.config.credentials import find

    entries: dict[str, str] = {}
    for url in urls:
        service = _service(url)
        if service in entries or urlsplit(url).username:
            continue
        found = find(url, override_file)
        if found is None:
            continue
        credential = found[1]
        basic, token = credential.basic(), credential.bearer()
        if basic is not None:
            fields = {"username": basic[0], "scheme": "basic", "password": basic[1]}
        elif token is not None:
            fields = {"scheme": "bearer", "token": token}
        else:
            continue
        body = "".join(f"{key} = {json.dumps(value)}\n" for key, value in fields.items())
        entries[service] = f"[[credential]]\nservice = {json.dumps(service)}\n{body}"
    return entries


def _user_entries(taken: Collection[str]) -> list[str]:
    """The user's own `uv auth` entries for the other services (uv ignores a store that names
    one service twice)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    try:
        document = tomllib.loads(_user_store().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    kept = []
    for table in document.get("credential", []):
        if isinstance(table, dict) and table.get("service") not in taken:
            body = "".join(f"{key} = {json.dumps(value)}\n" for key, value in table.items()
                           if isinstance(value, str))
            kept.append(f"[[credential]]\n{body}")
    return kept


def _user_store() -> Path:
    named = os.environ.get(CREDENTIALS_DIR_VARIABLE)
    if named:
        return Path(named) / "credentials.toml"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "uv" / "credentials" / "credentials.toml"


@contextlib.contextmanager
def uv_credentials(args: Sequence[str], cwd: Path | None) -> Iterator[dict[str, str]]:
    """The environment variables that give one uv run the stored credentials (none when no
    server it talks to has any)."""
    from pyxi.config.load import active

    entries = credential_entries(server_urls(args, cwd), active().get("authentication-override-file"))
    if not entries:
        yield {}
        return
    tables = [*entries.values(), *_user_entries(entries)]
    folder = Path(tempfile.mkdtemp(prefix="pyxi-uv-auth-"))
    try:
        store = folder / "credentials.toml"
        descriptor = os.open(store, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n".join(tables))
        yield {CREDENTIALS_DIR_VARIABLE: str(folder)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
