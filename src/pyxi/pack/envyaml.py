"""conda's `environment.yml`, written the way rattler's `EnvironmentYaml` writes it."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import field

from pyxi.datamodel import model


@model
class EnvironmentYaml:
    name: str | None = None
    channels: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    pip: list[str] = field(default_factory=list)
    variables: Mapping[str, str] = field(default_factory=dict)

    def render(self) -> str:
        lines = [f"name: {scalar(self.name)}"] if self.name else []
        lines += _block("channels", self.channels)
        deps = list(self.dependencies)
        if self.pip and not any(_is_pip(d) for d in deps):
            deps.append("pip")
        lines += _block("dependencies", deps)
        if self.pip:
            lines.append("- pip:")
            lines += [f"  - {scalar(item)}" for item in self.pip]
        if self.variables:
            lines.append("variables:")
            lines += [f"  {scalar(k)}: {scalar(v)}" for k, v in self.variables.items()]
        return "\n".join(lines) + "\n"


def _is_pip(spec: str) -> bool:
    return re.split(r"[\s=<>!~]", spec.split("::")[-1], maxsplit=1)[0] == "pip"


def _block(key: str, items: Sequence[str]) -> list[str]:
    if not items:
        return []
    return [f"{key}:", *(f"- {scalar(item)}" for item in items)]


def scalar(value: str | None) -> str:
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    import yaml

    text = "" if value is None else str(value)
    try:
        plain = "\n" not in text and yaml.safe_load(f"- {text}") == [text]
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text)
