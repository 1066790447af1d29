"""pixi-build (issue 21): source packages built with rattler-build against the test world's
build channel (python, pip, hatchling, hello-lib), offline.

One workspace exercises the workspace's own `[package]` (python backend, `{ path = "." }`), a
path dependency on a sibling folder with its own `recipe.yaml` that installs a script, and a
git dependency on a local repository; separate workspaces cover a broken recipe and an unknown
backend."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from pyxi.testing.build_world import build_build_channel, host_tools_available
from pyxi.testing.cli import run_pyxi

WORKSPACE = """\
[workspace]
name = "app"
version = "0.3.0"
channels = ["{url}"]
platforms = ["linux-64"]
preview = ["pixi-build"]

[dependencies]
app = {{ path = "." }}
tool = {{ path = "../tool" }}
gitpkg = {{ git = "{git}", branch = "main" }}

[package]
name = {{ workspace = true }}
version = {{ workspace = true }}

[package.build]
backend = {{ name = "pixi-build-python", version = "0.*" }}

[package.run-dependencies]
hello-lib = "*"
"""

PYPROJECT = """\
[project]
name = "app"
version = "0.3.0"
requires-python = ">=3.8"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
"""

SCRIPT_RECIPE = """\
package:
  name: tool
  version: "1.2.0"
build:
  noarch: generic
  script:
    - mkdir -p $PREFIX/bin
    - printf '#!/bin/sh\\necho hello from {what}\\n' > $PREFIX/bin/{what}
    - chmod +x $PREFIX/bin/{what}
"""


@pytest.fixture(scope="module")
def build_channel(tmp_path_factory: pytest.TempPathFactory):
    return build_build_channel(tmp_path_factory.mktemp("build-channel"))


def _git(folder: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(folder), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def _git_repo(folder: Path) -> Path:
    folder.mkdir()
    (folder / "recipe.yaml").write_text(
        SCRIPT_RECIPE.replace("name: tool", "name: gitpkg").format(what="gitpkg"))
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", ".")
    _git(folder, "commit", "-q", "-m", "gitpkg")
    return folder


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, build_channel):
    from pyxi.testing.cli import isolated_env

    base = tmp_path_factory.mktemp("pixi-build")
    repo = _git_repo(base / "gitrepo")
    (base / "tool").mkdir()
    (base / "tool" / "recipe.yaml").write_text(SCRIPT_RECIPE.format(what="tool"))
    root = base / "app"
    (root / "src" / "app").mkdir(parents=True)
    (root / "pixi.toml").write_text(WORKSPACE.format(url=build_channel.url, git=repo.as_uri()))
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "src" / "app" / "__init__.py").write_text("VALUE = 1\n")
    return root, isolated_env(base / "cache")


def pyxi(ws: tuple[Path, dict[str, str]], *args: str, expect: int | None = 0):
    return run_pyxi(args, ws[0], ws[1], expect)


def _builds(ws: tuple[Path, dict[str, str]], name: str) -> list[Path]:
    return sorted((Path(ws[1]["PIXI_CACHE_DIR"]) / "pyxi-build" / name).glob("*/out/*/*.conda"))


def test_lock_install_and_run_source_packages(app):
    pyxi(app, "install")
    lock = yaml.safe_load((app[0] / "pixi.lock").read_text())
    refs = lock["environments"]["default"]["packages"]["linux-64"]
    sources = sorted(ref["conda_source"] for ref in refs if "conda_source" in ref)
    assert [s.split("[")[0] for s in sources] == ["app", "gitpkg", "tool"]
    assert sources[0].endswith(" @ .") and sources[2].endswith(" @ ../tool")
    commit = _git(app[0].parent / "gitrepo", "rev-parse", "HEAD")
    assert sources[1].endswith(f"@ git+{(app[0].parent / 'gitrepo').as_uri()}?branch=main#{commit}")
    entries = {p["conda_source"].split("[")[0]: p for p in lock["packages"] if "conda_source" in p}
    assert entries["app"]["depends"] == ["hello-lib", "python >=3.8"]  # run deps, solved with the rest
    assert entries["gitpkg"]["version"] == "1.2.0"  # a pinned git source keeps full metadata
    assert any("hello-lib" in ref.get("conda", "") for ref in refs)

    ran = pyxi(app, "run", "python", "-c", "import app; print('value', app.VALUE)")
    assert "value 1" in ran.stdout
    assert "hello from tool" in pyxi(app, "run", "tool").stdout
    assert "hello from gitpkg" in pyxi(app, "run", "gitpkg").stdout
    listed = pyxi(app, "list").stdout
    assert "app" in listed and "../tool" in listed


def test_no_op_install_rebuilds_nothing_and_an_edit_rebuilds_once(app):
    pyxi(app, "install")
    before = _builds(app, "app")
    assert before
    pyxi(app, "install")
    assert _builds(app, "app") == before
    (app[0] / "src" / "app" / "__init__.py").write_text("VALUE = 2\n")
    pyxi(app, "install")
    pyxi(app, "install")
    assert len(_builds(app, "app")) == len(before) + 1
    ran = pyxi(app, "run", "python", "-c", "import app; print('value', app.VALUE)")
    assert "value 2" in ran.stdout


def test_pyxi_build_writes_the_conda_file(app, tmp_path):
    built = pyxi(app, "build", "--output-dir", str(tmp_path / "out"))
    assert "Built app 0.3.0" in built.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["app-0.3.0-pyh4616a5c_0.conda"]
    pyxi(app, "build", "--path", "../tool", "-o", str(tmp_path / "out"))
    assert (tmp_path / "out" / "tool-1.2.0-h4616a5c_0.conda").is_file()


BROKEN = """\
package:
  name: broken
  version: "1.0"
