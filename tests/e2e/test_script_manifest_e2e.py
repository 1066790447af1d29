"""Scripts as manifests, end to end: a PEP 723 script is the workspace of `run`, `lock`, `add`,
`remove`, `list`, `tree` and the `workspace` edits (`-s/--script`); its lock lies beside it,
its environment in the exec cache, and nothing is written into the folder it sits in. Scripts
from a URL (a loopback server) and from stdin run without any lock."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pyxi.testing.cli import PYXI, run_pyxi

BODY = '''import json, os, sys
print(json.dumps({"argv": sys.argv, "cwd": os.getcwd(),
                  "manifest": os.environ["PIXI_PROJECT_MANIFEST"], "prefix": os.environ["CONDA_PREFIX"],
                  "alpha": os.path.exists(os.path.join(os.environ["CONDA_PREFIX"], "share/alpha/VERSION"))}))
'''


def _script(channel: str, extra: str = "") -> str:
    return (f'#!/usr/bin/env python\n"""Says where it runs."""\n# /// script\n# dependencies = []\n#\n'
            f'# [tool.pixi.workspace]\n# channels = ["{channel}"]\n#\n# [tool.pixi.dependencies]\n'
            f'# alpha = "*"\n{extra}#\n# [tool.uv]\n# prerelease = "allow"\n# ///\n{BODY}')


def _env(base_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """`python` on PATH is this interpreter (the test channel has no Python)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if not (bin_dir / "python").exists():
        (bin_dir / "python").symlink_to(sys.executable)
    return {**base_env, "PATH": f"{bin_dir}{os.pathsep}{base_env.get('PATH', os.defpath)}"}


def _payload(stdout: str) -> dict:
    return json.loads(next(line for line in stdout.splitlines() if line.startswith("{")))


def _state(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if "bin" not in p.parts}


def test_a_script_is_a_workspace_beside_nothing(tmp_path, base_env, wf_channel):
    root = tmp_path / "ws"
    (root / ".pixi").mkdir(parents=True)
    (root / ".pixi" / "config.toml").write_text("")
    (root / "pixi.toml").write_text('[workspace]\nname = "enclosing"\nchannels = []\nplatforms = []\n')
    script = root / "tools" / "where.py"
    script.parent.mkdir()
    script.write_text(_script(wf_channel.url))
    env = _env(base_env, tmp_path)
    before = _state(root)

    def pyxi(*args: str, expect: int = 0):
        return run_pyxi(args, root, env, expect)

    ran = _payload(pyxi("run", "-s", "tools/where.py", "first", "--second").stdout)
    assert ran["argv"] == [str(script), "first", "--second"] and ran["cwd"] == str(root)
    assert ran["manifest"] == str(script) and ran["alpha"] is True
    assert "cached-envs-v0" in ran["prefix"] and not ran["prefix"].startswith(str(root))
    assert _state(root) == before  # no lock, no .pixi state: `run` is isolated

    refused = pyxi("add", "--script", str(script), "--feature", "f", "beta", expect=1)
    assert "`pixi add --script` does not support --feature" in refused.stderr
    assert "one implicit default run environment" in refused.stderr
    assert "does not support --environment" in pyxi("run", "-s", str(script), "-e", "x", expect=1).stderr

    frozen = pyxi("list", "-s", str(script), "--frozen", expect=1).stderr
    assert "no lock file exists for the script" in frozen and "pixi lock --script" in frozen
    pyxi("add", "-s", str(script), "beta")  # no lock yet: written as asked, nothing solved in
    assert script.read_text() == _script(wf_channel.url, '# beta = "*"\n')
    assert _state(root) == before

    pyxi("lock", "--script", str(script))
    lock = root / "tools" / "where.py.pixi.lock"
    assert lock.is_file() and not (root / "pixi.lock").exists()
    first_lock = lock.read_text()
    pyxi("add", "-s", str(script), "gamma")  # the lock is there now: pinned, and re-locked
    assert '# gamma = ">=1.0,<2"\n' in script.read_text() and lock.read_text() != first_lock
    listed = pyxi("list", "-s", str(script)).stdout
    assert all(name in listed for name in ("alpha", "beta", "gamma"))
    assert "gamma" in pyxi("tree", "-s", str(script)).stdout
    pyxi("remove", "-s", str(script), "gamma")
    pyxi("remove", "-s", str(script), "beta")
    assert script.read_text() == _script(wf_channel.url)

    pyxi("workspace", "platform", "add", "-s", str(script), "--no-install", "osx-arm64")
    assert '# platforms = ["osx-arm64"]\n' in script.read_text()
    assert "osx-arm64" in pyxi("workspace", "platform", "list", "-s", str(script)).stdout
    assert wf_channel.url in pyxi("workspace", "channel", "list", "-s", str(script)).stdout
    assert _state(root) == before | {"tools/where.py.pixi.lock"}


