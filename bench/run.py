"""pyxi's speed, side by side with what it is built on, in the same run on the same machine.

    python bench/run.py            # every row, 9 repeats (medians)
    python bench/run.py --quick    # 3 repeats, smaller curves
    python bench/run.py --only run,noop-install

Each row times pyxi and its baseline alternately (interleaved, order rotated every repeat) and
reports the medians and their ratio against the issue's target. Results also go to
bench/results/<timestamp>.json. Workloads:

- `example`: examples/pytorch-cuda (its channel is built into a scratch folder);
- `lockderived`: 4 environments × 3 platforms on real conda-forge records
  ($PYXI_BENCH_REPODATA, default ../shared/data/repodata from the repo root; rows are skipped
  when it is absent);
- `synthetic`: generated channels of 5k–40k records per subdir (bench/synth.py), for the curves
  of lock time against repodata size and against environments × platforms.

The baselines are the engines alone: `python -c pass`; raw `rattler.solve` of exactly the
requests pyxi plans (bench/raw.py, one process, one Gateway, asyncio.gather); `uv pip compile`
of the same requirements against the same index; raw `rattler.install` of the same records.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform as _platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(BENCH))

PYTHON = sys.executable
PYXI = shutil.which("pyxi", path=str(Path(PYTHON).parent)) or "pyxi"
RAW = str(BENCH / "raw.py")
REPODATA = Path(os.environ.get("PYXI_BENCH_REPODATA", REPO.parent / "shared" / "data" / "repodata"))
LOCKDERIVED = REPODATA / "conda-forge-lockderived"


# --- timing -------------------------------------------------------------------------------


@dataclass
class Case:
    """One side of a row: `run()` is timed; `prepare()` runs untimed before every repeat."""

    name: str
    run: Callable[[], None]
    prepare: Callable[[], None] = lambda: None
    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # own + children CPU time

    @property
    def median(self) -> float:
        return statistics.median(self.wall_ms)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def interleave(cases: list[Case], repeats: int, warmup: int = 1) -> None:
    for round_ in range(warmup + repeats):
        shift = round_ % len(cases)
        for case in cases[shift:] + cases[:shift]:
            case.prepare()
            cpu, started = _cpu(), time.perf_counter()
            case.run()
            elapsed, used = time.perf_counter() - started, _cpu() - cpu
            if round_ >= warmup:
                case.wall_ms.append(elapsed * 1000)
                case.cpu_ms.append(used * 1000)


def command(args: list[str], cwd: Path, env: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        done = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode != 0:
            raise SystemExit(f"bench: `{' '.join(map(str, args))}` failed in {cwd}:\n{done.stderr.decode()[-3000:]}")

    return run


@dataclass
class Row:
    key: str
    what: str
    baseline: str
    target: float | None
    pyxi_ms: float
    base_ms: float
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.pyxi_ms / self.base_ms

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.ratio <= self.target


def row(key: str, what: str, baseline: str, target: float | None, mine: Case, base: Case, note: str = "") -> Row:
    return Row(key, what, baseline, target, mine.median, base.median, note,
               {f"{mine.name} wall": mine.wall_ms, f"{base.name} wall": base.wall_ms,
                f"{mine.name} cpu": mine.cpu_ms, f"{base.name} cpu": base.cpu_ms})


# --- workspaces ----------------------------------------------------------------------------


def base_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    # PYTHONDONTWRITEBYTECODE would make every pyxi start compile its sources (as no installed
    # copy does): the bench compiles them once (see `main`) and lets Python use the bytecode.
    for name in ("PIXI_FROZEN", "PIXI_LOCKED", "PIXI_IN_SHELL", "PIXI_PROJECT_MANIFEST", "CONDA_PREFIX",
                 "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env.update(PIXI_CACHE_DIR=str(cache), PYXI_NO_PROGRESS="1", CONDA_OVERRIDE_CUDA="", NO_COLOR="1")
    return env


def example_workspace(work: Path) -> Path:
    from pyxi.testing.pytorch_world import build_conda_forge_world

    root = work / "example"
    root.mkdir()
    shutil.copy(REPO / "examples" / "pytorch-cuda" / "pixi.toml", root / "pixi.toml")
    build_conda_forge_world(root / "channel")
    return root


def write_workspace(root: Path, channel: str, platforms: list[str], envs: dict[str, list[str]],
                    extra: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    lines = ["[workspace]", 'name = "bench"', f"channels = [{json.dumps(channel)}]",
             f"platforms = {json.dumps(platforms)}", ""]
    for name, specs in envs.items():
        lines.append(f"[feature.{name}.dependencies]")
        for spec in specs:
            package, _, version = spec.partition(" ")
            lines.append(f"{json.dumps(package)} = {json.dumps(version or '*')}")
        lines.append("")
    lines.append("[environments]")  # the first one is `default` (else pixi adds an empty one)
    lines += [f"{'default' if i == 0 else name} = {json.dumps([name])}" for i, name in enumerate(envs)]
    (root / "pixi.toml").write_text("\n".join(lines) + "\n" + extra)
    return root


LOCKDERIVED_ENVS = {
    "cpu": ["pytorch-cpu"],
    "sci": ["python 3.11.*", "numpy", "pandas", "scipy", "matplotlib"],
    "py313": ["python 3.13.*", "numpy", "pandas"],
    "py310": ["python 3.10.*", "numpy", "scipy"],
}
LOCKDERIVED_PLATFORMS = ["linux-64", "osx-arm64", "win-64"]


def planned_solves(root: Path, cache: Path) -> Path:
    """The conda solves `pyxi lock` performs for this workspace (from pyxi's own planner), as
    a bench/raw.py request file: the baseline solves exactly the same requests."""
    from pyxi.freshness.fresh import check_lock
    from pyxi.sync.lock import load_workspace
    from pyxi.sync.lock_update import plan_solves, solve_request

    workspace = load_workspace(str(root / "pixi.toml"))
    solves = plan_solves(workspace, set(check_lock(workspace, None).outdated()))
    requests = [solve_request(solve, None) for solve in solves]
    data = {"cache_dir": str(cache / "repodata"), "solves": [
        {"channels": r.channels, "specs": r.specs, "subdir": r.subdir, "channel_priority": r.channel_priority,
         "virtual_packages": [[vp.name, vp.version, vp.build] for vp in r.virtual_packages]} for r in requests]}
    path = root / "raw-solves.json"
    path.write_text(json.dumps(data, indent=1))
    return path


def raw_solve_stats(spec: Path, sequential: bool = False) -> dict:  # type: ignore[type-arg]
    args = [PYTHON, RAW, "solve", str(spec)] + (["--sequential"] if sequential else [])
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


# --- rows ----------------------------------------------------------------------------------


def startup_rows(example: Path, env: dict[str, str], repeats: int) -> list[Row]:
    run = command([PYXI, "install", "-e", "cpu"], example, env)
    run()  # lock + install + stamp + marker
    command([PYXI, "run", "-e", "cpu", "true"], example, env)()  # activation cache
    bare = Case("python -c pass", command([PYTHON, "-c", "pass"], example, env))
    quick_run = Case("pyxi run", command([PYXI, "run", "-e", "cpu", "true"], example, env))
    noop = Case("pyxi install (no-op)", command([PYXI, "install", "-e", "cpu"], example, env))
    interleave([bare, quick_run, noop], repeats * 3, warmup=2)
    return [
        row("run", "`pyxi run -e cpu true`, up-to-date example", "`python -c pass`", 3.0, quick_run, bare),
        row("noop-install", "no-op `pyxi install -e cpu`, example", "`python -c pass`", 4.0, noop, bare),
    ]


def cold_install_row(example: Path, env: dict[str, str], cache: Path, repeats: int) -> Row:
    from pyxi.conda.host import host_subdir

    prefix = example / ".pixi" / "envs" / "cpu"
    raw_prefix = example / "raw-prefix"

    def fresh() -> None:
        shutil.rmtree(prefix, ignore_errors=True)
        shutil.rmtree(raw_prefix, ignore_errors=True)

    mine = Case("pyxi install", command([PYXI, "install", "-e", "cpu"], example, env), fresh)
    base = Case("rattler.install", command(
        [PYTHON, RAW, "install", str(example / "pixi.lock"), "cpu", host_subdir(), str(raw_prefix), str(cache / "pkgs")],
        example, env), fresh)
    interleave([mine, base], repeats)
    return row("install-cold", "cold `pyxi install -e cpu` (new prefix, warm package cache), example",
               "raw `rattler.install` of the same records", 1.2, mine, base)


def lock_row(key: str, what: str, root: Path, env: dict[str, str], cache: Path, repeats: int) -> Row:
    spec = planned_solves(root, cache)
    lock = root / "pixi.lock"
    mine = Case("pyxi lock", command([PYXI, "lock"], root, env), lambda: lock.unlink(missing_ok=True))
    base = Case("rattler.solve", command([PYTHON, RAW, "solve", str(spec)], root, env))
    interleave([mine, base], repeats)
    solves = len(json.loads(spec.read_text())["solves"])
    return row(key, what, f"raw `rattler.solve` ×{solves}, one process, asyncio.gather", 1.2, mine, base)


def pypi_row(work: Path, example: Path, env: dict[str, str], cache: Path, repeats: int) -> Row:
    """The PyPI half of `pyxi lock` (pyxi's `resolve_pypi_for`, in this process, after the conda
    solve) against `uv pip compile` of the same requirements, same index, same uv cache."""
    from pyxi.lockfile.model import CondaPackage
    from pyxi.lockfile.read import read_lock
    from pyxi.pypi.tags import PythonTarget
    from pyxi.pypi.uv import find_uv
    from pyxi.sync.lock import load_workspace
    from pyxi.sync.pypi_step import resolve_pypi_for
    from pyxi.testing.pytorch_pypi import build_pytorch_pypi_world

    index = build_pytorch_pypi_world(work / "pypi-world")["pypi"].as_uri()
    root = work / "pypi-ws"
    root.mkdir()
    shutil.copytree(example / "channel", root / "channel")
    requirements = ["numpy>=2", "sympy", "filelock", "typing-extensions", "colorama"]
    (root / "pixi.toml").write_text(
        '[workspace]\nname = "bench-pypi"\nchannels = ["./channel"]\nplatforms = ["linux-64"]\n\n'
        '[dependencies]\npython = "*"\n\n[pypi-dependencies]\n'
        + "".join(f'{r.split(">")[0]} = "{r[len(r.split(">")[0]):] or "*"}"\n' for r in requirements)
        + f'\n[pypi-options]\nindex-url = "{index}"\n')
    command([PYXI, "lock"], root, env)()
    os.environ["PIXI_CACHE_DIR"] = str(cache)
    workspace = load_workspace(str(root / "pixi.toml"))
    lock = read_lock(root / "pixi.lock")
    ws_env = workspace.environments["default"]
    platform = ws_env.platform("linux-64")
    records = [p for p in lock.packages_for("default", "linux-64") if isinstance(p, CondaPackage)]
    python = next(r for r in records if r.name == "python")
    target = PythonTarget("linux-64", python.version, "2.28", None, False)
    (root / "requirements.in").write_text("\n".join(requirements) + "\n")
    uv_env = dict(env, UV_CACHE_DIR=str(cache / "uv"), UV_NO_CONFIG="1", UV_PYTHON_DOWNLOADS="never")
    uv_args = [str(find_uv()), "pip", "compile", "requirements.in", "--quiet", "--no-header", "--python", PYTHON,
               "--python-version", target.uv_python_version, "--python-platform", target.python_platform,
               "--default-index", index, "-o", "requirements.txt"]
    mine = Case("pyxi PyPI resolve", lambda: resolve_pypi_for(ws_env, platform, records, None, cache))
    base = Case("uv pip compile", command(uv_args, root, uv_env))
    interleave([mine, base], repeats, warmup=2)
    return row("lock-pypi", f"PyPI part of `pyxi lock` ({len(requirements)} requirements, linux-64)",
               "`uv pip compile`, same requirements and index", 1.3, mine, base)


# --- curves --------------------------------------------------------------------------------


def synthetic_curves(work: Path, env: dict[str, str], cache: Path, repeats: int, quick: bool) -> dict:  # type: ignore[type-arg]
    from synth import top_level, write_channel

    curves: dict[str, list[dict]] = {"size": [], "solves": []}
    sizes = [5_000, 20_000] if quick else [5_000, 10_000, 20_000, 40_000]
    for size in sizes:
        channel = write_channel(work / f"synth-{size}", size, ("linux-64",))
        root = write_workspace(work / f"synth-size-{size}", channel.as_uri(), ["linux-64"],
                               {f"e{i}": top_level(i) for i in range(2)})
        r = lock_row(f"size-{size}", "", root, env, cache, repeats)
        curves["size"].append({"records_per_subdir": size, "pyxi_ms": r.pyxi_ms, "raw_ms": r.base_ms, "ratio": r.ratio})
    channel = write_channel(work / "synth-solves", 20_000, ("linux-64", "osx-arm64", "win-64"))
    shapes = [(1, 1), (2, 1), (4, 1), (4, 3)] if quick else [(1, 1), (2, 1), (4, 1), (2, 3), (4, 3), (8, 3)]
    for n_envs, n_platforms in shapes:
        root = write_workspace(work / f"synth-{n_envs}x{n_platforms}", channel.as_uri(),
                               ["linux-64", "osx-arm64", "win-64"][:n_platforms],
                               {f"e{i}": top_level(i) for i in range(n_envs)})
        r = lock_row(f"{n_envs}x{n_platforms}", "", root, env, cache, repeats)
        spec = root / "raw-solves.json"
        gathered = [raw_solve_stats(spec) for _ in range(max(repeats // 2, 2))]
        serial = [raw_solve_stats(spec, sequential=True) for _ in range(max(repeats // 2, 2))]
        curves["solves"].append({
            "envs": n_envs, "platforms": n_platforms, "solves": n_envs * n_platforms,
            "pyxi_ms": r.pyxi_ms, "raw_ms": r.base_ms, "ratio": r.ratio,
            "raw_inproc_gather_ms": statistics.median(g["wall_ms"] for g in gathered),
            "raw_inproc_sequential_ms": statistics.median(s["wall_ms"] for s in serial),
            "raw_inproc_gather_cpu_ms": statistics.median(g["cpu_ms"] for g in gathered),
        })
    return curves


def _slope(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares line y = a + b·x → (a, b)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    b = sum((x - mx) * (y - my) for x, y in points) / (sum((x - mx) ** 2 for x in xs) or 1)
    return my - b * mx, b


# --- main ----------------------------------------------------------------------------------


def print_table(rows: list[Row], skipped: list[str]) -> None:
    print(f"\n{'row':<16} {'pyxi ms':>9} {'base ms':>9} {'ratio':>7} {'target':>7}  ok   what / baseline")
    for r in rows:
        target = f"≤{r.target:g}×" if r.target else "-"
        ok = {True: "yes", False: "NO", None: "-"}[r.ok]
        print(f"{r.key:<16} {r.pyxi_ms:9.1f} {r.base_ms:9.1f} {r.ratio:6.2f}× {target:>7}  {ok:<4} {r.what} / {r.baseline}")
    for line in skipped:
        print(f"{'(skipped)':<16} {line}")


def print_curves(curves: dict) -> None:  # type: ignore[type-arg]
    if curves.get("size"):
        print("\nlock time vs repodata size (synthetic, 2 envs × linux-64):")
        print(f"  {'records/subdir':>14} {'pyxi ms':>9} {'raw ms':>9} {'ratio':>7}")
        for p in curves["size"]:
            print(f"  {p['records_per_subdir']:>14} {p['pyxi_ms']:9.1f} {p['raw_ms']:9.1f} {p['ratio']:6.2f}×")
    if curves.get("solves"):
        print("\nlock time vs environments × platforms (synthetic, 20k records/subdir):")
        print(f"  {'envs×plat':>9} {'solves':>6} {'pyxi ms':>9} {'raw ms':>9} {'ratio':>7}"
              f" {'raw in-proc gather':>19} {'sequential':>11} {'speed-up':>9}")
        for p in curves["solves"]:
            print(f"  {p['envs']:>5}×{p['platforms']:<3} {p['solves']:>6} {p['pyxi_ms']:9.1f} {p['raw_ms']:9.1f}"
                  f" {p['ratio']:6.2f}× {p['raw_inproc_gather_ms']:19.1f} {p['raw_inproc_sequential_ms']:11.1f}"
                  f" {p['raw_inproc_sequential_ms'] / p['raw_inproc_gather_ms']:8.2f}×")
        a, b = _slope([(p["solves"], p["pyxi_ms"]) for p in curves["solves"]])
        ra, rb = _slope([(p["solves"], p["raw_ms"]) for p in curves["solves"]])
        print(f"  linear fit: pyxi {a:.0f} ms + {b:.1f} ms/solve; raw {ra:.0f} ms + {rb:.1f} ms/solve "
              f"({os.cpu_count()} cores: gather runs solves on rattler's thread pool)")


ROWS = ("run", "noop-install", "install-cold", "lock-example", "lock-4x3", "lock-pypi", "curves")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats and shorter curves")
    parser.add_argument("--repeats", type=int, help="repeats per row (default 9, --quick 3)")
    parser.add_argument("--only", help=f"comma-separated rows: {', '.join(ROWS)}")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 9)
    wanted = set(args.only.split(",")) if args.only else set(ROWS)
    work = Path(tempfile.mkdtemp(prefix="pyxi-bench-"))
    cache = work / "cache"
    env = base_env(cache)
    for folder in {Path(__import__("pyxi").__file__).parent, BENCH}:  # bytecode, as an installed pyxi has
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(folder)], check=True, env=env)
    rows: list[Row] = []
    skipped: list[str] = []
    curves: dict = {}  # type: ignore[type-arg]
    started = time.perf_counter()
    try:
        example = example_workspace(work)
        if wanted & {"run", "noop-install"}:
            rows += startup_rows(example, env, repeats)
        if "install-cold" in wanted:
            rows.append(cold_install_row(example, env, cache, repeats))
        if "lock-example" in wanted:
            rows.append(lock_row("lock-example", "`pyxi lock` of the example (3 envs × 2 platforms, tiny channel)",
                                 example, env, cache, repeats))
        if "lock-4x3" in wanted:
            if (LOCKDERIVED / "linux-64" / "repodata.json").is_file():
                root = write_workspace(work / "lockderived", LOCKDERIVED.as_uri(), LOCKDERIVED_PLATFORMS, LOCKDERIVED_ENVS)
                rows.append(lock_row("lock-4x3", "`pyxi lock`, 4 envs × 3 platforms, real conda-forge records",
                                     root, env, cache, repeats))
            else:
                skipped.append(f"lock-4x3: no repodata at {LOCKDERIVED} (set PYXI_BENCH_REPODATA)")
        if "lock-pypi" in wanted:
            rows.append(pypi_row(work, example, env, cache, repeats))
        if "curves" in wanted:
            curves = synthetic_curves(work, env, cache, max(repeats // 2, 2) if args.quick else max(repeats // 3, 3), args.quick)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"scratch kept: {work}")
    print_table(rows, skipped)
    print_curves(curves)
    out = BENCH / "results" / f"{_dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "when": _dt.datetime.now().isoformat(timespec="seconds"), "repeats": repeats, "quick": args.quick,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": _platform.platform(),
                    "load_avg_after": os.getloadavg()},
        "rows": [dict(asdict(r), ratio=r.ratio, ok=r.ok) for r in rows], "skipped": skipped, "curves": curves,
        "seconds": time.perf_counter() - started}, indent=1))
    print(f"\n{out.relative_to(REPO)}  ({time.perf_counter() - started:.0f} s, load avg {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
