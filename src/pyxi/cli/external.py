"""Words that are not pyxi commands: an extension `pixi-NAME` (or `pyxi-NAME`) on PATH or in
`$PIXI_HOME/bin` runs with the remaining words, as pixi runs its extensions; anything else is
a usage error with the most similar command (pixi's rule: Jaro similarity above 0.6)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

PREFIXES = ("pixi-", "pyxi-")
USAGE_ERROR = 2


def search_directories() -> list[Path]:
    from pyxi.config.paths import pixi_home

    found = [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    return [*found, pixi_home() / "bin"]


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_extension(name: str) -> Path | None:
    suffix = ".exe" if os.name == "nt" else ""
    for folder in search_directories():
        for prefix in PREFIXES:
            candidate = folder / f"{prefix}{name}{suffix}"
            if _executable(candidate):
                return candidate
    return None


def installed_extensions() -> dict[str, Path]:
    """Every `pixi-NAME`/`pyxi-NAME` executable found, by NAME (the first one wins)."""
    found: dict[str, Path] = {}
    for folder in search_directories():
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            prefix = next((p for p in PREFIXES if entry.name.startswith(p)), None)
            if prefix and _executable(entry):
                found.setdefault(entry.stem if os.name == "nt" else entry.name[len(prefix):], entry)
    return found


def jaro(a: str, b: str) -> float:
    """The Jaro similarity of two words (1.0: equal, 0.0: nothing in common)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    used = [False] * len(b)
    matched_a: list[str] = []
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not used[j] and b[j] == char:
                used[j] = True
                matched_a.append(char)
                break
    if not matched_a:
        return 0.0
    matched_b = [char for j, char in enumerate(b) if used[j]]
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b)) / 2
    m = len(matched_a)
    return (m / len(a) + m / len(b) + (m - transpositions) / m) / 3


def most_similar(word: str, candidates: Iterable[str], threshold: float = 0.6) -> str | None:
    scored = [(jaro(word, c), c) for c in sorted(set(candidates))]
    best = max((s for s in scored if s[0] > threshold), default=None)
    return best[1] if best else None


def run_extension(path: Path, argv: list[str]) -> int:
    """Replace pyxi with the extension (POSIX); elsewhere run it and return its exit code.
    An extension that calls pixi back (pixi-policy does, through `PIXI_EXE` or `pixi` on PATH)
    gets `PIXI_EXE` naming this program unless the caller set it."""
    import subprocess

    from pyxi.progname import current_exe

    env = {**os.environ, "PIXI_EXE": os.environ.get("PIXI_EXE") or current_exe()}
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execve(path, [str(path), *argv], env)
    return subprocess.call([str(path), *argv], env=env)


def unknown_command(word: str, commands: Iterable[str], usage: str) -> int:
    """clap's message for a word that is no command, with pixi's tip; exit code 2."""
    similar = most_similar(word, [*commands, *installed_extensions()])
    lines = [f"error: unrecognized subcommand '{word}'"]
    if similar:
        lines += ["", f"  tip: a similar subcommand exists: '{similar}'"]
    lines += ["", usage.rstrip(), "", "For more information, try '--help'."]
    print("\n".join(lines), file=sys.stderr)
    return USAGE_ERROR


def print_installed_commands(commands: dict[str, str]) -> None:
    """`pyxi --list`: the built-in commands with their summaries, then the extensions."""
    print("Installed Commands:")
    for name, summary in sorted(commands.items()):
        print(f"    {name:<20} {summary}")
    for name, path in sorted(installed_extensions().items()):
        print(f"    {name:<20} (via {path.name})")
