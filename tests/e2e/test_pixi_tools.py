"""pyxi as a drop-in for the tools built around pixi (issue 23): the real pixi-diff-to-markdown,
pixi-kernel, pixi-policy and pixi-sbom from PyPI (see pixi_tools_world.py), pointed at pyxi
through a `pixi` symlink on PATH or `PIXI_EXE`, with no change to the tools."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from pixi_tools_world import publish_newer_everything, tools_venv, tools_workspace

from pyxi import __version__
from pyxi.consts import PIXI_VERSION
from pyxi.testing.cli import PYXI, Result, run_pyxi

pytestmark = pytest.mark.pypi_tools

# The keys of pixi 0.77's `info --json` (crates/pixi_cli/src/info.rs) and `list --json`
# (pixi_api's `Package`), all of which pyxi's must have.
PIXI_INFO_KEYS = {"platform", "virtual_packages", "version", "tls_backend", "cache_dir",
                  "cache_size", "auth_dir", "global_info", "project_info", "environments_info",
                  "config_locations"}
PIXI_PROJECT_KEYS = {"name", "manifest_path", "last_updated", "pixi_folder_size", "version"}
PIXI_ENVIRONMENT_KEYS = {"name", "features", "solve_group", "environment_size", "dependencies",
                         "pypi_dependencies", "platforms", "resolved_platform",
                         "minimum_supported_platform", "tasks", "channels", "prefix"}
PIXI_LIST_KEYS = {"name", "version", "build", "build_number", "size_bytes", "kind", "source",
                  "license", "license_family", "is_explicit", "md5", "sha256", "arch", "platform",
                  "subdir", "timestamp", "noarch", "file_name", "url", "index_url",
                  "requested_spec", "constrains", "depends", "track_features", "run_exports"}


@pytest.fixture(scope="session")
def tool_bin() -> Path:
    folder = tools_venv()
    if folder is None:
        pytest.skip("pypi.org is unreachable and the tools are not cached: cannot install them")
    return folder


@pytest.fixture
def pixi_on_path(tmp_path: Path, base_env: dict[str, str]) -> dict[str, str]:
    """The test environment with a `pixi` symlink to pyxi first on PATH."""
    folder = tmp_path / "pixi-bin"
    folder.mkdir()
    (folder / "pixi").symlink_to(PYXI)
    return {**base_env, "PATH": f"{folder}{os.pathsep}{base_env.get('PATH', '')}"}


def _tool(argv: list[str], cwd: Path, env: dict[str, str], stdin: str | None = None,
          expect: int = 0) -> Result:
    done = subprocess.run(argv, cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
                          timeout=300, check=False)
    result = Result(done.returncode, done.stdout, done.stderr)
    assert result.returncode == expect, str(result)
    return result


def test_version_names_pixi_under_the_name_pixi(pixi_on_path, tmp_path):
    pixi = run_pyxi(["--version"], tmp_path, pixi_on_path, 0)  # PYXI itself: pyxi's answer
    assert pixi.stdout.strip() == f"pyxi {__version__} (pixi {PIXI_VERSION})"
    via_symlink = _tool(["pixi", "--version"], tmp_path, pixi_on_path)
    assert via_symlink.stdout == f"pixi {PIXI_VERSION}\n"
    # hints name the program the user typed
    missing = _tool(["pixi", "run", "-e", "nope", "true"], tmp_path, pixi_on_path, expect=1)
    assert "error:" in missing.stderr and "`pyxi " not in missing.stderr


def test_update_json_renders_with_pixi_diff_to_markdown(tool_bin, tmp_path, base_env, worlds):
    workspace, channel = tools_workspace(tmp_path, worlds.conda_forge.url)
    run_pyxi(["lock"], workspace, base_env)
    publish_newer_everything(tmp_path, channel)

    update = run_pyxi(["update", "--json", "--no-install"], workspace, base_env)
    rows = {row["name"]: row for row in json.loads(update.stdout)["environment"]["default"]["linux-64"]}
    assert rows["alpha"]["type"] == "conda" and "explicit" not in rows["alpha"]  # gamma needs it
    assert rows["alpha"]["before"]["conda"].endswith("alpha-2.5.1-h0_0.conda")
    assert rows["alpha"]["after"]["conda"].endswith("alpha-2.6.0-h0_0.conda")
    assert rows["tinyplug"]["type"] == "pypi" and rows["tinyplug"]["explicit"] is True
    assert rows["tinyplug"]["after"]["pypi"].endswith("tinyplug-1.1-py3-none-any.whl")

    markdown = _tool([str(tool_bin / "pixi-diff-to-markdown")], workspace, base_env,
                     stdin=update.stdout).stdout
    assert "|**tinyplug**|1.0|1.1|Minor Upgrade|" in markdown  # explicit: bold
    assert "|alpha|2.5.1|2.6.0|Minor Upgrade|" in markdown


@pytest.fixture(scope="module")
def installed(tmp_path_factory, base_env, worlds) -> Path:
    root = tmp_path_factory.mktemp("tools-ws")
    workspace, _ = tools_workspace(root, worlds.conda_forge.url)
    run_pyxi(["install"], workspace, base_env)
    return workspace


def test_pixi_kernel_readiness_through_a_pixi_symlink(tool_bin, installed, pixi_on_path):
    check = (
        "import asyncio, logging, os, pathlib\n"
        "from pixi_kernel.readiness import verify_env_readiness\n"
        "result = asyncio.run(verify_env_readiness(environment_name='default', "
        "cwd=pathlib.Path.cwd(), env=dict(os.environ), required_package='alpha', "
        "kernel_name='Python (pixi)', logger=logging.getLogger('kernel')))\n"
        "print(type(result).__name__, result)\n"
    )
    # alpha is no direct dependency: the kernel asks `pixi list --json` too, then `pixi install`
    done = _tool([str(tool_bin / "python"), "-c", check], installed, pixi_on_path)
    assert done.stdout.startswith("Success"), done.stdout
    assert f"prefix='{installed / '.pixi' / 'envs' / 'default'}'" in done.stdout


def test_pixi_policy_check_through_pixi_exe(tool_bin, installed, base_env):
    env = {**base_env, "PIXI_EXE": PYXI}
    policy = tool_bin / "pixi-policy"
    _tool([str(policy), "init"], installed, env)
    path = installed / "pixi-policy.toml"
    path.write_text(path.read_text().replace('unknown = "warn"', 'unknown = "allow"'))
    clean = _tool([str(policy), "check"], installed, env)
    assert "0 errors, 0 warnings" in clean.stdout, str(clean)
    # as an extension (`pyxi policy`), with neither PIXI_EXE nor a pixi on PATH: pyxi names itself
    bare = {k: v for k, v in base_env.items() if k != "PIXI_EXE"}
    bare["PATH"] = f"{tool_bin}{os.pathsep}{bare.get('PATH', '')}"
    extension = run_pyxi(["policy", "check"], installed, bare)
    assert "0 errors, 0 warnings" in extension.stdout, str(extension)
    # the lock check is pyxi's answer: an edited manifest makes the lock out of date
    manifest = installed / "pixi.toml"
    text = manifest.read_text()
    try:
        manifest.write_text(text.replace('gamma = "*"', 'gamma = "*"\nbeta = "*"'))
        stale = _tool([str(policy), "check"], installed, env, expect=1)
        assert "lock.in-sync" in stale.stdout, str(stale)
    finally:
        manifest.write_text(text)


def test_pixi_sbom_verifies_the_installed_environment(tool_bin, installed, base_env):
    sbom = tool_bin / "pixi-sbom"
    prefix = installed / ".pixi" / "envs" / "default"
    done = _tool([str(sbom), "--prefix", str(prefix), "--verify-files", "--output", "-"],
                 installed, base_env)
    names = {c["name"] for c in json.loads(done.stdout)["components"]}
    assert {"python", "gamma", "alpha", "tinyplug"} <= names
    assert "failing=0" in done.stderr
    from_lock = _tool([str(sbom), "--lockfile", "pixi.lock", "--output", "-"], installed, base_env)
    assert {"python", "gamma", "alpha", "tinyplug"} <= {
        c["name"] for c in json.loads(from_lock.stdout)["components"]}


def test_info_and_list_json_have_every_pixi_key(installed, base_env):
    info = json.loads(run_pyxi(["info", "--json"], installed, base_env).stdout)
    assert PIXI_INFO_KEYS <= set(info)
    assert PIXI_PROJECT_KEYS <= set(info["project_info"])
    assert set(info["global_info"]) == {"bin_dir", "env_dir", "manifest"}
    environment = info["environments_info"][0]
    assert PIXI_ENVIRONMENT_KEYS <= set(environment)
    assert environment["resolved_platform"]["subdir"] == "linux-64"
    rows = json.loads(run_pyxi(["list", "--json"], installed, base_env).stdout)
    assert all(PIXI_LIST_KEYS <= set(row) for row in rows)
    tinyplug = next(row for row in rows if row["name"] == "tinyplug")
    assert (tinyplug["kind"], tinyplug["build_number"], tinyplug["constrains"]) == ("pypi", None, [])
    requested = {row["name"]: row["requested_spec"] for row in rows}
    assert (requested["python"], requested["gamma"], requested["alpha"]) == ("3.11.*", "*", None)


def test_run_and_shell_hook_set_pixis_variables(installed, pixi_on_path):
    """What starship, editors and tools read, with pixi's values; PIXI_EXE is the program run."""
    prefix = installed / ".pixi" / "envs" / "default"
    expected = {
        "PIXI_PROJECT_ROOT": str(installed), "PIXI_PROJECT_NAME": "tools-demo",
        "PIXI_PROJECT_MANIFEST": str(installed / "pixi.toml"), "PIXI_PROJECT_VERSION": "1.2.3",
        "PIXI_ENVIRONMENT_NAME": "default", "PIXI_ENVIRONMENT_PLATFORMS": "linux-64",
        "PIXI_PROMPT": "(tools-demo) ", "PIXI_IN_SHELL": "1", "CONDA_DEFAULT_ENV": "tools-demo",
        "CONDA_PREFIX": str(prefix),
    }
    hook = json.loads(_tool(["pixi", "shell-hook", "--json"], installed, pixi_on_path).stdout)
    variables = hook["environment_variables"]
    assert {k: variables.get(k) for k in expected} == expected
    assert variables["PIXI_EXE"] == str(Path(pixi_on_path["PATH"].split(os.pathsep)[0]) / "pixi")
    printed = _tool(["pixi", "run", "env", "-0"], installed, pixi_on_path).stdout
    run = dict(item.partition("=")[::2] for item in printed.split("\0") if item)
    assert {k: run.get(k) for k in expected} == expected
    assert run["PIXI_EXE"] == variables["PIXI_EXE"]
    # the same cached activation, run as pyxi: PIXI_EXE names pyxi
    again = run_pyxi(["run", "printenv", "PIXI_EXE"], installed, pixi_on_path)
    assert again.stdout.strip() == PYXI
