"""The input uv resolves: a generated `pyproject.toml` + conda stub wheels (uv-recipes §0, §3).

Per-dependency indexes become explicit `[[tool.uv.index]]` entries pinned in `[tool.uv.sources]`;
conda-provided distributions become `name==version` direct dependencies pinned to a flat
directory of metadata-only stub wheels, so uv checks their versions but never fetches them
nor follows their dependencies.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from pyxi.manifest.model import PypiDependency
from pyxi.names import normalize_pypi_name

PROJECT_NAME = "pyxi-env"
STUB_INDEX = "conda-provided"
PYPI_SIMPLE = "https://pypi.org/simple"


def _q(value: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML)."""
    return json.dumps(value)


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def stub_wheel(directory: Path, name: str, version: str) -> Path:
    """A `py3-none-any` wheel holding only METADATA (no Requires-Dist), WHEEL and RECORD."""
    dist = normalize_pypi_name(name).replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = {
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: pyxi\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [f"{path},sha256={_digest(data)},{len(data)}" for path, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    path = directory / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in files.items():
            archive.writestr(zipfile.ZipInfo(member, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return path


def version_specifier(version: str | None) -> str:
    """pixi's version strings as PEP 440: `*`/empty → none, a bare `1.2` → `==1.2`."""
    text = (version or "").strip()
    if text in ("", "*"):
        return ""
    return f"=={text}" if text[0].isdigit() else text


def requirement_line(dep: PypiDependency) -> str:
    """The PEP 508 line for `dependencies`; non-registry sources live in `[tool.uv.sources]`."""
    extras = f"[{','.join(dep.extras)}]" if dep.extras else ""
    spec = version_specifier(dep.version) if dep.is_registry else ""
    return f"{dep.name}{extras}{spec}"


def _resolve_path(path: str, workspace_root: Path) -> Path:
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else (workspace_root / candidate).resolve()


def source_entry(dep: PypiDependency, workspace_root: Path, index_names: Mapping[str, str]) -> str | None:
    """The inline table for `[tool.uv.sources]`, or None for a plain registry requirement."""
    fields: list[tuple[str, str]] = []
    if dep.path:
        fields.append(("path", _q(str(_resolve_path(dep.path, workspace_root)))))
        if dep.editable:
            fields.append(("editable", "true"))
    elif dep.git:
        fields.append(("git", _q(dep.git)))
        for key in ("rev", "branch", "tag"):
            if getattr(dep, key):
                fields.append((key, _q(getattr(dep, key))))
    elif dep.url:
        fields.append(("url", _q(dep.url)))
    elif dep.index:
        fields.append(("index", _q(index_names[dep.index])))
    if dep.subdirectory and (dep.git or dep.url):
        fields.append(("subdirectory", _q(dep.subdirectory)))
    if not fields:
        return None
    return "{ " + ", ".join(f"{k} = {v}" for k, v in fields) + " }"


def pinned_indexes(requirements: Sequence[PypiDependency]) -> dict[str, str]:
    """{index URL: generated index name} for every per-dependency `index`, in order."""
    names: dict[str, str] = {}
    for dep in requirements:
        if dep.is_registry and dep.index and dep.index not in names:
            names[dep.index] = f"pinned-{len(names)}"
    return names


def write_project(
    directory: Path,
    *,
    requirements: Sequence[PypiDependency],
    conda_provided: Mapping[str, str],
    python_version: str,
    workspace_root: Path,
) -> Path:
    """Write `directory/pyproject.toml` (and `directory/stubs/` for conda dists); return the file."""
    stubs = directory / "stubs"
    stubs.mkdir(parents=True, exist_ok=True)
    index_names = pinned_indexes(requirements)
    deps: list[str] = []
    sources: dict[str, str] = {}
    for dep in requirements:
        deps.append(requirement_line(dep))
        name = normalize_pypi_name(dep.name)
        entry = None if name in conda_provided else source_entry(dep, workspace_root, index_names)
        if entry:
            sources[name] = entry
    for name, version in sorted(conda_provided.items()):
        stub_wheel(stubs, name, version)
        deps.append(f"{name}=={version}")
        sources[name] = "{ index = " + _q(STUB_INDEX) + " }"
    lines = ["[project]", f"name = {_q(PROJECT_NAME)}", 'version = "0"',
             f"requires-python = {_q('==' + python_version)}",
             "dependencies = [" + ", ".join(_q(d) for d in deps) + "]", "", "[tool.uv.sources]"]
    lines += [f"{_q(name)} = {entry}" for name, entry in sources.items()]
    for url, name in index_names.items():
        lines += ["", "[[tool.uv.index]]", f"name = {_q(name)}", f"url = {_q(url)}", "explicit = true"]
    lines += ["", "[[tool.uv.index]]", f"name = {_q(STUB_INDEX)}", f"url = {_q(stubs.as_uri())}",
              'format = "flat"', "explicit = true", ""]
    path = directory / "pyproject.toml"
    path.write_text("\n".join(lines))
    return path
