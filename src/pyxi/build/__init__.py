"""pixi-build in Python: source packages (the workspace's `[package]`, `{ path }` and
`{ git }` conda dependencies) turned into rattler-build recipes as pixi's backends would write
them, rendered for their metadata (lock) and built into cached `.conda` files (install).

`source.py` finds a package's definition; `backends.py` turns it into a recipe;
`render.py` and `run.py` drive rattler-build (only this package imports it); `inputs.py` hashes
what a build depends on.
"""
