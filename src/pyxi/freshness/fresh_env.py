"""Environment-level checks of the lock (pixi's `verify_environment_satisfiability`): channels,
platforms and their virtual packages, PyPI indexes, wheel tags and the solve options.

Also the pairing of manifest platforms with locked ones: by name, else by identity (subdir +
non-default virtual packages, which is how pixi maps its `p1`, `p2` aliases back), else an old
lock's bare subdir entry.
"""

from __future__ import annotations

from pyxi.consts import DEFAULT_PYPI_INDEX
from pyxi.lockfile.derive import normalize_channel
from pyxi.lockfile.model import CondaPackage, LockedPlatform, LockEnvironment, LockFile, PypiPackage
from pyxi.manifest.model import PlatformSpec
from pyxi.workspace.channels import channel_url
from pyxi.workspace.environment import Environment
from pyxi.workspace.virtual_packages import default_virtual_packages

STRATEGY = {"highest": "highest", "lowest": "lowest-version", "lowest-direct": "lowest-version-direct"}
OPTION_DEFAULTS = {"strategy": "highest", "channel-priority": "strict",
                   "pypi-prerelease-mode": "if-necessary-or-explicit"}


def expected_options(env: Environment, workspace_strategy: str = "highest") -> dict[str, str]:
    """The lock's `options:` for `env`, only the non-default values (what pixi writes).

    The solve strategy is the first feature's that sets one, else the workspace's."""
    strategy = next((f.solve_strategy for f in env.features if f.solve_strategy), None)
    values = {
        "strategy": STRATEGY[strategy or workspace_strategy],
        "channel-priority": env.channel_priority,
        "pypi-prerelease-mode": env.pypi_options().prerelease_mode or "if-necessary-or-explicit",
    }
    return {k: v for k, v in values.items() if v != OPTION_DEFAULTS[k]}


# ------------------------------------------------------------------------------ platforms


def non_default(virtuals: list[str], subdir: str) -> list[str]:
    """`name=version[=build]` strings minus the subdir's defaults, sorted (a multiset key)."""
    defaults = {_key(str(vp)) for vp in default_virtual_packages(subdir)}
    return sorted(v for v in virtuals if _key(v) not in defaults)


def _key(text: str) -> str:
    parts = text.split("=")
    if len(parts) == 3 and parts[2] == "0" and parts[0] != "__archspec" and parts[1] != "0":
        parts = parts[:2]
    return "=".join(parts)


def expected_virtuals(env: Environment, platform: PlatformSpec) -> list[str]:
    return non_default([str(vp) for vp in env.virtual_packages(platform)], platform.subdir)


def locked_platform_for(env: Environment, platform: PlatformSpec, lock: LockFile,
                        locked_env: LockEnvironment) -> LockedPlatform | None:
    """The lock platform holding `env`'s packages for the manifest `platform`: one with the same
    identity (subdir + non-default virtual packages, pixi's rule, so `p1` aliases map back),
    else one of the same name (whose definition then differs), else an old bare subdir entry."""
    wanted = expected_virtuals(env, platform)
    used = [p for p in lock.platforms if p.name in locked_env.packages]
    same = [p for p in used if p.conda_subdir == platform.subdir
            and non_default(p.virtual_packages, platform.subdir) == wanted]
    if same:
        return next((p for p in same if p.name == platform.name), same[0])
    by_name = next((p for p in used if p.name == platform.name), None)
    if by_name is not None:
        return by_name
    legacy = lock.platform(platform.subdir)
    if legacy is not None and not legacy.virtual_packages:
        return legacy
    return None


def definition_problem(env: Environment, platform: PlatformSpec,
                       locked: LockedPlatform) -> str | None:
    if locked.conda_subdir != platform.subdir:
        return (f"the workspace platform '{platform.name}' uses subdir '{platform.subdir}' but "
                f"the lock-file was solved with subdir '{locked.conda_subdir}'")
    found = non_default(locked.virtual_packages, platform.subdir)
    expected = expected_virtuals(env, platform)
    # Locks from before pixi 0.71 list no virtual packages: they satisfy a bare platform.
    if found == expected or (not locked.virtual_packages and not platform.is_rich):
        return None
    return (f"the workspace platform '{platform.name}' declares virtual packages "
            f"[{', '.join(expected)}] but the lock-file was solved with [{', '.join(found)}]")


