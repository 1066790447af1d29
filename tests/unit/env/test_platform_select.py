"""Platform selection (pixi's `best_declared_platform`), `CONDA_OVERRIDE_*` parsing, and the
version rules of the import-light path: pure functions, no host involved."""

from __future__ import annotations

import pytest

from pyxi.conda.overrides import InvalidOverride, apply_overrides, read_overrides
from pyxi.env.host_facts import at_least, meets
from pyxi.env.platform_select import choose

GUIDE = [
    ("linux-64-cuda", "linux-64", (("__cuda", "12.0"),)),
    ("win-64-cuda", "win-64", (("__cuda", "12.0"),)),
    ("linux-64-cpu", "linux-64", ()),
    ("win-64-cpu", "win-64", ()),
]
LINUX = {"__unix": "0", "__linux": "6.5", "__glibc": "2.36", "__archspec": "1"}


@pytest.mark.parametrize(("host", "expected"), [
    (LINUX, "linux-64-cpu"),
    ({**LINUX, "__cuda": "11.8"}, "linux-64-cpu"),
    ({**LINUX, "__cuda": "12"}, "linux-64-cuda"),  # 12 == 12.0
    ({**LINUX, "__cuda": "12.6"}, "linux-64-cuda"),
])
def test_first_platform_of_the_subdir_that_the_host_provides(host, expected):
    choice = choose(GUIDE, "linux-64", host)
    assert choice is not None and choice.name == expected and choice.fits
    assert choice.reasons["win-64-cpu"] == "not selected: it is for win-64, this machine is linux-64"


def test_reasons_for_every_platform():
    choice = choose(GUIDE, "linux-64", {**LINUX, "__cuda": "11.8"})
    assert choice.reasons["linux-64-cuda"] == (
        "not selected: it declares `__cuda >=12.0` and this machine has `__cuda=11.8`")
    gpu = choose(GUIDE, "linux-64", {**LINUX, "__cuda": "12.6"})
    assert gpu.reasons["linux-64-cpu"] == (
        "not selected: it fits too, but `linux-64-cuda` comes first in the manifest")


def test_manifest_order_decides():
    reversed_order = [GUIDE[2], GUIDE[0]]
    assert choose(reversed_order, "linux-64", {**LINUX, "__cuda": "12.6"}).name == "linux-64-cpu"


def test_nothing_fits_takes_the_first_of_the_subdir_unfit():
    only_cuda = [GUIDE[0], GUIDE[1]]
    choice = choose(only_cuda, "linux-64", LINUX)
    assert (choice.name, choice.fits) == ("linux-64-cuda", False)
    assert choose(only_cuda, "osx-arm64", {}).name is None


def test_architecture_fallbacks_as_pixi():
    assert choose([("intel", "osx-64", ())], "osx-arm64", {}).name == "intel"
    assert choose([("x86", "win-32", ())], "win-64", {}).name == "x86"
    assert choose([("arm", "osx-arm64", ())], "osx-64", {}).name is None


@pytest.mark.parametrize(("requested", "name", "fits"), [
    ("linux-64-cuda", "linux-64-cuda", False),
    ("linux-64-cpu", "linux-64-cpu", True),
    ("linux-64", "linux-64-cuda", False),  # a subdir: its first platform
    ("win-64-cpu", "win-64-cpu", False),   # another machine's
    ("nope", None, False),
])
def test_requested_platform(requested, name, fits):
    choice = choose(GUIDE, "linux-64", LINUX, requested)
    assert (choice.name, choice.fits, choice.requested) == (name, fits, requested)


def test_fast_variant_refuses_to_guess():
    odd = [("a", "linux-64", (("__cuda", "12.0.post1"),)), ("b", "linux-64", ())]
    assert choose(odd, "linux-64", {"__cuda": "12.6"}, fast=True) is None
    assert choose(odd, "linux-64", {"__cuda": "12.6"}).name == "b"  # the full path: unmet


@pytest.mark.parametrize(("raw", "value"), [(" 12.6 ", "12.6"), ("\t11\n", "11"), ("", ""), ("  ", "")])
def test_overrides_are_trimmed(raw, value):
    assert read_overrides({"CONDA_OVERRIDE_CUDA": raw}) == {"__cuda": value}


@pytest.mark.parametrize(("variable", "raw"), [
    ("CONDA_OVERRIDE_CUDA", "-1"), ("CONDA_OVERRIDE_CUDA", "abc"),
    ("CONDA_OVERRIDE_CUDA", "99999999999999999999"), ("CONDA_OVERRIDE_LINUX", "x..y"),
    ("CONDA_OVERRIDE_GLIBC", "2.17."), ("CONDA_OVERRIDE_ARCHSPEC", "x86-64"),
])
def test_override_that_cannot_be_a_version(variable, raw):
    with pytest.raises(InvalidOverride) as caught:
        read_overrides({variable: raw})
    assert str(caught.value).startswith(f"{variable}={raw!r} ")


def test_overrides_replace_remove_and_add():
    detected = [("__unix", "0", "0"), ("__linux", "6.5", "0"), ("__glibc", "2.36", "0"),
                ("__archspec", "1", "icelake")]
    result = apply_overrides(detected, {"__cuda": "12.6", "__glibc": "", "__archspec": "x86_64_v3"})
    assert result == [("__unix", "0", "0"), ("__linux", "6.5", "0"), ("__cuda", "12.6", "0"),
                      ("__archspec", "1", "x86_64_v3")]


@pytest.mark.parametrize(("have", "want", "expected"), [
    ("12", "12.0", True), ("12.6", "12.10", False), ("2.36", "3.0.a0", False),
    ("3.0", "3.0.a0", True), ("13.2", "14.0a0", False), ("12.6", "12a", True), ("12.6", "12.post1", None),
])
def test_versions(have, want, expected):
    assert at_least(have, want) is expected


def test_meets():
    host = {"__glibc": "2.36", "__cuda": "11.8"}
    assert meets("__glibc >=2.17,<3.0.a0", host) is True
    assert meets("__cuda >=12", host) is False
    assert meets("__cuda", host) is True
    assert meets("__osx >=10.15", host) is False
    assert meets("__cuda 12.*", host) is None  # not decided here: the full path does
