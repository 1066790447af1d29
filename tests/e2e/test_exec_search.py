"""`pyxi exec` (cached temporary environments) and `pyxi search`, against the tools channel."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from pyxi.testing.cli import PYXI, run_pyxi


def _exec_env(tmp_path: Path, base_env: dict[str, str]) -> dict[str, str]:
    return {**base_env, "PIXI_CACHE_DIR": str(tmp_path / "cache")}


def test_exec_runs_a_packages_command_and_reuses_the_environment_without_solving(
    tmp_path, base_env, tools_channel
):
    # A copy of the channel, so it can disappear: a second run must not need it.
    channel = tmp_path / "channel"
    shutil.copytree(tools_channel.root, channel)
    env = _exec_env(tmp_path, base_env)
    first = run_pyxi(["exec", "-c", channel.as_uri(), "-s", "hello-noarch", "hello"], tmp_path, env)
    assert first.stdout == "hello from hello-noarch 2.0.0 (bonjour)\n"
    cached = list((tmp_path / "cache" / "cached-envs-v0").iterdir())
    assert [p.name.rsplit("-", 1)[0] for p in cached] == ["hello-noarch"]
    marker = cached[0] / "conda-meta" / ".pixi-environment-fingerprint"
    assert len(marker.read_text()) == 16

    shutil.rmtree(channel)
    again = run_pyxi(
        ["exec", "-c", channel.as_uri(), "-s", "hello-noarch", "--", "hello"], tmp_path, env
    )
    assert again.stdout == first.stdout
    named = run_pyxi(
        ["exec", "-c", channel.as_uri(), "-s", "hello-noarch", "printenv", "PIXI_ENVIRONMENT_NAME"],
        tmp_path,
        env,
    )
    assert named.stdout == "temp:hello-noarch\n"
    forced = run_pyxi(
        ["exec", "-c", channel.as_uri(), "-s", "hello-noarch", "--force-reinstall", "hello"],
        tmp_path,
        env,
        expect=1,
    )
    assert "cannot" in forced.stderr  # --force-reinstall solves again: the channel is gone now


def test_concurrent_execs_of_one_environment_install_it_once(tmp_path, base_env, tools_channel):
    env = _exec_env(tmp_path, base_env)
    argv = [PYXI, "exec", "-c", tools_channel.url, "greeter"]
    runs = [subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]  # fmt: skip
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert [out for out, _ in outputs] == ["greetings\n"] * 3  # the command of the guessed package
    assert len(list((tmp_path / "cache" / "cached-envs-v0").iterdir())) == 1


def test_exec_list_with_and_bad_input(tmp_path, base_env, tools_channel):
    env = _exec_env(tmp_path, base_env)
    ch = tools_channel.url
    listed = run_pyxi(["exec", "-c", ch, "--list", "greeter"], tmp_path, env)
    assert "The environment has 2 packages:" in listed.stdout and "greeter-core" in listed.stdout
    filtered = run_pyxi(["exec", "-c", ch, "--list=core", "greeter"], tmp_path, env)
    assert "filtered by regex `core`" in filtered.stdout and "greeter  " not in filtered.stdout
    with_ = run_pyxi(["exec", "-c", ch, "--with", "hello-lib", "hello-lib"], tmp_path, env)
    assert with_.stdout == "hello-lib\n"  # `hello-lib` is no package of its own: not guessed in

    both = run_pyxi(
        ["exec", "-c", ch, "-s", "greeter", "-w", "hello-lib", "greeter"], tmp_path, env, expect=2
    )
    assert "`--spec` cannot be used with `--with`" in both.stderr
    unknown = run_pyxi(["exec", "-c", ch, "nope-tool"], tmp_path, env, expect=1)
    assert "No candidates were found for nope-tool" in unknown.stderr
    missing = run_pyxi(["exec", "-c", ch, "-s", "hello-lib", "hello"], tmp_path, env, expect=1)
    assert "failed to execute 'hello'" in missing.stderr
    assert not list((tmp_path / "cache" / "cached-envs-v0").glob("nope-tool-*"))  # nothing left
    nothing = run_pyxi(["exec", "-c", ch], tmp_path, env, expect=1)
    assert "missing required command" in nothing.stderr


def test_search_finds_wildcards_details_and_json(tmp_path, base_env, tools_channel):
    ch = tools_channel.url
    found = run_pyxi(["search", "-c", ch, "hello*"], tmp_path, base_env)
    assert found.stdout.splitlines()[:2] == [
        "hello-clash (1 version)",
        f"  1.0.0 h0_0 [noarch] {ch}",
    ]
    assert "hello-noarch (2 versions)\n  2.0.0 h0_0 [noarch]" in found.stdout
    assert "Using channels:" in found.stderr

    one = run_pyxi(["search", "-c", ch, "hello-noarch"], tmp_path, base_env).stdout
    assert one.startswith("hello-noarch-2.0.0-h0_0\n-----------------------\n\n")
    for line in (
        "Name                hello-noarch",
        "License             MIT",
        "Subdir              noarch",
        "Dependencies:\n - hello-lib",
        "Other Versions (1):\nVersion  Build\n1.0.0    h0_0",
    ):
        assert line in one, line  # fmt: skip
    pinned = run_pyxi(["search", "-c", ch, "hello-noarch 1.*"], tmp_path, base_env).stdout
    assert pinned.startswith("hello-noarch-1.0.0-h0_0")

    fuzzy = run_pyxi(["search", "-c", ch, "greet", "-n", "1"], tmp_path, base_env).stdout
    assert fuzzy.splitlines()[0] == "greeter (1 version)" and "... and 1 more package" in fuzzy

    data = json.loads(run_pyxi(["search", "-c", ch, "hello*", "--json"], tmp_path, base_env).stdout)
    assert list(data) == ["noarch"]
    assert [(r["name"], r["version"]) for r in data["noarch"]][-2:] == [
        ("hello-lib", "1.0.0"),
        ("hello-clash", "1.0.0"),
    ]
    assert {"url", "channel", "fn", "sha256", "depends"} <= set(data["noarch"][0])

    missing = run_pyxi(["search", "-c", ch, "zzz*"], tmp_path, base_env, expect=1)
    assert "No packages found matching 'zzz*'" in missing.stderr
    elsewhere = run_pyxi(
        ["search", "-c", ch, "-p", "osx-arm64", "native-tool"], tmp_path, base_env, expect=1
    )
    assert "No packages found" in elsewhere.stderr
