"""The options every command takes, before or after its name (pixi's global, config and update
options): one table, added to every parser of the command tree by `add_to_tree`.

A command's own copy of an option has no default of its own (`argparse.SUPPRESS`), so
`pyxi -q install` keeps the `-q` given before the command. An option a command already
declares (its own `--offline`, `exec`'s `-w`) is left to the command. What the values mean is
decided after parsing, in `cli/settings.py`.
"""

from __future__ import annotations

import argparse
from typing import Any

from pyxi.config.schema import PINNING_STRATEGIES
from pyxi.envflags import FALSE_WORDS, TRUE_WORDS
from pyxi.quickargs import CHOICES, OPTIONS, default_color

GLOBAL = "Global Options"
CONFIG = "Config Options"
UPDATE = "Update Options"

# (heading, option strings, argparse keywords, top-level default)
Flag = tuple[str, tuple[str, ...], dict[str, Any], Any]
FLAGS: list[Flag] = [
    (GLOBAL, OPTIONS["manifest_path"], {"metavar": "MANIFEST_PATH", "help": "the path to "
     "`pixi.toml`, `pyproject.toml`, or the workspace directory"}, None),
    (GLOBAL, ("-w", "--workspace"), {"metavar": "WORKSPACE", "help": "name of the workspace "
     "(registered in $PIXI_HOME/workspaces.toml)"}, None),
    (GLOBAL, OPTIONS["verbose"], {"action": "count", "help": "increase logging verbosity "
     "(-v for warnings, -vv for info, -vvv for debug)"}, 0),
    (GLOBAL, OPTIONS["quiet"], {"action": "count", "help": "decrease logging verbosity "
     "(quiet mode)"}, 0),
    (GLOBAL, OPTIONS["color"], {"choices": CHOICES["color"], "help": "whether the log needs to "
     "be colored (env: PIXI_COLOR; default: auto)"}, default_color),
    (GLOBAL, OPTIONS["no_progress"], {"action": "store_true", "help": "hide all progress bars, "
     "always turned on if stderr is not a terminal (env: PIXI_NO_PROGRESS)"}, False),
    (CONFIG, ("--no-config",), {"action": "store_true", "help": "don't read system or "
     "user-level configuration files (env: PIXI_NO_CONFIG)"}, False),
    (CONFIG, ("--config-file",), {"metavar": "PATH", "help": "load configuration from this "
     "file instead of the system and user-level ones (env: PIXI_CONFIG_FILE)"}, None),
    (CONFIG, ("--auth-file",), {"metavar": "AUTH_FILE", "help": "path to the file containing "
     "the authentication token"}, None),
    (CONFIG, ("--concurrent-downloads",), {"type": int, "metavar": "N", "help": "max "
     "concurrent network requests, default is `50`"}, None),
    (CONFIG, ("--concurrent-solves",), {"type": int, "metavar": "N", "help": "max concurrent "
     "solves (default: all at once; a solve here also loads its repodata)"}, None),
    (CONFIG, ("--pinning-strategy",), {"choices": PINNING_STRATEGIES, "help": "set pinning "
     "strategy"}, None),
    (CONFIG, ("--pypi-keyring-provider",), {"choices": ("disabled", "subprocess"), "help":
     "whether to use the keyring to look up credentials for PyPI"}, None),
    (CONFIG, ("--run-post-link-scripts",), {"action": "store_true", "help": "run post-link "
     "scripts (insecure)"}, False),
    (CONFIG, ("--no-symbolic-links",), {"action": "store_true", "help": "disallow symbolic "
     "links during package installation"}, False),
    (CONFIG, ("--no-hard-links",), {"action": "store_true", "help": "disallow hard links "
     "during package installation"}, False),
    (CONFIG, ("--no-ref-links",), {"action": "store_true", "help": "disallow ref links "
     "(copy-on-write) during package installation"}, False),
    (CONFIG, ("--tls-no-verify",), {"action": "store_true", "help": "do not verify the TLS "
     "certificate of the server"}, False),
    (CONFIG, OPTIONS["offline"], {"action": "store_const", "const": True, "help": "run "
     "without network access, using only cached data (`--offline=false` overrides the "
     "configuration; env: PIXI_OFFLINE)"}, None),
    (CONFIG, ("--tls-root-certs",), {"choices": ("webpki", "system"), "help": "which TLS root "
     "certificates to use"}, None),
    (CONFIG, ("--use-environment-activation-cache",), {"action": "store_true", "help": "use "
     "environment activation cache (experimental)"}, False),
    (UPDATE, ("--no-install",), {"action": "store_true", "help": "don't modify the "
     "environment, only modify the lock file (env: PIXI_NO_INSTALL)"}, False),
    (UPDATE, ("--as-is",), {"action": "store_true", "help": "shorthand for `--frozen "
     "--no-install`"}, False),
]
LOCK_FLAGS: list[Flag] = [
    (UPDATE, OPTIONS["frozen"], {"action": "store_true", "help": "install the environment as "
     "defined in the lock file, without updating it (env: PIXI_FROZEN)"}, False),
    (UPDATE, OPTIONS["locked"], {"action": "store_true", "help": "check that the lock file "
     "is up-to-date before installing, abort when it isn't (env: PIXI_LOCKED)"}, False),
]
DESTS = frozenset(
    str(kwargs.get("dest") or options[-1].lstrip("-").replace("-", "_"))
    for _, options, kwargs, _ in [*FLAGS, *LOCK_FLAGS]
)
# Option strings that take the next word as their value (to find a command's name in argv).
VALUED = frozenset(
    option for _, options, kwargs, _ in FLAGS if "action" not in kwargs for option in options
)


