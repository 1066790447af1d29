"""PyPI for pyxi, through uv: per-platform resolution after the conda solve, installation into
conda prefixes, conda→PyPI name mapping and readable wheel-tag diagnostics.

The API (import from the modules; this package imports nothing, so touching one part
does not load all of them):

- `resolve.resolve_pypi(PypiResolveRequest) -> list[PypiPackage]` and `resolve.lock_indexes(options)`
- `install.install_pypi(prefix, packages, editable_names=..., workspace_root=..., cache_dir=...)`
- `mapping.pypi_purls(record, channel_url, same_name=...)`, `conda_provided(records, same_name=...)`
- `tags.PythonTarget`, `tags.python_platform`, `marker_environment`, `wheel_tags`
"""
