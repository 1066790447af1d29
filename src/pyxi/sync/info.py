"""What `pyxi info` reports, as data (the CLI only renders it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyxi.cache import cache_dir
from pyxi.diagnostics import ManifestError
from pyxi.redact import redact
from pyxi.sync import info_pixi
from pyxi.sync.info_unsupported import unsupported_info, unsupported_rows
from pyxi.workspace.environment import Environment, Workspace

if TYPE_CHECKING:
    from pyxi.env.platform_select import Choice
    from pyxi.manifest.model import PlatformSpec


def collect_info(manifest_path: str | None, extended: bool = False) -> dict[str, Any]:
    """`extended` (`--extended`): the sizes of the cache, `.pixi` and each environment too."""
    from pyxi.conda.host import host_subdir, host_virtual_packages
    from pyxi.config.load import active

    pixi = info_pixi.top_level()
    data: dict[str, Any] = {
        "platform": host_subdir(),
        "virtual_packages": [vp.display() for vp in host_virtual_packages()],
        "version": pixi.pop("version"),
        "tls_backend": pixi.pop("tls_backend"),
        "cache_dir": str(cache_dir()),
        "cache_size": _size(cache_dir()) if extended else None,
        "auth_dir": pixi.pop("auth_dir"),
        "global_info": None,
        "project_info": None,
        "environments_info": [],
        "config_locations": [str(path) for path in active().loaded_from],
        **pixi,
    }
    workspace = _workspace_or_none(manifest_path)
    if workspace is not None:
        meta = workspace.manifest.workspace
        data["project_info"] = {
            "name": meta.name,
            "manifest_path": str(workspace.manifest.path),
            "last_updated": info_pixi.last_updated(workspace),
            "pixi_folder_size": _size(workspace.root / ".pixi") if extended else None,
            "version": meta.version,
            **unsupported_info(workspace),
        }
        environments = workspace.environments.values()
        data["environments_info"] = [
            {**_environment_info(env),
             "environment_size": _size(env.prefix) if extended else None}
            for env in environments
        ]
    return data


def _size(path: Path) -> str | None:
    """The size of what is under `path`, as pixi shows it; None when it does not exist."""
    from pyxi.cache import folder_size
    from pyxi.output import human_bytes

    return human_bytes(folder_size(path)) if path.exists() else None


def _workspace_or_none(manifest_path: str | None) -> Workspace | None:
    from pyxi.sync.lock import load_workspace

    try:
        return load_workspace(manifest_path)
    except ManifestError:
        if manifest_path:
            raise
        return None


def _environment_info(env: Environment) -> dict[str, Any]:
    from pyxi.env.host_platform import this_machine

    platform, choice = this_machine(env)
    return {**_environment(env, platform), **_selection(env, platform, choice)}


def _environment(env: Environment, platform: PlatformSpec | None) -> dict[str, Any]:
    """The environment as declared; dependencies as they are on `platform` (the selected one)."""
    requirements = env.system_requirements
    system: dict[str, Any] = {}
    for key in ("cuda", "linux", "macos", "archspec"):
        if getattr(requirements, key):
            system[key] = getattr(requirements, key)
    if requirements.libc:
        system["libc"] = {"family": requirements.libc.family, "version": requirements.libc.version}
    return {
        "name": env.name,
        "features": env.feature_names,
        "solve_group": env.solve_group,
        "dependencies": list(dict.fromkeys(d.name for d in env.conda_dependencies(platform))),
        "pypi_dependencies": list(dict.fromkeys(d.name for d in env.pypi_dependencies(platform))),
        "platforms": [
            {
                "name": p.name,
                "subdir": p.subdir,
                "virtual_packages": [f"{n}={v}" for n, v in p.virtual_packages],
            }
            for p in env.platforms
        ],
        "virtual_packages": {
            p.name: [vp.display() for vp in env.virtual_packages(p)] for p in env.platforms
        },
        "system_requirements": system,
        "channels": [redact(name) for name in env.channel_names],
        "prefix": str(env.prefix),
        "tasks": _task_names(env),
        "not_supported": [part.describe() for part in env.unsupported],
    }


def _task_names(env: Environment) -> list[str]:
    """Every task of the environment, on any of its platforms, in the manifest's order."""
    names = list(env.tasks(None))
    for platform in env.platforms:
        names += env.tasks(platform)
    return [n for n in dict.fromkeys(names) if not n.startswith("_")]


