"""A local channel with what pixi-build backends need to build, offline:

- `python` (the running interpreter, see `python_package`) and `python_abi`;
- `pip` and `hatchling` (with `packaging`, `pathspec`, `pluggy`, `trove-classifiers`) as
  `noarch: python` packages made from the distributions installed next to this code, so the
  python backend's `pip install .` really runs;
- `cmake`, `ninja` and the `gxx_linux-64`/`gcc_linux-64` compilers (linux-64) that run the
  host's tools, where the host has them;
- `hello-lib`, a `noarch: generic` run dependency for source packages to depend on.
"""

from __future__ import annotations

import importlib.metadata
import shutil
from collections.abc import Iterator
from pathlib import Path

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec, Payload
from pyxi.testing.python_package import host_python, host_python_spec, python_abi_spec

# conda name -> the distribution installed here it is made from
_DISTRIBUTIONS = {
    "pip": "pip", "hatchling": "hatchling", "packaging": "packaging", "pathspec": "pathspec",
    "pluggy": "pluggy", "trove-classifiers": "trove_classifiers",
}
_DEPENDS = {"hatchling": ("packaging", "pathspec", "pluggy", "trove-classifiers")}
_HOST_TOOLS = ("cmake", "ninja")
# rattler-build's `compiler('cxx')` on linux-64, run as the host's C++ compiler
_COMPILERS = {"gxx_linux-64": ("g++", ("c++", "g++")), "gcc_linux-64": ("gcc", ("cc", "gcc"))}


def _dist_payload(dist: importlib.metadata.Distribution) -> dict[str, Payload]:
    """The installed files of `dist` under `site-packages/` (as a noarch: python package)."""
    base = Path(str(dist.locate_file("")))
    files: dict[str, Payload] = {}
    for entry in dist.files or []:
        path = Path(str(dist.locate_file(entry)))
        if "__pycache__" in entry.parts or ".." in entry.parts or not path.is_file():
            continue
        files[f"site-packages/{path.relative_to(base).as_posix()}"] = path
    return files


def _noarch_python(name: str) -> CondaPackageSpec:
    dist = importlib.metadata.distribution(_DISTRIBUTIONS[name])
    depends = ["python >=3.8", *_DEPENDS.get(name, ())]
    return CondaPackageSpec(
        name, dist.version, "pyh0_0", subdir="noarch", noarch="python", depends=depends,
        files=_dist_payload(dist), license="MIT", purls=[f"pkg:pypi/{name}"],
    )


def _host_tool(name: str, binary: str, commands: tuple[str, ...] = ()) -> CondaPackageSpec:
    script = f'#!/bin/sh\nexec {binary} "$@"\n'
    files: dict[str, Payload] = {f"bin/{command}": script for command in commands or (name,)}
    return CondaPackageSpec(name, "3.99.0", "h0_0", files=files,
                            executables=frozenset(files), license="BSD-3-Clause")


def build_specs() -> Iterator[CondaPackageSpec]:
    yield host_python_spec()
    yield python_abi_spec(host_python().minor)
    yield from (_noarch_python(name) for name in _DISTRIBUTIONS)
    for tool in _HOST_TOOLS:
        binary = shutil.which(tool)
        if binary:
            yield _host_tool(tool, binary)
    for name, (tool, commands) in _COMPILERS.items():
        binary = shutil.which(tool)
        if binary:
            yield _host_tool(name, binary, commands)
    yield CondaPackageSpec("hello-lib", "1.0.0", "h0_0", subdir="noarch", noarch="generic",
                           files={"share/hello-lib/greeting.txt": "hello from hello-lib\n"},
                           license="MIT")


def host_tools_available() -> bool:
    """Whether the channel has `cmake`, `ninja` and a C++ compiler (the host has them)."""
    return all(shutil.which(tool) for tool in (*_HOST_TOOLS, "g++"))


def build_build_channel(root: Path) -> LocalChannel:
    channel = LocalChannel(Path(root))
    channel.add_all(build_specs())
    return channel.index()
