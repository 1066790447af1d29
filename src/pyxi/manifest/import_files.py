"""The files `pyxi import` (and `init --import`) read, as pixi reads them:

- `conda-env`: a conda `environment.yml` (`name`, `channels`, `dependencies` with an optional
  `pip:` list, `variables`); `defaults` stands for `main`, `r` and `msys2`, a `CHANNEL::pkg`
  dependency adds its channel, no channels means conda-forge;
- `pypi-txt`: a pip `requirements.txt`, following `-r FILE`; `-c FILE` constraints are reported
  and left out (pixi does not apply them either), as are pip's options (`--index-url`, …).
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path
from typing import Any

from pyxi.datamodel import model
from pyxi.diagnostics import Location, PyxiError

FORMATS = ("conda-env", "pypi-txt")
CONSTRAINTS_WARNING = (
    "Constraints detected in input file, but these are currently unsupported. Continuing "
    "without applying constraints..."
)
_DEFAULTS = ("main", "r", "msys2")
_OPTION = re.compile(r"^(-[a-zA-Z]|--[a-z][a-z-]*)(?:[ =]+(.*))?$")


@model
class Imported:
    """What an imported file asks for, as spec strings (`python=3.12`, `requests>=2`)."""

    name: str | None = None
    channels: list[str] = field(default_factory=list)
    conda: list[str] = field(default_factory=list)
    pypi: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_conda_env(path: Path) -> Imported:
    import yaml

    text = _read(path)
    kept = [line for line in text.splitlines() if "- sel(" not in line]
    skipped = len(text.splitlines()) - len(kept)
    try:
        data = yaml.safe_load("\n".join(kept))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise PyxiError(
            f"Failed to parse '{path}' as a conda environment file: {error}",
            location=Location(path, mark.line + 1 if mark is not None else None),
            help="an environment.yml is YAML with `name`, `channels` and `dependencies`",
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("dependencies"), list):
        raise PyxiError(
            f"Failed to parse '{path}' as a conda environment file: missing field `dependencies`",
            location=Location(path), help="list the packages under `dependencies:`",
        )
    result = _from_env_data(data, path)
    if skipped:
        result.warnings.append("Skipping micromamba sel(...) lines: add those dependencies by hand")
    return result


def _from_env_data(data: dict[str, Any], path: Path) -> Imported:
    result = Imported(name=_optional_str(data.get("name")))
    for channel in _strings(data.get("channels") or [], "channels", path):
        result.channels += list(_DEFAULTS) if channel == "defaults" else [channel]
    for dep in data["dependencies"]:
        if isinstance(dep, dict) and set(dep) == {"pip"}:
            result.pypi += _strings(dep["pip"] or [], "pip", path)
        elif isinstance(dep, str):
            if "::" in dep:  # `URL/::pkg`: the channel as pixi writes it, without the slash
                channel, package = dep.split("::", 1)
                dep = f"{channel.rstrip('/')}::{package}"
                result.channels.append(channel.rstrip("/"))
            result.conda.append(dep)
        else:
            raise PyxiError(f"Can't parse '{dep}' as conda dependency", location=Location(path),
                            help="a dependency is a MatchSpec string, or a `pip:` list")
    result.channels = list(dict.fromkeys(result.channels)) or ["conda-forge"]
    variables = data.get("variables") or {}
    if isinstance(variables, dict):
        result.variables = {str(k): str(v) for k, v in variables.items()}
    return result


def read_requirements(path: Path, seen: frozenset[Path] = frozenset()) -> Imported:
    """A requirements.txt; `-r` files are read in place (once each)."""
    result = Imported()
    for line in _logical_lines(_read(path)):
        option = _OPTION.match(line)
        if option is None:
            result.pypi.append(_named(re.split(r"\s+--hash[= ]", line)[0].strip(), path))
            continue
        flag, value = option.group(1), (option.group(2) or "").strip()
        if flag in ("-r", "--requirement"):
            included = (path.parent / value).resolve()
            if included not in seen:
                nested = read_requirements(included, seen | {path.resolve()})
                result.pypi += nested.pypi
                result.warnings += nested.warnings
        elif flag in ("-c", "--constraint"):
            if CONSTRAINTS_WARNING not in result.warnings:
                result.warnings.append(CONSTRAINTS_WARNING)
        elif flag in ("-e", "--editable"):
            result.pypi.append(_named(value, path))
    return result


def _named(text: str, path: Path) -> str:
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        Requirement(text)
    except InvalidRequirement as error:
        raise PyxiError(
            f"Error parsing input file: cannot read the requirement `{text}`: {error}",
            location=Location(path),
            help="write `name`, `name>=1.2` or `name @ URL`; unnamed requirements (a bare path "
            "or URL) are not supported",
        ) from error
    return text


def _logical_lines(text: str) -> list[str]:
    lines: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current = (current + line).strip()
        if current:
            lines.append(current)
        current = ""
    return lines


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise PyxiError(f"cannot read {path}: {error.strerror or error}",
                        help="check the path of the file to import") from error


def _strings(value: object, key: str, path: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PyxiError(f"`{key}` in {path.name} must be a list of strings", location=Location(path))
    return list(value)


def _optional_str(value: object) -> str | None:
    return str(value) if value is not None else None