def test_scripts_without_metadata_are_refused(tmp_path, base_env):
    plain = tmp_path / "plain.py"
    plain.write_text("print('hello')\n")
    for command in (("lock",), ("add", "zlib"), ("run",)):
        failed = run_pyxi((command[0], "--script", str(plain), *command[1:]), tmp_path, base_env, 1)
        assert "does not contain a PEP 723 metadata block" in failed.stderr
        assert "pixi init --script" in failed.stderr
    assert plain.read_text() == "print('hello')\n"
    notes = tmp_path / "notes.md"
    notes.write_text("# notes\n")
    assert "is not a Python script" in run_pyxi(("lock", "-s", str(notes)), tmp_path, base_env, 1).stderr


@contextmanager
def _serving(files: dict[str, str]) -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            if body is not None:
                self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_scripts_from_a_url_and_from_stdin_run_without_a_lock(tmp_path, base_env, wf_channel):
    env = {**_env(base_env, tmp_path), "PIXI_CACHE_EXEC_ENVIRONMENTS_DIR": str(tmp_path / "exec")}
    source = _script(wf_channel.url)
    with _serving({"/where.py": source}) as url:
        ran = _payload(run_pyxi(("run", "-s", f"{url}/where.py", "x"), tmp_path, env).stdout)
        missing = run_pyxi(("run", "-s", f"{url}/gone.py"), tmp_path, env, 1).stderr
    assert ran["argv"][1:] == ["x"] and ran["argv"][0].endswith("where.py") and ran["alpha"]
    assert not Path(ran["argv"][0]).exists()  # the download is removed after the run
    assert "server returned 404" in missing and "/gone.py" in missing
    frozen = run_pyxi(("run", "--frozen", "-s", f"{url}/where.py"), tmp_path, env, 1).stderr
    assert "transient scripts cannot be run with `--frozen`" in frozen

    def piped(text: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([PYXI, "run", *args, "-s", "-", "a"], input=text, cwd=tmp_path, check=False,
                              env=env, capture_output=True, text=True, timeout=300)

    done = piped(source)
    assert done.returncode == 0, done.stderr
    assert _payload(done.stdout)["argv"] == ["-c", "a"] and _payload(done.stdout)["manifest"] == "<stdin>"
    assert piped(source + "# a changed body\n").returncode == 0
    assert len(list((tmp_path / "exec").iterdir())) == 2  # the URL's and stdin's (body edits reuse it)
    dry = piped(source.replace("print(", "print('SECRET', "), "--dry-run")
    assert "python -c <stdin>" in dry.stderr and "SECRET" not in dry.stderr + dry.stdout
    broken = piped("# /// script\n# dependencies = [\n# ///\n")
    assert broken.returncode == 1 and "<stdin>" in broken.stderr and "stdin.py" not in broken.stderr
    assert "stdin does not contain a PEP 723" in piped("print(1)\n").stderr
