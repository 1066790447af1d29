"""The Dockerfile of docs/cluster.md, built without Docker: its build stage's RUN lines run in a
fresh workspace at a fixed path, its COPY --from lines copy the environment into an empty
"image" at the same path, and the image's entrypoint runs offline with nothing else there."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from pack_world import IMPORT_TORCH, on_node

from pyxi.testing.cli import PYXI

DOC = Path(__file__).resolve().parents[2] / "docs" / "cluster.md"


def _dockerfile() -> list[str]:
    text = DOC.read_text()
    block = re.search(r"```dockerfile\n(.*?)```", text, re.DOTALL)
    assert block, "docs/cluster.md has a Dockerfile"
    return block.group(1).splitlines()


def _stage(lines: list[str], name: str) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.startswith("FROM") and line.endswith(f"AS {name}"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("FROM")), len(lines))
    return lines[start + 1:end]


def test_the_documented_image_runs_the_gpu_environment(make_workspace, tmp_path):
    lines = _dockerfile()
    assert 'ENTRYPOINT ["/app/entrypoint.sh"]' in lines
    app = tmp_path / "build" / "app"  # the build stage's /app
    ws = make_workspace("04-conda-forge-cpu-gpu-envs.pixi.toml")
    ws.pyxi("lock")  # on the laptop; the image is built from the committed pixi.lock
    app.mkdir(parents=True)
    for name in ("pixi.toml", "pixi.lock"):
        shutil.copy(ws.root / name, app / name)
    env = {**ws.base_env, "PATH": f"{Path(PYXI).parent}:/usr/bin:/bin"}
    for line in _stage(lines, "build"):
        if line.startswith("RUN ") and "pip install" not in line:
            command = line[4:].replace("/app", str(app))
            subprocess.run(["sh", "-c", command], cwd=app, env=env, check=True, timeout=300)
    # the runtime stage: an empty file system, but the environment and the entrypoint at /app
    image = tmp_path / "image" / "app"
    build = app.rename(tmp_path / "build" / "stage")
    for line in _stage(lines, "runtime"):
        if line.startswith("COPY --from=build "):
            source, target = line.split()[2:4]
            source_path = build / Path(source).relative_to("/app")
            target_path = image.parent / Path(target).relative_to("/")
            copy = shutil.copytree if source_path.is_dir() else shutil.copy2
            target_path.parent.mkdir(parents=True, exist_ok=True)
            copy(source_path, target_path)
    shutil.rmtree(tmp_path / "build")  # the build stage, its workspace and pyxi are gone
    _run_image(tmp_path, image, app)


def _run_image(tmp_path: Path, image: Path, app: Path) -> None:
    """Put the image's /app back at the build's path (the environment keeps its path), then
    run the entrypoint as the container would: offline, empty HOME, the system PATH."""
    app.parent.mkdir(parents=True)
    image.rename(app)
    node = tmp_path / "node"
    node.mkdir()
    command = [str(app / "entrypoint.sh"), "python", "-c", IMPORT_TORCH]
    assert on_node(node, command, CONDA_OVERRIDE_CUDA="12.6").stdout.strip() == "2.5.1 True"
    assert sorted(p.name for p in app.iterdir()) == [".pixi", "entrypoint.sh"]
