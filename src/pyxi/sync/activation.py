"""The activation context of a workspace environment (manifest facts → `env.activate`)."""

from __future__ import annotations

from pyxi.env.activate import Activation, ActivationContext, activate
from pyxi.env.stamp import read_stamp
from pyxi.manifest.model import PlatformSpec
from pyxi.workspace.environment import Environment, Workspace


def activation_for(workspace: Workspace, env: Environment, platform: PlatformSpec) -> Activation:
    import os

    scripts, variables = env.activation(platform)
    meta = workspace.manifest.workspace
    context = ActivationContext(
        prefix=env.prefix,
        environment=env.name,
        project_name=meta.name,
        project_version=meta.version,
        project_root=workspace.root,
        manifest_path=workspace.manifest.path,
        platforms=[p.name for p in env.platforms],
        user_scripts=[workspace.root / script for script in scripts],
        user_env=variables,
    )
    stamp = read_stamp(env.prefix)
    salt = stamp.environment_hash if stamp else ""
    return activate(context, dict(os.environ), cache_salt=salt)
