"""Bad manifests: one located `error:` line plus a hint, exit 1, no traceback, nothing written."""

from __future__ import annotations

import pytest

HEAD = '[workspace]\nname = "x"\nchannels = ["https://prefix.dev/conda-forge"]\n'

CASES = [
    pytest.param(HEAD + 'platforms = ["linux-64"\n', "invalid TOML", "pixi.toml:", id="syntax"),
    pytest.param(
        HEAD + 'platforms = ["linux-64"]\nchanels = []\n',
        "unknown key `chanels`", "did you mean `channels`", id="unknown-key",
    ),
    pytest.param(
        HEAD + 'platforms = ["linux-64"]\n[dependencies]\npytorch = ">=2.5,<<3"\n',
        "invalid version spec", "pixi.toml:6 (key `dependencies.pytorch`)", id="bad-spec",
    ),
    pytest.param(
        HEAD + 'platforms = ["linux-64"]\n[feature.gpu.dependencies]\npytorch = "*"\n'
        '[environments]\ngpu = ["gpuu"]\n',
        "uses feature `gpuu`", "did you mean `gpu`", id="unknown-feature",
    ),
    pytest.param(
        HEAD + 'platforms = ["linux-46"]\n',
        "unknown platform `linux-46`", "did you mean `linux-64`", id="unknown-platform",
    ),
]


@pytest.mark.parametrize(("manifest", "message", "detail"), CASES)
@pytest.mark.parametrize("command", [["lock"], ["install"], ["run", "python", "-V"]])
def test_bad_manifest_is_one_located_error(make_workspace, manifest, message, detail, command):
    ws = make_workspace(manifest)
    result = ws.pyxi(*command, expect=1)
    first, *rest = result.stderr.splitlines()
    assert first.startswith("error: ") and message in first
    assert sum(line.startswith("error:") for line in result.stderr.splitlines()) == 1
    assert detail in result.stderr
    assert any(line.strip().startswith("help:") for line in rest)
    assert not ws.lock.exists()
    assert not (ws.root / ".pixi").exists()


def test_unknown_environment_names_the_choices(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    result = ws.pyxi("run", "-e", "gpu", "python", "-V", expect=1)
    assert "unknown environment `gpu`" in result.stderr
    assert "cpu, default" in result.stderr


def test_missing_manifest(make_workspace):
    ws = make_workspace(HEAD + 'platforms = ["linux-64"]\n')
    (ws.root / "pixi.toml").unlink()
    result = ws.pyxi("lock", expect=1)
    assert "could not find pixi.toml" in result.stderr
    assert "pyxi init" in result.stderr or "--manifest-path" in result.stderr
