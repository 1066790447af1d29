"""rattler's credential stores as pyxi reads and writes them (`pyxi.config.credentials`), the keys
`pyxi auth login` stores under, what uv and pyxi's own PyPI requests get from them, and the
network failures explained to the user (`pyxi.config.network_errors`)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from pyxi.cli.auth import login_key
from pyxi.config import credentials
from pyxi.config.credentials import Credential, find, lookup_keys
from pyxi.config.credentials_edit import forget, listing, save
from pyxi.config.model import Config
from pyxi.config.network_errors import explain
from pyxi.pypi.http_auth import authorization, authorized_request
from pyxi.pypi.uv_auth import credential_entries, server_urls, uv_credentials


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PYXI_NO_KEYRING", "1")
    monkeypatch.delenv("RATTLER_AUTH_FILE", raising=False)
    for name in ("NETRC", "XDG_DATA_HOME", "UV_CREDENTIALS_DIR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _write(path: Path, document: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize(("typed", "key"), [
    ("prefix.dev", "*.prefix.dev"), ("https://prefix.dev/", "*.prefix.dev"),
    ("repo.prefix.dev", "repo.prefix.dev"), ("http://127.0.0.1:8000/chan", "127.0.0.1"),
    ("localhost:8080", "localhost"), ("s3://my-bucket/channel", "my-bucket"),
])
def test_login_keys_are_where_pixi_stores_and_rattler_looks(typed: str, key: str) -> None:
    assert login_key(typed) == key


def test_lookup_keys_follow_rattler(home: Path) -> None:
    assert list(lookup_keys("https://repo.prefix.dev/chan/noarch/x.conda")) == [
        "repo.prefix.dev", "*.repo.prefix.dev", "*.prefix.dev", "*.dev"]
    assert list(lookup_keys("s3://bucket/a/b"))[:4] == ["bucket", "s3://bucket/a/b", "s3://bucket/a",
                                                        "s3://bucket"]


def test_the_default_file_is_owner_only_and_in_rattlers_format(home: Path) -> None:
    store = save("*.example.com", Credential("BasicHTTP", {"username": "u", "password": "p"}))
    path = home / ".rattler" / "credentials.json"
    assert store.name == f"file ({path})"
    assert json.loads(path.read_text()) == {"*.example.com": {"BasicHTTP": {"username": "u", "password": "p"}}}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert find("https://conda.example.com/x") == ("*.example.com", Credential(
        "BasicHTTP", {"username": "u", "password": "p"}))


def test_rattler_auth_file_comes_first_then_the_override_file(home: Path, monkeypatch) -> None:
    default = _write(home / ".rattler" / "credentials.json", {"h.org": {"BearerToken": "default"}})
    override = _write(home / "override.json", {"h.org": {"BearerToken": "override"}})
    assert find("https://h.org/c", str(override))[1].value == "override"
    named = _write(home / "named.json", {"h.org": {"BearerToken": "named"}})
    monkeypatch.setenv("RATTLER_AUTH_FILE", str(named))
    assert find("https://h.org/c", str(override))[1].value == "named"
    save("new.org", Credential("CondaToken", "t"))  # a login goes to RATTLER_AUTH_FILE
    assert "new.org" in json.loads(named.read_text()) and "new.org" not in default.read_text()
    rows = listing(str(override))
    assert [(r[0], r[3]) for r in rows if r[0] == "h.org"] == [("h.org", True), ("h.org", False), ("h.org", False)]
    assert forget(["h.org"], str(override)) and find("https://h.org/c", str(override)) is None


def test_a_broken_file_is_a_clear_error(home: Path) -> None:
    broken = home / ".rattler" / "credentials.json"
    broken.parent.mkdir()
    broken.write_text("{not json")
    with pytest.raises(credentials.CredentialsError, match="cannot read the credentials file"):
        save("x.org", Credential("BearerToken", "t"))


def test_uv_gets_basic_and_bearer_entries_for_the_servers_it_talks_to(home: Path, tmp_path: Path) -> None:
    _write(home / ".rattler" / "credentials.json", {
        "127.0.0.1": {"BasicHTTP": {"username": "u", "password": "p"}},
        "*.corp.com": {"BearerToken": "tok"}, "s3host": {"CondaToken": "c"}})
    project = tmp_path / "proj"
    project.mkdir()
    (project / "pyproject.toml").write_text('url = "https://pypi.corp.com/simple"\n')
    urls = server_urls(["--default-index", "http://127.0.0.1:8080/simple"], project)
    assert urls == ["http://127.0.0.1:8080/simple", "https://pypi.corp.com/simple"]
    entries = credential_entries([*urls, "https://pypi.org/simple", "http://s3host/x"], None)
    assert list(entries.values()) == [
        '[[credential]]\nservice = "http://127.0.0.1:8080/"\nusername = "u"\nscheme = "basic"\npassword = "p"\n',
        '[[credential]]\nservice = "https://pypi.corp.com/"\nscheme = "bearer"\ntoken = "tok"\n']
    own = home / ".local" / "share" / "uv" / "credentials" / "credentials.toml"
    own.parent.mkdir(parents=True)
    own.write_text('[[credential]]\nservice = "http://127.0.0.1:8080/"\nusername = "x"\npassword = "y"\n\n'
                   '[[credential]]\nservice = "https://other.org/"\nusername = "o"\npassword = "q"\n')
    with uv_credentials(["--index", "http://127.0.0.1:8080/simple"], None) as env:
        folder = Path(env["UV_CREDENTIALS_DIR"])
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        written = folder / "credentials.toml"
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        services = [line for line in written.read_text().splitlines() if line.startswith("service")]
        assert services == ['service = "http://127.0.0.1:8080/"', 'service = "https://other.org/"']
    assert not folder.exists()
    with uv_credentials(["--index", "https://pypi.org/simple"], None) as env:
        assert env == {}


def test_pyxis_own_requests_carry_credentials_but_not_across_redirects(home: Path) -> None:
    (home / ".netrc").write_text("machine netrc.org login n password np\n")
    _write(home / ".rattler" / "credentials.json", {"stored.org": {"BearerToken": "tok"}})
    assert authorization("https://stored.org/f.whl") == "Bearer tok"
    assert authorization("https://netrc.org/f.whl") == "Basic bjpucA=="
    assert authorization("https://elsewhere.org/f.whl") is None
    request = authorized_request("https://u:p@inline.org/f.whl")
    assert request.full_url == "https://inline.org/f.whl"
    assert request.unredirected_hdrs == {"Authorization": "Basic dTpw"}
    assert "Authorization" not in request.headers


def test_network_failures_name_the_host_the_proxy_or_both_urls(monkeypatch) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    config = Config({"mirrors": {"https://conda.anaconda.org/conda-forge": ["http://mirror/cf"]},
                     "proxy-config": {"http": "http://proxy:3128", "non-proxy-hosts": ["local.lan"]}})
    denied = explain("HTTP status client error (401 Unauthorized) for url (https://repo.corp.com/c/x)", config)
    assert denied is not None and "repo.corp.com requires authentication" in denied.message
    assert "pyxi auth login repo.corp.com" in denied.help
    mirror = explain("HTTP status client error (404 Not Found) for url (http://mirror/cf/noarch/a.conda)", config)
    assert mirror is not None and mirror.notes == [
        "mirror url: http://mirror/cf/noarch/a.conda",
        "original url: https://conda.anaconda.org/conda-forge/noarch/a.conda"]
    refused = "error sending request for url (http://{}/x)\ntcp connect error: Connection refused"
    proxied = explain(refused.format("host.org"), config)
    assert proxied is not None and "through the proxy http://proxy:3128" in proxied.message
    assert explain(refused.format("local.lan"), config) is None
    assert explain("HTTP status client error (404 Not Found) for url (http://other/x)", config) is None


class _Keyring:
    """A stand-in for the system keyring (none exists on this machine): service/user → secret."""

    priority = 5

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.entries.get((service, user))

    def set_password(self, service: str, user: str, secret: str) -> None:
        self.entries[(service, user)] = secret

    def delete_password(self, service: str, user: str) -> None:
        del self.entries[(service, user)]


def test_the_keyring_holds_logins_under_rattlers_service_before_the_file(home: Path, monkeypatch) -> None:
    backend = _Keyring()
    monkeypatch.setattr(credentials, "system_keyring", lambda: credentials.KeyringStore(backend))
    assert save("*.corp.com", Credential("BearerToken", "tok")).name == "keyring"
    assert backend.entries == {("rattler", "*.corp.com"): '{"BearerToken": "tok"}'}
    assert not (home / ".rattler" / "credentials.json").exists()
    assert find("https://repo.corp.com/x") == ("*.corp.com", Credential("BearerToken", "tok"))
    assert forget(["*.corp.com"]) == [("*.corp.com", "keyring")] and backend.entries == {}


def test_uvs_own_words_for_the_same_failures(monkeypatch) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    config = Config({"proxy-config": {"http": "http://proxy:3128"}})
    hint = ("hint: An index URL (http://idx.corp/simple) could not be queried due to a lack of "
            "valid authentication credentials (401 Unauthorized)")
    denied = explain(hint, config)
    assert denied is not None and denied.message.startswith("idx.corp requires authentication")
    down = explain("cause: Failed to fetch: http://idx.corp/simple/a/ cause: error sending request "
                   "for url (http://idx.corp/simple/a/) cause: client error (Connect) cause: tcp "
                   "connect error", config)
    assert down is not None and "through the proxy http://proxy:3128" in down.message
