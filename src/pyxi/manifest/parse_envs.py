"""`[environments]`: list form (`cpu = ["cpu"]`) and table form (`{ features, solve-group,
no-default-feature }`), checked against the defined features.

The table form may also hold feature content inline (`[environments.dev.dependencies]`, pixi
0.73+): it becomes an anonymous feature of that environment only, placed before the listed
features (so it wins where features disagree). It is no feature another environment can name.
pixi takes a feature's tables there except `host-dependencies`, `build-dependencies` and
`system-requirements`.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from pyxi.consts import DEFAULT_ENVIRONMENT, DEFAULT_FEATURE
from pyxi.manifest.errors import (
    Source,
    check_keys,
    opt_str,
    suggest,
    want_bool,
    want_str_list,
    want_table,
    wrong_type,
)
from pyxi.manifest.keyindex import KeyPath
from pyxi.manifest.model import EnvironmentDecl, Feature, Manifest
from pyxi.manifest.parse_feature import parse_feature

_ENV_NAME = re.compile(r"^[a-z0-9-]+$")
_ENV_KEYS = ("features", "solve-group", "no-default-feature")
INLINE_KEYS = (
    "dependencies", "pypi-dependencies", "constraints", "activation", "tasks", "target",
    "pypi-options", "channels", "platforms", "channel-priority", "solve-strategy",
)  # fmt: skip
_INLINE_UNSUPPORTED = ("dev",)
_EMPTY_IS_NONE = ("tasks", "target")
# Feature tables pixi does not take inline: where they go instead.
_FEATURE_ONLY = {
    "system-requirements": "declare it on `workspace.platforms` or on a feature",
    "host-dependencies": "put the packages under `dependencies`",
    "build-dependencies": "put the packages under `dependencies`",
}


def parse_environments(
    src: Source, value: object, path: KeyPath, features: Collection[str]
) -> dict[str, EnvironmentDecl]:
    """The declared environments plus an implicit `default` one when it is not declared."""
    envs: dict[str, EnvironmentDecl] = {}
    for name, body in want_table(src, value, path).items():
        envs[name] = _environment(src, name, body, path + (name,), features)
    if DEFAULT_ENVIRONMENT not in envs:
        envs = {DEFAULT_ENVIRONMENT: EnvironmentDecl(DEFAULT_ENVIRONMENT), **envs}
    return envs


def _environment(
    src: Source, name: str, body: object, path: KeyPath, features: Collection[str]
) -> EnvironmentDecl:
    if not _ENV_NAME.match(name):
        src.error(
            f"invalid environment name `{name}`",
            path,
            help="environment names use lowercase letters, digits and `-` only",
        )
    if isinstance(body, list):
        names = _feature_names(src, body, path, name, features)
        return EnvironmentDecl(name, names, location=src.loc(path))
    if not isinstance(body, dict):
        wrong_type(src, body, "a list of feature names or an environment table", path)
    _check_table_keys(src, body, path)
    features_path = path + ("features",)
    return EnvironmentDecl(
        name,
        _feature_names(src, body.get("features", []), features_path, name, features),
        solve_group=opt_str(src, body, "solve-group", path),
        no_default_feature=want_bool(
            src, body.get("no-default-feature", False), path + ("no-default-feature",)
        ),
        location=src.loc(path),
        inline=_inline_feature(src, name, body, path),
    )


def _check_table_keys(src: Source, body: dict[str, object], path: KeyPath) -> None:
    for key, instead in _FEATURE_ONLY.items():
        if key in body:
            src.error(
                f"`{key}` cannot be set on an environment",
                path + (key,),
                help=f"{instead}; pixi takes it only on the workspace and on features",
            )
    check_keys(src, body, path, (*_ENV_KEYS, *INLINE_KEYS), _INLINE_UNSUPPORTED)
    if not any(key in body for key in ("features", "solve-group")) and not has_content(body):
        src.error(
            "an environment table needs `features`, `solve-group` or content of its own",
            path,
            help='e.g. `features = ["test"]` or `dependencies = { pytest = "*" }`',
        )


def has_content(body: dict[str, object]) -> bool:
    """Whether an environment table holds content of its own; as in pixi, an empty `tasks`
    or `target` table is none, any other table is some, even empty (`dev` too, which pyxi
    records as not supported)."""
    return any(key in body and (key not in _EMPTY_IS_NONE or body[key])
               for key in (*INLINE_KEYS, *_INLINE_UNSUPPORTED))


def _inline_feature(src: Source, env: str, body: dict[str, object], path: KeyPath) -> Feature | None:
    """The environment's own tables as an anonymous feature; None when it has none."""
    inline = {key: value for key, value in body.items() if key in INLINE_KEYS}
    if not has_content(inline):
        return None
    feature = parse_feature(src, env, inline, path, INLINE_KEYS)
    feature.environment = env
    return feature


def _feature_names(
    src: Source, value: object, path: KeyPath, env: str, features: Collection[str]
) -> tuple[str, ...]:
    names = want_str_list(src, value, path)
    for i, feature in enumerate(names):
        # `default` may be listed (pixi accepts it): it then sits where it is listed.
        if feature not in features:
            src.error(
                f"environment `{env}` uses feature `{feature}`, which is not defined",
                path + (str(i),),
                help=suggest(feature, [f for f in features if f != DEFAULT_FEATURE], "features"),
            )
        if feature in names[:i]:
            src.error(
                f"feature `{feature}` is listed twice in environment `{env}`", path + (str(i),)
            )
    return names


def unused_feature_warnings(
    features: Collection[str], envs: dict[str, EnvironmentDecl], quiet: Collection[str] = ()
) -> list[str]:
    """One warning per user feature that no environment uses (pixi warns the same way)."""
    used = {feature for env in envs.values() for feature in env.features}
    return [
        f"feature `{name}` is defined but not used in any environment"
        for name in features
        if name != DEFAULT_FEATURE and name not in used and name not in quiet
    ]


def all_features(manifest: Manifest) -> list[Feature]:
    """The manifest's features and the environments' inline content (pixi's `all_features`)."""
    inline = [decl.inline for decl in manifest.environments.values() if decl.inline is not None]
    return [*manifest.features.values(), *inline]


def addressed_feature(manifest: Manifest, feature: str | None, environment: str | None) -> Feature | None:
    """What an edit with `--environment ENV` (its inline content) or `--feature F` addresses;
    None where that holds nothing yet, or without either flag."""
    if environment is not None:
        decl = manifest.environments.get(environment)
        return decl.inline if decl is not None else None
    return manifest.features.get(feature or "")