def _selection(env: Environment, platform: PlatformSpec | None, choice: Choice) -> dict[str, Any]:
    """Which platform this machine uses for the environment, why, and what is installed."""
    from pyxi.env.stamp import read_stamp

    stamp = read_stamp(env.prefix)
    return {
        "selected_platform": platform.name if platform else None,
        "platform_selection": [
            {"name": name, "selected": name == choice.name, "reason": reason}
            for name, reason in choice.reasons.items()
        ],
        "installed_platform": stamp.platform if stamp else None,
        **info_pixi.installed_platforms(env, stamp.platform if stamp else None),
    }


def format_info(data: dict[str, Any]) -> str:
    rows: list[tuple[str, str]] = [
        ("Pyxi version", f"{data['pyxi_version']} (pixi {data['pixi_version']})"),
        ("Platform", data["platform"]),
    ]
    rows += _multi("Virtual packages", data["virtual_packages"])
    rows.append(("Cache dir", data["cache_dir"]))
    if data["cache_size"]:
        rows.append(("Cache size", data["cache_size"]))
    rows.append(("Auth storage", data["auth_dir"]))
    rows.append(("Config locations", " ".join(data["config_locations"]) or "No config files found"))
    lines = _table(rows)
    project = data["project_info"]
    if project:
        lines += ["", "Workspace"]
        folder = [("Pixi folder size", project["pixi_folder_size"])] if project["pixi_folder_size"] else []
        lines += _table([("Name", project["name"]), ("Version", project["version"] or "-"),
                         ("Manifest file", project["manifest_path"]), *folder,
                         *unsupported_rows(project)])
        lines += ["", "Environments"]
        for env in data["environments_info"]:
            lines += _table(_environment_rows(env)) + [""]
    return "\n".join(lines).rstrip()


def _environment_rows(env: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [
        ("Environment", env["name"]),
        ("Features", ", ".join(env["features"])),
    ]
    if env["solve_group"]:
        rows.append(("Solve group", env["solve_group"]))
    rows.append(("Channels", ", ".join(env["channels"])))
    rows.append(("Dependency count", str(len(env["dependencies"]))))
    if env["dependencies"]:
        rows.append(("Dependencies", ", ".join(env["dependencies"])))
    if env["pypi_dependencies"]:
        rows.append(("PyPI Dependencies", ", ".join(env["pypi_dependencies"])))
    rows.append(("Target platforms", ", ".join(_platform_label(p) for p in env["platforms"])))
    selection = [f"{s['name']}: {s['reason']}" for s in env["platform_selection"]]
    rows += _multi("Platform selection", selection)
    if env["installed_platform"]:
        rows.append(("Installed platform", env["installed_platform"]))
    if env["system_requirements"]:
        rows.append(("System requirements", ", ".join(
            f'{k} = "{v}"' if not isinstance(v, dict) else f"{k} = {v['family']} {v['version']}"
            for k, v in env["system_requirements"].items())))
    solver = env["virtual_packages"].get(env["selected_platform"])
    first: list[str] = next(iter(env["virtual_packages"].values()), [])
    rows += _multi("Solver virtual pkgs", solver or first)
    rows.append(("Prefix location", env["prefix"]))
    if env.get("environment_size"):
        rows.append(("Environment size", env["environment_size"]))
    if env["tasks"]:
        rows.append(("Tasks", ", ".join(env["tasks"])))
    if env.get("not_supported"):
        rows += _multi("Not supported yet", env["not_supported"])
    return rows


def _platform_label(platform: dict[str, Any]) -> str:
    declared = platform["virtual_packages"]
    return f"{platform['name']} ({', '.join(declared)})" if declared else platform["name"]


def _multi(label: str, values: list[str]) -> list[tuple[str, str]]:
    if not values:
        return [(label, "-")]
    return [(label, values[0])] + [("", value) for value in values[1:]]


def _table(rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _ in rows)
    return [f"{label:>{width}}: {value}" for label, value in rows]
