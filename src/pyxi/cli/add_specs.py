"""`add`'s words → package specs: PEP 508 requirements with `--editable`, `--index` and the
git flags folded in, and the flags that only make sense for PyPI refused elsewhere."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pyxi.diagnostics import PyxiError

if TYPE_CHECKING:
    from pyxi.manifest.edit_spec import PackageSpec

_PYPI_ONLY = (("editable", "--editable"), ("index", "--index"))


def refuse_pypi_only_flags(args: argparse.Namespace) -> None:
    for dest, flag in _PYPI_ONLY:
        if getattr(args, dest, None):
            raise PyxiError(
                f"the argument '{flag}' requires '--pypi'",
                help=f"`{flag}` applies to PyPI dependencies: add `--pypi`", exit_code=2,
            )
    if getattr(args, "git", None):
        raise PyxiError(
            "conda source dependencies are not allowed without enabling the 'pixi-build' preview "
            "flag",
            help="pyxi does not build conda packages from source; for a PyPI package from git "
            "add `--pypi`",
        )
    _refuse_git_details(args)


def pypi_specs(args: argparse.Namespace) -> list[PackageSpec]:
    from pyxi.manifest.edit_spec import parse_pypi_spec

    if args.index and args.git:
        raise PyxiError("the argument '--index <INDEX>' cannot be used with '--git <GIT>'",
                        exit_code=2)
    _refuse_git_details(args)
    specs = [parse_pypi_spec(text) for text in args.specs]
    for spec in specs:
        if args.git:
            _from_git(spec, args)
        if args.index and not spec.is_source:
            spec.fields["index"] = args.index
        spec.editable = args.editable
    return specs


def _from_git(spec: PackageSpec, args: argparse.Namespace) -> None:
    if spec.is_source or spec.version:
        raise PyxiError(
            f"`{spec.name}` cannot have a version or a URL together with `--git`",
            help="give the package name only: `pyxi add --pypi --git URL NAME`", exit_code=2,
        )
    if args.subdir:
        from pyxi.cli.render import warn

        warn("The '--subdir' option is deprecated and will be removed in a future release.\n"
             "Use '--subdirectory' instead.")
    spec.fields["git"] = args.git
    for key in ("branch", "tag", "rev"):
        if getattr(args, key):
            spec.fields[key] = getattr(args, key)
    subdirectory = args.subdirectory or args.subdir
    if subdirectory:
        spec.fields["subdirectory"] = subdirectory


def _refuse_git_details(args: argparse.Namespace) -> None:
    if args.git:
        return
    for key in ("branch", "tag", "rev", "subdirectory", "subdir"):
        if getattr(args, key, None):
            raise PyxiError(f"the argument '--{key}' requires '--git'",
                            help="add `--git URL` for the repository", exit_code=2)