build:
  noarch: generic
  script:
    - echo building broken
    - exit 3
"""


def test_a_broken_recipe_names_package_line_and_log(build_channel, tmp_path):
    from pyxi.testing.cli import isolated_env

    good = SCRIPT_RECIPE.replace("name: tool", "name: broken").format(what="broken")
    (tmp_path / "broken").mkdir()
    recipe = tmp_path / "broken" / "recipe.yaml"
    recipe.write_text(good)
    manifest = WORKSPACE.split("[dependencies]")[0].format(url=build_channel.url)
    (tmp_path / "pixi.toml").write_text(manifest + '[dependencies]\nbroken = { path = "broken" }\n')
    ws = (tmp_path, isolated_env(tmp_path / "cache"))
    pyxi(ws, "install")
    lock_before = (tmp_path / "pixi.lock").read_text()
    recipe.write_text(BROKEN)
    failed = pyxi(ws, "install", expect=1)
    assert "building the source package `broken` failed" in failed.stderr
    assert f"{recipe}:6" in failed.stderr  # the `script` key
    log = next(line.split("build log: ")[1] for line in failed.stderr.splitlines()
               if "build log: " in line)
    assert "building broken" in Path(log.strip()).read_text()
    assert (tmp_path / "pixi.lock").read_text() == lock_before
    installed = tmp_path / ".pixi" / "envs" / "default" / "bin" / "broken"
    assert "hello from broken" in installed.read_text()  # the environment is as it was


UNKNOWN = """\
[workspace]
name = "app"
channels = ["{url}"]
platforms = ["linux-64"]
preview = ["pixi-build"]

[dependencies]
app = { path = "." }

[package]
name = "app"
version = "0.3.0"

[package.build]
backend = { name = "pixi-build-rust", version = "*" }
"""


def test_an_unknown_backend_is_refused_with_its_name(app, build_channel, tmp_path):
    (tmp_path / "pixi.toml").write_text(UNKNOWN.replace("{url}", build_channel.url))
    failed = run_pyxi(("lock",), tmp_path, app[1], 1)
    assert "the build backend `pixi-build-rust` is not one pyxi builds" in failed.stderr
    assert "pixi-build-python, pixi-build-rattler-build, pixi-build-cmake" in failed.stderr
    assert not (tmp_path / "pixi.lock").exists()


def test_the_lock_is_stale_when_a_source_package_changes_its_run_dependencies(app):
    manifest = app[0] / "pixi.toml"
    text = manifest.read_text()
    pyxi(app, "lock")
    assert "already up to date" in pyxi(app, "lock").stderr
    manifest.write_text(text.replace('hello-lib = "*"', 'hello-lib = ">=1"'))
    try:
        assert "not up-to-date" in pyxi(app, "install", "--locked", expect=1).stderr
        pyxi(app, "lock")
        lock = yaml.safe_load((app[0] / "pixi.lock").read_text())
        entry = next(p for p in lock["packages"] if p.get("conda_source", "").startswith("app["))
        assert entry["depends"] == ["hello-lib >=1", "python >=3.8"]
    finally:
        manifest.write_text(text)


DEV = """\
[workspace]
name = "devws"
channels = ["{url}"]
platforms = ["linux-64"]
preview = ["pixi-build"]

