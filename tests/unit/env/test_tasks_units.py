"""Task pieces without a workspace: argument binding, the cache."""

from __future__ import annotations

import pytest

from pyxi.diagnostics import PyxiError
from pyxi.env.tasks_args import bind_args
from pyxi.env.tasks_cache import cache_entry, matched_files
from pyxi.manifest.task_model import Task, TaskArg

TASK = Task("greet", "echo", args=(TaskArg("place"), TaskArg("name", "world", ("world", "moon"))))


def test_bind_args_fills_defaults_checks_choices_and_passes_the_rest():
    assert bind_args(TASK, ["paris"]) == ({"place": "paris", "name": "world"}, [])
    assert bind_args(TASK, ["paris", "moon", "--", "-v"]) == ({"place": "paris", "name": "moon"}, ["-v"])
    assert bind_args(Task("plain", "echo"), ["a", "b"]) == ({}, ["a", "b"])
    with pytest.raises(PyxiError, match="no value provided for argument"):
        bind_args(TASK, [])
    with pytest.raises(PyxiError, match="not a valid value"):
        bind_args(TASK, ["paris", "mars"])
    with pytest.raises(PyxiError, match="received more arguments than expected: it takes 2"):
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
