"""`pyxi search` output, from records as the conda layer returns them (oldest first)."""

from __future__ import annotations

import pytest

from pyxi.diagnostics import PyxiError
from pyxi.global_.search import SearchResult, as_json, human_bytes, render, search


def _record(name: str, version: str, build: str = "h0_0", **extra: object) -> dict[str, object]:
    return {"name": name, "version": version, "build": build, "subdir": "noarch", "depends": [],
            "channel": "https://conda.anaconda.org/conda-forge/", **extra}  # fmt: skip


RECORDS = [_record("alpha", v) for v in ("1.0.0", "2.0.0", "3.0.0")] + [
    _record("beta", "0.5.0", "h2_0")
]


def test_compact_view_limits_versions_and_packages():
    text = render(SearchResult(RECORDS), package_limit=5, version_limit=2)
    assert text == (
        "alpha (3 versions)\n  3.0.0 h0_0 [noarch] conda-forge\n  2.0.0 h0_0 [noarch] conda-forge\n"
        "  ... and 1 more version (use -l to show more)\n\n"
        "beta (1 version)\n  0.5.0 h2_0 [noarch] conda-forge"
    )
    assert render(SearchResult(RECORDS), package_limit=1, version_limit=0) == (
        "alpha\n\n... and 1 more package (use -n to show more)"
    )


def test_details_view_of_one_package():
    records = [_record("foo", "0.1.0", "h_0"), _record("foo", "0.1.0", "h_1"),
               _record("foo", "0.2.0", "h_0", size=30720, md5="ab", timestamp=1704067200000,
                       depends=["bar >=1"], run_exports={"weak": ["foo >=0.2"]}),
               _record("foo", "0.2.0", "h_1", size=30720)]  # fmt: skip
    text = render(SearchResult(sorted(records, key=lambda r: (r["version"], r["build"]))), 5, 5)
    assert text.splitlines()[:2] == [
        "foo-0.2.0-h_1 (+ 1 build)",
        "-" * len("foo-0.2.0-h_1 (+ 1 build)"),
    ]
    assert "Size                30.00 KiB" in text and "SHA256              Not available" in text
    assert text.endswith("Other Versions (1):\nVersion  Build\n0.1.0    h_1 (+ 1 build)")


def test_json_groups_by_subdir_newest_first_and_fallback_search():
    assert [r["version"] for r in as_json(SearchResult(RECORDS))["noarch"]] == [
        "0.5.0",
        "3.0.0",
        "2.0.0",
        "1.0.0",
    ]

    def find(specs: list[str]) -> list[dict[str, object]]:
        return [r for r in RECORDS if r["name"] in specs]

    result = search("lph", find, lambda: ["alpha", "beta"], name_limit=5)
    assert result.fuzzy_matches == 1 and list(result.by_name) == ["alpha"]
    with pytest.raises(PyxiError, match="No packages found matching 'zeta'"):
        search("zeta", find, lambda: ["alpha", "beta"], name_limit=5)
    assert [human_bytes(n) for n in (988, 1638, 30720, 5 << 20)] == [
        "988 B",
        "1.60 KiB",
        "30.00 KiB",
        "5.00 MiB",
    ]
