"""Reading which PyPI packages locked conda records are (purls, and pixi's old-lock fallback)."""

from __future__ import annotations

import pytest

from pyxi.lockfile.model import CondaPackage
from pyxi.pypi.mapping import (
    conda_provided,
    is_conda_forge_channel,
    is_conda_forge_like,
    mapped_channel,
    parse_purl,
    purl_for,
    pypi_purls,
)

CF = "https://conda.anaconda.org/conda-forge/"


def record(name: str, version: str = "1.0", purls: list[str] | None = None,
           channel: str | None = CF) -> CondaPackage:
    return CondaPackage(location=f"{CF}linux-64/{name}-{version}-0.conda", name=name, version=version,
                        build="0", purls=purls, channel=channel)


def test_purls_decide_when_present() -> None:
    other = "https://example.com/other/"
    assert pypi_purls(record("numpy", purls=["pkg:pypi/numpy"], channel=other)) == ["pkg:pypi/numpy"]
    assert pypi_purls(record("tzdata", purls=[])) == []
    assert pypi_purls(record("x", purls=["pkg:conda/x", "pkg:pypi/y"])) == ["pkg:pypi/y"]


def test_without_purls_only_conda_forge_means_same_name() -> None:
    """pixi's fallback for locks written before purls: conda-forge only, valid names/versions."""
    assert pypi_purls(record("numpy")) == ["pkg:pypi/numpy"]
    assert pypi_purls(record("numpy", channel="https://prefix.dev/conda-forge")) == ["pkg:pypi/numpy"]
    assert pypi_purls(record("numpy", channel="https://example.com/mychannel/")) == []
    assert pypi_purls(record("numpy", channel=None)) == []
    assert pypi_purls(record("openssl", "3.0.0_1")) == []  # not a PEP 440 version
    assert pypi_purls(record("_libgcc_mutex")) == []  # not a PyPI name


@pytest.mark.parametrize(
    ("url", "channel"),
    [
        ("https://conda.anaconda.org/conda-forge/", "conda-forge"),
        ("https://prefix.dev/conda-forge", "conda-forge"),
        ("https://conda.anaconda.org/conda-forge/label/rc", "conda-forge"),
        ("file:///srv/mirrors/conda-forge/", "conda-forge"),
        ("https://conda.anaconda.org/pytorch", "pytorch"),
        ("https://conda.anaconda.org/bioconda/", "bioconda"),
        ("https://conda.anaconda.org/nvidia/", None),
        ("https://repo.anaconda.com/pkgs/main/", None),
        ("file:///tmp/conda-forge-like/", None),
        ("conda-forge", "conda-forge"),
        (None, None),
    ],
)
def test_mapped_channel(url: str | None, channel: str | None) -> None:
    assert mapped_channel(url) == channel
    assert is_conda_forge_channel(url) == (channel == "conda-forge")


def test_conda_forge_like_for_messages() -> None:
    assert is_conda_forge_like("conda-forge")
    assert is_conda_forge_like("file:///tmp/conda-forge-like/")
    assert not is_conda_forge_like(None)
    assert not is_conda_forge_like("https://conda.anaconda.org/pytorch")


def test_purls_and_names() -> None:
    assert parse_purl("pkg:pypi/Typing_Extensions?source=hash-mapping") == ("typing-extensions", None)
    assert parse_purl("pkg:pypi/torch@2.5.1") == ("torch", "2.5.1")
    assert purl_for("Typing_Extensions") == "pkg:pypi/typing-extensions"
    assert purl_for("tzdata", "compressed-mapping") == "pkg:pypi/tzdata?source=compressed-mapping"


def test_conda_provided() -> None:
    records = [
        record("numpy", "2.1.3", purls=["pkg:pypi/numpy"]),
        record("python-tzdata", "2024.2", purls=["pkg:pypi/tzdata?source=compressed-mapping"]),
        record("tzdata", "2024b", purls=[]),  # the IANA database, not PyPI tzdata
        record("pytorch", "2.5.1", channel="https://example.com/mychannel/"),  # unknown
        record("openssl", "1.1.1w"),  # not PEP 440: cannot be given to uv
        record("attrs", "24.2.0", purls=["pkg:pypi/attrs@24.2.0.post1"]),
        record("six", "1.16.0"),  # conda-forge without purls: pixi's old-lock fallback
    ]
    assert conda_provided(records) == {
        "numpy": "2.1.3", "tzdata": "2024.2", "attrs": "24.2.0.post1", "six": "1.16.0",
    }
