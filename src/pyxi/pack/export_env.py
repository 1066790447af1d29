"""`workspace export conda-environment`: an environment as conda's `environment.yml`, from the
manifest's specs (default) or pinned to the lock (`--from-lock-file`), pixi's rendering."""

from __future__ import annotations

from collections.abc import Iterable

from pyxi.diagnostics import PyxiError
from pyxi.lockfile.model import CondaPackage, LockFile, PypiPackage
from pyxi.manifest.model import CondaDependency, PlatformSpec, PypiDependency, PypiOptions
from pyxi.pack.envyaml import EnvironmentYaml
from pyxi.workspace.environment import Environment

_DEFAULTS = ("main", "r", "msys2")


def conda_environment(env: Environment, platform: PlatformSpec, name: str | None = None,
                      include_pypi: bool = True, lock: LockFile | None = None,
                      lock_platform: str | None = None) -> EnvironmentYaml:
    """The environment file for `env` on `platform`; with `lock`, every locked package pinned
    (`name ==version build`, PyPI `name==version`) under the lock's `lock_platform` name."""
    channels = list(env.channel_names)
    if not any(c.lower() in _DEFAULTS for c in channels):
        channels.append("nodefaults")
    result = EnvironmentYaml(name=name or env.name, channels=channels)
    if lock is None:
        result.dependencies = _unique(_conda_spec(d) for d in env.conda_dependencies(platform))
        pip = [_pip_spec(d) for d in env.pypi_dependencies(platform)] if include_pypi else []
    else:
        packages = _locked(env, lock, lock_platform or platform.name)
        result.dependencies = [f"{p.name} =={p.version} {p.build}" for p in packages
                               if isinstance(p, CondaPackage)]
        editable = {d.name for d in env.pypi_dependencies(platform) if d.editable}
        pip = [_locked_pip(p, p.name in editable) for p in packages
               if isinstance(p, PypiPackage)] if include_pypi else []
    result.pip = _pip_options(env.pypi_options()) + pip if pip else []
    result.variables = env.activation(platform)[1]
    return result


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _conda_spec(dep: CondaDependency) -> str:
    """rattler's display of the spec: a bare version (`3.12`) is an exact one (`==3.12`)."""
    version = dep.version.strip() or "*"
    if version != "*" and not any(c in version for c in "<>=!~*,|"):
        version = f"=={version}"
    return CondaDependency(dep.name, version, dep.build, dep.channel).to_matchspec()


def _pip_spec(dep: PypiDependency) -> str:
    extras = f"[{','.join(dep.extras)}]" if dep.extras else ""
    if dep.git:
        text = f"{dep.name}{extras} @ git+{dep.git.removeprefix('git+')}"
        rev = dep.rev or dep.branch or dep.tag
        text += (f"@{rev}" if rev else "") + (f"#subdirectory={dep.subdirectory}" if dep.subdirectory else "")
    elif dep.path:
        text = f"-e {dep.path}{extras}" if dep.editable else f"{dep.path}{extras}"
    elif dep.url:
        text = f"{dep.name}{extras} @ {dep.url}"
        text += f"#subdirectory={dep.subdirectory}" if dep.subdirectory else ""
    else:
        version = (dep.version or "*").strip()
        text = f"{dep.name}{extras}" + ("" if version == "*" else version)
    return f"{text}; {dep.marker}" if dep.marker else text


def _locked(env: Environment, lock: LockFile, platform: str) -> list[CondaPackage | PypiPackage]:
    locked = lock.environments.get(env.name)
    if locked is None or platform not in locked.packages:
        raise PyxiError(f"environment `{env.name}` is not locked for platform `{platform}`",
                        help="run `pyxi lock` to update the lock file")
    return lock.packages_for(env.name, platform)


def _locked_pip(package: PypiPackage, editable: bool) -> str:
    location = package.location
    if "://" not in location:
        return f"-e {location}" if editable else location
    scheme = location.split("://", 1)[0]
    if scheme == "file" or "+" in scheme:
        return f"{package.name} @ {location.removeprefix('direct+')}"
    return f"{package.name}=={package.version or '*'}"


def _pip_options(options: PypiOptions) -> list[str]:
    lines = [f"--index-url {options.index_url}"] if options.index_url else []
    lines += [f"--extra-index-url {url}" for url in options.extra_index_urls]
    lines += [f"--find-links {link.url or link.path}" for link in options.find_links]
    return lines
