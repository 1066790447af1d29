"""Command-line package specs (`pyxi add "numpy>=2" conda-forge::scipy`) → manifest values,
and pixi's "semver" pin for a spec written without a version (`>=2.5.1,<3`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from pyxi.diagnostics import PyxiError

_CONDA = re.compile(
    r"^\s*(?:(?P<channel>[^\s:]+)::)?(?P<name>[A-Za-z0-9_][A-Za-z0-9_.\-]*)\s*(?P<rest>.*?)\s*$"
)


@dataclass
class PackageSpec:
    """One package to add. `version` None means "pin from what the solver picks"."""

    name: str
    pypi: bool
    version: str | None = None
    build: str | None = None
    channel: str | None = None
    extras: tuple[str, ...] = ()
    marker: str | None = None
    url: str | None = None

    @property
    def needs_pin(self) -> bool:
        return self.version is None and self.url is None

    def manifest_value(self, version: str | None = None) -> Any:
        """The value written under the dependency table: a string when that is enough."""
        chosen = self.version or version or "*"
        if self.pypi:
            table: dict[str, Any] = {}
            if self.url:
                table["url"] = self.url
            else:
                table["version"] = chosen
            if self.extras:
                table["extras"] = list(self.extras)
            return table if len(table) > 1 or self.url else chosen
        if self.build or self.channel:
            table = {"version": chosen}
            if self.build:
                table["build"] = self.build
            if self.channel:
                table["channel"] = self.channel
            return table
        return chosen

    def requirement_text(self, version: str | None = None) -> str:
        """PEP 508 form, for `[project] dependencies` of a pyproject.toml."""
        extras = f"[{','.join(self.extras)}]" if self.extras else ""
        if self.url:
            text = f"{self.name}{extras} @ {self.url}"
        else:
            chosen = self.version or version or ""
            text = f"{self.name}{extras}{'' if chosen in ('', '*') else chosen}"
        return f"{text}; {self.marker}" if self.marker else text


def parse_conda_spec(text: str) -> PackageSpec:
    """`numpy`, `numpy>=2`, `numpy 2.1.*`, `numpy=2.1`, `numpy 2.1 py312_0`, `ch::numpy`."""
    match = _CONDA.match(text)
    if not match or "[" in text:
        raise PyxiError(
            f"cannot read the package spec `{text}`",
            help='write it as `name`, `"name>=1.2"`, `"name 1.2.*"` or `channel::name`',
        )
    rest = match["rest"]
    version, build = None, None
    if rest:
        if rest.startswith("=") and not rest.startswith("=="):
            rest = rest[1:]
            version, _, build = rest.partition("=")
            version = _fuzzy(version.strip())
        else:
            version, _, build = rest.partition(" ")
        version = version.strip() or None
        build = build.strip() or None
    return PackageSpec(match["name"], False, version, build, match["channel"])


def _fuzzy(version: str) -> str:
    """conda's `name=1.2` means any 1.2 release: `1.2.*` (`name==1.2` is the exact one)."""
    if not version or any(c in version for c in "*<>!=~|,"):
        return version
    return f"{version}.*"


def parse_pypi_spec(text: str) -> PackageSpec:
    """A PEP 508 requirement: `requests`, `requests[socks]>=2`, `pkg @ https://…`."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement as error:
        raise PyxiError(
            f"cannot read the PyPI requirement `{text}`: {error}",
            help='write it as `name`, `"name>=1.2"` or `"name[extra]==1.2"`',
        ) from error
    specifier = str(requirement.specifier) or None
    return PackageSpec(
        requirement.name,
        True,
        version=specifier,
        extras=tuple(sorted(requirement.extras)),
        marker=str(requirement.marker) if requirement.marker else None,
        url=requirement.url,
    )


def semver_pin(versions: list[str], pypi: bool) -> str:
    """pixi's default `semver` pinning over the versions the solver chose (one per
    environment/platform): `>=LOWEST,<NEXT-MAJOR` of the highest, or `<0.(MINOR+1)` below 1.0."""
    lowest = min(versions, key=_sort_key)
    upper = _upper_bound(max(versions, key=_sort_key))
    if upper is None:
        return f">={lowest}"
    return f">={lowest}, <{upper}" if pypi else f">={lowest},<{upper}"


def strategy_pin(versions: list[str], pypi: bool, strategy: str | None) -> str:
    """The constraint `pyxi add` writes under one of pixi's pinning strategies (the
    `pinning-strategy` setting; `semver` when unset)."""
    if strategy in (None, "semver"):
        return semver_pin(versions, pypi)
    lowest = min(versions, key=_sort_key)
    highest = max(versions, key=_sort_key)
    separator = ", " if pypi else ","
    if strategy == "no-pin":
        return "*"
    if strategy == "latest-up":
        return f">={lowest}"
    if strategy == "exact-version":
        return f"=={highest}" if pypi else "|".join(f"=={v}" for v in sorted(set(versions), key=_sort_key))
    numbers = _leading_numbers(highest.split("!")[-1])
    if not numbers:
        return f">={lowest}"
    upper = str(numbers[0] + 1) if strategy == "major" or len(numbers) < 2 else \
        f"{numbers[0]}.{numbers[1] + 1}"
    return f">={lowest}{separator}<{upper}"


def _upper_bound(version: str) -> str | None:
    numbers = _leading_numbers(version.split("!")[-1])
    if not numbers:
        return None
    if numbers[0] == 0 and len(numbers) > 1:
        return f"0.{numbers[1] + 1}"
    return str(numbers[0] + 1)


def _leading_numbers(version: str) -> list[int]:
    result: list[int] = []
    for part in re.split(r"[._]", version):
        if not part.isdigit():
            break
        result.append(int(part))
    return result


def _sort_key(version: str) -> tuple[tuple[int, Any], ...]:
    parts = re.findall(r"\d+|[A-Za-z]+", version)
    return tuple((1, int(p)) if p.isdigit() else (0, p) for p in parts)
