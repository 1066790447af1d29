"""`pyxi install` flags the no-op shortcut understands; anything else goes to argparse."""

from __future__ import annotations

import pytest

from pyxi.sync.noop import _parse


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (None, None, False, False, "auto")),
        (["-e", "cpu", "--environment", "gpu"], (None, ["cpu", "gpu"], False, False, "auto")),
        (["--environment=cpu", "--frozen", "-q"], (None, ["cpu"], False, True, "auto")),
        (["-a", "--manifest-path", "w/pixi.toml", "--color", "never", "-v"], ("w/pixi.toml", None, True, False, "never")),
    ],
)
def test_understood(argv, expected):
    assert _parse(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [["-h"], ["--bogus"], ["cpu"], ["-e"], ["-e", "--frozen"], ["-a", "-e", "cpu"],
     ["--frozen", "--locked"], ["--color", "sometimes"], ["--environment="]],
)
def test_left_to_argparse(argv):
    assert _parse(argv) is None
