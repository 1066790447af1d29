"""A local PyPI world for tests: real wheels, PEP 503 simple indexes, PEP 658 metadata, a server.

`build_pytorch_pypi_world(root)` lays out three indexes under `root` that mimic the PyTorch
indexes and PyPI (see its docstring); `serve(root)` serves any such tree over http.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import http.server
import re
import shutil
import sys
import threading
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path

WheelTag = tuple[str, str, str]
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _escape(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _metadata(name: str, version: str, requires_dist: Iterable[str], requires_python: str | None) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    if requires_python:
        lines.append(f"Requires-Python: {requires_python}")
    lines += [f"Requires-Dist: {req}" for req in requires_dist]
    return "\n".join(lines) + "\n"


def make_wheel(
    directory: Path,
    name: str,
    version: str,
    tag: WheelTag = ("cp311", "cp311", "manylinux_2_28_x86_64"),
    requires_dist: Sequence[str] = (),
    requires_python: str | None = None,
    files: Mapping[str, str | bytes] | None = None,
) -> Path:
    """Write a real, installable wheel (METADATA, WHEEL, RECORD with sha256) and return its path.

    `files` maps archive paths (`pkg/__init__.py`) to contents. Timestamps are fixed so the
    same inputs always give the same bytes (and the same sha256)."""
    directory.mkdir(parents=True, exist_ok=True)
    dist = _escape(name)
    info = f"{dist}-{version}.dist-info"
    purelib = "true" if tag[2] == "any" else "false"
    contents: dict[str, bytes] = {
        path: data.encode() if isinstance(data, str) else data for path, data in (files or {}).items()
    }
    contents[f"{info}/METADATA"] = _metadata(name, version, requires_dist, requires_python).encode()
    contents[f"{info}/WHEEL"] = (
        f"Wheel-Version: 1.0\nGenerator: pyxi-tests\nRoot-Is-Purelib: {purelib}\nTag: {'-'.join(tag)}\n"
    ).encode()
    record = [f"{path},{_record_hash(data)},{len(data)}" for path, data in contents.items()]
    contents[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
    path = directory / f"{dist}-{version}-{'-'.join(tag)}.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in contents.items():
            archive.writestr(zipfile.ZipInfo(member, date_time=_FIXED_TIME), data)
    return path


def _wheel_metadata(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        member = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return archive.read(member)


def _requires_python(metadata: bytes) -> str | None:
    match = re.search(rb"^Requires-Python: (.+)$", metadata, re.MULTILINE)
    return match.group(1).decode().strip() if match else None


def write_simple_index(root: Path, wheels: Iterable[Path]) -> Path:
    """Write a PEP 503 simple index for `wheels` under `root` and return `root/simple`.

    Wheels are copied to `root/files/` (unless already there) next to their PEP 658
    `<wheel>.metadata`; project pages link them relatively with `#sha256=`,
    `data-requires-python` and `data-dist-info-metadata`/`data-core-metadata`."""
    files_dir, simple = root / "files", root / "simple"
    files_dir.mkdir(parents=True, exist_ok=True)
    projects: dict[str, list[str]] = {}
    for wheel in wheels:
        target = files_dir / wheel.name
        if wheel.resolve() != target.resolve():
            shutil.copyfile(wheel, target)
        metadata = _wheel_metadata(target)
        (files_dir / f"{wheel.name}.metadata").write_bytes(metadata)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        meta_digest = hashlib.sha256(metadata).hexdigest()
        requires = _requires_python(metadata)
        attrs = f' data-requires-python="{html.escape(requires)}"' if requires else ""
        attrs += f' data-dist-info-metadata="sha256={meta_digest}" data-core-metadata="sha256={meta_digest}"'
        href = f"../../files/{wheel.name.replace('+', '%2B')}#sha256={digest}"
        name = normalize(wheel.name.split("-")[0])
        projects.setdefault(name, []).append(f'<a href="{href}"{attrs}>{wheel.name}</a><br/>')
    for name, links in projects.items():
        page = simple / name
        page.mkdir(parents=True, exist_ok=True)
        body = "\n".join(sorted(links))
        (page / "index.html").write_text(f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n")
    all_links = "\n".join(f'<a href="{n}/">{n}</a><br/>' for n in sorted(projects))
    simple.mkdir(parents=True, exist_ok=True)
    (simple / "index.html").write_text(f"<!DOCTYPE html>\n<html><body>\n{all_links}\n</body></html>\n")
    return simple


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    # uv opens many connections at once; the default backlog (5) makes the kernel drop SYNs,
    # which costs a 1 s retransmit each time.
    request_queue_size = 256
    daemon_threads = True


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) in a thread; yields `http://127.0.0.1:PORT/`."""
    handler = partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- the PyTorch world ---------------------------------------------------------------------

LINUX, WIN, MAC_ARM = "manylinux_2_28_x86_64", "win_amd64", "macosx_11_0_arm64"
CUDA_PLATFORMS = (LINUX, WIN)
CPU_PLATFORMS = (LINUX, WIN, MAC_ARM)
TORCH_VERSION, TORCHVISION_VERSION = "2.5.1", "0.20.1"


def world_abi_tags() -> tuple[str, ...]:
    """cp311 and cp312, plus the running interpreter's tag so installs work here."""
    running = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    return tuple(sorted({"cp311", "cp312", running}))


