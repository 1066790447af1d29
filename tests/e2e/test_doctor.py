"""`pyxi doctor` on the guide's manifests (no false findings) and on workspaces built to break
in one way each, through the real `pyxi` command."""

from __future__ import annotations

import json

import pytest
from doctor_harness import CF, GPU, PYPI_SPECS, SPEC, doctor, ids, only


@pytest.mark.parametrize("manifest", SPEC)
def test_guide_manifests_have_no_false_findings(make_workspace, manifest):
    ws = make_workspace(manifest, pypi=manifest[:2] in PYPI_SPECS)
    ws.pyxi("lock")
    report = doctor(ws, env=GPU, expect=0)
    if manifest.startswith(("10", "11")):
        assert set(ids(report)) == {"legacy-pytorch-channels"}
        assert all(f["severity"] == "note" for f in report["findings"])
        assert "main, nvidia and pytorch" in report["findings"][0]["message"]
    else:
        assert ids(report) == [], json.dumps(report, indent=2)


def test_schema_and_text_output(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("lock")
    report = doctor(ws, expect=0)
    assert set(report) == {"schema", "manifest", "lock", "host", "environments", "ok", "summary", "findings"}
    assert report["schema"] == 1 and report["environments"] == ["cpu", "default"]
    finding = only(report, "cuda-driver-missing")
    assert set(finding) == {"id", "severity", "message", "environment", "platforms", "evidence", "fix", "notes", "location"}
    assert finding["severity"] == "warning" and finding["environment"] == "default"
    assert "CONDA_OVERRIDE_CUDA=12.0" in finding["fix"] and "pyxi run -e cpu" in finding["fix"]
    text = ws.pyxi("doctor", expect=0).stdout
    assert "warning[cuda-driver-missing]: environment `default` (linux-64)" in text
    assert "doctor: 1 warning in 2 environment(s)" in text
    assert ids(doctor(ws, "-e", "cpu", expect=0)) == []


def test_driver_older_than_the_locked_cuda_build(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("lock")
    finding = only(doctor(ws, env={"CONDA_OVERRIDE_CUDA": "11.8"}, expect=1), "cuda-driver-too-old")
    assert finding["severity"] == "error"
    assert "supports CUDA 11.8" in finding["message"] and "__cuda >=12" in finding["message"]
    assert '`cuda-version = "11.8.*"` under [feature.gpu.dependencies]' in finding["fix"]


def test_gpu_packages_without_cuda_system_requirement(make_workspace):
    ws = make_workspace(f'[workspace]\nname = "x"\nchannels = [{CF}]\nplatforms = ["linux-64"]\n'
                        '[dependencies]\npytorch-gpu = "*"\n')
    ws.pyxi("lock", expect=1)
    report = doctor(ws, expect=1)
    finding = only(report, "cuda-requirement-missing")
    assert finding["fix"].startswith('add `cuda = "12.0"` under [system-requirements] in pixi.toml')
    assert "lock-missing" in ids(report)


def test_gpu_feature_pinned_to_cpu_build(make_workspace):
    ws = make_workspace(f'[workspace]\nname = "x"\nchannels = [{CF}]\nplatforms = ["linux-64"]\n'
                        '[feature.gpu.system-requirements]\ncuda = "12.0"\n'
                        '[feature.gpu.dependencies]\npytorch-cpu = "*"\n[environments]\ngpu = ["gpu"]\n')
    ws.pyxi("lock")
    finding = only(doctor(ws, env=GPU, expect=1), "gpu-resolved-to-cpu")
    assert finding["environment"] == "gpu" and 'declares `cuda = "12.0"`' in finding["message"]
    assert "`pytorch-cpu` in [feature.gpu.dependencies] forces the CPU build" in finding["notes"][0]
    assert finding["fix"].startswith('replace `pytorch-cpu` with `pytorch-gpu = "*"`')


def test_gpu_feature_without_cuda_declared(make_workspace):
    ws = make_workspace(f'[workspace]\nname = "x"\nchannels = [{CF}]\nplatforms = ["linux-64"]\n'
                        '[feature.gpu.dependencies]\npytorch = "*"\n[environments]\ngpu = ["gpu"]\n')
    ws.pyxi("lock")
    finding = only(doctor(ws, expect=1), "gpu-resolved-to-cpu")
    assert "it is named `gpu`" in finding["message"]
    assert "nothing declares CUDA" in finding["notes"][0]
    assert finding["fix"].startswith('add `cuda = "12.0"` under [feature.gpu.system-requirements]')


def test_gpu_environment_on_a_cpu_only_channel(make_workspace, extra_channels):
    ws = make_workspace(f'[workspace]\nname = "x"\nchannels = ["{extra_channels["cpu-mirror"]}", {CF}]\n'
                        'platforms = ["linux-64"]\n[system-requirements]\ncuda = "12.0"\n'
                        '[dependencies]\npytorch = "*"\n')
    ws.pyxi("lock")
    finding = only(doctor(ws, env=GPU, expect=1), "gpu-resolved-to-cpu")
    assert "channel `cpu-mirror` has no CUDA build of pytorch for linux-64" in finding["notes"][0]
