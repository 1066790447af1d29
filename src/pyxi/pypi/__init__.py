"""PyPI for pyxi, through uv: per-platform resolution after the conda solve, installation into
conda prefixes, conda→PyPI name mapping and readable wheel-tag diagnostics.

The lead-facing API:

- `resolve_pypi(PypiResolveRequest) -> list[PypiPackage]` and `lock_indexes(options)`
- `install_pypi(prefix, packages, editable_names=..., workspace_root=..., cache_dir=...)`
- `pypi_purls(record, channel_url, same_name=...)`, `conda_provided(records, same_name=...)`
- `PythonTarget`, `python_platform`, `marker_environment`, `wheel_tags`
"""

from pyxi.pypi.install import install_pypi
from pyxi.pypi.mapping import conda_provided, pypi_purls
from pyxi.pypi.resolve import PypiResolveRequest, lock_indexes, resolve_pypi
from pyxi.pypi.tags import PythonTarget, marker_environment, python_platform, wheel_tags

__all__ = [
    "PypiResolveRequest",
    "PythonTarget",
    "conda_provided",
    "install_pypi",
    "lock_indexes",
    "marker_environment",
    "pypi_purls",
    "python_platform",
    "resolve_pypi",
    "wheel_tags",
]
