"""Per-environment steps that either complete or leave no trace, and their collected errors.

A failing step puts the manifest document back as it was, removes what it created for a new
environment and re-syncs an existing one, then the command goes on with the next environment
(pixi's behaviour); the errors are reported together at the end.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from pyxi.diagnostics import PyxiError
from pyxi.global_.project import GlobalProject

T = TypeVar("T")


def attempt(
    project: GlobalProject, name: str, step: Callable[[], T]
) -> tuple[T | None, PyxiError | None]:
    saved = project.editor.doc.as_string()
    existed = name in project.manifest.envs
    try:
        return step(), None
    except PyxiError as error:
        project.editor.reset(saved)
        project.refresh()
        with contextlib.suppress(PyxiError, OSError):
            if existed:
                project.sync_env(name)
            else:
                project.delete_env_files(name)
        return None, error


def collected(verb: str, failures: list[tuple[str, PyxiError]]) -> PyxiError | None:
    """One error for the command: the failure itself when there is one, else a summary
    (the individual errors are printed by the caller)."""
    if not failures:
        return None
    if len(failures) == 1:
        name, error = failures[0]
        error.notes.insert(0, f"Couldn't {verb} environment {name}")
        return error
    names = ", ".join(name for name, _ in failures)
    return PyxiError(
        f"Couldn't {verb} the following environments: {names}",
        help="the error of each environment is shown above; the others were done",
    )