[dev]
app = {{ path = "../app" }}
"""


def test_dev_installs_the_dependencies_of_a_package_without_building_it(app, build_channel):
    root = app[0].parent / "devws"
    root.mkdir()
    (root / "pixi.toml").write_text(DEV.format(url=build_channel.url))
    ws = (root, app[1])
    builds = _builds(app, "app")
    pyxi(ws, "install")
    names = {line.split()[0] for line in pyxi(ws, "list").stdout.splitlines()[1:]}
    assert {"python", "pip", "hatchling", "hello-lib"} <= names  # host and run requirements
    assert "app" not in names
    assert _builds(app, "app") == builds  # nothing built
    assert "already up to date" in pyxi(ws, "lock").stderr
    lock = (root / "pixi.lock").read_text()
    assert "conda_source" not in lock


CMAKE = """\
[workspace]
name = "hellocpp"
version = "0.1.0"
channels = ["{url}"]
platforms = ["linux-64"]
preview = ["pixi-build"]

[dependencies]
hellocpp = {{ path = "." }}

[package]
name = "hellocpp"
version = "0.1.0"

[package.build]
backend = {{ name = "pixi-build-cmake", version = "*" }}
"""


@pytest.mark.skipif(not host_tools_available(), reason="the host has no cmake, ninja or g++")
def test_cmake_backend_builds_and_installs_a_program(app, build_channel, tmp_path):
    (tmp_path / "pixi.toml").write_text(CMAKE.format(url=build_channel.url))
    (tmp_path / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.10)\nproject(hellocpp CXX)\n"
        "add_executable(hellocpp main.cpp)\ninstall(TARGETS hellocpp DESTINATION bin)\n")
    (tmp_path / "main.cpp").write_text(
        '#include <iostream>\nint main() { std::cout << "hello from cmake" << std::endl; }\n')
    assert "hello from cmake" in run_pyxi(("run", "hellocpp"), tmp_path, app[1]).stdout
    lock = yaml.safe_load((tmp_path / "pixi.lock").read_text())
    entry = next(p for p in lock["packages"] if "conda_source" in p)
    assert entry["variants"] == {"target_platform": "linux-64"}


NESTED = """\
[workspace]
name = "nest"
channels = ["{url}"]
platforms = ["linux-64"]
preview = ["pixi-build"]

[dependencies]
root = {{ path = "src/root" }}
"""

ROOT_PACKAGE = """\
[package]
name = "root"
version = "1.0.0"

[package.build]
backend = { name = "pixi-build-python", version = "*" }

[package.run-dependencies]
depend = { path = "../depend" }
"""


def test_a_source_package_runs_with_another_source_package(app, build_channel, tmp_path):
    (tmp_path / "pixi.toml").write_text(NESTED.format(url=build_channel.url))
    root = tmp_path / "src" / "root"
    (root / "src" / "root").mkdir(parents=True)
    (root / "pixi.toml").write_text(ROOT_PACKAGE)
    (root / "pyproject.toml").write_text(PYPROJECT.replace('"app"', '"root"').replace("0.3.0", "1.0.0"))
    (root / "src" / "root" / "__init__.py").write_text("NAME = 'root'\n")
    (tmp_path / "src" / "depend").mkdir()
    (tmp_path / "src" / "depend" / "recipe.yaml").write_text(
        SCRIPT_RECIPE.replace("name: tool", "name: depend").format(what="depend"))
    ws = (tmp_path, app[1])
    assert "hello from depend" in pyxi(ws, "run", "depend").stdout
    assert "root" in pyxi(ws, "run", "python", "-c", "import root; print(root.NAME)").stdout
    lock = yaml.safe_load((tmp_path / "pixi.lock").read_text())
    entries = {p["conda_source"].split(" @ ")[1]: p for p in lock["packages"] if "conda_source" in p}
    assert set(entries) == {"src/root", "src/depend"}  # paths from the workspace, as pixi writes
    assert entries["src/root"]["source_depends"] == {"depend": {"path": "../depend"}}
    assert "already up to date" in pyxi(ws, "lock").stderr


URL_WORKSPACE = """\
[workspace]
name = "fromurl"
channels = ["{channel}"]
platforms = ["linux-64"]
preview = ["pixi-build"]

