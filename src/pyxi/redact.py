"""Keeping channel and index credentials out of everything pyxi prints or writes.

A URL may carry a secret in two places: its userinfo (`https://user:token@host/…`) and a
conda token path segment (`https://host/t/<token>/channel`). `redact` masks both inside any
text (messages, tracebacks, `info` output); `strip_credentials` removes them from one URL (what
goes into pixi.lock, as pixi does, so a committed lock never holds a secret).
"""

from __future__ import annotations

import re

MASK = "****"

# scheme://userinfo@ — userinfo ends at the first '@' before the host, and holds no '/'.
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?P<userinfo>[^/@\s'\"<>]+)@")
# conda tokens as anaconda.org and prefix.dev write them: /t/<token>/
_TOKEN = re.compile(r"(?P<head>://[^/\s'\"<>]+(?:/[^\s'\"<>]*?)?/t/)(?P<token>[^/\s'\"<>]+)(?=/)")


def redact(text: str) -> str:
    """`text` with every URL credential replaced by `****` (the user name is kept when only a
    password follows it, as `https://user:****@host`)."""
    if "://" not in text:
        return text
    text = _USERINFO.sub(_mask_userinfo, text)
    return _TOKEN.sub(lambda m: m.group("head") + MASK, text)


def _mask_userinfo(match: re.Match[str]) -> str:
    if _is_ssh_user(match):
        return match.group(0)
    user, sep, _ = match.group("userinfo").partition(":")
    shown = f"{user}:{MASK}" if sep else MASK
    return f"{match.group('scheme')}{shown}@"


def strip_credentials(url: str) -> str:
    """`url` without userinfo and without a `/t/<token>` segment."""
    if "://" not in url:
        return url
    url = _USERINFO.sub(lambda m: m.group(0) if _is_ssh_user(m) else m.group("scheme"), url)
    return _TOKEN.sub(lambda m: m.group("head")[: -len("/t/")], url)


def _is_ssh_user(match: re.Match[str]) -> bool:
    """`git+ssh://git@host`: a user name without a password is no secret (pixi keeps it)."""
    return "ssh" in match.group("scheme") and ":" not in match.group("userinfo")
