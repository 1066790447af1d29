"""Running the CLI in this process (fast) with the network blocked, and judging its output."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from pyxi.cli.main import run_cli

NO_CHANNEL = "file:///nonexistent-pyxi-channel"
BLOCKED_NETWORK = {
    # every https/http request goes to a proxy that refuses connections: nothing leaves
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "ALL_PROXY": "http://127.0.0.1:9",
    "NO_PROXY": "",
    "PYXI_HTTP_TIMEOUT": "2",
    "PYXI_NO_PROGRESS": "1",
    "NO_COLOR": "1",
}


def run_in_process(args: list[str]) -> tuple[int, str]:
    """(exit code, stderr) of `pyxi ARGS`."""
    stderr, stdout = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
        try:
            code = run_cli(args)
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
    return code, stderr.getvalue()


def assert_one_clean_error(code: int, stderr: str, context: str = "", need_help: bool = True) -> None:
    """Exit 1, exactly one `error:` line (the first after any warnings), a `help:` line, no
    traceback."""
    detail = f"{context}\n--- stderr\n{stderr}"
    assert code == 1, f"exit {code}{detail}"
    lines = [line for line in stderr.splitlines() if not line.startswith("warning: ")]
    assert lines and lines[0].startswith("error: "), detail
    assert sum(line.startswith("error") for line in lines) == 1, detail
    if need_help:
        assert any(line.strip().startswith("help:") for line in lines), detail
    assert "Traceback" not in stderr and "internal error" not in stderr, detail
    assert "panicked" not in stderr, detail


def lock_manifest(path: Path) -> tuple[int, str]:
    return run_in_process(["lock", "--manifest-path", str(path)])
