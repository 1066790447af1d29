"""Handing an environment to another machine: `pyxi pack`/`unpack` archives in pixi-pack's
layout, and exports to conda's formats (`workspace export`).

A pack is an uncompressed tar, byte-for-byte reproducible from the same lock:

    pixi-pack.json            {"version": "1", "platform": SUBDIR}: what pixi-unpack checks
    pyxi-pack.json            pyxi's record: environment, lock platform, every file's hash
    environment.yml           for conda/micromamba users (`channel/` as a local channel)
    channel/SUBDIR/*.conda    the locked conda packages, with a repodata.json per subdir
    pypi/*.whl                the locked PyPI wheels

This layer sits between `sync` and `env`: it reads the lock model, fetches through `conda/`
and `pypi/`, installs through them and activates through `env/`.
"""
