"""The virtual packages the solver assumes for an environment on a platform.

The solver always gets the *declared* values (pixi's per-platform defaults, overridden by the
environment's system requirements and by rich-platform declarations), never the host's: that is
what makes a CUDA environment lockable on a laptop without a GPU.
"""

from __future__ import annotations

from pyxi.datamodel import model
from pyxi.manifest.model import PlatformSpec, SystemRequirements
from pyxi.manifest.platform_names import is_unix, subdir_defaults


@model(frozen=True, order=True)
class VirtualPackage:
    """A virtual package (`__glibc`, `__cuda`, …) the target provides to the solver."""

    name: str
    version: str
    build: str = "0"

    def __str__(self) -> str:
        """The lock-file form: `__glibc=2.28`, `__unix=0=0`, `__archspec=0=x86_64`."""
        if self.build != "0" or self.version == "0":
            return f"{self.name}={self.version}={self.build}"
        return f"{self.name}={self.version}"

    def display(self) -> str:
        """The `pixi info` form, always with a build: `__cuda=12.6=0`."""
        return f"{self.name}={self.version}={self.build}"


def default_virtual_packages(subdir: str) -> list[VirtualPackage]:
    """pixi's defaults for a bare platform (written to the lock's `platforms:` block): `__unix`
    (also on emscripten), the family's version, `__archspec` except on noarch and wasm."""
    result = [VirtualPackage("__unix", "0", "0")] if is_unix(subdir) else []
    for name, value in subdir_defaults(subdir).items():
        archspec = name == "__archspec"  # its default is `0` with the microarchitecture as build
        result.append(VirtualPackage(name, "0", value) if archspec else VirtualPackage(name, value))
    return result


def solver_virtual_packages(
    platform: PlatformSpec, requirements: SystemRequirements
) -> list[VirtualPackage]:
    """Defaults for the platform, replaced key by key by the system requirements and then by the
    rich platform's own declarations. `__cuda` appears only when something declares it."""
    family = platform.subdir.split("-", 1)[0]
    declared: dict[str, VirtualPackage] = {vp.name: vp for vp in default_virtual_packages(platform.subdir)}
    if family == "linux":
        if requirements.linux:
            declared["__linux"] = VirtualPackage("__linux", requirements.linux)
        if requirements.libc:
            declared.pop("__glibc", None)
            name = f"__{requirements.libc.family}"
            declared[name] = VirtualPackage(name, requirements.libc.version)
    if family == "osx" and requirements.macos:
        declared["__osx"] = VirtualPackage("__osx", requirements.macos)
    if requirements.archspec and "__archspec" in declared:
        declared["__archspec"] = VirtualPackage("__archspec", "1", requirements.archspec)
    if requirements.cuda:
        declared["__cuda"] = VirtualPackage("__cuda", requirements.cuda)
    for name, version in platform.virtual_packages:
        declared[name] = _declared(name, version)
    return list(declared.values())


def _declared(name: str, version: str) -> VirtualPackage:
    if name == "__archspec":
        return VirtualPackage(name, "1", version)
    return VirtualPackage(name, version)


def merge_system_requirements(items: list[SystemRequirements]) -> SystemRequirements:
    """pixi's union: the highest version per key wins; different libc families conflict."""
    from pyxi.diagnostics import ManifestError

    def highest(values: list[str | None]) -> str | None:
        present = [v for v in values if v]
        return max(present, key=_version_key) if present else None

    libcs = [item.libc for item in items if item.libc]
    families = {libc.family for libc in libcs}
    if len(families) > 1:
        raise ManifestError(
            f"features declare different libc families: {', '.join(sorted(families))}",
            help="use one `libc = { family = …, version = … }` for every feature of an environment",
        )
    libc = max(libcs, key=lambda libc: _version_key(libc.version)) if libcs else None
    return SystemRequirements(
        cuda=highest([item.cuda for item in items]),
        libc=libc,
        linux=highest([item.linux for item in items]),
        macos=highest([item.macos for item in items]),
        archspec=highest([item.archspec for item in items]),
    )


def _version_key(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for part in version.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)
