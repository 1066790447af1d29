"""`pyxi doctor` on installed environments that no longer match pixi.lock, and on a stale lock."""

from __future__ import annotations

import json

from doctor_harness import doctor, ids, only

IMPORT = "import numpy"


def _site(prefix):
    return next(prefix.glob("lib/python3*/site-packages"))


def _replace(path, text: str) -> None:
    """Write a new file in place of `path`, as pip would: installed files are hard links into the
    shared package caches, which writing through the link would corrupt for later tests."""
    path.unlink()
    path.write_text(text)


def test_freshly_installed_environments_are_clean(make_workspace):
    ws = make_workspace("08-pypi-envs.pixi.toml", pypi=True)
    ws.pyxi("install")
    assert ids(doctor(ws, "-e", "default", expect=0)) == []


def test_changed_and_missing_conda_files(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("install", "-e", "cpu")
    site = _site(ws.root / ".pixi" / "envs" / "cpu")
    _replace(site / "numpy" / "__init__.py", "broken = True\n")
    (site / "filelock" / "__init__.py").unlink()
    finding = only(doctor(ws, "-e", "cpu", expect=1), "installed-files-changed")
    details = {e["name"]: e["detail"] for e in finding["evidence"]}
    assert details["numpy"].startswith("modified: lib/python3")
    assert details["filelock"].startswith("missing: lib/python3")
    assert "remove the folder" in finding["fix"] and "pyxi install -e cpu" in finding["fix"]


def test_changed_pypi_files_and_a_hand_installed_package(make_workspace):
    ws = make_workspace("08-pypi-envs.pixi.toml", pypi=True)
    ws.pyxi("install")
    site = _site(ws.root / ".pixi" / "envs" / "default")
    _replace(site / "torch" / "__init__.py", "__version__ = 'patched'\n")
    extra = site / "stray-1.0.dist-info"
    extra.mkdir()
    (extra / "METADATA").write_text("Metadata-Version: 2.1\nName: stray\nVersion: 1.0\n")
    (extra / "INSTALLER").write_text("pip\n")
    report = doctor(ws, "-e", "default", expect=1)
    changed = only(report, "installed-files-changed")
    assert any(e["kind"] == "pypi" and e["name"] == "torch" and "modified: torch/__init__.py" in e["detail"]
               for e in changed["evidence"])
    stray = only(report, "installed-outside-lock")
    assert stray["severity"] == "warning" and "pip uninstall -y stray" in stray["fix"]


def test_package_missing_although_stamped_up_to_date(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("install", "-e", "cpu")
    meta = ws.root / ".pixi" / "envs" / "cpu" / "conda-meta"
    next(meta.glob("filelock-*.json")).unlink()
    finding = only(doctor(ws, "-e", "cpu", expect=1), "installed-differs-from-lock")
    assert finding["severity"] == "error"
    assert any(e["name"] == "filelock" and e["detail"] == "locked, not installed" for e in finding["evidence"])


def test_stale_lock_and_older_install(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("install", "-e", "cpu")
    manifest = ws.root / "pixi.toml"
    manifest.write_text(manifest.read_text().replace('pytorch-cpu = "*"', 'pytorch-cpu = "*"\nnumpy = "*"\ncuda-version = "12.6.*"'))
    report = doctor(ws, "-e", "cpu", expect=0)
    assert only(report, "lock-stale")["severity"] == "warning"
    ws.pyxi("lock")
    older = only(doctor(ws, "-e", "cpu", expect=0), "installed-differs-from-lock")
    assert older["severity"] == "warning" and older["fix"].startswith("run `pyxi install -e cpu`")
    assert json.dumps(older).count("cuda-version") >= 1


def test_conda_file_overwritten_by_a_pip_install(make_workspace):
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("install", "-e", "cpu")
    site = _site(ws.root / ".pixi" / "envs" / "cpu")
    _replace(site / "numpy" / "__init__.py", "__version__ = '2.2.0'\n")
    pip_dist = site / "numpy-2.2.0.dist-info"
    pip_dist.mkdir()
    (pip_dist / "METADATA").write_text("Metadata-Version: 2.1\nName: numpy\nVersion: 2.2.0\n")
    (pip_dist / "INSTALLER").write_text("pip\n")
    (pip_dist / "RECORD").write_text("numpy/__init__.py,,\n")
    finding = only(doctor(ws, "-e", "cpu", expect=1), "installed-files-changed")
    (numpy,) = [e for e in finding["evidence"] if e["name"] == "numpy"]
    assert "(now owned by numpy-2.2.0.dist-info)" in numpy["detail"]
