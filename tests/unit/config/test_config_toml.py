"""The TOML pyxi hands rattler's configuration reader reads back as the settings it was made
from (checked with the standard library's reader), and rattler takes it."""

from __future__ import annotations

from typing import Any

import pytest
import rattler
import tomllib

from pyxi.conda.config_toml import toml_text

SETTINGS: list[dict[str, Any]] = [
    {},
    {"concurrency": {"solves": 3, "downloads": 50}},
    {"tls-no-verify": True, "allow-hard-links": False, "default-channels": ["conda-forge", "b"]},
    {"mirrors": {"https://conda.anaconda.org/conda-forge": ["https://prefix.dev/conda-forge"]}},
    {"proxy-config": {"https": "http://user:p\"w@proxy:3128", "non-proxy-hosts": ["a", "b.c"]}},
    {"s3-options": {"bucket": {"endpoint-url": "https://s3.example", "region": "eu",
                               "force-path-style": True}}},
    {"repodata-config": {"disable-zstd": True, "https://x.example/ch": {"disable-sharded": True}}},
    {"odd \\ key\t": "tab\there, quote \" and é, del \x7f, newline\n", "ratio": 0.5, "n": -3},
]


@pytest.mark.parametrize("settings", SETTINGS)
def test_reads_back_as_written(settings: dict[str, Any]) -> None:
    assert tomllib.loads(toml_text(settings)) == settings


def test_rattler_reads_it() -> None:
    shared = rattler.Config.from_toml(toml_text({"tls-no-verify": True,
                                                 "concurrency": {"solves": 2, "downloads": 9}}))
    assert (shared.tls_no_verify, shared.concurrency_downloads) == (True, 9)


def test_refuses_what_toml_cannot_hold() -> None:
    with pytest.raises(TypeError):
        toml_text({"when": object()})
