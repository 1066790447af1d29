"""A company network on loopback: a conda channel and a PyPI index behind basic auth or a bearer
token, `pyxi auth login`, a second machine, a mirror and a forwarding proxy.

The servers (`pyxi.testing.auth_server`) serve the test world's conda channel and a one-wheel
PyPI index; every "machine" is a fresh HOME (where `~/.rattler/credentials.json` lives) and a
fresh package cache.
"""

from __future__ import annotations

import base64
import http.server
import json
import os
import shutil
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pyxi.testing.auth_server import Basic, Bearer, CondaToken, FileServer, ForwardingProxy
from pyxi.testing.cli import Result, isolated_env, run_pyxi
from pyxi.testing.pypi_index import make_wheel, write_simple_index
from pyxi.testing.pytorch_world import PytorchWorlds

USER, PASSWORD, TOKEN = "alice", "s3cret-pa55", "tok-8c1f3e"
IMPORT = "import privpkg; print(privpkg.VALUE)"


@dataclass
class Net:
    basic: FileServer
    bearer: FileServer

    @staticmethod
    def manifest(server: FileServer) -> str:
        return (f'[workspace]\nname = "private"\nchannels = ["{server.url}conda-forge"]\n'
                'platforms = ["linux-64"]\n[dependencies]\npython = "3.11.*"\n'
                f'[pypi-dependencies]\nprivpkg = "*"\n[pypi-options]\nindex-url = "{server.url}pypi/simple"\n')


@pytest.fixture(scope="module")
def net(worlds: PytorchWorlds, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Net]:
    index = tmp_path_factory.mktemp("private-index")
    wheel = make_wheel(index / "build", "privpkg", "1.0", ("py3", "none", "any"),
                       files={"privpkg/__init__.py": "VALUE = 'private 1.0'\n"})
    write_simple_index(index, [wheel])
    mounts = {"conda-forge": worlds.conda_forge.root, "pypi": index}
    with FileServer(mounts, Basic(USER, PASSWORD)).running() as basic, \
            FileServer(mounts, Bearer(TOKEN)).running() as bearer:
        yield Net(basic, bearer)


@dataclass
class Machine:
    """One user on one computer: a HOME, a package cache, a workspace."""

    home: Path
    root: Path
    env: dict[str, str]

    def pyxi(self, *args: str, expect: int | None = 0) -> Result:
        return run_pyxi(args, self.root, self.env, expect)


def machine(tmp_path: Path, name: str, workspace: Path | None = None, **extra: str) -> Machine:
    home = tmp_path / name / "home"
    home.mkdir(parents=True)
    env = isolated_env(tmp_path / name / "cache", HOME=str(home), PYXI_NO_KEYRING="1")
    env.pop("RATTLER_AUTH_FILE", None)
    env.update(extra)
    root = workspace or tmp_path / name / "ws"
    root.mkdir(parents=True, exist_ok=True)
    return Machine(home, root, env)


def secrets_in(folder: Path, *secrets: str) -> list[str]:
    """Files under `folder` holding one of `secrets` (as text or in a basic-auth header)."""
    needles = [s.encode() for s in secrets]
    needles += [base64.b64encode(f"{USER}:{s}".encode()) for s in secrets]
    return [str(p) for p in folder.rglob("*") if p.is_file() and not p.is_symlink()
            and any(n in p.read_bytes() for n in needles)]


