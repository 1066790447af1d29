"""`[workspace.s3-options.BUCKET]`: where an S3 bucket holding `s3://BUCKET/…` channels is
served (endpoint, region, path style), as pixi reads it. The same table in pixi's config files
is the fallback; the manifest's entry for a bucket wins."""

from __future__ import annotations

from typing import Any

from pyxi.manifest.errors import Source, check_keys, want_bool, want_str, want_table
from pyxi.manifest.keyindex import KeyPath

S3_OPTION_KEYS = ("endpoint-url", "region", "force-path-style")


def parse_s3_options(src: Source, value: object, path: KeyPath) -> dict[str, dict[str, Any]]:
    """Bucket → the options rattler takes under `s3-options` (all three required, as pixi)."""
    buckets: dict[str, dict[str, Any]] = {}
    for bucket, options in want_table(src, value, path).items():
        bucket_path = path + (bucket,)
        table = want_table(src, options, bucket_path)
        check_keys(src, table, bucket_path, S3_OPTION_KEYS)
        missing = [key for key in S3_OPTION_KEYS if key not in table]
        if missing:
            src.error(
                f"the S3 options of bucket `{bucket}` lack " + ", ".join(f"`{k}`" for k in missing),
                bucket_path,
                help='e.g. endpoint-url = "https://s3.example.com", region = "us-east-1", '
                "force-path-style = false",
            )
        buckets[bucket] = {
            "endpoint-url": want_str(src, table["endpoint-url"], bucket_path + ("endpoint-url",)),
            "region": want_str(src, table["region"], bucket_path + ("region",)),
            "force-path-style": want_bool(
                src, table["force-path-style"], bucket_path + ("force-path-style",)
            ),
        }
    return buckets
