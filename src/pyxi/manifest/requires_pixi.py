"""`[workspace] requires-pixi`: checked before anything else is read, as pixi does, against the
pixi version pyxi follows (`consts.PIXI_VERSION`), so a manifest written for a newer pixi says
so instead of failing on a key that version introduced. `pyxi workspace requires-pixi get|set|
unset` read and edit the manifest without the check (`version_check_skipped`), as pixi's do;
`verify` reports a mismatch with exit code 4."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pyxi.consts import PIXI_VERSION
from pyxi.diagnostics import ManifestError
from pyxi.manifest.errors import Source
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.specs import strict_spec_matches

_SKIPPED: ContextVar[bool] = ContextVar("pyxi_requires_pixi_skipped", default=False)


class PixiVersionMismatch(ManifestError):
    """The manifest's `requires-pixi` excludes the pixi version pyxi follows."""


@contextmanager
def version_check_skipped() -> Iterator[None]:
    """Manifests read inside do not have their `requires-pixi` checked."""
    token = _SKIPPED.set(True)
    try:
        yield
    finally:
        _SKIPPED.reset(token)


def check_requires_pixi(src: Source, data: dict[str, Any]) -> None:
    """Raise pixi's error when the manifest's `requires-pixi` excludes PIXI_VERSION."""
    table_key = "workspace" if "workspace" in data else "project"
    table = data.get(table_key)
    spec = table.get("requires-pixi") if isinstance(table, dict) else None
    if not isinstance(spec, str) or _SKIPPED.get():
        return  # absent, or a type error the full parse reports with its location
    path: KeyPath = (table_key, "requires-pixi")
    outcome = strict_spec_matches(spec, PIXI_VERSION)
    if isinstance(outcome, str):
        src.error(
            "invalid version specifier in 'requires-pixi'",
            path,
            help=f"could not parse `{spec}` as a version specifier ({outcome})",
        )
    matches, shown = outcome
    if not matches:
        raise PixiVersionMismatch(
            f"this project requires pixi '{shown}', but you have pixi {PIXI_VERSION}",
            location=src.loc(path),
            help=f"pyxi follows pixi {PIXI_VERSION}; use a pixi that satisfies '{shown}', or "
            "relax `requires-pixi`",
        )
