"""PyPI for pyxi, through uv: per-platform resolution after the conda solve, installation into
conda prefixes, conda→PyPI name mapping and readable wheel-tag diagnostics.

The API (import from the modules; this package imports nothing, so touching one part
does not load all of them):

- `resolve.resolve_pypi(PypiResolveRequest) -> list[PypiPackage]` and `resolve.lock_indexes(options)`
- `install.install_pypi(prefix, packages, editable_names=..., workspace_root=..., cache_dir=...)`
- `mapping.pypi_purls(record)`, `mapping.conda_provided(records)`: what locked conda records are on PyPI
- `purls.deriver_for(workspace).amend(records)`: derive those purls at lock time (pixi's mapping,
  from `mapping_sources`: the published per-channel mapping, fetched and cached by `mapping_http`,
  or the copy shipped in `data/`; the manifest's `conda-pypi-map`)
- `tags.PythonTarget`, `tags.python_platform`, `marker_environment`, `wheel_tags`
"""
