"""A local channel of command-line tools, for `pyxi global`, `pyxi exec` and `pyxi search`.

- `hello-noarch` 1.0 ships the `hello` command (it prints its version and `$HELLO_GREETING`,
  which its `env_vars.d` sets) with bash, zsh and fish completions; it depends on `hello-lib`
  (whose `hello-lib` command is never exposed by default). 2.0 adds a `hello2` command.
- `hello-clash` ships another `hello`: exposing both under one name must be refused.
- `greeter` has no command of its own; its dependency `greeter-core` ships `greeter`.
- `pathy` has an `activate.d` script that extends PATH and sets a variable.
- `quiet-prefix` asks (pixi's marker file) not to see `CONDA_PREFIX` when run exposed.
- `native-tool` exists for linux-64 only, so solving it for another platform fails.
- `menu-app` ships a menu document (`Menu/menu-app.json`): it can have shortcuts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from pyxi.testing.channel import LocalChannel
from pyxi.testing.conda_package import CondaPackageSpec

_SHOW = '#!/bin/sh\necho "{what}"\n'


def _noarch(name: str, version: str, files: dict[str, str], depends: Sequence[str] = (),
            activate_scripts: Mapping[str, str] | None = None) -> CondaPackageSpec:
    return CondaPackageSpec(
        name, version, "h0_0", subdir="noarch", noarch="generic", files=files, license="MIT",
        depends=depends, activate_scripts=activate_scripts or {},
    )


def _completions(command: str) -> dict[str, str]:
    return {
        f"share/bash-completion/completions/{command}": f"complete -W 'world' {command}\n",
        f"share/zsh/site-functions/_{command}": f"#compdef {command}\n",
        f"share/fish/vendor_completions.d/{command}.fish": f"complete -c {command} -a world\n",
    }


def _hello(version: str) -> CondaPackageSpec:
    files = {
        "bin/hello": _SHOW.format(
            what=f"hello from hello-noarch {version} (${{HELLO_GREETING:-}})"
        ),
        "etc/conda/env_vars.d/hello-noarch.json": '{"HELLO_GREETING": "bonjour"}',
        **_completions("hello"),
    }
    if version != "1.0.0":
        files["bin/hello2"] = _SHOW.format(what=f"hello2 from hello-noarch {version}")
    return _noarch("hello-noarch", version, files, depends=("hello-lib",))


def tool_specs() -> Iterator[CondaPackageSpec]:
    yield _hello("1.0.0")
    yield _hello("2.0.0")
    yield _noarch("hello-lib", "1.0.0", {"bin/hello-lib": _SHOW.format(what="hello-lib")})
    yield _noarch(
        "hello-clash", "1.0.0", {"bin/hello": _SHOW.format(what="hello from hello-clash")}
    )
    yield _noarch("greeter-core", "1.0.0", {"bin/greeter": _SHOW.format(what="greetings")})
    yield _noarch("greeter", "1.0.0", {"share/doc/greeter.txt": "meta package\n"},
                  depends=("greeter-core",))  # fmt: skip
    yield _noarch(
        "pathy", "1.0.0",
        {"bin/pathy": '#!/bin/sh\necho "PATH=$PATH"\necho "PATHY_VAR=${PATHY_VAR:-}"\n'},
        activate_scripts={"pathy.sh": 'export PATH="/opt/pathy-extra:$PATH"\n'
                                      "export PATHY_VAR=from-activate\n"},
    )  # fmt: skip
    yield _noarch(
        "quiet-prefix", "1.0.0",
        {"bin/quiet-prefix": '#!/bin/sh\necho "CONDA_PREFIX=${CONDA_PREFIX:-NOT_PRESENT}"\n',
         "etc/pixi/quiet-prefix/global-ignore-conda-prefix": ""},
    )  # fmt: skip
    yield _noarch(
        "menu-app",
        "1.0.0",
        {"bin/menu-app": _SHOW.format(what="menu app"), "Menu/menu-app.json": '{"menu_name": "app"}'},
    )
    yield CondaPackageSpec(
        "native-tool", "1.0.0", "h0_0", subdir="linux-64",
        files={"bin/native-tool": _SHOW.format(what="native")},
    )  # fmt: skip


def build_tools_channel(root: Path) -> LocalChannel:
    """The channel at `root` (built once; an existing index is reused)."""
    channel = LocalChannel(root)
    if (root / "noarch" / "repodata.json").is_file():
        return channel
    channel.add_all(tool_specs())
    return channel.index()
