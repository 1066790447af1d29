"""A small world for the conda→PyPI mapping: conda packages whose names do not say what they
are on PyPI, none carrying `purls` (as on conda-forge), and PyPI projects that need them.

`build_mapping_channel(root)` (linux-64 + noarch; name the folder `conda-forge` for the
conda-forge rules, anything else for "no mapping"):
- `python` (the host interpreter, see `python_package`) depending on `tzdata`, as
  conda-forge's python does;
- `tzdata` 2024b: the IANA time zone database (`share/zoneinfo`), no Python code; conda-forge's
  mapping says it is no PyPI package;
- `python-tzdata` 2024.2: `noarch: python`, ships the PyPI distribution `tzdata`;
- `msgpack-python` 1.1.0: `noarch: python`, ships the PyPI distribution `msgpack`.

`build_mapping_index(root)` (a PEP 503 index, returns its `simple` folder): `pandas` 2.2.3
(a stand-in whose import needs `tzdata`), `tzdata` 2024.2, `msgpack` 1.1.0 and
`needs-msgpack` 1.0 (requires msgpack). The `tzdata` and `msgpack` modules say where they came
from (`SOURCE = "conda"` or `"pypi"`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec
from pyxi.testing.pypi_index import make_wheel, write_simple_index
from pyxi.testing.python_dist import dist_files
from pyxi.testing.python_package import host_python, host_python_spec, python_abi_spec

TZDATA_IANA, TZDATA_PYPI, MSGPACK = "2024b", "2024.2", "1.1.0"
_PANDAS_INIT = '"""Test-world stand-in for pandas: needs the PyPI package tzdata."""\n' \
               'import tzdata\n\n__version__ = "2.2.3"\n'


def _module(name: str, version: str, source: str) -> dict[str, str]:
    body = f'__version__ = "{version}"\nSOURCE = "{source}"\n'
    return {f"{name}/__init__.py": body}


def _noarch_python(name: str, version: str, dist: str, module: str) -> CondaPackageSpec:
    files = dist_files("site-packages", dist, version, _module(module, version, "conda"))
    return CondaPackageSpec(name, version, "pyhd8ed1ab_0", subdir="noarch", noarch="python",
                            depends=["python >=3.9"], files=files)


def mapping_channel_specs() -> list[CondaPackageSpec]:
    python = host_python_spec()
    return [
        replace(python, depends=[*python.depends, "tzdata"]),
        python_abi_spec(host_python().minor),
        CondaPackageSpec("tzdata", TZDATA_IANA, "hc8b5060_0", subdir="noarch", noarch="generic",
                         files={"share/zoneinfo/UTC": "TZif2 (test world)\n"},
                         license="LicenseRef-Public-Domain"),
        _noarch_python("python-tzdata", TZDATA_PYPI, "tzdata", "tzdata"),
        _noarch_python("msgpack-python", MSGPACK, "msgpack", "msgpack"),
    ]


def build_mapping_channel(root: Path) -> LocalChannel:
    channel = LocalChannel(Path(root))
    channel.add_all(mapping_channel_specs())
    return channel.index()


def build_mapping_index(root: Path) -> Path:
    build, any_tag = Path(root) / "_build", ("py3", "none", "any")
    wheels = [
        make_wheel(build, "pandas", "2.2.3", any_tag, ["tzdata>=2022.7"], ">=3.9",
                   {"pandas/__init__.py": _PANDAS_INIT}),
        make_wheel(build, "tzdata", TZDATA_PYPI, any_tag, (), ">=2",
                   _module("tzdata", TZDATA_PYPI, "pypi")),
        make_wheel(build, "msgpack", MSGPACK, any_tag, (), ">=3.8",
                   _module("msgpack", MSGPACK, "pypi")),
        make_wheel(build, "needs-msgpack", "1.0", any_tag, ["msgpack>=1"], None,
                   _module("needs_msgpack", "1.0", "pypi")),
    ]
    return write_simple_index(Path(root), wheels)
