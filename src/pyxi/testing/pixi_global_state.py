"""A `$PIXI_HOME` as pixi 0.77 leaves it after `pixi global install hello-noarch==1.0.0`,
written without pixi (for tests that pyxi reads and syncs pixi's global state).

- `manifests/pixi-global.toml` in pixi's layout;
- `envs/hello-noarch`: the installed prefix (linked from the tools channel) with pixi's
  `conda-meta/pixi` marker;
- `bin/trampoline_configuration/trampoline_bin`, pixi's compiled trampoline (here a stand-in:
  a few bytes with NULs, which is all pixi and pyxi look at), hard-linked as `bin/hello`, and
  `bin/trampoline_configuration/hello.json`, serde's pretty JSON of pixi's `Configuration`;
- the completion symlinks of `hello`.

`legacy=True` writes what pixi wrote before trampolines instead: `bin/hello` a shell script
ending in `"EXE" "$@"`, and no settings file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

TRAMPOLINE_STAND_IN = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"pixi trampoline stand-in\n"

MANIFEST = """\
version = 1

[envs.hello-noarch]
channels = ["{channel}"]
dependencies = {{ hello-noarch = "==1.0.0" }}
exposed = {{ hello = "hello" }}
"""


def write_pixi_global_state(
    home: Path, channel_url: str, cache: Path, legacy: bool = False
) -> None:
    prefix = home / "envs" / "hello-noarch"
    _install(prefix, channel_url, cache)
    (home / "manifests").mkdir(parents=True, exist_ok=True)
    (home / "manifests" / "pixi-global.toml").write_text(MANIFEST.format(channel=channel_url))
    (prefix / "conda-meta" / "pixi").write_text(json.dumps({
        "manifest_path": str(home / "manifests" / "pixi-global.toml"),
        "environment_name": "hello-noarch",
        "pixi_version": "0.77.0",
        "environment_lock_file_hash": "0000000000000000",
    }, indent=2))  # fmt: skip
    bin_dir = home / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    exe = prefix / "bin" / "hello"
    if legacy:
        (bin_dir / "hello").write_text(
            f'#!/bin/sh\nexport PATH="{prefix / "bin"}:$PATH"\n"{exe}" "$@"\n'
        )
        (bin_dir / "hello").chmod(0o755)
    else:
        _trampoline(bin_dir, "hello", exe, prefix)
    _completions(home, prefix)


def _install(prefix: Path, channel_url: str, cache: Path) -> None:
    from pyxi.conda.host import host_subdir
    from pyxi.conda.install import install_conda
    from pyxi.conda.solve import SolveRequest, make_gateway, solve_all

    request = SolveRequest(
        "pixi's hello-noarch", host_subdir(), [channel_url], ["hello-noarch ==1.0.0"], []
    )
    packages = solve_all([request], make_gateway(cache))[0]
    install_conda(prefix, packages, subdir=host_subdir(), cache_dir=cache, show_progress=False)


def _trampoline(bin_dir: Path, name: str, exe: Path, prefix: Path) -> None:
    config_dir = bin_dir / "trampoline_configuration"
    config_dir.mkdir(parents=True, exist_ok=True)
    original = config_dir / "trampoline_bin"
    original.write_bytes(TRAMPOLINE_STAND_IN)
    original.chmod(0o755)
    os.link(original, bin_dir / name)
    env = {"HELLO_GREETING": "bonjour", "CONDA_SHLVL": "1", "CONDA_PREFIX": str(prefix)}
    config = {"exe": str(exe), "path_diff": str(prefix / "bin"), "env": env}
    (config_dir / f"{name}.json").write_text(json.dumps(config, indent=2))


def _completions(home: Path, prefix: Path) -> None:
    links = {
        "bash/hello": "share/bash-completion/completions/hello",
        "zsh/_hello": "share/zsh/site-functions/_hello",
        "fish/hello.fish": "share/fish/vendor_completions.d/hello.fish",
    }
    for link, target in links.items():
        path = home / "completions" / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(prefix / target)