_TORCH_INIT = '''"""A stand-in for PyTorch built by pyxi's tests."""
import os as _os

__version__ = "{version}"


class _Cuda:
    @staticmethod
    def is_available() -> bool:
        if "{variant}" != "cuda":
            return False
        # Test seam: a real NVIDIA driver, or CONDA_OVERRIDE_CUDA set to a non-empty value.
        return _os.path.exists("/proc/driver/nvidia/version") or bool(_os.environ.get("CONDA_OVERRIDE_CUDA"))


cuda = _Cuda()
'''


def _torch_files(version: str, variant: str) -> dict[str, str]:
    return {"torch/__init__.py": _TORCH_INIT.format(version=version, variant=variant)}


def _package_files(module: str, version: str) -> dict[str, str]:
    return {f"{module}/__init__.py": f'__version__ = "{version}"\n'}


def _torch_wheels(out: Path, local: str, platforms: Sequence[str]) -> list[Path]:
    variant = "cuda" if local.startswith("cu") else "cpu"
    torch_version, vision_version = f"{TORCH_VERSION}+{local}", f"{TORCHVISION_VERSION}+{local}"
    torch_deps = ["filelock", "typing-extensions>=4.8.0", "sympy==1.13.1", "numpy"]
    if variant == "cuda":
        torch_deps.append("nvidia-cuda-runtime-cu12==12.4.127 ; platform_system == 'Linux'")
    wheels = []
    for abi in world_abi_tags():
        for platform in platforms:
            tag = (abi, abi, platform)
            wheels.append(make_wheel(out, "torch", torch_version, tag, torch_deps, ">=3.9",
                                     _torch_files(torch_version, variant)))
            wheels.append(make_wheel(out, "torchvision", vision_version, tag,
                                     ["numpy", f"torch=={torch_version}"], ">=3.9",
                                     _package_files("torchvision", vision_version)))
    return wheels


def _pure(out: Path, name: str, version: str, deps: Sequence[str] = (), requires_python: str | None = None) -> Path:
    module = _escape(name)
    return make_wheel(out, name, version, ("py3", "none", "any"), deps, requires_python,
                      _package_files(module, version))


def _pypi_wheels(out: Path) -> list[Path]:
    wheels = [
        _pure(out, "filelock", "3.16.1", requires_python=">=3.8"),
        _pure(out, "typing-extensions", "4.12.2", requires_python=">=3.8"),
        _pure(out, "mpmath", "1.3.0"),
        _pure(out, "sympy", "1.13.1", ["mpmath<1.4,>=1.1.0"], ">=3.8"),
        _pure(out, "colorama", "0.4.6"),
        _pure(out, "needs-old-numpy", "1.0", ["numpy<2"]),
    ]
    abis = sorted({*world_abi_tags(), "cp313"})
    for version in ("2.1.3", "2.2.0"):
        for abi in abis:
            for platform in (*CPU_PLATFORMS, "macosx_10_13_x86_64"):
                wheels.append(make_wheel(out, "numpy", version, (abi, abi, platform), (), ">=3.10",
                                         _package_files("numpy", version)))
    wheels.append(make_wheel(out, "nvidia-cuda-runtime-cu12", "12.4.127", ("py3", "none", LINUX), (), ">=3",
                             _package_files("nvidia_cuda_runtime_cu12", "12.4.127")))
    for abi in abis:  # decoy: a newer torch on the default index that pinned deps must not take
        for platform in CPU_PLATFORMS:
            wheels.append(make_wheel(out, "torch", "2.6.0", (abi, abi, platform), ["filelock"], ">=3.9",
                                     _torch_files("2.6.0", "cpu")))
    return wheels


def build_pytorch_pypi_world(root: Path) -> dict[str, Path]:
    """Build three indexes under `root` and return {index name: its `simple` dir}.

    - `torch-cu124`: torch 2.5.1+cu124 / torchvision 0.20.1+cu124 for cp311/cp312 (+ the running
      interpreter's tag) on manylinux_2_28_x86_64 and win_amd64 (no macOS wheels), plus a decoy
      numpy 1.26.4 that pinned packages' own dependencies must not pick up.
    - `torch-cpu`: torch 2.5.1+cpu / torchvision 0.20.1+cpu for the same ABIs on linux, windows
      and macosx_11_0_arm64.
    - `pypi`: numpy 2.1.3 and 2.2.0 (cp311–cp313, linux/win/mac), filelock, typing-extensions,
      sympy + mpmath, colorama, nvidia-cuda-runtime-cu12 (linux only; torch+cu124 needs it on
      Linux), needs-old-numpy (needs numpy<2) and a decoy torch 2.6.0.

    Each torch wheel holds an importable `torch` whose `__version__` is the full local version;
    `torch.cuda.is_available()` is False for +cpu, and for +cu124 True only when
    /proc/driver/nvidia/version exists or CONDA_OVERRIDE_CUDA is non-empty.
    URLs: `<base>/torch-cu124/simple`, `<base>/torch-cpu/simple`, `<base>/pypi/simple`.
    """
    build = root / "_build"
    cu124 = _torch_wheels(build / "cu124", "cu124", CUDA_PLATFORMS)
    cu124.append(make_wheel(build / "cu124", "numpy", "1.26.4", ("py3", "none", "any"), (), None,
                            _package_files("numpy", "1.26.4")))
    indexes = {
        "torch-cu124": write_simple_index(root / "torch-cu124", cu124),
        "torch-cpu": write_simple_index(root / "torch-cpu", _torch_wheels(build / "cpu", "cpu", CPU_PLATFORMS)),
        "pypi": write_simple_index(root / "pypi", _pypi_wheels(build / "pypi")),
    }
    shutil.rmtree(build)
    return indexes
