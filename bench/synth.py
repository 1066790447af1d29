"""A large synthetic conda channel (repodata.json only: enough to lock, not to install).

`write_channel(root, records_per_subdir, subdirs)` writes `root/<subdir>/repodata.json` for each
subdir plus a small `noarch`. Names `pkg00000…` have 10 versions each; every record depends on
1–4 names further down its cluster of 60 names with a lower bound, so any name has a solvable
closure of tens of records whatever the channel size, and older versions carry older bounds (the solver has real choices).
Deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

VERSIONS = 10
CLUSTER = 60  # dependencies stay inside a cluster of names: closures do not grow with size


def _records(subdir: str, count: int, seed: int) -> dict[str, dict]:
    rng = random.Random(seed)
    names = max(count // VERSIONS, 20)
    packages: dict[str, dict] = {}
    for index in range(names):
        name = f"pkg{index:05d}"
        for version in range(1, VERSIONS + 1):
            depends = []
            for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
                other = index + rng.randint(1, CLUSTER)
                if other < names and other // CLUSTER == index // CLUSTER:
                    low = rng.randint(1, max(1, version // 2 + 1))
                    depends.append(f"pkg{other:05d} >={low}.0")
            if subdir != "noarch" and rng.random() < 0.1:
                depends.append("__glibc >=2.17" if subdir.startswith("linux") else "__unix" if subdir.startswith("osx") else "__win")
            digest = hashlib.sha256(f"{subdir}/{name}/{version}".encode()).hexdigest()
            build = f"h{digest[:8]}_0"
            packages[f"{name}-{version}.0-{build}.conda"] = {
                "name": name, "version": f"{version}.0", "build": build, "build_number": 0,
                "depends": sorted(set(depends)), "subdir": subdir, "license": "MIT",
                "md5": digest[:32], "sha256": digest, "size": 1000 + version,
                "timestamp": 1_700_000_000_000 + version * 86_400_000,
            }
    return packages


def write_channel(root: Path, records_per_subdir: int, subdirs: tuple[str, ...] = ("linux-64",)) -> Path:
    root = Path(root)
    for position, subdir in enumerate((*subdirs, "noarch")):
        count = 200 if subdir == "noarch" else records_per_subdir
        folder = root / subdir
        folder.mkdir(parents=True, exist_ok=True)
        body = {"info": {"subdir": subdir}, "packages": {},
                "packages.conda": _records(subdir, count, seed=position + 17 * (subdir == "noarch")),
                "repodata_version": 1}
        if subdir == "noarch":  # noarch names must not shadow the arch names
            body["packages.conda"] = {k.replace("pkg", "npkg", 1): dict(v, name=v["name"].replace("pkg", "npkg", 1),
                                                                         depends=[]) for k, v in body["packages.conda"].items()}
        (folder / "repodata.json").write_text(json.dumps(body))
    return root


def top_level(env_index: int) -> list[str]:
    """The specs of synthetic environment number `env_index` (different roots per env)."""
    return [f"pkg{(env_index * 4 + k) % 8 * CLUSTER:05d}" for k in range(4)]
