"""Which `[target.SELECTOR]` tables apply on a platform, and in what order."""

from __future__ import annotations

from fnmatch import fnmatchcase

from pyxi.manifest.model import Feature, PlatformSpec, TargetTables
from pyxi.manifest.platform_names import is_unix

_FAMILY_SELECTORS = {
    "linux": ("linux",),
    "osx": ("osx",),
    "macos": ("osx",),
    "win": ("win",),
}


def selector_matches(selector: str, platform: PlatformSpec) -> bool:
    family = platform.subdir.split("-", 1)[0]
    if selector == "unix":
        return is_unix(platform.subdir)
    if selector in _FAMILY_SELECTORS:
        return family in _FAMILY_SELECTORS[selector]
    if selector in (platform.subdir, platform.name):
        return True
    if "*" in selector:
        return fnmatchcase(platform.name, selector) or fnmatchcase(platform.subdir, selector)
    return False


def applicable_tables(feature: Feature, platform: PlatformSpec | None) -> list[TargetTables]:
    """The feature's default tables followed by every matching target, in manifest order.

    Later entries win per key (pixi: "the selector defined later in the manifest wins").
    """
    tables = [feature.default]
    if platform is not None:
        tables += [table for selector, table in feature.targets if selector_matches(selector, platform)]
    return tables
