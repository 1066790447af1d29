"""The local PyPI world builder: real wheels, PEP 503 pages with hashes, PEP 658 metadata."""

from __future__ import annotations

import base64
import hashlib
import urllib.request
import zipfile
from pathlib import Path

from pyxi.testing.pypi_index import make_wheel, write_simple_index


def test_make_wheel_record_matches(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path, "My_Pkg", "1.0+cpu", requires_dist=["numpy"], requires_python=">=3.9",
                       files={"my_pkg/__init__.py": "X = 1\n"})
    assert wheel.name == "my_pkg-1.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl"
    with zipfile.ZipFile(wheel) as archive:
        record = archive.read("my_pkg-1.0+cpu.dist-info/RECORD").decode().splitlines()
        for line in record:
            path, digest, size = line.rsplit(",", 2)
            if not digest:
                continue
            data = archive.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data)
        metadata = archive.read("my_pkg-1.0+cpu.dist-info/METADATA").decode()
    assert "Requires-Dist: numpy" in metadata and "Requires-Python: >=3.9" in metadata
    assert make_wheel(tmp_path / "again", "My_Pkg", "1.0+cpu", requires_dist=["numpy"], requires_python=">=3.9",
                      files={"my_pkg/__init__.py": "X = 1\n"}).read_bytes() == wheel.read_bytes()


def test_simple_index_pages(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / "build", "torch", "2.5.1+cpu", requires_python=">=3.9")
    simple = write_simple_index(tmp_path / "idx", [wheel])
    page = (simple / "torch" / "index.html").read_text()
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert f"../../files/torch-2.5.1%2Bcpu-cp311-cp311-manylinux_2_28_x86_64.whl#sha256={digest}" in page
    assert 'data-requires-python="&gt;=3.9"' in page and "data-dist-info-metadata=" in page
    assert (tmp_path / "idx" / "files" / f"{wheel.name}.metadata").read_text().startswith("Metadata-Version")


def test_served_world(world: Path, http_base: str) -> None:
    with urllib.request.urlopen(f"{http_base}torch-cu124/simple/torch/") as response:
        page = response.read().decode()
    assert "win_amd64" in page and "macosx" not in page
    assert (world / "torch-cpu" / "simple" / "torchvision" / "index.html").exists()