def add_global_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """The shared group on one parser; `top`: the `pyxi` parser itself, with the defaults."""
    taken = set(parser._option_string_actions)
    groups: dict[str, Any] = {}

    def group(heading: str) -> Any:
        if heading not in groups:
            groups[heading] = parser.add_argument_group(heading.lower())
        return groups[heading]

    for heading, options, kwargs, default in FLAGS:
        free = [option for option in options if option not in taken]
        if any(option.startswith("--") for option in free) and options[-1] in free:
            value = (default() if callable(default) else default) if top else argparse.SUPPRESS
            group(heading).add_argument(*free, default=value, **kwargs)
    if not taken & {"--offline"}:
        _offline_words(group(CONFIG), top)
    if not taken & {*OPTIONS["frozen"], *OPTIONS["locked"]}:
        exclusive = group(UPDATE).add_mutually_exclusive_group()
        for _, options, kwargs, default in LOCK_FLAGS:
            exclusive.add_argument(*options, default=default if top else argparse.SUPPRESS,
                                   **kwargs)


def _offline_words(group: Any, top: bool) -> None:
    """`--offline=true` … `--offline=false` (pixi's boolish words), exact option strings so
    that a bare `--offline` never takes the next word (`pyxi run --offline TASK`)."""
    for words, value in ((TRUE_WORDS, True), (FALSE_WORDS, False)):
        group.add_argument(
            *(f"--offline={word}" for word in words), dest="offline", action="store_const",
            const=value, default=None if top else argparse.SUPPRESS, help=argparse.SUPPRESS,
        )


def add_to_tree(parser: argparse.ArgumentParser) -> None:
    """The shared group on `parser` and every parser below it (nested subcommands too), and
    no command-level default for any of its options."""
    seen: set[int] = set()
    stack = [parser]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        add_global_options(current)
        current.usage = short_usage(current)
        for action in current._actions:
            if action.dest in DESTS:
                action.default = argparse.SUPPRESS
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())


def short_usage(parser: argparse.ArgumentParser) -> str:
    """`PROG [OPTIONS] POSITIONALS…`, as pixi writes it (the options are listed by --help)."""
    words = []
    for action in parser._actions:
        if action.option_strings:
            continue
        if action.nargs == argparse.REMAINDER and action.metavar:
            words.append(str(action.metavar))
            continue
        formatter = parser._get_formatter()
        words.append(formatter._format_actions_usage([action], []).strip())
    return " ".join(["%(prog)s [OPTIONS]", *words])
