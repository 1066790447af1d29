"""Task pieces without a workspace: template rendering, argument binding, the cache."""

from __future__ import annotations

import pytest

from pyxi.diagnostics import PyxiError
from pyxi.env.tasks import bind_args
from pyxi.env.tasks_cache import cache_entry, matched_files
from pyxi.env.tasks_render import pixi_context, render
from pyxi.manifest.model import Task, TaskArg


def test_render_names_filters_and_pixi_object():
    context = {"name": "ada lovelace", "pixi": pixi_context("linux-64", "cpu", "/w/pixi.toml", "/w", "0.1")}
    assert render("Hi {{ name | title }}!", context) == "Hi Ada Lovelace!"
    assert render("{{name|upper}} {{ pixi.platform }} {{ pixi.environment.name }}", context) == "ADA LOVELACE linux-64 cpu"
    assert render("{{ pixi.is_linux }} {{ pixi.is_win }}", context) == "True False"
    with pytest.raises(PyxiError, match="`missing` is not defined"):
        render("{{ missing }}", context)
    with pytest.raises(PyxiError, match="unknown filter"):
        render("{{ name | shout }}", context)
    with pytest.raises(PyxiError, match="cannot render"):
        render("{{ name + 1 }}", context)


TASK = Task("greet", "echo", args=(TaskArg("place"), TaskArg("name", "world", ("world", "moon"))))


def test_bind_args_fills_defaults_checks_choices_and_passes_the_rest():
    assert bind_args(TASK, ["paris"]) == ({"place": "paris", "name": "world"}, [])
    assert bind_args(TASK, ["paris", "moon", "--", "-v"]) == ({"place": "paris", "name": "moon"}, ["-v"])
    assert bind_args(Task("plain", "echo"), ["a", "b"]) == ({}, ["a", "b"])
    with pytest.raises(PyxiError, match="needs a value"):
        bind_args(TASK, [])
    with pytest.raises(PyxiError, match="not a valid value"):
        bind_args(TASK, ["paris", "mars"])
    with pytest.raises(PyxiError, match="takes 2 argument"):
        bind_args(TASK, ["a", "world", "c"])


def test_cache_fingerprint_follows_inputs_outputs_command_and_environment(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text("1")
    assert matched_files(tmp_path, ["src"]) == [tmp_path / "src" / "a.py"]
    assert cache_entry(tmp_path, "e", "t", "cmd", [], [], "h") is None
    assert cache_entry(tmp_path, "e", "t", "cmd", [], ["out.txt"], "h") is None  # no output yet
    entry = cache_entry(tmp_path, "e", "t", "cmd", ["src/**/*.py"], [], "h")
    assert entry is not None and not entry.is_hit()
    entry.save()
    assert cache_entry(tmp_path, "e", "t", "cmd", ["src/**/*.py"], [], "h").is_hit()
    assert not cache_entry(tmp_path, "e", "t", "cmd2", ["src/**/*.py"], [], "h").is_hit()
    assert not cache_entry(tmp_path, "e", "t", "cmd", ["src/**/*.py"], [], "h2").is_hit()
    (tmp_path / "src" / "a.py").write_text("2")
    assert not cache_entry(tmp_path, "e", "t", "cmd", ["src/**/*.py"], [], "h").is_hit()
