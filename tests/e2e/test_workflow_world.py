"""The workflow tests' channel has what they expect."""

from __future__ import annotations

from pyxi.testing.channel import LocalChannel


def test_the_channel_has_the_packages(wf_channel: LocalChannel) -> None:
    names = {r["name"] for r in wf_channel.repodata("noarch")["packages"].values()}
    names |= {r["name"] for r in wf_channel.repodata("noarch").get("packages.conda", {}).values()}
    assert {"alpha", "beta", "gamma", "delta", "epsilon"} <= names
