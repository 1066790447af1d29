"""`[workspace] requires-pixi`: checked before anything else is read, as pixi does, against the
pixi version pyxi follows (`consts.PIXI_VERSION`), so a manifest written for a newer pixi says
so instead of failing on a key that version introduced."""

from __future__ import annotations

from typing import Any

from pyxi.consts import PIXI_VERSION
from pyxi.manifest.errors import Source
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.specs import strict_spec_matches


def check_requires_pixi(src: Source, data: dict[str, Any]) -> None:
    """Raise pixi's error when the manifest's `requires-pixi` excludes PIXI_VERSION."""
    table_key = "workspace" if "workspace" in data else "project"
    table = data.get(table_key)
    spec = table.get("requires-pixi") if isinstance(table, dict) else None
    if not isinstance(spec, str):
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
        src.error(
            f"this project requires pixi '{shown}', but you have pixi {PIXI_VERSION}",
            path,
            help=f"pyxi follows pixi {PIXI_VERSION}; use a pixi that satisfies '{shown}', or "
            "relax `requires-pixi`",
        )
