"""The command line: one module per command, loaded only when that command runs.

Each module defines `configure(parser)` (its flags) and `execute(args) -> int`.
"""

COMMANDS: dict[str, tuple[str, str]] = {
    "lock": ("pyxi.cli.lock", "Solve every environment for every platform and write pixi.lock"),
    "install": ("pyxi.cli.install", "Install an environment (default: `default`) from pixi.lock"),
    "run": ("pyxi.cli.run", "Run a command or task in an activated environment"),
    "info": ("pyxi.cli.info", "Show the platform, virtual packages, cache and environments"),
    "list": ("pyxi.cli.list", "List the locked packages of an environment"),
    "init": ("pyxi.cli.init", "Create a workspace manifest (pixi.toml or [tool.pixi] in pyproject.toml)"),
    "add": ("pyxi.cli.add", "Add dependencies to the manifest, then lock and install"),
    "remove": ("pyxi.cli.remove", "Remove dependencies from the manifest, then lock and install"),
    "update": ("pyxi.cli.update", "Re-lock some or all packages to their newest allowed versions"),
    "upgrade": ("pyxi.cli.upgrade", "Raise the manifest's specs to the newest versions, then re-lock and install"),
    "import": ("pyxi.cli.import_", "Import an environment.yml or requirements.txt into the workspace"),
    "task": ("pyxi.cli.task", "Add, remove or list the tasks of the manifest"),
    "shell": ("pyxi.cli.shell", "Start a shell with an environment activated"),
    "shell-hook": ("pyxi.cli.shell_hook", "Print the script that activates an environment in a shell"),
    "tree": ("pyxi.cli.tree", "Show the locked dependency tree of an environment"),
    "clean": ("pyxi.cli.clean", "Remove installed environments"),
    "completion": ("pyxi.cli.completion", "Print shell completions for pyxi"),
    "doctor": ("pyxi.cli.doctor", "Explain what is wrong with the workspace, lock, environments or host"),
    "pack": ("pyxi.cli.pack", "Pack an environment of pixi.lock into one archive for another machine"),
    "workspace": ("pyxi.cli.workspace", "Modify the workspace configuration file through the command line"),
    "unpack": ("pyxi.cli.unpack", "Create an environment from a pack, offline, with activation scripts"),
    "global": ("pyxi.cli.global_", "Install tools for the user, outside workspaces (pixi's global manifest)"),
    "exec": ("pyxi.cli.exec", "Run a command in a cached temporary environment"),
    "search": ("pyxi.cli.search", "Search the channels for packages"),
    "config": ("pyxi.cli.config", "Configuration management (pixi's config.toml files)"),
    "reinstall": ("pyxi.cli.reinstall", "Re-install an environment, or some of its packages"),
    "auth": ("pyxi.cli.auth", "Login to prefix.dev, anaconda.org, S3 or any server, for private channels and indexes"),
    "build": ("pyxi.cli.build", "Build the workspace's package (pixi-build) into a .conda file"),
}

# Short names, as pixi's (`pyxi i` is `pyxi install`); `project` is the old name of `workspace`.
ALIASES: dict[str, str] = {
    "a": "add", "g": "global", "x": "exec", "i": "install", "ls": "list", "rm": "remove",
    "r": "run", "s": "shell", "t": "tree", "project": "workspace",
}
