"""Find and run the `uv` binary shipped by the `uv` wheel, isolated from the user's uv config."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError
from pyxi.helpers import run_helper

logger = logging.getLogger("pyxi.pypi.uv")

# Variables that would make uv read configuration, indexes or interpreters from the user's
# setup instead of from what pyxi passes on the command line.
_LEAKY_PREFIXES = ("UV_", "PIP_")
_KEEP = ("UV_SKIP_WHEEL_FILENAME_CHECK", "UV_HTTP_TIMEOUT", "UV_NATIVE_TLS", "UV_INSECURE_HOST")


class UvNotFoundError(PyxiError):
    """The uv binary could not be located."""


class UvError(PyxiError):
    """uv ran and failed. `stderr`/`stdout` keep its own output for diagnosis."""

    def __init__(self, message: str, *, returncode: int, stdout: str, stderr: str, args: Sequence[str]):
        super().__init__(message)
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.command = list(args)


@model(frozen=True)
class UvResult:
    returncode: int
    stdout: str
    stderr: str


@lru_cache(maxsize=1)
def find_uv() -> Path:
    """The uv executable from the `uv` package (`uv.find_uv_bin()`), else `PYXI_UV` if set."""
    override = os.environ.get("PYXI_UV")
    if override:
        return Path(override)
    try:
        import uv

        return Path(uv.find_uv_bin())
    except (ImportError, FileNotFoundError) as error:
        raise UvNotFoundError(
            "could not find the `uv` binary", help="install pyxi's `uv` dependency (`pip install uv`)",
            notes=[str(error)],
        ) from error


def uv_environment(cache_dir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment for uv: no user config, no Python downloads, pyxi's cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_LEAKY_PREFIXES) or k in _KEEP}
    env.update(
        UV_NO_CONFIG="1",
        UV_PYTHON_DOWNLOADS="never",
        UV_CACHE_DIR=str(cache_dir),
        NO_COLOR="1",
    )
    for name in ("VIRTUAL_ENV", "CONDA_PREFIX"):  # uv must only see the interpreter pyxi names
        env.pop(name, None)
    env.update(configured_environment())
    env.update(extra or {})
    return env


def configured_environment(urls: Sequence[str] = ()) -> dict[str, str]:
    """uv's settings from pixi's configuration (`pyxi.config.active()`): offline mode, download
    concurrency, keyring, TLS (`tls-no-verify` trusts the hosts of `urls` and PyPI's) and
    proxies (the environment's own `*_PROXY` variables win, as in pixi)."""
    from pyxi.config.load import active

    config = active()
    env = {"UV_CONCURRENT_DOWNLOADS": str(config.concurrent_downloads)}
    if config.offline:
        env["UV_OFFLINE"] = "1"
    if config.keyring_provider:
        env["UV_KEYRING_PROVIDER"] = config.keyring_provider
    insecure = list(config.pypi_insecure_hosts)
    if config.tls_no_verify:
        insecure += [_host(url) for url in urls if "://" in url]
        insecure += ["pypi.org", "files.pythonhosted.org"]
    if insecure:
        env["UV_INSECURE_HOST"] = " ".join(dict.fromkeys(h for h in insecure if h))
    if config.get("tls-root-certs") in ("system", "native"):
        env["UV_NATIVE_TLS"] = "1"
    for key, variable in (("http", "HTTP_PROXY"), ("https", "HTTPS_PROXY")):
        value = config.get(f"proxy-config.{key}")
        if value and not os.environ.get(variable) and not os.environ.get(variable.lower()):
            env[variable] = str(value)
    hosts = config.get("proxy-config.non-proxy-hosts")
    if hosts and not os.environ.get("NO_PROXY"):
        env["NO_PROXY"] = ",".join(hosts)
    return env


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or ""


def run_uv(
    args: Sequence[str],
    *,
    cache_dir: Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> UvResult:
    """Run `uv ARGS` and return its output. With `check`, a non-zero exit raises `UvError`."""
    command = [str(find_uv()), *args]
    logger.debug(f"running {' '.join(command)}")
    settings = {**configured_environment(args), **(env or {})}
    from .uv_auth import uv_credentials

    try:
        with uv_credentials(args, cwd) as secrets:
            done = run_helper(command, cwd=cwd, env=uv_environment(cache_dir, {**settings, **secrets}))
    except OSError as error:
        raise UvNotFoundError(f"could not run uv ({command[0]})", notes=[str(error)]) from error
    if check and done.returncode != 0:
        raise UvError(
            f"uv {' '.join(args[:2])} failed ({_status(done.returncode)})",
            returncode=done.returncode, stdout=done.stdout, stderr=done.stderr, args=command,
        )
    return UvResult(done.returncode, done.stdout, done.stderr)


def _status(returncode: int) -> str:
    if returncode < 0:
        return f"killed by signal {-returncode}"
    return f"exit code {returncode}"