def test_login_lock_install_run_then_a_second_machine(net: Net, tmp_path: Path) -> None:
    laptop = machine(tmp_path, "laptop")
    (laptop.root / "pixi.toml").write_text(Net.manifest(net.basic))
    refused = laptop.pyxi("lock", expect=1)
    assert "127.0.0.1 requires authentication (HTTP 401 Unauthorized)" in refused.stderr
    assert "pyxi auth login 127.0.0.1" in refused.stderr

    laptop.pyxi("auth", "login", net.basic.url, "--username", USER, "--password", PASSWORD)
    stored = laptop.home / ".rattler" / "credentials.json"
    assert json.loads(stored.read_text()) == {
        "127.0.0.1": {"BasicHTTP": {"username": USER, "password": PASSWORD}}}
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    laptop.pyxi("lock")
    laptop.pyxi("install")
    assert laptop.pyxi("run", "python", "-c", IMPORT).stdout.strip() == "private 1.0"
    wheel_requests = [h for p, h in net.basic.requests if p.startswith("/pypi/files/privpkg")]
    assert any(h.get("authorization") for h in wheel_requests)
    shown = [laptop.pyxi(*a).stdout for a in (("list", "--json"), ("info", "--json"), ("auth", "status"))]
    assert not any(PASSWORD in text for text in shown)
    assert secrets_in(laptop.root, PASSWORD) == []

    # the lock goes to a second machine: no credentials there until its own login
    server = machine(tmp_path, "server")
    for name in ("pixi.toml", "pixi.lock"):
        (server.root / name).write_bytes((laptop.root / name).read_bytes())
    refused = server.pyxi("install", "--frozen", expect=1)
    assert "requires authentication" in refused.stderr and "pyxi auth login" in refused.stderr
    server.pyxi("auth", "login", "127.0.0.1", "--username", USER, "--password", PASSWORD)
    server.pyxi("install", "--frozen")
    assert server.pyxi("run", "--frozen", "python", "-c", IMPORT).stdout.strip() == "private 1.0"
    assert (server.root / "pixi.lock").read_bytes() == (laptop.root / "pixi.lock").read_bytes()


def test_a_wrong_password_is_refused_by_name(net: Net, tmp_path: Path) -> None:
    user = machine(tmp_path, "user")
    (user.root / "pixi.toml").write_text(Net.manifest(net.basic))
    user.pyxi("auth", "login", "127.0.0.1", "--username", USER, "--password", "wrong-one")
    refused = user.pyxi("lock", expect=1)
    assert "127.0.0.1 refused the credentials sent to it (HTTP 403 Forbidden)" in refused.stderr
    assert "pyxi auth login 127.0.0.1" in refused.stderr and "wrong-one" not in refused.stderr


def test_a_token_in_a_file_written_the_way_pixi_writes_it(net: Net, tmp_path: Path) -> None:
    auth_file = tmp_path / "pixi-credentials.json"
    auth_file.write_text(json.dumps({"127.0.0.1": {"BearerToken": TOKEN}}, indent=4))
    user = machine(tmp_path, "user", RATTLER_AUTH_FILE=str(auth_file))
    (user.root / "pixi.toml").write_text(Net.manifest(net.bearer))
    user.pyxi("install")
    assert user.pyxi("run", "python", "-c", IMPORT).stdout.strip() == "private 1.0"
    assert "127.0.0.1\tBearerToken" in user.pyxi("auth", "status").stdout
    assert secrets_in(user.root, TOKEN) == []
    user.pyxi("auth", "logout", "127.0.0.1")
    assert json.loads(auth_file.read_text()) == {}
    assert not (user.home / ".rattler").exists()


def test_netrc_credentials_reach_the_pypi_index(net: Net, worlds: PytorchWorlds,
                                                 tmp_path: Path) -> None:
    """No `pyxi auth login` at all: uv reads ~/.netrc for the index (the channel is local)."""
    user = machine(tmp_path, "user")
    netrc = user.home / ".netrc"
    netrc.write_text(f"machine 127.0.0.1\nlogin {USER}\npassword {PASSWORD}\n")
    os.chmod(netrc, 0o600)
    text = Net.manifest(net.basic).replace(f"{net.basic.url}conda-forge", worlds.conda_forge.url)
    (user.root / "pixi.toml").write_text(text)
    user.pyxi("install")
    assert user.pyxi("run", "python", "-c", IMPORT).stdout.strip() == "private 1.0"
    assert secrets_in(user.root, PASSWORD) == []


def test_a_private_index_without_credentials_names_the_login(net: Net, worlds: PytorchWorlds,
                                                             tmp_path: Path) -> None:
    user = machine(tmp_path, "user")
    text = Net.manifest(net.basic).replace(f"{net.basic.url}conda-forge", worlds.conda_forge.url)
    (user.root / "pixi.toml").write_text(text)
    refused = user.pyxi("lock", expect=1)
    assert "127.0.0.1 requires authentication" in refused.stderr
    assert "pyxi auth login 127.0.0.1" in refused.stderr
    user.pyxi("auth", "login", "127.0.0.1", "--username", USER, "--password", PASSWORD)
    user.pyxi("lock")
    other = machine(tmp_path, "other", workspace=user.root)  # the wheel download needs a login
    refused = other.pyxi("install", "--frozen", expect=1)
    assert "failed to install PyPI packages: 127.0.0.1 requires authentication" in refused.stderr
    assert "pyxi auth login 127.0.0.1" in refused.stderr


