"""The command line: one module per command, loaded only when that command runs.

Each module defines `configure(parser)` (its flags) and `execute(args) -> int`.
"""

COMMANDS: dict[str, tuple[str, str]] = {
    "lock": ("pyxi.cli.lock", "Solve every environment for every platform and write pixi.lock"),
    "install": ("pyxi.cli.install", "Install an environment (default: `default`) from pixi.lock"),
    "run": ("pyxi.cli.run", "Run a command or task in an activated environment"),
    "info": ("pyxi.cli.info", "Show the platform, virtual packages, cache and environments"),
    "list": ("pyxi.cli.list", "List the locked packages of an environment"),
}
