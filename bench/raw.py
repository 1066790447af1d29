"""The baselines: what pyxi does, done with the raw engines in one process, nothing else.

    python bench/raw.py solve SOLVES.json [--sequential]   # rattler.solve of every request
    python bench/raw.py install LOCK ENV PLATFORM PREFIX PKGS_CACHE  # rattler.install

`SOLVES.json`: {"cache_dir": …, "solves": [{"channels", "specs", "subdir", "virtual_packages":
[[name, version, build], …], "channel_priority"}]}. `solve` runs all of them concurrently with
asyncio.gather on one Gateway (as the py-rattler docs suggest) and prints, as JSON, the
in-process wall and CPU time and the record count of every solve. Imports nothing of pyxi.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

import rattler


def _vps(triples):  # type: ignore[no-untyped-def]
    return [rattler.GenericVirtualPackage(rattler.PackageName(n), rattler.Version(v), rattler.BuildString(b))
            for n, v, b in triples]


def solve(spec_file: str, sequential: bool) -> None:
    with open(spec_file) as handle:
        spec = json.load(handle)
    gateway = rattler.Gateway(cache_dir=spec["cache_dir"])
    priority = {"strict": rattler.ChannelPriority.Strict, "disabled": rattler.ChannelPriority.Disabled}

    async def one(request):  # type: ignore[no-untyped-def]
        subdir = request["subdir"]
        return await rattler.solve(
            sources=[rattler.Channel(url) for url in request["channels"]],
            specs=request["specs"],
            gateway=gateway,
            platforms=[subdir] if subdir == "noarch" else [subdir, "noarch"],
            virtual_packages=_vps(request["virtual_packages"]),
            channel_priority=priority.get(request.get("channel_priority", "strict"), rattler.ChannelPriority.Strict),
        )

    async def run_all():  # type: ignore[no-untyped-def]
        if sequential:
            return [await one(r) for r in spec["solves"]]
        return await asyncio.gather(*(one(r) for r in spec["solves"]))

    wall, cpu = time.perf_counter(), time.process_time()
    results = asyncio.run(run_all())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"wall_ms": wall * 1000, "cpu_ms": cpu * 1000, "records": [len(r) for r in results]}))


def install(lock: str, env: str, platform: str, prefix: str, pkgs: str) -> None:
    environment = rattler.LockFile.from_path(lock).environment(env)
    locked = next(p for p in environment.platforms() if p.name == platform)
    records = environment.conda_repodata_records_for_platform(locked)
    asyncio.run(rattler.install(records, target_prefix=prefix, cache_dir=pkgs, platform=rattler.Subdir(platform),
                                execute_link_scripts=False, show_progress=False))


if __name__ == "__main__":
    if sys.argv[1] == "solve":
        solve(sys.argv[2], "--sequential" in sys.argv[3:])
    elif sys.argv[1] == "install":
        install(*sys.argv[2:7])
    else:
        sys.exit(__doc__)
    # py-rattler 0.28 can crash while the interpreter finalises after a solve (its tokio
    # threads release the GIL too late); pyxi exits the same way for the same reason.
    sys.stdout.flush()
    os._exit(0)
