"""Task templates, rendered with MiniJinja the way pixi renders them.

pixi renders a task's `cmd`, its `env` values, `inputs`, `outputs` and the `args` of its
`depends-on` entries (never `cwd`), for every manifest task, with or without `args`. The
engine is strict (a name that is not defined is an error, not an empty string), does not
escape, and prints booleans as `True`/`False`. The context is the task's arguments (strings)
and the `pixi` object. Text without `{{`, `{%` or `{#` renders to itself (less one trailing
newline, as MiniJinja does), so a plain task never imports the engine.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from typing import Any

from pyxi import __version__
from pyxi.diagnostics import Location, PyxiError
from pyxi.manifest.model import PlatformSpec
from pyxi.manifest.platform_names import is_unix

_MARKERS = ("{{", "{%", "{#")
_PIXI_NAMES = (
    "platform, environment.name, manifest_path, version, init_cwd, "
    "is_win, is_unix, is_linux, is_osx"
)
_SYNTAX_DOCS = "https://docs.rs/minijinja/latest/minijinja/syntax/index.html"
_FILTER_DOCS = "https://docs.rs/minijinja/latest/minijinja/filters/index.html"
_engine: Any = None


def has_template(text: str) -> bool:
    return any(marker in text for marker in _MARKERS)


def render(
    text: str, context: Mapping[str, Any], site: str, location: Location | None = None
) -> str:
    """`text` rendered with `context`; `site` names what is rendered in errors (e.g. "the
    `cmd` of task `build`"), `location` is where it is written."""
    if not has_template(text):
        return _without_final_newline(text)
    import minijinja

    try:
        return _environment().render_str(text, **context)
    except minijinja.TemplateError as error:
        raise _render_error(error, text, context, site, location) from None


def _environment() -> Any:
    global _engine
    if _engine is None:
        import minijinja

        _engine = minijinja.Environment(
            undefined_behavior="strict", auto_escape_callback=lambda _name: None, pycompat=False
        )
        _engine.add_filter("title", title)
    return _engine


def title(value: object) -> str:
    """minijinja's `title` as pixi's engine has it: a word starts after a space or any ASCII
    punctuation (`"hello world"` → `"Hello World"`; the Python binding's starts only after
    spaces)."""
    out = []
    start = True
    for char in str(value):
        if char.isspace() or char in string.punctuation:
            out.append(char)
            start = True
        else:
            out.append(char.upper() if start else char.lower())
            start = False
    return "".join(out)


def _without_final_newline(text: str) -> str:
    if text.endswith("\n"):
        text = text[:-1]
        return text.removesuffix("\r")
    return text


def _render_error(
    error: Any, text: str, context: Mapping[str, Any], site: str, location: Location | None
) -> PyxiError:
    message = str(error.message)
    suffix = message.rfind(" (in <string>:")
    message = message[:suffix] if suffix > 0 else message
    return PyxiError(
        f"cannot render {site}: {message}",
        location=location,
        notes=_pointer(text, error.range),
        help=_hint(str(error.kind), context),
    )


def _pointer(text: str, span: tuple[int, int] | None) -> list[str]:
    """The template line with the failing part underlined (MiniJinja's byte range)."""
    if not span:
        return []
    data = text.encode()
    start = len(data[: span[0]].decode(errors="ignore"))
    end = max(len(data[: span[1]].decode(errors="ignore")), start + 1)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    width = min(end, line_start + len(line)) - start
    # render_error indents a note's second line by 4, its first by 8 ("  note: ").
    return [f"{line}\n{' ' * (4 + start - line_start)}{'^' * max(width, 1)} this part can't be replaced"]


def _hint(kind: str, context: Mapping[str, Any]) -> str:
    if kind == "UndefinedError":
        names = ", ".join(f"`{k}`" for k in context if k != "pixi")
        if not names:
            return f"defined is only `pixi.*`: {_PIXI_NAMES} (declare task arguments in `args`)"
        return f"defined are the task's arguments ({names}) and `pixi.*`: {_PIXI_NAMES}"
    if kind == "UnknownFilter":
        return f"the filters are MiniJinja's built-in ones: {_FILTER_DOCS}"
    return (
        f"task templates are MiniJinja ({_SYNTAX_DOCS}); a literal `{{{{`, `{{%` or `{{#` "
        "(bash's `${#x}`) goes inside `{% raw %}…{% endraw %}`"
    )


def pixi_context(
    platform: PlatformSpec | None, environment: str, manifest_path: str
) -> dict[str, Any]:
    """The `pixi` object of task templates, with pixi's names. `platform` is the one the
    environment runs on here (None when it cannot run here: pixi then renders "")."""
    subdir = platform.subdir if platform else ""
    return {
        "platform": platform.name if platform else "",
        "environment": {"name": environment},
        "manifest_path": manifest_path,
        "init_cwd": os.getcwd(),
        "version": __version__,
        "is_win": subdir.startswith("win"),
        "is_unix": is_unix(subdir),
        "is_linux": subdir.startswith("linux"),
        "is_osx": subdir.startswith("osx"),
    }
