"""`[environments]`: list form (`cpu = ["cpu"]`) and table form (`{ features, solve-group,
no-default-feature }`), checked against the defined features."""

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
from pyxi.manifest.model import EnvironmentDecl

_ENV_NAME = re.compile(r"^[a-z0-9-]+$")
_ENV_KEYS = ("features", "solve-group", "no-default-feature")
# Inline environment content (pixi 0.73+): an implicit feature pyxi does not build yet.
_ENV_UNSUPPORTED = (
    "dependencies", "pypi-dependencies", "host-dependencies", "build-dependencies", "constraints",
    "activation", "tasks", "target", "system-requirements", "pypi-options", "channels",
    "platforms", "channel-priority", "solve-strategy", "dev",
)  # fmt: skip


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
    check_keys(src, body, path, _ENV_KEYS, _ENV_UNSUPPORTED)
    features_path = path + ("features",)
    return EnvironmentDecl(
        name,
        _feature_names(src, body.get("features", []), features_path, name, features),
        solve_group=opt_str(src, body, "solve-group", path),
        no_default_feature=want_bool(
            src, body.get("no-default-feature", False), path + ("no-default-feature",)
        ),
        location=src.loc(path),
    )


def _feature_names(
    src: Source, value: object, path: KeyPath, env: str, features: Collection[str]
) -> tuple[str, ...]:
    names = want_str_list(src, value, path)
    for i, feature in enumerate(names):
        if feature == DEFAULT_FEATURE:
            src.error(
                f"environment `{env}` lists the `default` feature",
                path + (str(i),),
                help="the default feature is always included; use `no-default-feature = true` "
                "to leave it out",
            )
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
