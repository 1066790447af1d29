"""`pyxi doctor` on mixed package sources and PyPI wheel gaps: each finding has a workspace that
triggers it (and the guide's manifests, in test_doctor.py, are the ones that do not)."""

from __future__ import annotations

from pathlib import Path

from doctor_harness import CF, GPU, doctor, ids, only

SPEC_DIR = Path(__file__).resolve().parents[1] / "data" / "spec_manifests"
TORCH_CPU = '{ version = ">=2.5.1", index = "https://download.pytorch.org/whl/cpu" }'


def test_cuda_index_on_macos(make_workspace):
    text = (SPEC_DIR / "06-pypi.pixi.toml").read_text().split("[target.osx.pypi-dependencies]")[0]
    ws = make_workspace(text, pypi=True)
    ws.pyxi("lock", expect=1)
    report = doctor(ws, expect=1)
    finding = only(report, "no-wheels-for-platform")
    assert finding["platforms"] == ["osx-arm64"]
    assert "no `torch` wheels for osx-arm64" in finding["message"]
    assert "[target.osx.pypi-dependencies]" in finding["fix"] and "/torch-cpu/simple" in finding["fix"]
    assert "no-wheels-for-python" not in ids(report)


def test_python_without_wheels_on_the_index(make_workspace):
    ws = make_workspace(f'[workspace]\nname = "x"\nchannels = [{CF}]\nplatforms = ["win-64"]\n'
                        f'[dependencies]\npython = "3.13.*"\n[pypi-dependencies]\ntorch = {TORCH_CPU}\n', pypi=True)
    ws.pyxi("lock", expect=1)
    finding = only(doctor(ws, expect=1), "no-wheels-for-python")
    assert "no wheels for Python 3.13.1 on win-64" in finding["message"]
    assert '`python = "3.12.*"` under [dependencies]' in finding["fix"]


def test_python_range_that_admits_a_python_without_wheels(make_workspace):
    ws = make_workspace(f'[project]\nname = "x"\nrequires-python = ">=3.11"\n[tool.pixi.workspace]\n'
                        f'channels = [{CF}]\nplatforms = ["win-64"]\n'
                        f'[tool.pixi.pypi-dependencies]\ntorch = {TORCH_CPU}\n', filename="pyproject.toml", pypi=True)
    ws.pyxi("lock", expect=1)
    finding = only(doctor(ws, expect=1), "no-wheels-for-python")
    assert 'requires-python = ">=3.11,<3.13"' in finding["fix"]


def test_legacy_pytorch_and_pypi_torch(make_workspace):
    """The pytorch channel's mapping says its `pytorch` is PyPI `torch` (as pixi's does): the
    PyPI request only pins the conda build, and the lock holds no PyPI torch."""
    text = (SPEC_DIR / "10-pytorch-channel.pixi.toml").read_text().replace(
        '["osx-arm64", "linux-64", "win-64"]', '["linux-64"]')
    ws = make_workspace(text + f"\n[pypi-dependencies]\ntorch = {TORCH_CPU}\n", pypi=True)
    ws.pyxi("lock")
    assert "pypi: " not in ws.lock.read_text()
    report = doctor(ws, env=GPU, expect=1)
    finding = only(report, "requested-from-conda-and-pypi")
    assert "`pytorch` is asked for from conda" in finding["message"]
    assert "conda-and-pypi" not in ids(report)


def test_conda_pytorch_from_an_unmapped_channel_and_pypi_torch(make_workspace, extra_channels):
    """A channel without a conda→PyPI mapping: its `pytorch` is not known to be `torch`, so PyPI
    torch is locked too and the two install over each other."""
    ws = make_workspace(f'[workspace]\nname = "x"\nchannels = ["{extra_channels["private-mirror"]}", {CF}]\n'
                        'platforms = ["linux-64"]\n[dependencies]\npython = "3.11.*"\npytorch = "*"\n'
                        f'[pypi-dependencies]\ntorch = {TORCH_CPU}\n', pypi=True)
    ws.pyxi("lock")
    finding = only(doctor(ws, expect=1), "conda-and-pypi")
    kinds = {(e["kind"], e["name"]) for e in finding["evidence"]}
    assert {("conda", "pytorch"), ("pypi", "torch")} <= kinds
    assert "remove `torch` from [pypi-dependencies]" in finding["fix"]
    assert "remove `pytorch` from [dependencies]" in finding["fix"]


def test_pytorch_stack_from_two_channels(make_workspace, extra_channels):
    ws = make_workspace('[workspace]\nname = "x"\nchannels = ["main", "nvidia", "pytorch", '
                        f'"{extra_channels["addons"]}"]\nplatforms = ["linux-64"]\n'
                        '[dependencies]\npytorch = "*"\ntorchvision = "*"\n')
    ws.pyxi("lock")
    finding = only(doctor(ws, expect=1), "mixed-channels")
    assert "pytorch: pytorch" in finding["message"] and "addons: torchvision" in finding["message"]


def test_conda_forge_with_the_legacy_channels(make_workspace):
    ws = make_workspace('[workspace]\nname = "x"\nchannels = ["pytorch", "main", '
                        f'{CF}]\nplatforms = ["linux-64"]\n[dependencies]\npytorch = "*"\ncuda-version = "12.6.*"\n')
    ws.pyxi("lock")
    report = doctor(ws, expect=1)
    finding = only(report, "conda-forge-with-legacy-channels")
    assert "conda-forge" in finding["message"]
    assert "legacy-pytorch-channels" not in ids(report)


def test_conda_package_that_needs_the_pypi_torch(make_workspace, extra_channels):
    ws = make_workspace(f'[workspace]\nname = "x"\nchannels = [{CF}, "{extra_channels["addons"]}"]\n'
                        'platforms = ["linux-64"]\n[dependencies]\npython = "3.11.*"\ntorchvision = "*"\n'
                        f'[pypi-dependencies]\ntorch = {TORCH_CPU}\n', pypi=True)
    ws.pyxi("lock", expect=None)
    finding = only(doctor(ws, expect=1), "conda-needs-pypi")
    assert "`torchvision`" in finding["message"] and "`torch`" in finding["message"]
    assert "remove `torchvision` from [dependencies]" in finding["fix"]
    assert '`torchvision = { version = "*", index = "' in finding["fix"]


def test_same_package_requested_from_conda_and_pypi(make_workspace):
    ws = make_workspace(f'[workspace]\nname = "x"\nchannels = [{CF}]\nplatforms = ["linux-64"]\n'
                        '[dependencies]\npython = "3.11.*"\npytorch-cpu = "*"\npytorch = "*"\n'
                        f'[pypi-dependencies]\ntorch = {TORCH_CPU}\n', pypi=True)
    ws.pyxi("lock", expect=None)
    report = doctor(ws, expect=1)
    assert "requested-from-conda-and-pypi" in ids(report)
