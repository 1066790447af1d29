"""The up-to-date check and conda packages' `purls` (pixi's `satisfiability/platform.rs`)."""

from __future__ import annotations

from pathlib import Path

from pyxi.freshness import fresh_pypi as fp
from pyxi.freshness.fresh_platform import check_platform
from pyxi.lockfile.model import CondaPackage, PypiPackage
from pyxi.manifest.parse import parse_manifest
from pyxi.workspace.environment import Environment, build_workspace

CF = "https://conda.anaconda.org/conda-forge/"


def environment(tmp_path: Path, pypi: str) -> Environment:
    text = ('[workspace]\nname = "x"\nchannels = ["conda-forge"]\nplatforms = ["linux-64"]\n'
            f'[dependencies]\npython = "*"\n[pypi-dependencies]\n{pypi}\n')
    return build_workspace(parse_manifest(text, tmp_path / "pixi.toml")).environments["default"]


def conda(name: str, version: str, purls: list[str] | None, depends: tuple[str, ...] = ()) -> CondaPackage:
    return CondaPackage(location=f"{CF}noarch/{name}-{version}-0.conda", name=name, version=version,
                        build="0", subdir="noarch", channel=CF, purls=purls, depends=list(depends),
                        file_name=f"{name}-{version}-0.conda")


def wheel(name: str, version: str, requires: tuple[str, ...] = ()) -> PypiPackage:
    return PypiPackage(location=f"https://files.pythonhosted.org/{name}-{version}-py3-none-any.whl",
                       name=name, version=version, requires_dist=list(requires))


def problem(env: Environment, conda_packages: list[CondaPackage], pypi: list[PypiPackage]) -> str | None:
    context = fp.PypiContext(env.root, 7, ("https://pypi.org/simple",))
    return check_platform(env, env.platforms[0], conda_packages, pypi, context).problem


def test_conda_and_pypi_tzdata_side_by_side_is_fresh(tmp_path: Path) -> None:
    """conda `tzdata` (the IANA database, `purls: []`) and PyPI `tzdata` are two packages."""
    env = environment(tmp_path, 'pandas = "*"')
    packages = [conda("python", "3.12.1", [], ("tzdata",)), conda("tzdata", "2024b", [])]
    pypi = [wheel("pandas", "2.2.3", ("tzdata>=2022.7",)), wheel("tzdata", "2024.2")]
    assert problem(env, packages, pypi) is None
    twice = [*pypi, wheel("TZData", "2024.1")]
    assert problem(env, packages, twice) == "the lock file has 'tzdata' more than once"


def test_old_conda_forge_lock_without_purls_reads_by_name(tmp_path: Path) -> None:
    """Without purls a conda-forge `tzdata` counts as PyPI tzdata (pixi's old-lock rule), so a
    PyPI tzdata next to it is one package too many: pixi re-locks such a lock as well."""
    env = environment(tmp_path, 'pandas = "*"')
    packages = [conda("python", "3.12.1", None, ("tzdata",)), conda("tzdata", "2024b", None)]
    pypi = [wheel("pandas", "2.2.3", ("tzdata>=2022.7",)), wheel("tzdata", "2024.2")]
    assert "more PyPI packages in the lock file than are used" in (problem(env, packages, pypi) or "")


def test_missing_purls(tmp_path: Path) -> None:
    env = environment(tmp_path, 'tzdata = "*"')
    without = [conda("python", "3.12.1", None), conda("python-tzdata", "2024.2", None)]
    assert "records no `purls` for the conda packages" in (problem(env, without, []) or "")
    known = [conda("python", "3.12.1", []), conda("python-tzdata", "2024.2", ["pkg:pypi/tzdata"])]
    assert problem(env, known, []) is None
