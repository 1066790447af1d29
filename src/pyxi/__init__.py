"""pyxi: pixi's workspaces, lock file and environments, in Python."""

__version__ = "0.1.0"
