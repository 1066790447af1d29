"""The small part of MiniJinja that task commands use: `{{ name }}`, `{{ name | title }}`,
`{{ pixi.platform }}` and chained filters. Anything else between `{{ }}` is an error that says
so, rather than text passed silently to the shell."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from pyxi.diagnostics import PyxiError

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def _title(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.split(" "))


FILTERS: dict[str, Callable[[str], str]] = {
    "title": _title,
    "upper": str.upper,
    "lower": str.lower,
    "capitalize": lambda s: s[:1].upper() + s[1:].lower(),
    "trim": str.strip,
    "length": lambda s: str(len(s)),
}


def has_template(text: str) -> bool:
    return "{{" in text


def render(text: str, context: Mapping[str, Any], what: str = "task") -> str:
    """Replace every `{{ … }}` in `text` with its value from `context`."""

    def replace(match: re.Match[str]) -> str:
        return _evaluate(match.group(1), context, what)

    return _EXPRESSION.sub(replace, text)


def _evaluate(expression: str, context: Mapping[str, Any], what: str) -> str:
    head, *filters = [part.strip() for part in expression.split("|")]
    if not _NAME.match(head):
        raise PyxiError(
            f"{what}: cannot render `{{{{{expression}}}}}`",
            help="pyxi renders `{{ name }}`, `{{ pixi.platform }}` and filters such as "
            "`{{ name | title }}`",
        )
    value = _lookup(head, context, what)
    text = _text(value)
    for name in filters:
        if name not in FILTERS:
            raise PyxiError(
                f"{what}: unknown filter `{name}` in `{{{{{expression}}}}}`",
                help="known filters: " + ", ".join(sorted(FILTERS)),
            )
        text = FILTERS[name](text)
    return text


def _lookup(dotted: str, context: Mapping[str, Any], what: str) -> Any:
    value: Any = context
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            known = ", ".join(sorted(k for k in context if k != "pixi")) or "(none)"
            raise PyxiError(
                f"{what}: `{dotted}` is not defined",
                help=f"the task's arguments are: {known}; `pixi.*` holds platform, "
                "environment.name, manifest_path, init_cwd, is_win, is_unix, is_linux, is_osx",
            )
        value = value[part]
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    return "" if value is None else str(value)


def pixi_context(
    platform: str, environment: str, manifest_path: str, init_cwd: str, version: str
) -> dict[str, Any]:
    """The `pixi` object of task templates (pixi's names)."""
    return {
        "platform": platform,
        "environment": {"name": environment},
        "manifest_path": manifest_path,
        "init_cwd": init_cwd,
        "version": version,
        "is_win": platform.startswith("win"),
        "is_unix": not platform.startswith("win"),
        "is_linux": platform.startswith("linux"),
        "is_osx": platform.startswith("osx"),
    }
