"""A conda channel on the local disk: add packages, index them with `rattler.index`."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
from collections.abc import Coroutine, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pyxi.datamodel import model
from pyxi.testing.conda_package import ArchiveFormat, CondaPackageSpec, write_package

T = TypeVar("T")


@model(frozen=True)
class LocalChannel:
    """A channel directory `root` with one folder per subdir (always including `noarch`)."""

    root: Path

    @property
    def url(self) -> str:
        """`file://` URL of the channel, with a trailing slash."""
        return self.root.resolve().as_uri().rstrip("/") + "/"

    @property
    def name(self) -> str:
        return self.root.name

    def add(self, spec: CondaPackageSpec, fmt: ArchiveFormat | None = None) -> Path:
        return write_package(spec, self.root, fmt)

    def add_all(self, specs: Iterable[CondaPackageSpec], fmt: ArchiveFormat | None = None) -> None:
        for spec in specs:
            self.add(spec, fmt)

    def subdirs(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and p.name[0] != ".")

    def index(self) -> LocalChannel:
        """(Re)write `repodata.json` for every subdir; returns `self` for chaining."""
        import rattler.index

        (self.root / "noarch").mkdir(parents=True, exist_ok=True)
        for subdir in self.subdirs():
            _write_empty_repodata(self.root / subdir)
        _run(rattler.index.index_fs(self.root, force=True, write_zst=False, write_shards=False))
        with contextlib.suppress(OSError):
            (self.root / ".tmp").rmdir()  # rattler's scratch folder, left behind empty
        return self

    def repodata(self, subdir: str) -> dict[str, object]:
        return json.loads((self.root / subdir / "repodata.json").read_text())


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion, also when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _write_empty_repodata(subdir_dir: Path) -> None:
    """A valid empty repodata.json, so a subdir without packages still reads as indexed."""
    target = subdir_dir / "repodata.json"
    if target.exists():
        return
    doc = {
        "info": {"subdir": subdir_dir.name},
        "packages": {},
        "packages.conda": {},
        "repodata_version": 1,
    }
    target.write_text(json.dumps(doc, indent=2))
