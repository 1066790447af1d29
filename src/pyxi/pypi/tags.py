"""What a conda platform + the conda `python` record mean for PyPI: uv's `--python-platform`
and `--python-version`, the PEP 508 marker environment, and the ranked wheel tags.

Pure functions: nothing here looks at the host.
"""

from __future__ import annotations

import re

from packaging import tags as ptags

from pyxi.datamodel import model

DEFAULT_GLIBC = "2.28"
DEFAULT_OSX = "13.0"
# The `manylinux_2_X` values uv 0.13 accepts in `--python-platform` (uv-recipes §2).
_UV_GLIBC_MINORS = (17, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40)

_LINUX_ARCH = {"64": "x86_64", "aarch64": "aarch64", "ppc64le": "ppc64le", "s390x": "s390x",
               "armv7l": "armv7l", "riscv64": "riscv64", "32": "i686"}
_UV_LINUX_ARCH = {"x86_64": "x86_64", "aarch64": "aarch64", "ppc64le": "ppc64le", "s390x": "s390x"}
_WIN = {"win-64": ("x86_64-pc-windows-msvc", "AMD64", "win_amd64"),
        "win-arm64": ("aarch64-pc-windows-msvc", "ARM64", "win_arm64"),
        "win-32": ("i686-pc-windows-msvc", "x86", "win32")}
_OSX = {"osx-64": ("x86_64-apple-darwin", "x86_64"), "osx-arm64": ("aarch64-apple-darwin", "arm64")}


class UnsupportedTargetError(ValueError):
    """The conda platform or python version has no PyPI equivalent uv can resolve for."""


@model(frozen=True)
class PythonTarget:
    """One (platform, python) for which PyPI packages are resolved."""

    subdir: str
    python_version: str
    glibc: str | None = None
    osx: str | None = None
    free_threaded: bool = False

    @property
    def python_platform(self) -> str:
        return python_platform(self.subdir, self.glibc)

    @property
    def uv_python_version(self) -> str:
        return uv_python_version(self.python_version)

    @property
    def abi_tag(self) -> str:
        return abi_tag(self.python_version, self.free_threaded)

    def env(self) -> dict[str, str]:
        return platform_env(self.subdir, self.osx)

    def markers(self) -> dict[str, str]:
        return marker_environment(self.subdir, self.python_version)

    def platform_tags(self) -> list[str]:
        return platform_tags(self.subdir, self.glibc, self.osx)

    def wheel_tags(self) -> list[ptags.Tag]:
        return wheel_tags(self)


def _version_tuple(version: str, parts: int = 2) -> tuple[int, ...]:
    numbers = [int(n) for n in re.findall(r"\d+", version)[:parts]]
    if not numbers:
        raise UnsupportedTargetError(f"not a version: {version!r}")
    return tuple(numbers + [0] * (parts - len(numbers)))


def _family(subdir: str) -> str:
    return subdir.split("-", 1)[0]


def _linux_arch(subdir: str) -> str:
    arch = _LINUX_ARCH.get(subdir.split("-", 1)[1]) if "-" in subdir else None
    if arch is None:
        raise UnsupportedTargetError(f"no PyPI platform for conda platform {subdir}")
    return arch


def uv_glibc(glibc: str | None) -> str:
    """Round a declared glibc down to a value uv accepts (`2.29` → `2_28`, `2.50` → `2_40`)."""
    major, minor = _version_tuple(glibc or DEFAULT_GLIBC)
    if (major, minor) < (2, 17):
        raise UnsupportedTargetError(f"glibc {glibc} is older than manylinux2014 (2.17)")
    best = max(m for m in _UV_GLIBC_MINORS if major > 2 or m <= minor)
    return f"2_{best}"


def python_platform(subdir: str, glibc: str | None = None) -> str:
    """uv's `--python-platform` for a conda subdir (glibc from `__glibc`, default 2.28)."""
    family = _family(subdir)
    if family == "linux":
        arch = _linux_arch(subdir)
        uv_arch = _UV_LINUX_ARCH.get(arch)
        if uv_arch is None:
            raise UnsupportedTargetError(f"uv cannot resolve PyPI packages for {subdir}")
        return f"{uv_arch}-manylinux_{uv_glibc(glibc)}"
    if subdir in _OSX:
        return _OSX[subdir][0]
    if subdir in _WIN:
        return _WIN[subdir][0]
    raise UnsupportedTargetError(f"uv cannot resolve PyPI packages for {subdir}")