def _config(user: Machine, text: str) -> None:
    (user.root / ".pixi").mkdir(exist_ok=True)
    (user.root / ".pixi" / "config.toml").write_text(text)


def test_mirrors_and_proxies_from_the_configuration(tmp_path: Path) -> None:
    from workflow_world import build_channel, manifest

    origin_root = build_channel(tmp_path / "origin" / "chan").root
    mirror_root = tmp_path / "mirror" / "chan"
    shutil.copytree(origin_root, mirror_root)
    with FileServer({"chan": origin_root}).running() as origin, \
            FileServer({"chan": mirror_root}).running() as mirror, \
            ForwardingProxy().running() as proxy:
        user = machine(tmp_path, "user")
        (user.root / "pixi.toml").write_text(manifest(f"{origin.url}chan"))
        _config(user, f'[mirrors]\n"{origin.url}chan" = ["{mirror.url}chan"]\n')
        user.pyxi("install")
        assert origin.requests == []
        assert any(p.endswith(".conda") for p in mirror.paths())  # repodata and packages
        lock = (user.root / "pixi.lock").read_text()
        assert f"{origin.url}chan/" in lock and str(mirror.url) not in lock

        for archive in (mirror_root / "noarch").glob("alpha-*"):
            archive.unlink()
        shutil.rmtree(user.root / ".pixi" / "envs")
        fresh = machine(tmp_path, "fresh", workspace=user.root)
        missing = fresh.pyxi("install", "--frozen", expect=1)
        assert f"the mirror {mirror.url}chan/ does not have noarch/alpha-2.5.1" in missing.stderr
        assert f"original url: {origin.url}chan/noarch/alpha-2.5.1" in missing.stderr

        _config(user, f'[proxy-config]\nhttp = "{proxy.url}"\n')
        shutil.rmtree(user.root / ".pixi" / "envs", ignore_errors=True)
        machine(tmp_path, "proxied", workspace=user.root).pyxi("install", "--frozen")
        assert f"{origin.url}chan/noarch/alpha-2.5.1-h0_0.conda" in proxy.targets

        _config(user, '[proxy-config]\nhttp = "http://127.0.0.1:9"\n')
        (user.root / "pixi.lock").unlink()
        down = machine(tmp_path, "down", workspace=user.root).pyxi("lock", expect=1)
        assert "through the proxy http://127.0.0.1:9" in down.stderr
        assert "proxy-config.http" in down.stderr


@pytest.mark.parametrize("where", ["config", "manifest"])
def test_an_s3_channel_with_s3_options_and_stored_keys(tmp_path: Path, where: str) -> None:
    """`s3://bucket/chan` through rattler's S3 support: requests presigned with the keys of
    `pyxi auth login s3://bucket`, sent to the endpoint of `[s3-options]` (pixi's config) or
    `[workspace.s3-options]` (the manifest, which wins); the lock keeps s3://."""
    from workflow_world import build_channel, manifest

    bucket = tmp_path / "bucket"
    build_channel(bucket / "chan")
    with FileServer({"bucket": bucket}).running() as endpoint:
        user = machine(tmp_path, "user")
        options = (f'endpoint-url = "{endpoint.url}"\nregion = "us-east-1"\n'
                   "force-path-style = true\n")
        text = manifest("s3://bucket/chan")
        if where == "manifest":  # a config entry for the same bucket that would not work
            text += f"\n[workspace.s3-options.bucket]\n{options}"
            options = options.replace(endpoint.url, "http://127.0.0.1:9")
        (user.root / "pixi.toml").write_text(text)
        _config(user, f"[s3-options.bucket]\n{options}")
        user.pyxi("auth", "login", "s3://bucket", "--s3-access-key-id", "AKIAPYXITEST",
                  "--s3-secret-access-key", PASSWORD)
        user.pyxi("install")
        package = [p for p in endpoint.paths() if p.startswith("/bucket/chan/noarch/alpha-")]
        assert package and all("X-Amz-Credential=AKIAPYXITEST" in p for p in package)
        assert "conda: s3://bucket/chan/noarch/alpha-2.5.1" in (user.root / "pixi.lock").read_text()
        assert secrets_in(user.root, PASSWORD) == []


