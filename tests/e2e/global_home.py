"""A `$PIXI_HOME` for one test: run `pyxi global …` against it, run exposed commands from a
fresh shell environment (nothing of the test's PATH), and snapshot every file under it."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pyxi.testing.cli import Result, run_pyxi


@dataclass
class GlobalHome:
    root: Path
    base_env: dict[str, str]
    channel: str

    @property
    def manifest(self) -> Path:
        return self.root / "manifests" / "pixi-global.toml"

    @property
    def bin(self) -> Path:
        return self.root / "bin"

    def env(self) -> dict[str, str]:
        config = self.root.parent / f"{self.root.name}-config"
        return {**self.base_env, "PIXI_HOME": str(self.root), "XDG_CONFIG_HOME": str(config)}

    def pyxi(self, *args: str, expect: int | None = 0) -> Result:
        return run_pyxi(args, self.root.parent, self.env(), expect)

    def install(self, *args: str, expect: int | None = 0) -> Result:
        return self.pyxi("global", "install", "-c", self.channel, *args, expect=expect)

    def shell(self, command: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """`command` in `sh` as a new login would run it: only `$PIXI_HOME/bin` and the system
        folders on PATH, no variable of the test process."""
        env = {"HOME": str(self.root.parent), "PATH": f"{self.bin}:/usr/bin:/bin", **extra}
        return subprocess.run(
            ["sh", "-c", command], env=env, capture_output=True, text=True, check=False
        )

    def snapshot(self) -> dict[str, bytes | str]:
        """Every file (contents) and symlink (target) under the home."""
        files: dict[str, bytes | str] = {}
        for path in sorted(self.root.rglob("*")):
            key = str(path.relative_to(self.root))
            if path.is_symlink():
                files[key] = str(os.readlink(path))
            elif path.is_file():
                files[key] = path.read_bytes()
        return files
