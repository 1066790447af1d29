"""`init --conda-pypi-map`: `false` or `CHANNEL=LOCATION[,CHANNEL=LOCATION]` → the TOML value
of `[workspace] conda-pypi-map` (a LOCATION of `false` turns the mapping off for that channel)."""

from __future__ import annotations

import json

from pyxi.diagnostics import PyxiError


def conda_pypi_map_value(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    if text == "false":
        return "false"
    if text == "true":
        raise _bad("`true` is not supported; use `false` to disable the mapping, or CHANNEL=LOCATION")
    entries: dict[str, str] = {}
    for entry in text.split(","):
        channel, sep, location = entry.partition("=")
        if not sep or not channel.strip() or not location.strip():
            raise _bad("expected `false` or CHANNEL=LOCATION")
        location = location.strip()
        entries[channel.strip()] = "false" if location == "false" else json.dumps(location)
    pairs = ", ".join(f"{json.dumps(ch)} = {value}" for ch, value in sorted(entries.items()))
    return f"{{ {pairs} }}"


def _bad(reason: str) -> PyxiError:
    return PyxiError(f"invalid value for '--conda-pypi-map <CONDA_PYPI_MAP>': {reason}",
                     help="e.g. `--conda-pypi-map false` or "
                     "`--conda-pypi-map conda-forge=mapping.json`", exit_code=2)
