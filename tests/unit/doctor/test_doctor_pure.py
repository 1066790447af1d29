"""Pure parts of `pyxi doctor`: families, specifiers, wheel parsing, merging, JSON, and checks run
on hand-built locks and hosts."""

from __future__ import annotations

import pytest
from doctor_helpers import LINUX, conda, context, lock_of, pypi

from pyxi.doctor.check_cuda import check_host_driver
from pyxi.doctor.check_sources import check_channel_sets, check_conda_and_pypi
from pyxi.doctor.check_wheels import parse_wheels
from pyxi.doctor.context import HostFacts
from pyxi.doctor.families import channel_kind, cpu_index_for, cuda_index_tag, torch_flavour
from pyxi.doctor.finding import Report, Severity, error, note
from pyxi.doctor.pythons import conda_to_specifier
from pyxi.doctor.registry import CHECKS, merge_platforms
from pyxi.doctor.report import to_json
from pyxi.workspace.virtual_packages import VirtualPackage

CF = "https://conda.anaconda.org/conda-forge/"
LEGACY = "https://conda.anaconda.org/pytorch/"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
MANIFEST = '[workspace]\nname = "x"\nchannels = ["conda-forge"]\nplatforms = ["linux-64"]\n'


@pytest.mark.parametrize(("package", "flavour"), [
    (conda("pytorch", "2.5.1", "cuda126_mkl_py312_h_308", CF), "cuda"),
    (conda("pytorch", "2.5.1", "cpu_mkl_py312_h_108", CF), "cpu"),
    (conda("pytorch", "2.5.1", "py3.11_cpu_0", LEGACY), "cpu"),
    (conda("pytorch", "2.5.1", "py3.11_cuda12.1_cudnn9.1.0_0", LEGACY), "cuda"),
    (conda("pytorch", "2.5.1", "py3.11_0", LEGACY), None),
    (pypi("torch", "2.5.1+cu124", CPU_INDEX), "cuda"),
    (pypi("torch", "2.5.1+cpu", CPU_INDEX), "cpu"),
    (pypi("numpy", "2.1.3", CPU_INDEX), None),
])
def test_torch_flavour(package, flavour):
    assert torch_flavour(package) == flavour


def test_index_and_channel_names():
    assert cuda_index_tag("https://download.pytorch.org/whl/cu124") == "cu124"
    assert cuda_index_tag(CPU_INDEX) is None
    assert cpu_index_for("https://download.pytorch.org/whl/cu118/") == CPU_INDEX
    assert [channel_kind(u) for u in (CF, LEGACY, "https://conda.anaconda.org/nvidia/",
                                      "https://repo.anaconda.com/pkgs/main/", "https://x.org/mine/")] == [
        "conda-forge", "pytorch", "nvidia", "main", "other"]


@pytest.mark.parametrize(("spec", "admits", "rejects"), [
    ("3.12.*", "3.12.7", "3.13.1"), (">=3.11,<3.13", "3.11.10", "3.13.1"), ("3.11", "3.11.2", "3.12.0"),
])
def test_conda_python_specs(spec, admits, rejects):
    specifier = conda_to_specifier(spec)
    assert specifier.contains(admits) and not specifier.contains(rejects)
    assert conda_to_specifier("3.11|3.12") is None


def test_parse_wheels_filters_by_version():
    files = ["torch-2.5.1+cpu-cp311-cp311-win_amd64.whl", "torch-2.4.0+cpu-cp311-cp311-win_amd64.whl", "x.tar.gz"]
    wheels = parse_wheels(files, ">=2.5.1")
    assert [w.version for w in wheels] == ["2.5.1+cpu"]
    assert wheels[0].interpreters == {"cp311"} and wheels[0].platforms == {"win_amd64"}


def test_identical_findings_on_several_platforms_merge():
    a = error("x", "same", environment="e", platforms=("linux-64",))
    b = error("x", "same", environment="e", platforms=("win-64",))
    c = note("y", "other", environment="e", platforms=("win-64",))
    merged = merge_platforms([c, a, b])
    assert [(f.id, f.platforms) for f in merged] == [("x", ("linux-64", "win-64")), ("y", ("win-64",))]


def test_every_registered_id_is_unique():
    ids = [i for check in CHECKS for i in check.ids]
    assert len(ids) == len(set(ids))


def test_conda_and_pypi_torch_in_one_environment(workspace):
    ws = workspace(MANIFEST + '[dependencies]\npytorch = "*"\n[pypi-dependencies]\ntorch = "*"\n')
    lock = lock_of({"default": [conda("pytorch", "2.5.1", "py3.11_cpu_0", LEGACY), pypi("torch", "2.5.1+cpu", CPU_INDEX)]})
    (finding,) = check_conda_and_pypi(context(ws, lock))
    assert finding.severity is Severity.ERROR and finding.platforms == ("linux-64",)
    assert "remove `torch` from [pypi-dependencies]" in finding.fix
    assert "remove `pytorch` from [dependencies]" in finding.fix
    assert list(check_conda_and_pypi(context(ws, lock_of({"default": [pypi("torch", "2.5.1+cpu", CPU_INDEX)]})))) == []


def test_channel_sets(workspace):
    ws = workspace(MANIFEST)
    legacy = [conda("pytorch", "2.5.1", "py3.11_cpu_0", LEGACY), conda("python", "3.11.9", "h_0", "https://repo.anaconda.com/pkgs/main/")]
    assert [f.id for f in check_channel_sets(context(ws, lock_of({"default": legacy})))] == ["legacy-pytorch-channels"]
    mixed = legacy + [conda("numpy", "2.1.3", "py311_0", CF)]
    assert [f.id for f in check_channel_sets(context(ws, lock_of({"default": mixed})))] == ["conda-forge-with-legacy-channels"]
    assert next(iter(check_channel_sets(context(ws, lock_of({"default": legacy[:1] + mixed[-1:]}))))).severity is Severity.ERROR


def test_host_driver_against_locked_cuda_builds(workspace):
    ws = workspace(MANIFEST + '[system-requirements]\ncuda = "12.0"\n[dependencies]\npytorch-gpu = "*"\n')
    lock = lock_of({"default": [conda("pytorch", "2.5.1", "cuda126_mkl_308", CF, depends=["__cuda"]),
                                conda("cuda-version", "12.6", "h_3", CF, constrains=["__cuda >=12"])]})
    assert [f.id for f in check_host_driver(context(ws, lock))] == ["cuda-driver-missing"]
    old = HostFacts("linux-64", LINUX.virtual_packages + (VirtualPackage("__cuda", "11.8"),))
    (finding,) = check_host_driver(context(ws, lock, old))
    assert finding.id == "cuda-driver-too-old" and '`cuda-version = "11.8.*"` under [dependencies]' in finding.fix
    new = HostFacts("linux-64", LINUX.virtual_packages + (VirtualPackage("__cuda", "12.4"),))
    assert list(check_host_driver(context(ws, lock, new))) == []


def test_json_report_shape(workspace):
    ws = workspace(MANIFEST)
    report = Report([error("x", "broken", environment="default", platforms=("linux-64",), fix="do y")])
    data = to_json(report, context(ws, None))
    assert data["ok"] is False and data["summary"] == {"error": 1, "warning": 0, "note": 0}
    assert data["lock"] is None and data["host"]["platform"] == "linux-64"
    assert data["findings"][0]["platforms"] == ["linux-64"] and data["findings"][0]["fix"] == "do y"