[dependencies]
urlpkg = {{ url = "{url}", sha256 = "{sha256}" }}
"""


def _tarball(folder: Path, name: str) -> tuple[Path, str]:
    import hashlib
    import tarfile

    source = folder / "src" / f"{name}-1.0"
    source.mkdir(parents=True)
    (source / "recipe.yaml").write_text(
        SCRIPT_RECIPE.replace("name: tool", f"name: {name}").format(what=name))
    archive = folder / "files" / f"{name}-1.0.tar.gz"
    archive.parent.mkdir()
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(source, arcname=source.name)
    return archive, hashlib.sha256(archive.read_bytes()).hexdigest()


def test_a_source_archive_from_a_url_is_downloaded_checked_and_built(app, build_channel,
                                                                      tmp_path):
    from pyxi.testing.auth_server import Basic, FileServer
    from pyxi.testing.cli import isolated_env

    archive, sha256 = _tarball(tmp_path, "urlpkg")
    (tmp_path / "netrc").write_text("machine 127.0.0.1 login me password secret\n")
    root = tmp_path / "ws"
    root.mkdir()
    env = isolated_env(tmp_path / "cache", NETRC=str(tmp_path / "netrc"))
    ws = (root, env)
    server = FileServer({"files": archive.parent}, auth=Basic("me", "secret"))
    with server.running():
        url = f"{server.url}files/{archive.name}"
        manifest = URL_WORKSPACE.format(channel=build_channel.url, url=url, sha256=sha256)
        (root / "pixi.toml").write_text(manifest)
        assert "hello from urlpkg" in pyxi(ws, "run", "urlpkg").stdout
        lock = yaml.safe_load((root / "pixi.lock").read_text())
        entry = next(p for p in lock["packages"] if "conda_source" in p)
        assert entry["conda_source"].endswith(f" @ {url}?sha256={sha256}")
        assert entry["version"] == "1.2.0"  # pinned by its sha256: full metadata, as git
        assert "already up to date" in pyxi(ws, "lock").stderr
        downloads = server.paths().count(f"/files/{archive.name}")
        shutil.rmtree(root / ".pixi")
        assert "hello from urlpkg" in pyxi(ws, "run", "urlpkg").stdout
        assert server.paths().count(f"/files/{archive.name}") == downloads  # unpacked by hash

        (root / "pixi.toml").write_text(manifest.replace(sha256, "0" * 64))
        failed = pyxi(ws, "lock", expect=1)
        assert f"the source archive {url} does not match its sha256" in failed.stderr
        assert f"actual sha256:   {sha256}" in failed.stderr


VARIANTS = """\
[workspace]
name = "variants"
version = "0.1.0"
channels = ["{url}"]
platforms = ["linux-64"]
preview = ["pixi-build"]

[workspace.build-variants]
hello-lib = ["1.0.0", "2.0.0"]

[dependencies]
variants = {{ path = "." }}

[package]
name = {{ workspace = true }}
version = {{ workspace = true }}

[package.build]
backend = {{ name = "pixi-build-rattler-build", version = "*" }}
"""

VARIANT_RECIPE = """\
package:
  name: variants
  version: "0.1.0"
build:
  noarch: generic
requirements:
  host:
    - hello-lib
"""


def test_build_variants_are_rendered_locked_and_built(app, build_channel, tmp_path):
    (tmp_path / "pixi.toml").write_text(VARIANTS.format(url=build_channel.url))
    (tmp_path / "recipe.yaml").write_text(VARIANT_RECIPE)
    ws = (tmp_path, app[1])
    pyxi(ws, "install")
    lock = yaml.safe_load((tmp_path / "pixi.lock").read_text())
    entry = next(p for p in lock["packages"] if "conda_source" in p)
    assert entry["variants"] == {"hello_lib": "1.0.0", "target_platform": "noarch"}
    assert "variants" in pyxi(ws, "list").stdout
    assert "already up to date" in pyxi(ws, "lock").stderr
