"""`pyxi init` in its forms: pixi.toml, pixi's pyproject project, `[tool.pixi]` added to an
existing pyproject (an environment per group), a PEP 723 script, `--import`; each refusal
leaves the folder as it was."""

from __future__ import annotations

import json

import tomli


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_init_pixi_toml_git_files_scm_and_refusals(make_workspace, wf_channel):
    ws = make_workspace("")
    (ws.root / "pixi.toml").unlink()
    done = ws.pyxi("init", "-c", wf_channel.url, "-p", "linux-64", "-p", "osx-arm64",
                   "-p", "linux-64", "--scm", "GitLab")
    assert f"✔ Created {ws.root.resolve() / 'pixi.toml'}" in done.stderr
    text = (ws.root / "pixi.toml").read_text()
    assert f'channels = ["{wf_channel.url}"]' in text
    assert 'platforms = ["linux-64", "osx-arm64"]' in text  # a repeated platform once
    assert "[tasks]" in text and "[dependencies]" in text and text.startswith("#")
    assert (ws.root / ".gitignore").read_text() == "# pixi environments\n.pixi/*\n!.pixi/config.toml\n"
    assert "gitlab-language=yaml gitlab-generated=true -diff" in (ws.root / ".gitattributes").read_text()
    ws.pyxi("info")  # the written manifest is valid
    refused = ws.pyxi("init", expect=1)
    assert "pixi.toml already exists" in refused.stderr and "help:" in refused.stderr
    assert (ws.root / "pixi.toml").read_text() == text
    ws.pyxi("init", "--scm", "svn", expect=2)
    mapped = ws.root / "mapped"
    ws.pyxi("init", str(mapped), "--conda-pypi-map", "conda-forge=map.json,bioconda=false")
    assert ('conda-pypi-map = { "bioconda" = false, "conda-forge" = "map.json" }'
            in (mapped / "pixi.toml").read_text())
    assert "`true` is not supported" in ws.pyxi("init", "x", "--conda-pypi-map", "true", expect=2).stderr


def test_init_pyproject_format_writes_pixis_project(make_workspace, wf_channel):
    ws = make_workspace("")
    (ws.root / "pixi.toml").unlink()
    project = ws.root / "my-proj"
    ws.pyxi("init", str(project), "--format", "pyproject", "-c", wf_channel.url, "-p", "linux-64")
    data = tomli.loads((project / "pyproject.toml").read_text())
    assert data["project"] == {"dependencies": [], "name": "my-proj",
                               "requires-python": ">= 3.11", "version": "0.1.0"}
    assert data["build-system"] == {"build-backend": "hatchling.build", "requires": ["hatchling"]}
    assert data["tool"]["pixi"]["pypi-dependencies"] == {"my_proj": {"path": ".", "editable": True}}
    assert _files(project) == [".gitattributes", ".gitignore", "pyproject.toml", "src/my_proj/__init__.py"]
    ws.pyxi("info", "--manifest-path", str(project))
    again = ws.pyxi("init", str(project), "--format", "pyproject")
    assert "Nothing to do here" in again.stderr


def test_init_extends_a_pyproject_with_environments_for_its_groups(make_workspace):
    ws = make_workspace("")
    (ws.root / "pixi.toml").unlink()
    original = (
        '[project]\nname = "demo"  # mine\nversion = "1.0"\nrequires-python = ">=3.11"\n'
        '\n[project.optional-dependencies]\ncli = ["rich"]\n'
        '\n[dependency-groups]\ntest_x = ["pytest"]\n'
    )
    (ws.root / "pyproject.toml").write_text(original)
    done = ws.pyxi("init", "-p", "linux-64")
    assert "Added package 'demo' as an editable dependency" in done.stderr
    assert "Added environments 'cli', 'test-x'" in done.stderr
    text = (ws.root / "pyproject.toml").read_text()
    assert text.startswith(original) and not (ws.root / "pixi.toml").exists()
    pixi = tomli.loads(text)["tool"]["pixi"]
    assert pixi["pypi-dependencies"] == {"demo": {"path": ".", "editable": True}}
    assert pixi["environments"] == {
        "default": {"solve-group": "default"},
        "cli": {"features": ["cli"], "solve-group": "default"},
        "test-x": {"features": ["test_x"], "solve-group": "default"},
    }
    info = json.loads(ws.pyxi("info", "--json").stdout)
    assert {env["name"] for env in info["environments_info"]} == {"default", "cli", "test-x"}
    assert "Nothing to do here" in ws.pyxi("init").stderr
    assert (ws.root / "pyproject.toml").read_text() == text


