"""Deriving the PyPI `purls` of solved conda records at lock time, in pixi's order
(`pixi:crates/pypi_mapping`, `docs/concepts/conda_pypi.md#mapping-order`).

For each record:
1. `conda-pypi-map = false`: none (`purls: []`).
2. Its channel has a `conda-pypi-map` entry: `false` gives none; an entry of the project's
   mapping (file/URL, then inline entries over it) decides, `()` meaning "not PyPI". A name it
   does not list falls through to 3 with `mapping-mode = "overlay"` (the default), or straight
   to 4 with `"replace"`.
3. The published mapping of the record's channel (conda-forge, pytorch, bioconda), from
   `mapping_sources.default_table`. pixi asks prefix.dev's per-package hash mapping first;
   pyxi uses the per-channel name mapping built from the same data (`?source=compressed-mapping`).
4. The same-name heuristic, on by default for conda-forge only (`same-name-heuristic` sets it).
When nothing answers, the record keeps the `purls` its repodata had (usually none).
The default mapping is loaded only when a record needs it, once per process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from pyxi.datamodel import model
from pyxi.diagnostics import ManifestError
from pyxi.lockfile.model import CondaPackage, LockedPackage
from pyxi.manifest.model import CondaPypiMapEntry
from pyxi.manifest.parse_envs import all_features
from pyxi.pypi.mapping import (
    PURL_PREFIX,
    is_conda_forge_channel,
    mapped_channel,
    parse_purl,
    purl_for,
    same_name_purls,
)
from pyxi.pypi.mapping_sources import Table, default_table, project_table
from pyxi.workspace.channels import channel_url
from pyxi.workspace.environment import Workspace


@model(frozen=True)
class ChannelRule:
    """The project's word on one channel: off, or a table that overlays/replaces the default."""

    disabled: bool = False
    table: Table | None = None
    overlay: bool = True
    same_name: bool = False


class PurlDeriver:
    def __init__(self, rules: dict[str, ChannelRule] | None = None, disabled: bool = False,
                 defaults: Callable[[str], Table] = default_table) -> None:
        self.rules = rules or {}
        self.disabled = disabled
        self.defaults = defaults

    def purls(self, record: CondaPackage) -> list[str] | None:
        """The record's PyPI purls, `[]` for none, None when no source knows it."""
        if self.disabled:
            return []
        channel = (record.channel or "").rstrip("/")
        rule = self.rules.get(channel)
        if rule is not None:
            if rule.disabled:
                return []
            names = (rule.table or {}).get(record.name.lower())
            if names is not None:
                return [purl_for(n, "project-defined-mapping") for n in names]
            use_default, use_same_name = rule.overlay, rule.same_name
        else:
            use_default, use_same_name = True, is_conda_forge_channel(channel)
        found = self._published(record) if use_default else None
        if found is None and use_same_name:
            return same_name_purls(record)
        if found is None and not use_default and not use_same_name:
            return []
        return found

    def _published(self, record: CondaPackage) -> list[str] | None:
        channel = mapped_channel(record.channel)
        if channel is None:
            return None
        names = self.defaults(channel).get(record.name.lower())
        return None if names is None else [purl_for(n, "compressed-mapping") for n in names]

    def amend(self, records: Iterable[LockedPackage]) -> list[LockedPackage]:
        """`records` with the `purls` of every conda record derived (other purls kept)."""
        return [self._amended(r) if isinstance(r, CondaPackage) else r for r in records]

    def _amended(self, record: CondaPackage) -> CondaPackage:
        derived = self.purls(record)
        if derived is None:
            return record
        kept = [p for p in record.purls or [] if not p.startswith(PURL_PREFIX)]
        return replace(record, purls=sorted(set(kept + derived), key=_purl_order))


def _purl_order(purl: str) -> tuple[str, str, str]:
    kind = purl.split("/", 1)[0]
    return kind, parse_purl(purl)[0] if purl.startswith(PURL_PREFIX) else purl, purl


def deriver_for(workspace: Workspace) -> PurlDeriver:
    """The deriver for `workspace`'s `conda-pypi-map` (mapping files and URLs are read here)."""
    config = workspace.manifest.workspace.conda_pypi_map
    if config is None:
        return PurlDeriver()
    if config.disabled:
        return PurlDeriver(disabled=True)
    if not config.entries:  # `{}`: pixi's legacy spelling of "conda-forge: replace, same-name on"
        conda_forge = channel_url("conda-forge", workspace.root).rstrip("/")
        return PurlDeriver({conda_forge: ChannelRule(overlay=False, same_name=True)})
    used = _workspace_channels(workspace)
    rules: dict[str, ChannelRule] = {}
    for entry in config.entries:
        url = channel_url(entry.channel, workspace.root).rstrip("/")
        if url not in used:
            _unused_channel(entry, used)
        if url in rules:
            raise ManifestError(f"the channel {url} is in `conda-pypi-map` more than once",
                                location=entry.location, help="keep one entry per channel")
        rules[url] = _rule(entry, url, workspace)
    return PurlDeriver(rules)


def _rule(entry: CondaPypiMapEntry, url: str, workspace: Workspace) -> ChannelRule:
    if entry.disabled:
        return ChannelRule(disabled=True)
    table: Table = {}
    if entry.source is not None:
        table.update(project_table(entry.source, workspace.root, entry.location))
    table.update(dict(entry.inline or ()))
    same_name = entry.same_name_heuristic
    if same_name is None:
        same_name = is_conda_forge_channel(url)
    return ChannelRule(table=table, overlay=entry.mode == "overlay", same_name=same_name)


def _workspace_channels(workspace: Workspace) -> set[str]:
    manifest = workspace.manifest
    refs = list(manifest.workspace.channels)
    for feature in all_features(manifest):
        refs += feature.channels or []
    return {channel_url(ref.raw, workspace.root).rstrip("/") for ref in refs}


def _unused_channel(entry: CondaPypiMapEntry, used: set[str]) -> None:
    listing = ", ".join(sorted(used)) or "none"
    raise ManifestError(
        f"`conda-pypi-map` maps the channel `{entry.channel}`, which is not in the channels of "
        f"the workspace or of any feature ({listing})",
        location=entry.location,
        help="add the channel to `channels`, or fix the key (a channel name or its URL)",
    )
