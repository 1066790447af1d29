"""An environment's `[pypi-options]`, merged as pixi merges them (`features_ext.rs`,
`pypi_options.rs`): the features' options are united, then laid over the workspace's
(`[workspace.pypi-options]`, which applies even with `no-default-feature`).

Uniting features: a single value (`index-url`, `index-strategy`, `prerelease-mode`,
`skip-wheel-filename-check`) set differently by two features is an error; lists
(`extra-index-urls`, `find-links`) are concatenated without repeats; `no-build`, `no-binary`
and `no-build-isolation` are united (`true` beats a list, a list beats `false`);
`dependency-overrides` are joined, the earlier feature winning for a package. Laying over the
workspace: the features' single values win, lists and sets are joined, their overrides win.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

from pyxi.diagnostics import ManifestError
from pyxi.manifest.model import Feature, PypiDependency, PypiOptions
from pyxi.names import normalize_pypi_name

T = TypeVar("T")
AllOrNames = bool | tuple[str, ...] | None
_SINGLE = (("index_url", "index-url"), ("index_strategy", "index-strategy"),
           ("prerelease_mode", "prerelease-mode"),
           ("skip_wheel_filename_check", "skip-wheel-filename-check"))


def environment_pypi_options(
    workspace: PypiOptions | None, features: Sequence[Feature], env_name: str = ""
) -> PypiOptions:
    united = PypiOptions()
    for feature in features:
        if feature.pypi_options is not None:
            united = _union(united, feature.pypi_options, env_name)
    return _overlay(workspace or PypiOptions(), united)


def _union(a: PypiOptions, b: PypiOptions, env_name: str) -> PypiOptions:
    for attr, key in _SINGLE:
        first, second = getattr(a, attr), getattr(b, attr)
        if first is not None and second is not None and first != second:
            raise ManifestError(
                f"environment `{env_name}` combines features with different `{key}` values in "
                f"[pypi-options]: `{first}` and `{second}`",
                location=b.location,
                help=f"set `{key}` in one feature of the environment only, or the same value",
            )
    merged = _joined(a, b, overrides=_overrides(b.dependency_overrides, a.dependency_overrides))
    singles = {attr: getattr(a, attr) if getattr(a, attr) is not None else getattr(b, attr)
               for attr, _ in _SINGLE}
    return replace(merged, **singles)


def _overlay(base: PypiOptions, top: PypiOptions) -> PypiOptions:
    merged = _joined(base, top, overrides=_overrides(base.dependency_overrides,
                                                     top.dependency_overrides))
    singles = {attr: getattr(top, attr) if getattr(top, attr) is not None else getattr(base, attr)
               for attr, _ in _SINGLE}
    return replace(merged, **singles)


def _joined(a: PypiOptions, b: PypiOptions, overrides: tuple[PypiDependency, ...]) -> PypiOptions:
    """Lists concatenated, sets united; the single values are set by the caller."""
    return PypiOptions(
        extra_index_urls=_unique(a.extra_index_urls + b.extra_index_urls),
        find_links=_unique(a.find_links + b.find_links),
        no_build_isolation=_united(a.no_build_isolation, b.no_build_isolation) or False,
        no_build=_united(a.no_build, b.no_build),
        no_binary=_united(a.no_binary, b.no_binary),
        dependency_overrides=overrides,
        location=b.location or a.location,
    )


def _united(a: AllOrNames, b: AllOrNames) -> AllOrNames:
    if a is None or a is False:
        return b if b is not None else a
    if b is None or b is False:
        return a
    if a is True or b is True:
        return True
    return _unique(a + b)


def _overrides(weak: Iterable[PypiDependency],
               strong: Iterable[PypiDependency]) -> tuple[PypiDependency, ...]:
    """`weak` then `strong`, one entry per package; `strong` replaces a package of `weak`."""
    merged = {normalize_pypi_name(dep.name): dep for dep in weak}
    merged.update({normalize_pypi_name(dep.name): dep for dep in strong})
    return tuple(merged.values())


def _unique(items: tuple[T, ...]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(items))


def selects(setting: AllOrNames, name: str) -> bool:
    """Whether a `no-build`/`no-binary` setting applies to package `name`."""
    if setting is None or setting is False:
        return False
    if setting is True:
        return True
    return normalize_pypi_name(name) in {normalize_pypi_name(n) for n in setting}
