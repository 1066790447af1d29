"""The locked packages of one (environment, platform) against the manifest: pixi's
`verify_package_platform_satisfiability`, without solving.

Conda requirements are walked first (direct specs, then `depends`); PyPI requirements after
them (manifest, then `requires_dist` with markers evaluated for the locked python). A PyPI
name a conda package provides is satisfied by that package, whose conda dependencies are then
walked too. Every locked package must be reached. Conda problems win over PyPI ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field, replace

from pyxi.conda.match import package_matches, spec_name, virtual_matches
from pyxi.datamodel import model
from pyxi.freshness import fresh_pypi as fp
from pyxi.freshness import fresh_source_records as fs
from pyxi.freshness.fresh_conda_checks import constraint_problem, duplicate_problem
from pyxi.lockfile.model import CondaPackage, CondaSourcePackage, PypiPackage
from pyxi.manifest.model import CondaDependency, PlatformSpec, PypiDependency
from pyxi.manifest.package_model import CondaSource
from pyxi.names import normalize_pypi_name
from pyxi.workspace.channels import channel_url
from pyxi.workspace.environment import Environment
from pyxi.workspace.virtual_packages import VirtualPackage

ENVIRONMENT = "<environment>"


@model
class PlatformResult:
    """The outcome of checking one environment on one platform against the lock."""

    problem: str | None = None
    # Conda names reached through conda requirements / only through PyPI requirements.
    expected_conda: set[str] = field(default_factory=set)
    conda_used_by_pypi: set[str] = field(default_factory=set)


@model
class _Walk:
    """The walk over one environment's locked packages from its requirements."""

    env: Environment
    platform: PlatformSpec
    conda: dict[str, CondaPackage]
    pypi: dict[str, PypiPackage]
    ctx: fp.PypiContext
    virtual: list[VirtualPackage]
    result: PlatformResult = field(default_factory=PlatformResult)
    conda_visited: set[str] = field(default_factory=set)
    pypi_visited: set[str] = field(default_factory=set)
    seen_reqs: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    conda_stack: list[tuple[str, str]] = field(default_factory=list)  # (spec, required by)
    pypi_queue: list[tuple[fp.Req, str]] = field(default_factory=list)
    pypi_error: str | None = None
    markers: dict[str, str] | None = None
    provided: dict[str, tuple[CondaPackage, str]] = field(default_factory=dict)
    sources: dict[str, CondaSourcePackage] = field(default_factory=dict)  # pixi-build records
    overrides: dict[str, PypiDependency] = field(default_factory=dict)

    def run(self) -> str | None:
        problem = self._start()
        if problem:
            return problem
        while self.conda_stack or self.pypi_queue:
            if self.conda_stack:
                problem = self._conda(*self.conda_stack.pop())
            else:
                self._pypi(*self.pypi_queue.pop())
            if problem:
                return problem
        return self._leftovers()

    # ---------------------------------------------------------------------------- start

    def _start(self) -> str | None:
        for dep in self.env.conda_dependencies(self.platform):
            problem = self._direct(dep)
            if problem:
                return problem
        if self.env.dev_dependencies(self.platform):
            from pyxi.freshness.fresh_build import dev_requirements

            self.conda_stack += [(spec, "dev") for spec in
                                 dev_requirements(self.env, self.platform)]
        requirements = self.env.pypi_dependencies(self.platform)
        if requirements:
            markers = fp.locked_markers(self.conda, self.pypi, self.platform.subdir)
            if isinstance(markers, str):
                return markers
            self.markers = markers
        active = [d for d in requirements if fp.marker_applies(d.marker, self.markers, ())]
        if not active and self.pypi:
            names = ", ".join(sorted(self.pypi))
            return f"there are more PyPI packages in the lock file than are used by the environment: {names}"
        for requirement in active:
            req = fp.manifest_req(requirement)
            self.seen_reqs.add((req.text, req.extras))
            self.pypi_queue.append((req, ENVIRONMENT))
        self.pypi_queue.reverse()  # popped in manifest order
        return None

    def _direct(self, dep: CondaDependency) -> str | None:
        if dep.source is not None:
            return self._direct_source(dep, dep.source)
        spec = CondaDependency(dep.name, dep.version, dep.build, fields=dep.fields).to_matchspec()
        problem = self._match(spec, ENVIRONMENT)
        if problem:
            return problem
        name = dep.name.lower()
        package = self.conda.get(name)
        if package is None:
            return None  # a virtual package
        if dep.channel and package.channel:
            wanted = channel_url(dep.channel, self.env.root).rstrip("/")
            if package.channel.rstrip("/") != wanted:
                return f"'{dep.name}' should come from {wanted}, the lock has {package.channel}"
        self.result.expected_conda.add(name)
        self.conda_stack.append((spec, ""))  # walk its depends (already matched)
        return None

    def _direct_source(self, dep: CondaDependency, source: CondaSource) -> str | None:
        record = self.sources.get(dep.name.lower())
        if record is None:
            return f"the requirement '{dep.name}' could not be satisfied (required by '{ENVIRONMENT}')"
        problem = fs.check_location(source, record) or fs.check_extras(record, self.env.root)
        if problem is None:
            from pyxi.freshness.fresh_build import check_metadata

            problem = check_metadata(record, source, self.env.root, self.platform)
        return problem or self._visit_source(record)

    def _visit_source(self, record: CondaSourcePackage) -> str | None:
        """Walk a source package's locked `depends` and check the sources it needs."""
        if record.name in self.conda_visited:
            return None
        self.conda_visited.add(record.name)
        problem = fs.nested_problem(record, self.sources, set(self.conda))
        if problem:
            return problem
        required_by = f"{record.name} @ {record.source_location}"
        self.conda_stack += [(spec, required_by) for spec in record.depends]
        return None

    # ---------------------------------------------------------------------------- conda

    def _match(self, spec: str, required_by: str) -> str | None:
        name = spec_name(spec)
        package = self.conda.get(name)
        if package is not None:
            if package_matches(spec, package):
                return None
        elif name in self.sources and required_by != ENVIRONMENT:
            return None  # a source package another one needs: built, whatever its version
        elif (name.startswith("__") or any(vp.name == name for vp in self.virtual)) \
                and virtual_matches(spec, self.virtual, self.platform.subdir):
            return None
        return f"the requirement '{spec}' could not be satisfied (required by '{required_by}')"

    def _conda(self, spec: str, required_by: str) -> str | None:
        if required_by:
            if "[when=" in spec.replace(" ", "") and spec_name(spec) not in self.conda:
                return None  # a conditional dependency whose condition did not hold
            problem = self._match(spec, required_by)
            if problem:
                return problem
        name = spec_name(spec)
        package = self.conda.get(name)
        if package is None:
            return self._visit_source(self.sources[name]) if name in self.sources else None
        self.result.expected_conda.add(name)
        self._visit_conda(package)
        return None

    def _visit_conda(self, package: CondaPackage) -> None:
        if package.name in self.conda_visited:
            return
        self.conda_visited.add(package.name)
        for dependency in package.depends:
            self.conda_stack.append((dependency, package.file_name))

    # ----------------------------------------------------------------------------- pypi

    def _pypi(self, req: fp.Req, required_by: str) -> None:
        override = self.overrides.get(req.name)
        if override is not None:  # `[pypi-options] dependency-overrides` replace requirements
            req = replace(fp.manifest_req(override), origin=req.origin)
        if req.name in self.provided:
            package, version = self.provided[req.name]
            self._delay(fp.check_conda_provided(req, package, version))
            self.result.conda_used_by_pypi.add(package.name)
            self._visit_conda(package)
            return
        record = self.pypi.get(req.name)
        if record is None:
            self._delay(f"the requirement '{req.text}' could not be satisfied "
                        f"(required by '{required_by}')")
            return
        self._delay(fp.check_record(req, record, self.ctx))
        self._visit_pypi(record, req.extras)

    def _visit_pypi(self, record: PypiPackage, extras: tuple[str, ...]) -> None:
        assert self.markers is not None
        name = normalize_pypi_name(record.name)
        if name not in self.pypi_visited:
            self.pypi_visited.add(name)
            python = self.markers["python_full_version"]
            if not fp.requires_python_ok(record.requires_python, python):
                self._delay(f"'{record.name}' requires python {record.requires_python}, "
                            f"the locked python is {python}")
        for text in record.requires_dist:
            parsed = fp.dist_req(text)
            if parsed is None or not fp.marker_applies(
                    str(parsed.marker) if parsed.marker else None, self.markers, extras):
                continue
            req = fp.requires_dist_req(parsed, text)
            if (req.text, req.extras) in self.seen_reqs:
                continue
            self.seen_reqs.add((req.text, req.extras))
            self.pypi_queue.append((req, record.name))

    def _delay(self, problem: str | None) -> None:
        if problem and self.pypi_error is None:
            self.pypi_error = problem

    # ---------------------------------------------------------------------------- end

    def _leftovers(self) -> str | None:
        extra = sorted((set(self.conda) | set(self.sources)) - self.conda_visited)
        if extra:
            return ("there are more conda packages in the lock file than are used by the "
                    f"environment: {', '.join(extra)}")
        if self.pypi_error:
            return self.pypi_error
        extra = sorted(set(self.pypi) - self.pypi_visited)
        if extra:
            return ("there are more PyPI packages in the lock file than are used by the "
                    f"environment: {', '.join(extra)}")
        return None


def check_platform(env: Environment, platform: PlatformSpec, conda: list[CondaPackage],
                   pypi: list[PypiPackage], ctx: fp.PypiContext,
                   sources: Sequence[CondaSourcePackage] = ()) -> PlatformResult:
    """Walk the locked packages of `env` on `platform` from the manifest's requirements."""
    problem = duplicate_problem(conda, pypi) or constraint_problem(env, platform, conda)
    if problem:
        return PlatformResult(problem=problem)
    walk = _Walk(env, platform, {p.name: p for p in conda},
                 {normalize_pypi_name(p.name): p for p in pypi}, ctx,
                 env.virtual_packages(platform), provided=fp.conda_pypi_names(conda),
                 sources={record.name.lower(): record for record in sources},
                 overrides={normalize_pypi_name(dep.name): dep
                            for dep in env.pypi_options().dependency_overrides})
    walk.result.problem = walk.run()
    return walk.result
