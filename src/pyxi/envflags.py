"""Boolean settings from environment variables (`PIXI_FROZEN`, `PIXI_LOCKED`), read as pixi's
command line reads them (clap's "boolish" values): true/false, yes/no, on/off, 1/0, y/n, t/f,
in any case. Unset or empty is false; any other word is an error, never silently false.
Import-free, so the entry point's shortcuts can check them too."""

from __future__ import annotations

import os

TRUE_WORDS = ("y", "yes", "t", "true", "on", "1")
FALSE_WORDS = ("n", "no", "f", "false", "off", "0")
LOCK_FLAGS = ("PIXI_FROZEN", "PIXI_LOCKED")


def parse_flag(value: str) -> bool | None:
    """True/False for a boolish word (or an empty value), None for anything else."""
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS or not word:
        return False
    return None


def flags_valid(names: tuple[str, ...] = LOCK_FLAGS) -> bool:
    return all(parse_flag(os.environ.get(name, "")) is not None for name in names)


def env_flag(name: str) -> bool:
    """The variable's value; a `PyxiError` (exit code 2, a usage error) for a non-boolean."""
    value = os.environ.get(name, "")
    parsed = parse_flag(value)
    if parsed is None:
        from pyxi.diagnostics import PyxiError

        raise PyxiError(
            f"invalid value `{value}` for the environment variable {name}: it is a yes/no setting",
            help=f"set {name} to one of: {', '.join(TRUE_WORDS)} (yes) or "
            f"{', '.join(FALSE_WORDS)} (no), or unset it",
            exit_code=2,
        )
    return parsed
