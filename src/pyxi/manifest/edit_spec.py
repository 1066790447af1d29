"""Command-line package specs (`pyxi add "numpy>=2" conda-forge::scipy`) → manifest values,
and pixi's "semver" pin for a spec written without a version (`>=2.5.1,<3`)."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from pyxi.datamodel import model
from pyxi.diagnostics import PyxiError

# Conda MatchSpec fields a manifest entry can hold beside `version`, `build` and `channel`, in
# the order pixi writes them (MatchSpec bracket key → manifest key).
CONDA_EXTRA_KEYS = {
    "build_number": "build-number", "subdir": "subdir", "md5": "md5", "sha256": "sha256",
    "url": "url", "fn": "file-name", "file_name": "file-name", "license": "license",
}  # fmt: skip


@model
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
    # conda: further MatchSpec fields (`build-number`, `md5`, …); PyPI: `git`, `rev`,
    # `branch`, `tag`, `subdirectory`, `index`, `path` (manifest key → value)
    fields: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    editable: bool = False

    @property
    def needs_pin(self) -> bool:
        return self.version is None and not self.is_source

    @property
    def is_source(self) -> bool:
        """A path, URL or git source: no version to pin."""
        return bool(self.url or self.path or "git" in self.fields or "url" in self.fields)

    def manifest_value(self, version: str | None = None) -> Any:
        """The value written under the dependency table: a string when that is enough."""
        return self._pypi_value(version) if self.pypi else self._conda_value(version)

    def _conda_value(self, version: str | None) -> Any:
        if self.path:
            return {"path": self.path}
        chosen = self.version or version or "*"
        if not (self.build or self.channel or self.fields):
            return chosen
        table: dict[str, Any] = {} if "url" in self.fields and not self.version else {"version": chosen}
        if self.build:
            table["build"] = self.build
        if "build-number" in self.fields:
            table["build-number"] = self.fields["build-number"]
        if self.channel:
            table["channel"] = self.channel
        table.update((k, v) for k, v in self.fields.items() if k not in table)
        return table

    def _pypi_value(self, version: str | None) -> Any:
        table: dict[str, Any] = {}
        if self.url:
            table["url"] = self.url
        elif self.path:
            table["path"] = self.path
        elif "git" not in self.fields:
            table["version"] = self.version or version or "*"
        table.update(self.fields)
        if self.extras:
            table["extras"] = list(self.extras)
        if self.editable:
            table["editable"] = True
        if set(table) == {"version"}:
            return table["version"]
        return table

    @property
    def fits_pep508(self) -> bool:
        """Whether a PEP 508 string (`[project] dependencies`, `[dependency-groups]`) can say
        it all: not an editable, not a dependency-specific index."""
        return not self.editable and "index" not in self.fields

    def requirement_text(self, version: str | None = None) -> str:
        """PEP 508 form, for `[project] dependencies` of a pyproject.toml."""
        extras = f"[{','.join(self.extras)}]" if self.extras else ""
        reference = self._direct_reference()
        if reference:
            text = f"{self.name}{extras} @ {reference}"
        else:
            chosen = self.version or version or ""
            text = f"{self.name}{extras}{'' if chosen in ('', '*') else chosen}"
        return f"{text}; {self.marker}" if self.marker else text

    def _direct_reference(self) -> str | None:
        if self.url:
            return self.url
        if self.path:
            return "file://" + self.path
        git = self.fields.get("git")
        if git is None:
            return None
        ref = next((self.fields[k] for k in ("rev", "tag", "branch") if k in self.fields), None)
        text = f"git+{git}" + (f"@{ref}" if ref else "")
        sub = self.fields.get("subdirectory")
        return text + (f"#subdirectory={sub}" if sub else "")


def parse_conda_spec(text: str) -> PackageSpec:
    """`numpy`, `numpy>=2`, `numpy 2.1.*`, `numpy=2.1`, `numpy 2.1 py312_0`, `ch::numpy`,
    `numpy==1.2=py_0`, `numpy[build=py311*]`, a local `.conda` file."""
    from pyxi.manifest.conda_spec_text import parse_conda_text

    return parse_conda_text(text)


def parse_pypi_spec(text: str) -> PackageSpec:
    """A PEP 508 requirement: `requests`, `requests[socks]>=2`, `pkg @ https://…`,
    `pkg @ file:///…` (a local path), `pkg @ git+https://…@v1`."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(text)
    except InvalidRequirement as error:
        raise PyxiError(
            f"cannot read the PyPI requirement `{text}`: {error}",
            help='write it as `name`, `"name>=1.2"`, `"name[extra]==1.2"` or `"name @ URL"`',
        ) from error
    spec = PackageSpec(
        requirement.name,
        True,
        version=str(requirement.specifier) or None,
        extras=tuple(sorted(requirement.extras)),
        marker=str(requirement.marker) if requirement.marker else None,
    )
    if requirement.url:
        _direct_reference(spec, requirement.url)
    return spec


def _direct_reference(spec: PackageSpec, url: str) -> None:
    """`file://` → `path`, `git+URL@REV#subdirectory=S` → `git`/`rev`/`subdirectory`."""
    from urllib.parse import unquote, urlsplit

    if url.startswith("file://"):
        spec.path = unquote(urlsplit(url).path)
    elif url.startswith("git+"):
        repo, _, fragment = url[4:].partition("#")
        head, sep, rev = repo.rpartition("@")
        if sep and "/" not in rev and head.count("/") >= 2:
            repo = head
            spec.fields["rev"] = rev
        spec.fields = {"git": repo, **spec.fields}
        sub = re.search(r"subdirectory=([^&]+)", fragment)
        if sub:
            spec.fields["subdirectory"] = sub.group(1)
    else:
        spec.url = url


# Conda packages whose minor releases break things: pinned to the minor version by default,
# as pixi does (`>=3.13.1,<3.14`).
MINOR_PINNED = ("python", "rust", "julia", "gcc", "gxx", "gfortran", "nodejs", "deno", "r",
                "r-base", "perl")


def default_pin(name: str, versions: list[str], pypi: bool) -> str:
    """pixi's default pin for a package added or upgraded without a version."""
    if not pypi and name.lower() in MINOR_PINNED:
        numbers = _leading_numbers(max(versions, key=_sort_key).split("!")[-1])
        if len(numbers) >= 2:
            return f">={min(versions, key=_sort_key)},<{numbers[0]}.{numbers[1] + 1}"
    return semver_pin(versions, pypi)


def semver_pin(versions: list[str], pypi: bool) -> str:
    """pixi's default `semver` pinning over the versions the solver chose (one per
    environment/platform): `>=LOWEST,<NEXT-MAJOR` of the highest, or `<0.(MINOR+1)` below 1.0."""
    lowest = min(versions, key=_sort_key)
    upper = _upper_bound(max(versions, key=_sort_key))
    if upper is None:
        return f">={lowest}"
    return f">={lowest}, <{upper}" if pypi else f">={lowest},<{upper}"


def strategy_pin(name: str, versions: list[str], pypi: bool, strategy: str | None) -> str:
    """The constraint `pyxi add` writes under one of pixi's pinning strategies (the
    `pinning-strategy` setting; unset: pixi's default, `semver` with a minor pin for python and
    the other `MINOR_PINNED` toolchains)."""
    if strategy is None:
        return default_pin(name, versions, pypi)
    if strategy == "semver":
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
