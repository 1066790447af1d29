"""The flags of `pyxi run`, `install` and `lock` that their import-light paths understand: one
table, one parser, no argparse (importing it costs the shortcut more than it may take).

argparse (`cli/`) stays the authority and declares these flags with the option strings of this
table. A quick parse either gives the values argparse gives or declines (None) and the full path
parses; `tests/unit/test_quickargs.py` checks that over many command lines. It declines anything
unusual: an unknown or abbreviated flag, a short flag with its value attached, a missing, empty
or dash-leading value, a choice argparse refuses, flags argparse refuses together, a command
line without the command (`run`) or with a stray word (`install`).
"""

from __future__ import annotations

import os

# How a flag is read: its value is the next word (or follows `=` in a long flag), the last one
# counts; the same, every value counts; a switch (or a count: -qq).
VALUE, APPEND, SWITCH = "value", "append", "switch"

# destination → option strings, as argparse declares them (`cli/options.py`).
OPTIONS: dict[str, tuple[str, ...]] = {
    "manifest_path": ("-m", "--manifest-path"),
    "color": ("--color",),
    "no_progress": ("--no-progress",),
    "offline": ("--offline",),
    "verbose": ("-v", "--verbose"),
    "quiet": ("-q", "--quiet"),
    "environment": ("-e", "--environment"),
    "all": ("-a", "--all"),
    "platform": ("-p", "--platform"),
    "locked": ("--locked",),
    "frozen": ("--frozen",),
    "check": ("--check",),
}
CHOICES = {"color": ("auto", "always", "never")}
COLOR_VARIABLE = "PIXI_COLOR"
# Pairs argparse refuses together (mutually exclusive groups).
EXCLUSIVE = (("locked", "frozen"), ("all", "environment"))

# What each shortcut understands: destination → how it is read. Everything else declines.
RUN = {"manifest_path": VALUE, "environment": VALUE, "platform": VALUE, "locked": SWITCH,
       "frozen": SWITCH, "offline": SWITCH, "no_progress": SWITCH}
INSTALL = {"manifest_path": VALUE, "color": VALUE, "verbose": SWITCH, "quiet": SWITCH,
           "environment": APPEND, "all": SWITCH, "platform": VALUE, "locked": SWITCH,
           "frozen": SWITCH, "offline": SWITCH, "no_progress": SWITCH}
LOCK = {"manifest_path": VALUE, "color": VALUE, "quiet": SWITCH, "check": SWITCH,
        "offline": SWITCH, "no_progress": SWITCH}


def default_color() -> str:
    """`--color` when not given: `PIXI_COLOR`, else `auto`."""
    return os.environ.get(COLOR_VARIABLE) or "auto"


class RunArgs:
    """`pyxi run [-e ENV] [-p PLATFORM] [--manifest-path P] [--frozen|--locked] [--] CMD…`."""

    __slots__ = ("command", "environment", "frozen", "manifest_path", "platform")

    def __init__(self, given: dict[str, list[str]], command: list[str]) -> None:
        self.environment = _last(given, "environment") or "default"
        self.platform = _last(given, "platform")
        self.manifest_path = _last(given, "manifest_path")
        self.frozen = bool(given["frozen"])
        self.command = command


class InstallArgs:
    """`pyxi install [-e ENV]… | -a` `[-p PLATFORM] [--manifest-path P] [--frozen|--locked]
    [-q] [-v] [--color C]`."""

    __slots__ = ("all", "color", "environments", "frozen", "manifest_path", "platform", "quiet")

    def __init__(self, given: dict[str, list[str]]) -> None:
        self.environments = given["environment"] or None
        self.all = bool(given["all"])
        self.platform = _last(given, "platform")
        self.manifest_path = _last(given, "manifest_path")
        self.frozen = bool(given["frozen"])
        self.quiet = bool(given["quiet"])
        self.color = _last(given, "color") or default_color()


def parse_run(argv: list[str]) -> RunArgs | None:
    """`run`'s flags, then the command (`--` may separate them); None: let argparse decide."""
    parsed = _parse(argv, RUN)
    if parsed is None or not parsed[1]:
        return None
    return RunArgs(*parsed)


def parse_install(argv: list[str]) -> InstallArgs | None:
    """`install`'s flags (no other words); None: let argparse decide."""
    parsed = _parse(argv, INSTALL)
    if parsed is None or parsed[1] or "--" in argv:
        return None
    return InstallArgs(parsed[0])


class LockArgs:
    """`pyxi lock [--check] [--manifest-path P] [-q] [--color C] [--offline] [--no-progress]`."""

    __slots__ = ("color", "manifest_path", "quiet")

    def __init__(self, given: dict[str, list[str]]) -> None:
        self.manifest_path = _last(given, "manifest_path")
        self.quiet = bool(given["quiet"])
        self.color = _last(given, "color") or default_color()


def parse_lock(argv: list[str]) -> LockArgs | None:
    """`lock`'s flags (no other words); None: let argparse decide."""
    parsed = _parse(argv, LOCK)
    if parsed is None or parsed[1] or "--" in argv:
        return None
    return LockArgs(parsed[0])


def _parse(argv: list[str], understood: dict[str, str]) -> tuple[dict[str, list[str]], list[str]] | None:
    """(destination → every value given, one "" per switch; the words after the flags)."""
    by_option = {option: dest for dest in understood for option in OPTIONS[dest]}
    given: dict[str, list[str]] = {dest: [] for dest in understood}
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "--" or not word.startswith("-"):
            rest = argv[index + 1 :] if word == "--" else argv[index:]
            return (given, rest) if _compatible(given) else None
        option, equals, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        dest = by_option.get(option)
        if dest is None:
            return None
        if understood[dest] == SWITCH:
            if equals:
                return None  # `--frozen=yes`: argparse refuses it
            given[dest].append("")
            index += 1
            continue
        value = attached if equals else (argv[index + 1] if index + 1 < len(argv) else "")
        if not _usable(dest, value):
            return None
        given[dest].append(value)
        index += 1 if equals else 2
    return (given, []) if _compatible(given) else None


def _last(given: dict[str, list[str]], dest: str) -> str | None:
    return given[dest][-1] if given[dest] else None


def _usable(dest: str, value: str) -> bool:
    if not value or value.startswith("-"):
        return False
    return dest not in CHOICES or value in CHOICES[dest]


def _compatible(given: dict[str, list[str]]) -> bool:
    return not any(given.get(a) and given.get(b) for a, b in EXCLUSIVE)
