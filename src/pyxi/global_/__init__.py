"""Tools outside workspaces: `pyxi global` (pixi's global manifest, environments and exposed
commands under `$PIXI_HOME`), `pyxi exec` (cached throw-away environments) and the package
search behind `pyxi search`. Files and folders are pixi's, so the two tools share one state.
"""
