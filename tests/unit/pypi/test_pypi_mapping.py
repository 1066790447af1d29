from __future__ import annotations

from pyxi.lock.model import CondaPackage
from pyxi.pypi.mapping import conda_provided, is_conda_forge_like, parse_purl, pypi_purls

CF = "https://conda.anaconda.org/conda-forge/"


def record(name: str, version: str = "1.0", purls: list[str] | None = None, channel: str | None = None) -> CondaPackage:
    return CondaPackage(location=f"{CF}linux-64/{name}-{version}-0.conda", name=name, version=version,
                        build="0", purls=purls, channel=channel)


def test_purls_win_when_present() -> None:
    assert pypi_purls(record("numpy", purls=["pkg:pypi/numpy"]), "https://example.com/other") == ["pkg:pypi/numpy"]
    assert pypi_purls(record("libzlib", purls=[]), CF) == []


def test_same_name_only_for_conda_forge_like_channels() -> None:
    assert pypi_purls(record("numpy"), CF) == ["pkg:pypi/numpy"]
    assert pypi_purls(record("numpy"), "https://prefix.dev/conda-forge") == ["pkg:pypi/numpy"]
    assert pypi_purls(record("numpy"), "https://example.com/mychannel") == []
    assert pypi_purls(record("numpy"), "file:///tmp/local-channel", same_name=True) == ["pkg:pypi/numpy"]
    assert pypi_purls(record("numpy"), CF, same_name=False) == []
    assert pypi_purls(record("numpy", channel=CF)) == ["pkg:pypi/numpy"]


def test_known_names_differ() -> None:
    assert pypi_purls(record("pytorch"), CF) == ["pkg:pypi/torch"]
    assert pypi_purls(record("pytorch-gpu"), CF) == []
    assert pypi_purls(record("python"), CF) == []
    assert pypi_purls(record("typing_extensions"), CF) == ["pkg:pypi/typing-extensions"]
    assert pypi_purls(record("_libgcc_mutex"), CF) == []


def test_conda_forge_like() -> None:
    assert is_conda_forge_like("conda-forge")
    assert not is_conda_forge_like(None)
    assert not is_conda_forge_like("https://conda.anaconda.org/pytorch")


def test_parse_purl() -> None:
    assert parse_purl("pkg:pypi/Typing_Extensions?source=hash-mapping") == ("typing-extensions", None)
    assert parse_purl("pkg:pypi/torch@2.5.1") == ("torch", "2.5.1")


def test_conda_provided() -> None:
    records = [
        record("numpy", "2.1.3", purls=["pkg:pypi/numpy"]),
        record("pytorch", "2.5.1"),
        record("python", "3.12.1"),
        record("openssl", "1.1.1w"),  # not PEP 440: cannot be given to uv
        record("libzlib", "1.3.1", purls=[]),
        record("attrs", "24.2.0", purls=["pkg:pypi/attrs@24.2.0.post1"]),
    ]
    assert conda_provided(records, same_name=True) == {
        "numpy": "2.1.3", "torch": "2.5.1", "attrs": "24.2.0.post1",
    }
