"""The variables pixi sets on activation (§6.6), for the default and a named environment."""

from __future__ import annotations

from pathlib import Path

from pyxi.env.activate import ActivationContext, activate, static_variables


def _context(tmp_path: Path, environment: str, **extra) -> ActivationContext:
    return ActivationContext(
        prefix=tmp_path / ".pixi" / "envs" / environment,
        environment=environment,
        project_name="proj",
        project_version=None,
        project_root=tmp_path,
        manifest_path=tmp_path / "pixi.toml",
        platforms=["linux-64", "osx-arm64"],
        **extra,
    )


def test_named_environment_variables(tmp_path):
    variables = static_variables(_context(tmp_path, "cuda"))
    assert variables["CONDA_DEFAULT_ENV"] == "proj:cuda"
    assert variables["PIXI_PROMPT"] == "(proj:cuda) "
    assert variables["PIXI_ENVIRONMENT_NAME"] == "cuda"
    assert variables["PIXI_ENVIRONMENT_PLATFORMS"] == "linux-64,osx-arm64"
    assert variables["PIXI_PROJECT_VERSION"] == "NO_VERSION_SPECIFIED"
    assert variables["CONDA_PREFIX"] == str(tmp_path / ".pixi" / "envs" / "cuda")
    assert variables["PIXI_PROJECT_ROOT"] == str(tmp_path)


def test_user_env_beats_scripts_and_expands(tmp_path):
    script = tmp_path / "setup.sh"
    script.write_text("export A=script\nexport B=script\n")
    ctx = _context(tmp_path, "default", user_scripts=[script], user_env={"A": "env-$B", "C": "${HOME}"})
    activation = activate(ctx, {"PATH": "/usr/bin:/bin", "HOME": "/home/u"})
    assert activation.variables["A"] == "env-script"
    assert activation.variables["B"] == "script" and activation.variables["C"] == "/home/u"
    assert activation.variables["CONDA_DEFAULT_ENV"] == "proj"
