"""`pyxi exec`'s argument handling and cache keys (no environment is installed here)."""

from __future__ import annotations

from pyxi.cli.exec import rewrite_argv
from pyxi.global_.exec_env import ExecEnvironment, guess_package
from pyxi.global_.exec_run import current_subdir, exec_request


def test_bare_list_never_takes_the_command_as_its_value():
    assert rewrite_argv(["exec", "-c", "ch", "--list", "ruff", "--list"]) == [
        "exec",
        "-c",
        "ch",
        "--list=",
        "ruff",
        "--list",
    ]
    assert rewrite_argv(["-q", "exec", "--list=r", "ruff"]) == ["-q", "exec", "--list=r", "ruff"]
    assert rewrite_argv(["exec", "-s", "--list", "x"]) == ["exec", "-s", "--list", "x"]  # a value


def test_cache_key_ignores_spec_order_and_names_the_environment():
    a = ExecEnvironment(["b", "a"], ["https://c/"], "linux-64", "a")
    b = ExecEnvironment(["a", "b"], ["https://c/"], "linux-64", "a")
    assert a.key() == b.key() and len(a.key()) == 16
    assert a.key() != ExecEnvironment(["a", "b"], ["https://c/"], "osx-arm64").key()
    request, names = exec_request([], ["numpy"], ["https://c/"], "linux-64", ["my tool", "x"])
    assert request.specs == ["numpy", "my-tool"] and request.guessed and names == ["numpy"]
    assert request.name_hint == "my-tool" and guess_package("Ruff") == "ruff"


def test_platform_without_rattler_is_rattlers():
    from pyxi.conda.host import host_subdir

    assert current_subdir() == host_subdir()