# ------------------------------------------------------------------------------- checks


def check_channels(env: Environment, locked_env: LockEnvironment) -> str | None:
    wanted = [_base(url, env) for url in env.channels]
    locked = [_base(c.url, env) for c in locked_env.channels]
    if wanted == locked:
        return None
    if wanted[: len(locked)] == locked:
        return (f"channels were added after the locked ones: the lock has {locked}, the "
                f"manifest asks for {wanted}")
    return f"channels changed: the lock has {locked}, the manifest asks for {wanted}"


def _base(url: str, env: Environment) -> str:
    """A channel as compared with the lock: resolved, without credentials (the lock never
    stores them), without the trailing slash."""
    from pyxi.redact import strip_credentials

    return strip_credentials(normalize_channel(channel_url(url, env.root))).rstrip("/")


def check_options(env: Environment, locked_env: LockEnvironment,
                  workspace_strategy: str) -> str | None:
    expected = expected_options(env, workspace_strategy)
    labels = {"strategy": "strategy", "channel-priority": "channel priority",
              "pypi-prerelease-mode": "PyPI prerelease mode"}
    for key, label in labels.items():
        have = locked_env.options.get(key, OPTION_DEFAULTS[key])
        want = expected.get(key, OPTION_DEFAULTS[key])
        if have != want:
            return (f"the lock file was solved with a different {label} ({have}) than the one "
                    f"selected ({want})")
    return None


def check_indexes(env: Environment, locked_env: LockEnvironment, lock: LockFile) -> str | None:
    options = env.pypi_options()
    wanted = [options.index_url or DEFAULT_PYPI_INDEX, *options.extra_index_urls]
    wanted_links = [{"url": f.url} if f.url else {"path": f.path or ""} for f in options.find_links]
    if locked_env.indexes is None:
        has_pypi = any(ref.kind == "pypi" for refs in locked_env.packages.values() for ref in refs)
        if lock.version >= 5 and has_pypi:
            return f"the lock file records no PyPI indexes, the manifest uses {wanted}"
        return None
    locked = [i.rstrip("/") for i in locked_env.indexes]
    if locked != [i.rstrip("/") for i in wanted] or locked_env.find_links != wanted_links:
        return (f"PyPI indexes changed: the lock has {locked_env.indexes}, the manifest asks "
                f"for {wanted}")
    return None


def check_wheel_tags(env: Environment, platform: PlatformSpec, conda: list[CondaPackage],
                     pypi: list[PypiPackage]) -> str | None:
    """Locked wheels must fit the locked python and the platform's declared glibc/macOS."""
    from pyxi.pypi.tags import PythonTarget, UnsupportedTargetError, wheel_rank, wheel_tags

    python = next((p for p in conda if p.name == "python"), None)
    wheels = [p for p in pypi if p.location.split("?")[0].endswith(".whl")]
    if python is None or not wheels:
        return None
    virtual = {vp.name: vp.version for vp in env.virtual_packages(platform)}
    target = PythonTarget(platform.subdir, python.version, glibc=virtual.get("__glibc"),
                          osx=virtual.get("__osx"), free_threaded=_free_threaded(python))
    try:
        ranked = wheel_tags(target)
    except (UnsupportedTargetError, ValueError):
        return None
    from packaging.utils import InvalidWheelFilename, parse_wheel_filename

    for wheel in wheels:
        file_name = wheel.location.split("?")[0].rsplit("/", 1)[-1]
        try:
            parse_wheel_filename(file_name)
        except InvalidWheelFilename:
            continue  # pixi skips what it cannot parse
        if wheel_rank(file_name, ranked) is None:
            return ("the lock file was solved with system requirements incompatible with the "
                    f"tags on wheel ({wheel.name})")
    return None


def _free_threaded(python: CondaPackage) -> bool:
    return python.build.endswith("t") and "_cp3" in python.build