def platform_env(subdir: str, osx: str | None = None) -> dict[str, str]:
    """Extra environment for uv: macOS targets get `MACOSX_DEPLOYMENT_TARGET` from `__osx`."""
    if subdir in _OSX:
        major, minor = _version_tuple(osx or DEFAULT_OSX)
        return {"MACOSX_DEPLOYMENT_TARGET": f"{major}.{minor}"}
    return {}


def uv_python_version(version: str) -> str:
    """The conda python version as `--python-version` takes it (`3.12.1`; `3.13.0rc1` kept)."""
    match = re.match(r"^\d+\.\d+(\.\d+)?([a-z]+\d+)?", version.strip())
    if not match:
        raise UnsupportedTargetError(f"python version {version!r} cannot be given to uv")
    return match.group(0)


def abi_tag(python_version: str, free_threaded: bool = False) -> str:
    major, minor = _version_tuple(python_version)
    return f"cp{major}{minor}{'t' if free_threaded else ''}"


def marker_environment(subdir: str, python_version: str) -> dict[str, str]:
    """PEP 508 markers for the target (pixi-semantics §5.3), usable with `Marker.evaluate`."""
    full = uv_python_version(python_version)
    major, minor = _version_tuple(full)
    family = _family(subdir)
    if family == "linux":
        system = ("linux", "Linux", "posix", _linux_arch(subdir))
    elif subdir in _OSX:
        system = ("darwin", "Darwin", "posix", _OSX[subdir][1])
    elif subdir in _WIN:
        system = ("win32", "Windows", "nt", _WIN[subdir][1])
    else:
        raise UnsupportedTargetError(f"no PyPI markers for conda platform {subdir}")
    sys_platform, platform_system, os_name, machine = system
    return {
        "implementation_name": "cpython",
        "implementation_version": full,
        "os_name": os_name,
        "platform_machine": machine,
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_system": platform_system,
        "platform_version": "",
        "python_full_version": full,
        "python_version": f"{major}.{minor}",
        "sys_platform": sys_platform,
    }


def _manylinux(arch: str, glibc: str | None) -> list[str]:
    major, minor = _version_tuple(glibc or DEFAULT_GLIBC)
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    result: list[str] = []
    for m in range(minor if major == 2 else 40, 4, -1):
        result.append(f"manylinux_2_{m}_{arch}")
        if m in legacy:
            result.append(f"{legacy[m]}_{arch}")
    return result


def platform_tags(subdir: str, glibc: str | None = None, osx: str | None = None) -> list[str]:
    """Compatible platform tags, best first (`manylinux_2_28_x86_64` … / `macosx_13_0_arm64` …)."""
    family = _family(subdir)
    if family == "linux":
        return _manylinux(_linux_arch(subdir), glibc)
    if subdir in _OSX:
        major, minor = _version_tuple(osx or DEFAULT_OSX)
        return list(ptags.mac_platforms((major, minor), _OSX[subdir][1]))
    if subdir in _WIN:
        return [_WIN[subdir][2]]
    raise UnsupportedTargetError(f"no PyPI platform tags for conda platform {subdir}")


def wheel_tags(target: PythonTarget) -> list[ptags.Tag]:
    """Every wheel tag the target accepts, best first (as `packaging.tags` ranks them)."""
    version = _version_tuple(target.python_version)
    platforms = platform_tags(target.subdir, target.glibc, target.osx)
    abis = [target.abi_tag] if target.free_threaded else None
    ranked = list(ptags.cpython_tags(version, abis=abis, platforms=platforms))
    ranked += list(ptags.compatible_tags(version, f"cp{version[0]}{version[1]}", platforms))
    return ranked


def wheel_rank(filename: str, ranked: list[ptags.Tag]) -> int | None:
    """The best rank of a wheel file name under `ranked` (lower is better), None if incompatible."""
    from packaging.utils import InvalidWheelFilename, parse_wheel_filename

    try:
        wheel_tag_set = parse_wheel_filename(filename)[3]
    except InvalidWheelFilename:
        return None
    index = _rank_index(ranked)
    ranks = [index[t] for t in wheel_tag_set if t in index]
    return min(ranks) if ranks else None


_last_index: tuple[list[ptags.Tag], dict[ptags.Tag, int]] | None = None


def _rank_index(ranked: list[ptags.Tag]) -> dict[ptags.Tag, int]:
    """tag → rank, built once for the ranking the wheels of one target are compared under
    (the last one is kept: a reference, so the same list is never mistaken for another)."""
    global _last_index
    cached = _last_index  # one read: another thread may replace it meanwhile
    if cached is None or cached[0] is not ranked:
        cached = _last_index = (ranked, {tag: i for i, tag in enumerate(ranked)})
    return cached[1]
