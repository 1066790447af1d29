"""Task templates are MiniJinja, rendered as pixi renders them; `depends-on` arguments are
positional or named and are checked against the dependency's declared `args`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pyxi.diagnostics import Location, PyxiError
from pyxi.env.tasks_args import bind_dependency_args
from pyxi.env.tasks_render import has_template, pixi_context, render
from pyxi.manifest.model import PlatformSpec
from pyxi.manifest.task_model import DependencyArg, Task, TaskArg

LINUX = PlatformSpec("linux-64", "linux-64")
PIXI = pixi_context(LINUX, "cpu", "/w/pixi.toml")
WHERE = Location(Path("/w/pixi.toml"), 7, "tasks.t.cmd")


def _render(source: str, /, **args: str) -> str:
    return render(source, {**args, "pixi": PIXI}, "the `cmd` of task `t`", WHERE)


@pytest.mark.parametrize(
    ("template", "args", "expected"),
    [
        ("{% if pixi.is_win %}install.bat{% else %}./install.sh{% endif %}", {}, "./install.sh"),
        ('{% if "win" in p %}windows{% else %}unix{% endif %}', {"p": "win-64"}, "windows"),
        ('{% for n in names | split(",") %}echo {{ n }};{% endfor %}', {"names": "a,b"}, "echo a;echo b;"),
        ("{% for n in names | split %}[{{ n }}]{% endfor %}", {"names": "a  b"}, "[a][b]"),
        ("{{ a + b }}", {"a": "x", "b": "!"}, "x!"),
        ("{{ a ~ '-' ~ b }}", {"a": "x", "b": "y"}, "x-y"),
        ("{{ 6 * 7 }} {{ n | int + 1 }}", {"n": "41"}, "42 42"),
        ("{{ text | lower if 'hoi' in text }}|{{ t2 | lower if 'hoi' in t2 }}", {"text": "hoi DAAR", "t2": "HOI"}, "hoi daar|"),
        ("Hi {{ name | title }}! {{ name | upper }}", {"name": "ada lovelace"}, "Hi Ada Lovelace! ADA LOVELACE"),
        ('{{ q | title }}', {"q": '"hElLo wOrLd" o\'neil-smith'}, '"Hello World" O\'Neil-Smith'),
        ("{{ pixi.platform }} {{ pixi.environment.name }} {{ pixi.manifest_path }}", {}, "linux-64 cpu /w/pixi.toml"),
        ("{{ pixi.is_linux }} {{ pixi.is_win }} {{ pixi.is_unix }} {{ pixi.is_osx }}", {}, "True False True False"),
        ("-DWIN={{ pixi.is_win | lower }} {{ pixi.is_linux | tojson }}", {}, "-DWIN=false true"),
        ("{{ none }} {{ '<&>' }}", {}, "None <&>"),  # Jinja2 spelling, nothing escaped
        ("{{ flag }}", {"flag": "true"}, "true"),  # arguments are strings, not booleans
        ("{%- if fix | int -%}\n  fix\n{%- else -%}\n  lint\n{%- endif %}", {"fix": "0"}, "lint"),
    ],
)  # fmt: skip
def test_minijinja_syntax_and_context(template: str, args: dict[str, str], expected: str) -> None:
    assert _render(template, **args) == expected


def test_pixi_object_uses_the_platform_name_and_subdir() -> None:
    pixi = pixi_context(PlatformSpec("local", "osx-arm64", (("__osx", "14"),)), "default", "/m")
    text = render("{{ pixi.platform }} {{ pixi.is_osx }} {{ pixi.is_unix }}", {"pixi": pixi}, "x")
    assert text == "local True True"
    assert pixi["version"] and pixi["init_cwd"]
    assert render("[{{ pixi.platform }}] {{ pixi.is_unix }}", {"pixi": pixi_context(None, "e", "/m")}, "x") == "[] False"


def test_text_without_markers_renders_to_itself() -> None:
    assert not has_template("echo ${HOME} }} {x}")
    assert _render("echo ${HOME} }} {x}") == "echo ${HOME} }} {x}"
    assert _render("echo hi\n") == "echo hi"  # MiniJinja drops one final newline
    assert has_template("echo {# note #}")


def test_plain_text_does_not_import_the_engine() -> None:
    code = (
        "import sys; from pyxi.env.tasks_render import render\n"
        "assert render('echo hi', {}, 'x') == 'echo hi'\n"
        "assert 'minijinja' not in sys.modules\n"
        "assert render('{{ 1 }}', {}, 'x') == '1' and 'minijinja' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_undefined_names_are_errors_as_in_pixi() -> None:
    with pytest.raises(PyxiError) as info:
        _render("echo {{ name }} {{ missing }}", name="x")
    error = info.value
    assert error.message == (
        "cannot render the `cmd` of task `t`: undefined value: `missing` is undefined"
    )
    assert error.location == WHERE
    # under the note's first line (`  note: ` is 8 wide, continuation lines get 4 more)
    assert error.notes == [
        "echo {{ name }} {{ missing }}\n" + " " * (4 + 19) + "^" * 7 + " this part can't be replaced"]
    assert "`name`" in (error.help or "") and "environment.name" in (error.help or "")
    with pytest.raises(PyxiError, match="`pixi.nope` is undefined"):
        _render("{{ pixi.nope }}")
    with pytest.raises(PyxiError, match="`missing` is undefined"):
        _render("{{ missing | upper }}")  # a filter does not make it lenient


@pytest.mark.parametrize(
    ("template", "message", "hint"),
    [
        ("{% if x %}yes", "syntax error: unexpected end of input, expected end of block", "syntax"),
        ("a\n{{ 1 + }}", "syntax error: unexpected end of variable block", "syntax"),
        ("{{ x | shout }}", "unknown filter: filter shout is unknown", "filters"),
        ("{{ x - 1 }}", "invalid operation: tried to use - operator on unsupported types", "syntax"),
    ],
)
def test_template_errors_show_minijinja_message(template: str, message: str, hint: str) -> None:
    with pytest.raises(PyxiError) as info:
        _render(template, x="v")
    assert info.value.message.startswith("cannot render the `cmd` of task `t`: " + message)
    assert "(in <string>" not in info.value.message
    assert hint in (info.value.help or "")
    assert info.value.notes and "^" in info.value.notes[0]


BASE = Task(
    "base",
    "echo {{ a1 }} {{ a2 }} {{ a3 }}",
    args=(TaskArg("a1"), TaskArg("a2", "d2"), TaskArg("a3", "d3", ("d3", "c3"))),
)
DEP = Location(Path("/w/pixi.toml"), 12, "tasks.parent.depends-on[0]")


def _bind(*args: DependencyArg, task: Task = BASE) -> tuple[dict[str, str], list[str]]:
    return bind_dependency_args(task, "parent", args, DEP)


def test_dependency_args_positional_named_and_defaults() -> None:
    P, N = DependencyArg, lambda name, value: DependencyArg(value, name)
    assert _bind(N("a2", "x2"), N("a1", "x1")) == ({"a1": "x1", "a2": "x2", "a3": "d3"}, [])
    assert _bind(P("x1"), N("a3", "c3")) == ({"a1": "x1", "a2": "d2", "a3": "c3"}, [])
    assert _bind(P("x1"), P("x2")) == ({"a1": "x1", "a2": "x2", "a3": "d3"}, [])
    plain = Task("plain", "echo")
    assert _bind(P("v"), N("k", "w"), task=plain) == ({}, ["v", "k=w"])  # appended, as pixi


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((DependencyArg("x1"), DependencyArg("v", "foo")), "argument 'foo' does not exist: task `base` (in the `depends-on` of task `parent`) has no such argument"),
        ((DependencyArg("v", "a2"), DependencyArg("x1")), "positional argument `x1` comes after a named one"),
        ((DependencyArg("v", "a2"),), "no value provided for argument 'a1' of task `base`"),
        ((DependencyArg("x1"), DependencyArg("v", "a3")), "`v` is not a valid value for argument `a3`"),
        (tuple(DependencyArg(v) for v in "wxyz"), "received more arguments than expected: it takes 3 (a1, a2, a3), got 4"),
    ],
)  # fmt: skip
def test_dependency_arg_errors_are_located(args: tuple[DependencyArg, ...], message: str) -> None:
    with pytest.raises(PyxiError) as info:
        _bind(*args)
    assert message in info.value.message
    assert info.value.location == DEP
    assert info.value.help
