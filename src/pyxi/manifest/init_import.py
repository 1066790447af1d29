"""`pyxi init --import environment.yml`: a new pixi.toml from a conda environment file, as
pixi makes it: the file's `name` (else the folder's) and `channels`, its `variables` as
`[activation] env`, its packages (and `pip:` packages) in the default feature."""

from __future__ import annotations

import json
from pathlib import Path

from pyxi.atomic import atomic_write
from pyxi.consts import PIXI_TOML
from pyxi.manifest.edit import ManifestEditor
from pyxi.manifest.edit_init import (
    InitOptions,
    pixi_toml_text,
    refuse_existing,
    workspace_name,
    write_git_files,
)
from pyxi.manifest.edit_spec import parse_conda_spec, parse_pypi_spec
from pyxi.manifest.import_files import read_conda_env


def init_from_env_file(folder: Path, env_file: Path, options: InitOptions) -> Path:
    imported = read_conda_env(env_file)
    options.warnings += imported.warnings
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / PIXI_TOML
    refuse_existing(manifest)
    options.channels = imported.channels
    text = pixi_toml_text(imported.name or workspace_name(folder), options)
    if imported.variables:
        pairs = ", ".join(f"{k} = {json.dumps(v)}" for k, v in imported.variables.items())
        text += f"\n[activation]\nenv = {{ {pairs} }}\n"
    specs = [parse_conda_spec(t) for t in imported.conda] + [parse_pypi_spec(t) for t in imported.pypi]
    atomic_write(manifest, text.encode())
    try:
        editor = ManifestEditor(manifest)
        for spec in specs:
            editor.set_dependency(spec.name, spec.manifest_value(), pypi=spec.pypi, feature=None,
                                  platform=None)
        from pyxi.manifest.parse import parse_manifest

        parse_manifest(editor.text(), manifest)  # a located error, and no manifest left behind
        editor.save()
    except BaseException:
        manifest.unlink(missing_ok=True)
        raise
    write_git_files(folder, options.scm)
    options.messages.append(f"Created {manifest.resolve()}")
    return manifest