def test_init_script_writes_a_pep723_block_and_refuses_the_rest(make_workspace):
    ws = make_workspace("")
    (ws.root / "pixi.toml").unlink()
    script = ws.root / "scripts" / "example.py"
    script.parent.mkdir()
    script.write_text("#!/usr/bin/env python\nprint('hello')\n")
    done = ws.pyxi("init", "--script", str(script), "-c", "conda-forge")
    assert f"Initialized script at {script}" in done.stderr
    assert script.read_text() == (
        "#!/usr/bin/env python\n#\n# /// script\n# requires-python = \">=3.11\"\n"
        "# dependencies = []\n#\n# [tool.pixi.workspace]\n# channels = [\"conda-forge\"]\n"
        "# ///\n\nprint('hello')\n"
    )
    fresh = ws.root / "new" / "tool.py"
    ws.pyxi("init", "-s", str(fresh))
    assert fresh.read_text() == '# /// script\n# requires-python = ">=3.11"\n# dependencies = []\n# ///\n'
    assert "already a PEP 723 script" in ws.pyxi("init", "--script", str(script), expect=1).stderr
    assert "is not a Python script" in ws.pyxi("init", "-s", "github", expect=1).stderr
    clash = ws.pyxi("init", "--script", "x.py", "--format", "pixi", expect=2)
    assert "cannot be used with '--format'" in clash.stderr
    assert _files(ws.root) == ["new/tool.py", "scripts/example.py"]  # no workspace, no .pixi


def test_init_import_environment_yml(make_workspace, wf_channel):
    ws = make_workspace("")
    (ws.root / "pixi.toml").unlink()
    (ws.root / "environment.yml").write_text(
        f"name: test\nchannels:\n  - {wf_channel.url}\ndependencies:\n  - alpha=2.5\n  - beta\n"
        "  - pip\n  - pip:\n    - rich>=13\nvariables:\n  MODE: fast\n"
    )
    clash = ws.pyxi("init", "--import", "environment.yml", "-c", "x", expect=2)
    assert "cannot be used with '--channel'" in clash.stderr
    ws.pyxi("init", "--import", "environment.yml", "-p", "linux-64")
    data = tomli.loads((ws.root / "pixi.toml").read_text())
    assert data["workspace"]["name"] == "test"
    assert data["workspace"]["channels"] == [wf_channel.url]
    assert data["dependencies"] == {"alpha": "2.5.*", "beta": "*", "pip": "*"}
    assert data["pypi-dependencies"] == {"rich": ">=13"}
    assert data["activation"] == {"env": {"MODE": "fast"}}
    refused = ws.pyxi("init", "--import", "environment.yml", expect=1)
    assert "pixi.toml already exists" in refused.stderr


def test_init_refuses_the_parent_of_pixi_home(make_workspace):
    ws = make_workspace("")
    (ws.root / "pixi.toml").unlink()
    (ws.root / ".pixi").mkdir(exist_ok=True)
    refused = ws.pyxi("init", str(ws.root), env={"PIXI_HOME": str(ws.root / ".pixi")}, expect=1)
    assert "parent directory of your PIXI_HOME" in refused.stderr and "pyxi init my_workspace" in refused.stderr
    assert not (ws.root / "pixi.toml").exists()
