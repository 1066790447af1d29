"""Build a source package with rattler-build, once per input hash: the `.conda` is kept under
pyxi's cache (`pyxi-build/NAME/HASH/`) with the build log, and reused while the recipe, the
platform and the source files are unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pyxi.build.backends import Recipe
from pyxi.build.inputs import input_hash
from pyxi.build.render import SourceMetadata, metadata, recipe_error, render_variant
from pyxi.datamodel import model

if TYPE_CHECKING:
    from rattler_build import RenderedVariant

LOG_NAME = "build.log"


@model(frozen=True)
class Built:
    archive: Path
    metadata: SourceMetadata
    reused: bool


class _LogLines:
    """rattler-build's progress callback: every log line and step, kept for the log file."""

    def __init__(self, echo: Callable[[str], None] | None = None) -> None:
        self.lines: list[str] = []
        self.echo = echo

    def on_download_start(self, event: object) -> None: ...

    def on_download_progress(self, event: object) -> None: ...

    def on_download_complete(self, event: object) -> None: ...

    def on_build_step(self, event: object) -> None:
        self.lines.append(f"== {getattr(event, 'step_name', '')}: {getattr(event, 'message', '')}")

    def on_log(self, event: object) -> None:
        message = str(getattr(event, "message", ""))
        self.lines.append(f"{getattr(event, 'level', 'info')}: {message}")
        if self.echo is not None:
            self.echo(message)


def build_dir(cache: Path, name: str, key: str) -> Path:
    return cache / "pyxi-build" / name / key[:20]


def build(recipe: Recipe, subdir: str, channels: list[str], cache: Path,
          echo: Callable[[str], None] | None = None) -> Built:
    """The built `.conda` of `recipe` for `subdir`, from the cache when its inputs are
    unchanged; `echo` gets the build's output as it comes (pixi shows it unless quiet)."""
    name = recipe.package.name() or recipe.package.root.name
    key = input_hash(recipe.package.root, recipe.text, subdir, "\n".join(channels))
    folder = build_dir(cache, name, key)
    done = sorted(folder.glob("out/*/*.conda"))
    work = folder / "recipe"
    variant = render_variant(recipe, subdir, work)
    if done:
        return Built(done[0], metadata(variant), True)
    return Built(_run(recipe, variant, channels, folder, echo), metadata(variant), False)


def _run(recipe: Recipe, variant: RenderedVariant, channels: list[str], folder: Path,
         echo: Callable[[str], None] | None) -> Path:
    from rattler_build import ToolConfiguration

    log = _LogLines(echo)
    staging = folder / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    log_path = folder / LOG_NAME
    try:
        result = variant.run_build(
            tool_config=ToolConfiguration(), output_dir=staging, channels=channels,
            progress_callback=log, no_build_id=True, package_format="conda",
        )
    except Exception as error:  # rattler-build's BuildError and friends
        folder.mkdir(parents=True, exist_ok=True)
        log_path.write_text("\n".join([*log.lines, str(error)]) + "\n", encoding="utf-8")
        raise recipe_error(recipe, _reason(error, log.lines), log_path) from error
    log_path.write_text("\n".join(log.lines) + "\n", encoding="utf-8")
    built = Path(result.packages[0])
    final = folder / "out" / built.parent.name / built.name
    final.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(built), final)
    shutil.rmtree(staging, ignore_errors=True)
    return final


def _reason(error: Exception, lines: list[str]) -> str:
    """rattler-build's error, with the first error line of the log when it says more."""
    text = str(error).removeprefix("PyRattlerBuildError: ")
    detail = next((line.removeprefix("error: ") for line in lines
                   if line.startswith("error: ") and line.strip() != "error:"), "")
    return f"{text} ({detail})" if detail and detail not in text else text
