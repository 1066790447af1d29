"""`pyxi auth login HOST …`, `logout HOST`, `status`: credentials for private channels and
indexes, stored where rattler and pixi keep them (`pyxi.config.credentials`), in their format,
under the key `pixi auth login` uses: the host (without scheme or port), or `*.DOMAIN` for a
bare two-part domain, so `prefix.dev` also covers `repo.prefix.dev`."""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit

from pyxi.config.credentials import Credential
from pyxi.config.credentials_edit import forget, listing, save
from pyxi.diagnostics import PyxiError

PREFIX_DEV_API_VARIABLE = "PREFIX_DEV_API_URL"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="auth_action", metavar="ACTION", required=True)
    login = sub.add_parser("login", help="Store authentication information for a given host")
    login.add_argument("host", help="the host to authenticate with (e.g. prefix.dev)")
    group = login.add_argument_group("Token / Basic Authentication")
    group.add_argument("--token", help="the token to use (for authentication with prefix.dev)")
    group.add_argument("--username", help="the username to use (for basic HTTP authentication)")
    group.add_argument("--password", help="the password to use (for basic HTTP authentication)")
    group.add_argument("--conda-token", help="the token to use on anaconda.org / quetz")
    s3 = login.add_argument_group("S3 Authentication")
    s3.add_argument("--s3-access-key-id", help="the S3 access key ID")
    s3.add_argument("--s3-secret-access-key", help="the S3 secret access key")
    s3.add_argument("--s3-session-token", help="the S3 session token")
    login.add_argument("--user-agent", help="User-Agent header used for requests")
    logout = sub.add_parser("logout", help="Remove authentication information for a given host")
    logout.add_argument("host", nargs="?", help="the host to remove authentication for")
    logout.add_argument("--all", action="store_true", help="remove every stored entry")
    sub.add_parser("status", help="Show the hosts with stored credentials (never the secrets)")


def execute(args: argparse.Namespace) -> int:
    if args.auth_action == "login":
        return _login(args)
    if args.auth_action == "logout":
        return _logout(args)
    return _status()


def login_key(host: str) -> str:
    """Where `pixi auth login HOST` stores the credential: the host name of a URL (or of a
    bare `host[:port]`), `*.HOST` when the host has exactly one dot."""
    host = host.strip()
    name = urlsplit(host if "://" in host else f"https://{host}").hostname or host.rstrip("/")
    return f"*.{name}" if name.count(".") == 1 else name


def _credential(args: argparse.Namespace) -> Credential:
    if args.conda_token:
        return Credential("CondaToken", args.conda_token)
    if args.username:
        if not args.password:
            raise PyxiError("Password must be provided when using basic authentication",
                            help="add `--password PASSWORD`")
        return Credential("BasicHTTP", {"username": args.username, "password": args.password})
    if args.token:
        return Credential("BearerToken", args.token)
    if args.s3_access_key_id or args.s3_secret_access_key:
        if not (args.s3_access_key_id and args.s3_secret_access_key):
            raise PyxiError("S3 authentication needs both `--s3-access-key-id` and "
                            "`--s3-secret-access-key`")
        return Credential("S3Credentials", {"access_key_id": args.s3_access_key_id,
                                            "secret_access_key": args.s3_secret_access_key,
                                            "session_token": args.s3_session_token})
    raise PyxiError("No authentication method provided",
                    help="pass `--token`, `--username` and `--password`, `--conda-token`, or "
                    "`--s3-access-key-id` and `--s3-secret-access-key`")


def _check_method(host: str, credential: Credential) -> None:
    if "prefix.dev" in host and credential.method != "BearerToken":
        raise PyxiError("Authentication with prefix.dev requires a token. Use `--token` to "
                        "provide one")
    if "anaconda.org" in host and credential.method != "CondaToken":
        raise PyxiError("Authentication with anaconda.org requires a conda token. Use "
                        "`--conda-token` to provide one")
    if ("s3://" in host) != (credential.method == "S3Credentials"):
        raise PyxiError("Authentication with S3 requires a S3 access key ID and a secret "
                        "access key. Use `--s3-access-key-id` and `--s3-secret-access-key` to "
                        "provide them")


def _login(args: argparse.Namespace) -> int:
    credential = _credential(args)
    _check_method(args.host, credential)
    key = login_key(args.host)
    print(f"Authenticating with {key} using {credential.method} method", file=sys.stderr)
    if "prefix.dev" in args.host:
        from pyxi.cli.auth_prefix import validate_prefix_token
        from pyxi.config.load import active

        if active().offline:
            raise PyxiError("network access is disabled by offline mode: a prefix.dev token is "
                            "checked online before it is stored", help="log in without `--offline`")

        validate_prefix_token(args.host, str(credential.value), args.user_agent)
    store = save(key, credential)
    print(f"Credentials stored for {key} ({store.name}).", file=sys.stderr)
    return 0


def _logout(args: argparse.Namespace) -> int:
    from pyxi.config.load import active

    override = active().get("authentication-override-file")
    if args.all:
        keys = [row[0] for row in listing(override)]
    elif args.host:
        plain = login_key(args.host).removeprefix("*.")
        keys = [plain, login_key(args.host), args.host]
    else:
        raise PyxiError("name the host to log out from, or pass `--all`")
    removed = forget(keys, override)
    for key, source in removed:
        print(f"Removing authentication for {key} ({source})", file=sys.stderr)
    if not removed and not args.all:
        raise PyxiError(f"No stored credentials found for {args.host}",
                        help="`pyxi auth status` lists the hosts with stored credentials")
    return 0


def _status() -> int:
    from pyxi.config.load import active

    rows = listing(active().get("authentication-override-file"))
    if not rows:
        print("No stored credentials.", file=sys.stderr)
    for key, method, source, live in rows:
        print(f"{key}\t{method}\t{source}{'' if live else ' (shadowed)'}")
    return 0
