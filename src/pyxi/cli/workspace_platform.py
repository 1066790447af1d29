"""`pyxi workspace platform add|edit|move|list|remove`: bare subdirs and rich platforms
(`NAME=SUBDIR` with virtual packages), as pixi 0.77 has them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pyxi.cli.workspace_common import (
    Subparsers,
    actions,
    add_feature_or_environment,
    add_no_install,
    command,
    manifest,
    outcome,
    settings,
    where,
)

if TYPE_CHECKING:
    from pyxi.manifest.platform_args import VirtualFlags

_FLAGS = (
    ("--cuda", "VERSION", ("Declare a `__cuda` virtual package at the given version, e.g. `12.0`. "
     "Valid on any subdir")),
    ("--cuda-arch", "VERSION", ("Declare a `__cuda_arch` virtual package (GPU compute capability) "
     "at the given version, e.g. `8.6`. Requires `--cuda` (or an existing `__cuda`). Serialized "
     "as `cuda = { driver, arch }`")),
    ("--archspec", "ARCH", ("Declare a `__archspec` virtual package with the given "
     "microarchitecture string, e.g. `x86_64_v3`. Valid on any subdir")),
    ("--glibc", "VERSION", ("Declare a `__glibc` virtual package at the given version, e.g. "
     "`2.28`. Only valid on linux subdirs")),
    ("--linux", "VERSION", ("Declare a `__linux` virtual package at the given kernel version, "
     "e.g. `5.10`. Only valid on linux subdirs")),
    ("--macos", "VERSION", ("Declare a `__osx` virtual package at the given macOS version, e.g. "
     "`14.0`. Only valid on osx subdirs (alias: --osx)")),
    ("--windows", "VERSION", ("Declare a `__win` virtual package at the given Windows version, "
     "e.g. `10`. Only valid on win subdirs")),
)  # fmt: skip


def add_parser(subparsers: Subparsers) -> None:
    from pyxi.cli.workspace_platform_list import add_list_parser

    group = command(subparsers, "platform", "Commands to manage workspace platforms")
    sub = actions(group, "platform_action")
    _add_add(sub)
    _add_edit(sub)
    _add_move(sub)
    add_list_parser(sub)
    remove = command(sub, "remove", "Remove platform(s) from the workspace file and updates the "
                     "lock file", _remove, aliases=("rm",))
    remove.add_argument("platforms", nargs="+", metavar="PLATFORM", help="The platform name(s) to remove")
    add_no_install(remove, "only remove the platform(s) from the lock file")
    add_feature_or_environment(remove, "remove the platform from")


def _virtual_flags(parser: argparse.ArgumentParser) -> None:
    for flag, metavar, help_text in _FLAGS:
        names = (flag, "--osx") if flag == "--macos" else (flag,)
        parser.add_argument(*names, metavar=metavar, help=help_text)


def _add_add(sub: Subparsers) -> None:
    add = command(sub, "add", "Adds a platform(s) to the workspace file and updates the lock file",
                  _add, aliases=("a",))
    add.add_argument("platforms", nargs="*", metavar="PLATFORM|NAME=PLATFORM|__NAME[=VERSION[=BUILD]]",
                     help="Platforms to add, optionally followed by raw virtual-package specs")
    add.add_argument("--auto-detect", "--auto-detected", "--current", action="store_true",
                     help="Detect this machine's platform (subdir and virtual packages) instead "
                     "of naming a subdir. Optionally pass a single `<name>` to name it; any "
                     "virtual-package flags override the detected values. The detected "
                     "platform is placed at the top of the list")
    _virtual_flags(add)
    add_no_install(add, "only add changed packages to the lock file")
    add_feature_or_environment(add, "add the platform to")


def _add_edit(sub: Subparsers) -> None:
    edit = command(sub, "edit", "Edit an existing workspace platform's subdir and/or virtual "
                   "packages", _edit, aliases=("e",))
    edit.add_argument("name", metavar="NAME", help="Name of the platform to edit")
    edit.add_argument("raw", nargs="*", metavar="__NAME[=VERSION[=BUILD]]",
                      help="Raw virtual-package specs to declare or update on this platform")
    edit.add_argument("--subdir", metavar="SUBDIR", help="Set a new conda subdir for this platform")
    _virtual_flags(edit)
    edit.add_argument("--remove-virtual-package", action="append", default=[], metavar="NAME",
                      help="Remove the named virtual package from this platform. Can be repeated")
    edit.add_argument("--clear-virtual-packages", action="store_true",
                      help="Clear all virtual packages before applying any add/upsert operations")
    add_no_install(edit, "only refresh the lock file")


def _add_move(sub: Subparsers) -> None:
    move = command(sub, "move", "Reorder a workspace platform, changing its selection priority",
                   _move, aliases=("mv",))
    move.add_argument("name", metavar="NAME", help="Name of the platform to move")
    anchor = move.add_mutually_exclusive_group(required=True)
    anchor.add_argument("--before", metavar="PLATFORM", help="Move it directly before this platform")
    anchor.add_argument("--after", metavar="PLATFORM", help="Move it directly after this platform")
    anchor.add_argument("--to-top", action="store_true",
                        help="Move it to the top of the list (highest selection priority)")
    anchor.add_argument("--to-bottom", action="store_true",
                        help="Move it to the bottom of the list (lowest selection priority)")
    add_no_install(move, "only refresh the lock file")


def _flags(args: argparse.Namespace) -> VirtualFlags:
    from pyxi.manifest.platform_args import VirtualFlags

    return VirtualFlags(args.cuda, args.cuda_arch, args.archspec, args.glibc, args.linux,
                        args.macos, args.windows)


def _add(args: argparse.Namespace) -> int:
    from pyxi.sync import workspace_platforms as platforms

    if args.auto_detect:
        from pyxi.sync.workspace_detect import add_detected

        return outcome(args, add_detected(manifest(args), args.platforms, _flags(args), where(args),
                                          settings(args)))
    requested = platforms.requested_platforms(args.platforms, _flags(args))
    return outcome(args, platforms.add_platforms(manifest(args), requested, where(args), settings(args)))


def _edit(args: argparse.Namespace) -> int:
    from pyxi.manifest.edit_platforms import PlatformChange
    from pyxi.sync.workspace_platforms import edit_platform

    change = PlatformChange(args.subdir, args.clear_virtual_packages,
                            remove=args.remove_virtual_package)
    return outcome(args, edit_platform(manifest(args), args.name, _flags(args), args.raw, change,
                                       settings(args)))


def _move(args: argparse.Namespace) -> int:
    from pyxi.sync.workspace_platforms import move_platform

    return outcome(args, move_platform(manifest(args), args.name, args.before, args.after,
                                       args.to_top, settings(args)))


def _remove(args: argparse.Namespace) -> int:
    from pyxi.sync.workspace_platforms import remove_platforms

    return outcome(args, remove_platforms(manifest(args), args.platforms, where(args), settings(args)))


_VALUED = {"--manifest-path", "-s", "--script", "--color", "-f", "--feature", "-e", "--environment", "--subdir",
           "--remove-virtual-package", "--osx", *(flag for flag, _, _ in _FLAGS)}


def intermixed(argv: list[str]) -> list[str]:
    """`platform add NAME=SUBDIR --cuda 12.0 __glibc=2.40`: pixi takes positional words after
    options too; argparse does not, so the words of `platform add|edit` move behind them."""
    start = _action_index(argv)
    if start is None:
        return argv
    options, words = [], []
    rest, index = argv[start + 1:], 0
    while index < len(rest):
        word = rest[index]
        if word == "--":
            words += rest[index + 1:]
            break
        if word.startswith("-") and word != "-":
            valued = word in _VALUED and index + 1 < len(rest)
            options += rest[index:index + 2] if valued else [word]
            index += 2 if valued else 1
        else:
            words.append(word)
            index += 1
    return [*argv[:start + 1], *options, *(["--", *words] if words else [])]


def _action_index(argv: list[str]) -> int | None:
    """Where `add`/`edit` of `… workspace … platform add|edit` is, if this is that command."""
    previous = None
    seen = []
    for index, word in enumerate(argv):
        if not word.startswith("-") and previous not in _VALUED:
            seen.append(word)
            if len(seen) == 3:
                return index if seen[1] == "platform" and word in ("add", "a", "edit", "e") else None
        previous = word
    return None
