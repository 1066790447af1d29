"""`pyxi install` flags the no-op shortcut understands; anything else goes to argparse."""

from __future__ import annotations

import pytest

from pyxi.sync.noop import _parse


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (None, None, False, False, "auto", None)),
        (["-e", "cpu", "--environment", "gpu"], (None, ["cpu", "gpu"], False, False, "auto", None)),
        (["--environment=cpu", "--frozen", "-q"], (None, ["cpu"], False, True, "auto", None)),
        (["-a", "--manifest-path", "w/pixi.toml", "--color", "never", "-v"], ("w/pixi.toml", None, True, False, "never", None)),
        (["-p", "linux-64-cpu"], (None, None, False, False, "auto", "linux-64-cpu")),
        (["--platform", "linux-64-cuda", "-e", "gpu"], (None, ["gpu"], False, False, "auto", "linux-64-cuda")),
    ],
)
def test_understood(argv, expected):
    assert _parse(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [["-h"], ["--bogus"], ["cpu"], ["-e"], ["-e", "--frozen"], ["-a", "-e", "cpu"],
     ["--frozen", "--locked"], ["--color", "sometimes"], ["--environment="], ["-p"],
     ["--platform", "-e"]],
)
def test_left_to_argparse(argv):
    assert _parse(argv) is None
