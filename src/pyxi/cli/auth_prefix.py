"""prefix.dev checks a token before `pyxi auth login` stores it, as pixi does: its GraphQL API
names the user a valid token belongs to (`PREFIX_DEV_API_URL` points elsewhere)."""

from __future__ import annotations

import json
import os
from urllib.parse import urlsplit

from pyxi import __version__
from pyxi.diagnostics import PyxiError

_TIMEOUT_S = 30


def api_url(host: str) -> str:
    override = os.environ.get("PREFIX_DEV_API_URL")
    if override:
        return override.rstrip("/") + "/"
    bare = host.replace("*.", "")
    name = urlsplit(bare if "://" in bare else f"https://{bare}").hostname or "prefix.dev"
    return f"https://{name.removeprefix('repo.')}/"


def validate_prefix_token(host: str, token: str, user_agent: str | None) -> None:
    """Raise unless prefix.dev accepts `token`; print who it belongs to."""
    import sys
    import urllib.error
    import urllib.request

    url = api_url(host) + "api/graphql"
    request = urllib.request.Request(
        url, data=json.dumps({"query": "query { viewer { login } }"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                 "User-Agent": user_agent or f"pyxi/{__version__}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT_S) as response:
            document = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        raise PyxiError("Unauthorized or invalid token",
                        notes=[f"{url} answered HTTP {error.code}"]) from None
    except (OSError, ValueError) as error:
        raise PyxiError(f"could not validate the token with {url}: {error}",
                        help="check the network; the token is stored only once prefix.dev "
                        "accepts it") from None
    viewer = (document.get("data") or {}).get("viewer") if isinstance(document, dict) else None
    login = viewer.get("login") if isinstance(viewer, dict) else None
    if not login:
        raise PyxiError("Unauthorized or invalid token")
    print(f"✅ Token is valid. Logged into {api_url(host)} as \"{login}\". Storing credentials...",
          file=sys.stderr)