def test_a_lock_written_against_a_url_with_credentials_installs_from_stored_ones(
        tmp_path: Path) -> None:
    from workflow_world import build_channel, manifest

    channel = build_channel(tmp_path / "served" / "chan")
    with FileServer({"chan": channel.root}, Basic(USER, PASSWORD)).running() as server:
        inline = server.url.replace("http://", f"http://{USER}:{PASSWORD}@")
        author = machine(tmp_path, "author")
        (author.root / "pixi.toml").write_text(manifest(f"{inline}chan"))
        outputs = [author.pyxi("-vvv", "lock"), author.pyxi("info"), author.pyxi("list", "--json")]
        assert not any(PASSWORD in r.stdout + r.stderr for r in outputs)
        assert f"{server.url}chan/noarch/alpha-2.5.1" in (author.root / "pixi.lock").read_text()
        assert secrets_in(author.root, PASSWORD) == [str(author.root / "pixi.toml")]

        later = machine(tmp_path, "later", workspace=author.root)
        refused = later.pyxi("install", "--frozen", expect=1)
        assert "127.0.0.1 requires authentication" in refused.stderr
        assert PASSWORD not in refused.stderr
        later.pyxi("auth", "login", "127.0.0.1", "--username", USER, "--password", PASSWORD)
        later.pyxi("install", "--frozen")
        assert (author.root / ".pixi" / "envs" / "default" / "share" / "alpha").is_dir()


class _GraphQL(http.server.BaseHTTPRequestHandler):
    """prefix.dev's API: names the user of the one valid token."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        valid = self.headers.get("Authorization") == f"Bearer {TOKEN}"
        body = json.dumps({"data": {"viewer": {"login": "alice"} if valid else None}}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_prefix_dev_tokens_are_checked_before_they_are_stored(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GraphQL)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        api = f"http://127.0.0.1:{server.server_address[1]}/"
        user = machine(tmp_path, "user", PREFIX_DEV_API_URL=api)
        bad = user.pyxi("auth", "login", "https://prefix.dev/", "--token", "DUMMY", expect=1)
        assert "Unauthorized or invalid token" in bad.stderr
        assert not (user.home / ".rattler" / "credentials.json").exists()
        wrong = user.pyxi("auth", "login", "prefix.dev", "--username", "a", "--password", "b", expect=1)
        assert "requires a token" in wrong.stderr
        offline = user.pyxi("auth", "login", "prefix.dev", "--token", TOKEN, "--offline", expect=1)
        assert "offline mode" in offline.stderr
        good = user.pyxi("auth", "login", "prefix.dev", "--token", TOKEN)
        assert 'as "alice"' in good.stderr
        stored = json.loads((user.home / ".rattler" / "credentials.json").read_text())
        assert stored == {"*.prefix.dev": {"BearerToken": TOKEN}}
    finally:
        server.shutdown()
        server.server_close()


def test_pypi_requests_of_uv_and_of_pyxi_go_through_the_proxy(net: Net, worlds: PytorchWorlds,
                                                              tmp_path: Path) -> None:
    user = machine(tmp_path, "user")
    text = Net.manifest(net.bearer).replace(f"{net.bearer.url}conda-forge", worlds.conda_forge.url)
    (user.root / "pixi.toml").write_text(text)
    with ForwardingProxy().running() as proxy:
        _config(user, f'[proxy-config]\nhttp = "{proxy.url}"\n')
        user.pyxi("auth", "login", "127.0.0.1", "--token", TOKEN)
        user.pyxi("lock")
    index = [agent for target, agent in zip(proxy.targets, proxy.agents, strict=True)
             if target.startswith(f"{net.bearer.url}pypi/")]
    assert any(agent.startswith("uv/") for agent in index)
    assert "pyxi" in index  # the lock's core metadata, read by pyxi itself


def test_a_conda_token_goes_into_the_path_and_never_into_the_lock(tmp_path: Path) -> None:
    from workflow_world import build_channel, manifest

    channel = build_channel(tmp_path / "served" / "chan")
    with FileServer({"chan": channel.root}, CondaToken(TOKEN)).running() as server:
        user = machine(tmp_path, "user")
        (user.root / "pixi.toml").write_text(manifest(f"{server.url}chan"))
        user.pyxi("auth", "login", "127.0.0.1", "--conda-token", TOKEN)
        user.pyxi("install")
        assert any(p.startswith(f"/t/{TOKEN}/chan/noarch/alpha-") for p in server.paths())
        assert secrets_in(user.root, TOKEN) == []
