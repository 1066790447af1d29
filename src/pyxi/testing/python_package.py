"""`python` and `python_abi` conda packages for test channels.

`host_python_spec()` wraps the interpreter running this code the way `python -m venv --copies`
does: the interpreter binary is copied to `bin/python3.X` (with `bin/python3` and `bin/python`
as relative symlinks) and a `pyvenv.cfg` at the prefix root points `home` at the directory of
the base interpreter, so the installed prefix really runs Python, with `sys.prefix` equal to
the prefix and `lib/python3.X/site-packages` on `sys.path`. Requirements on the host: the base
interpreter must stay where it is (its standard library is used in place), and its binary must
either link `libpython` by an absolute RUNPATH or statically (a `$ORIGIN`-relative RUNPATH gets
the shared `libpython` copied into `lib/`).

`python_metadata_spec()` writes payload-free `python` records for platforms that are only
solved here (win-64, osx-arm64, ...). Shapes follow conda-forge: 3.10-3.12 builds are
`h<hash>_0_cpython` and *constrain* `python_abi`; 3.13+ builds are `h<hash>_100_cp313` and
*depend* on `python_abi`; `python_abi` is a noarch package `3.11`, build `8_cp311`.
The `defaults` flavour (Anaconda `main`) has no `python_abi` and builds `h<hash>_0`.
"""

from __future__ import annotations

import hashlib
import sys
import sysconfig
from pathlib import Path
from typing import Any, Literal

from pyxi.datamodel import model
from pyxi.testing.conda_package import CondaPackageSpec, Payload

Flavor = Literal["conda-forge", "defaults"]
_VIRTUAL_DEPENDS = {"linux": ["__glibc >=2.17,<3.0.a0"], "osx": ["__osx >=11.0"]}


def build_hash(*parts: object) -> str:
    """A conda-style `h` + 7 hex build hash, stable for the same `parts`."""
    return "h" + hashlib.sha1(repr(parts).encode()).hexdigest()[:7]


def platform_depends(subdir: str) -> list[str]:
    """The virtual-package pins conda-forge puts on native packages of `subdir`."""
    return list(_VIRTUAL_DEPENDS.get(subdir.split("-")[0], []))


def minor_of(version: str) -> str:
    return ".".join(version.split(".")[:2])


def cp_tag(minor: str) -> str:
    return "cp" + minor.replace(".", "")


def site_packages(minor: str, subdir: str = "linux-64") -> str:
    return "Lib/site-packages" if subdir.startswith("win") else f"lib/python{minor}/site-packages"


def python_pins(minor: str, *, abi: bool = True) -> list[str]:
    """What a compiled package for `minor` depends on, e.g. `python >=3.11,<3.12.0a0`."""
    major, min_ = minor.split(".")
    pins = [f"python >={minor},<{major}.{int(min_) + 1}.0a0"]
    return pins + ([f"python_abi {minor}.* *_{cp_tag(minor)}"] if abi else [])


def python_abi_spec(minor: str) -> CondaPackageSpec:
    """conda-forge's noarch `python_abi`, e.g. `python_abi-3.11-8_cp311`."""
    python_build = "*_cpython" if _old_style(minor) else f"*_{cp_tag(minor)}"
    return CondaPackageSpec(
        "python_abi", minor, f"8_{cp_tag(minor)}", build_number=8, subdir="noarch",
        noarch="generic", constrains=[f"python {minor}.* {python_build}"], license="BSD-3-Clause",
    )


def _old_style(minor: str) -> bool:
    return tuple(int(x) for x in minor.split(".")) < (3, 13)


def _python_record_shape(version: str, subdir: str, flavor: Flavor, salt: object) -> dict[str, Any]:
    """build/build_number/depends/constrains of a `python` record, per flavour and version."""
    minor, hsh = minor_of(version), build_hash("python", version, subdir, salt)
    depends = platform_depends(subdir)
    if flavor == "defaults":
        return {"build": f"{hsh}_0", "build_number": 0, "depends": depends, "constrains": []}
    abi = f"python_abi {minor}.* *_{cp_tag(minor)}"
    if _old_style(minor):
        shape = {"build": f"{hsh}_0_cpython", "build_number": 0, "constrains": [abi]}
        return shape | {"depends": depends}
    shape = {"build": f"{hsh}_100_{cp_tag(minor)}", "build_number": 100, "constrains": []}
    return shape | {"depends": [*depends, abi]}


def python_metadata_spec(
    version: str, subdir: str, flavor: Flavor = "conda-forge"
) -> CondaPackageSpec:
    """A payload-free `python` record for a platform that is solved but never installed here."""
    shape = _python_record_shape(version, subdir, flavor, "metadata")
    return CondaPackageSpec(
        "python", version, subdir=subdir, license="Python-2.0",
        python_site_packages_path=site_packages(minor_of(version), subdir), **shape,
    )


@model(frozen=True)
class HostPython:
    """The base interpreter behind `sys.executable` (a venv's own `python` is seen through)."""

    version: str
    binary: Path
    shared_lib: Path | None

    @property
    def minor(self) -> str:
        return minor_of(self.version)

    @property
    def home(self) -> Path:
        return self.binary.parent


def host_python() -> HostPython:
    base = Path(getattr(sys, "_base_executable", None) or sys.executable).resolve()
    version = ".".join(str(p) for p in sys.version_info[:3])
    return HostPython(version, base, _relative_libpython(base))


def _relative_libpython(binary: Path) -> Path | None:
    """The shared libpython to ship when the binary finds it through `$ORIGIN`."""
    if b"$ORIGIN" not in binary.read_bytes():
        return None
    name, libdir = sysconfig.get_config_var("INSTSONAME"), sysconfig.get_config_var("LIBDIR")
    candidate = Path(libdir or "", name or "")
    return candidate if name and candidate.is_file() else None


def host_python_spec(
    flavor: Flavor = "conda-forge", host: HostPython | None = None
) -> CondaPackageSpec:
    """A linux `python` package that runs the host interpreter as a venv (see module doc)."""
    host = host or host_python()
    shape = _python_record_shape(host.version, "linux-64", flavor, host.binary)
    return CondaPackageSpec(
        "python", host.version, subdir="linux-64", license="Python-2.0",
        files=_host_files(host), symlinks=_host_links(host),
        python_site_packages_path=site_packages(host.minor), **shape,
    )


def _host_files(host: HostPython) -> dict[str, Payload]:
    cfg = (
        f"home = {host.home}\n"
        "include-system-site-packages = false\n"
        f"version = {host.version}\n"
    )
    files: dict[str, Payload] = {
        f"bin/python{host.minor}": host.binary,
        "pyvenv.cfg": cfg,
        f"{site_packages(host.minor)}/README.txt": "This directory exists so that 3rd party "
        "packages can be installed here.  Read the source for site.py for more details.\n",
    }
    if host.shared_lib is not None:
        files[f"lib/{host.shared_lib.name}"] = host.shared_lib
    return files


def _host_links(host: HostPython) -> dict[str, str]:
    target = f"python{host.minor}"
    return {"bin/python3": target, "bin/python": target}
