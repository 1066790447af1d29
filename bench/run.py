"""pyxi's speed, side by side with what it is built on, in the same run on the same machine.

    python bench/run.py                        # every row, 9 repeats (medians)
    python bench/run.py --quick                # 3 repeats, smaller curves
    python bench/run.py --only run,noop-install,lock-24
    python bench/run.py --repodata DIR         # the shared real repodata (else $PYXI_BENCH_REPODATA)

Each row times pyxi and its baseline alternately (interleaved, order rotated every repeat) and
reports the medians and their ratio against the target of issue 20. Results also go to
bench/results/<timestamp>.json. Workloads (bench/workloads.py):

- `example`: examples/pytorch-cuda (its channel is built into a scratch folder);
- `lockderived`: 1, 12 and 24 solves (1×1, 4×3 and 8×3 environments × platforms) on real
  conda-forge records (`conda-forge-lockderived` of the shared repodata; rows are skipped, with
  a message, when it is not found);
- `install`: a local channel of 200 real packages; environments of 10, 50 and 200 of them,
  installed into a new prefix from a warm and from a cold (empty) package cache;
- `pypi`: PyPI requirements on a local index for 3 platforms;
- `synthetic`: generated channels of 5k–40k records per subdir (bench/synth.py), for the curves
  of lock time against repodata size and against environments × platforms.

The baselines are the engines alone: `python -c pass`; raw `rattler.solve` of exactly the
requests pyxi plans (bench/raw.py, one process, one Gateway, asyncio.gather); reading the lock
with rattler (`rattler.LockFile.from_path`); raw `rattler.install` of the same records; the very
`uv pip compile` runs pyxi makes, replayed all at once.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform as _platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(BENCH))

from timing import Case, Row, command, interleave, row, slope
from workloads import (
    INSTALL_SIZES,
    LOCKDERIVED_PLATFORMS,
    install_workspace,
    lockderived_workspace,
    pypi_workspace,
    repodata_dir,
    write_workspace,
)

PYTHON = sys.executable
PYXI = shutil.which("pyxi", path=str(Path(PYTHON).parent)) or "pyxi"
RAW = str(BENCH / "raw.py")
NOOP_LOCK_LIMIT_MS = 150.0


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
        row("run", "`pyxi run -e cpu true`, up-to-date example", "`python -c pass`", 2.0, quick_run, bare),
        row("noop-install", "no-op `pyxi install -e cpu`, example", "`python -c pass`", 2.0, noop, bare),
    ]


def install_row(key: str, what: str, root: Path, env_name: str, env: dict[str, str], cache: Path,
                repeats: int, cold: bool) -> Row:
    """`pyxi install -e ENV` into a new prefix against raw `rattler.install` of the same lock
    records; `cold`: the package cache is emptied before every run of either side."""
    from pyxi.conda.host import host_subdir

    prefix = root / ".pixi" / "envs" / env_name
    raw_prefix = root / "raw-prefix"
    pkgs = cache / "pkgs"

    def fresh() -> None:
        shutil.rmtree(prefix, ignore_errors=True)
        shutil.rmtree(raw_prefix, ignore_errors=True)
        if cold:
            shutil.rmtree(pkgs, ignore_errors=True)

    mine = Case("pyxi install", command([PYXI, "install", "-e", env_name], root, env), fresh)
    base = Case("rattler.install", command(
        [PYTHON, RAW, "install", str(root / "pixi.lock"), env_name, host_subdir(), str(raw_prefix), str(pkgs)],
        root, env), fresh)
    interleave([mine, base], repeats)
    return row(key, what, "raw `rattler.install` of the same records", 1.3, mine, base)


def install_rows(work: Path, env: dict[str, str], cache: Path, repeats: int) -> list[Row]:
    from pyxi.conda.host import host_subdir

    root = install_workspace(work / "install", host_subdir())
    command([PYXI, "lock"], root, env)()
    rows = []
    for cold in (False, True):
        for size in INSTALL_SIZES:
            state = "cold" if cold else "warm"
            rows.append(install_row(f"install-{state}-{size}",
                                    f"`pyxi install` of {size} packages, new prefix, {state} package cache",
                                    root, f"n{size}", env, cache, repeats, cold))
    return rows


def example_install_row(example: Path, env: dict[str, str], cache: Path, repeats: int) -> Row:
    return install_row("install-example", "`pyxi install -e cpu` (new prefix, warm package cache), example",
                       example, "cpu", env, cache, repeats, cold=False)


def lock_row(key: str, what: str, root: Path, env: dict[str, str], cache: Path, repeats: int) -> Row:
    spec = planned_solves(root, cache)
    lock = root / "pixi.lock"
    mine = Case("pyxi lock", command([PYXI, "lock"], root, env), lambda: lock.unlink(missing_ok=True))
    base = Case("rattler.solve", command([PYTHON, RAW, "solve", str(spec)], root, env))
    interleave([mine, base], repeats)
    solves = len(json.loads(spec.read_text())["solves"])
    return row(key, what, f"raw `rattler.solve` ×{solves}, one process, asyncio.gather", 1.2, mine, base)


def noop_lock_rows(root: Path, env: dict[str, str], repeats: int) -> list[Row]:
    """`pyxi lock` with nothing to do, with and without the marker that vouches for the lock
    (`.pixi/pyxi-verified.json`: without it, e.g. just after a `git pull` that changed the
    lock, the full check runs)."""
    command([PYXI, "lock"], root, env)()
    marker = root / ".pixi" / "pyxi-verified.json"
    baseline = Case("python + rattler read", command(
        [PYTHON, "-c", "import rattler; rattler.LockFile.from_path('pixi.lock')"], root, env))
    quick = Case("pyxi lock (no-op)", command([PYXI, "lock"], root, env))
    full = Case("pyxi lock (no-op, no marker)", command([PYXI, "lock"], root, env),
                lambda: marker.unlink(missing_ok=True))
    interleave([baseline, quick, full], repeats)
    what = "no-op `pyxi lock`, 24 solves"
    base = "`python -c 'import rattler; LockFile.from_path(lock)'`"
    return [row("noop-lock-24", what, base, 1.5, quick, baseline, limit_ms=NOOP_LOCK_LIMIT_MS),
            row("noop-lock-24-full", what + ", full check (no marker)", base, 1.5, full, baseline,
                limit_ms=NOOP_LOCK_LIMIT_MS)]


def lockderived_rows(channel: Path, work: Path, env: dict[str, str], cache: Path, repeats: int,
                     wanted: set[str]) -> list[Row]:
    rows: list[Row] = []
    shapes = {"lock-1": (1, ["linux-64"]), "lock-12": (4, LOCKDERIVED_PLATFORMS),
              "lock-24": (8, LOCKDERIVED_PLATFORMS)}
    roots = {}
    for key, (n_envs, platforms) in shapes.items():
        if key in wanted or (key != "lock-12" and wanted & {"per-solve", "noop-lock"}):
            roots[key] = lockderived_workspace(work / key, channel, n_envs, platforms)
            solves = n_envs * len(platforms)
            rows.append(lock_row(key, f"`pyxi lock`, {solves} solves ({n_envs} envs × {len(platforms)} "
                                      "platforms), real conda-forge records", roots[key], env, cache, repeats))
    by_key = {r.key: r for r in rows}
    if "per-solve" in wanted and {"lock-1", "lock-24"} <= set(by_key):
        one, many = by_key["lock-1"], by_key["lock-24"]
        rows.append(Row("per-solve", "per extra solve: (24 solves − 1 solve) / 23",
                        "the same for raw `rattler.solve`", 1.1,
                        (many.pyxi_ms - one.pyxi_ms) / 23, (many.base_ms - one.base_ms) / 23))
    if "noop-lock" in wanted and "lock-24" in roots:
        rows += noop_lock_rows(roots["lock-24"], env, repeats)
    return [r for r in rows if r.key in wanted or r.key.startswith("noop-lock")]


def pypi_row(work: Path, example: Path, env: dict[str, str], cache: Path, repeats: int) -> Row:
    """The PyPI half of `pyxi lock` (pyxi's own step, in this process, after the conda solve)
    for 3 platforms, against the very `uv pip compile` runs it makes, all started at once."""
    from pypi_replay import record_uv_runs, reset, start_all
    from workloads import PYPI_PLATFORMS

    from pyxi.lockfile.read import read_lock
    from pyxi.progress import Progress
    from pyxi.sync.lock import load_workspace
    from pyxi.testing.pytorch_pypi import build_pytorch_pypi_world

    index = build_pytorch_pypi_world(work / "pypi-world")["pypi"].as_uri()
    root = pypi_workspace(work / "pypi-ws", example / "channel", index)
    command([PYXI, "lock"], root, env)()
    os.environ["PIXI_CACHE_DIR"] = str(cache)
    workspace = load_workspace(str(root / "pixi.toml"))
    lock = read_lock(root / "pixi.lock")
    conda = {(e, p): [r for r in lock.packages_for(e, p) if r.kind == "conda"]
             for e in workspace.environments for p in PYPI_PLATFORMS}

    from pyxi.sync.pypi_step import solve_pypi_all as solve_pypi

    def pyxi_step() -> None:
        solve_pypi(workspace, {key: list(records) for key, records in conda.items()}, None, cache,
                   Progress(False))

    runs = record_uv_runs(pyxi_step, work / "uv-replay")
    mine = Case("pyxi PyPI step", pyxi_step)
    base = Case("uv pip compile ×N, at once", start_all(runs), lambda: reset(runs))
    interleave([mine, base], repeats, warmup=2)
    return row("lock-pypi", f"PyPI part of `pyxi lock` ({len(runs)} resolves: {len(PYPI_PLATFORMS)} platforms)",
               f"the same {len(runs)} `uv pip compile` runs, started at once", 1.1, mine, base)


# --- curves --------------------------------------------------------------------------------


def synthetic_curves(work: Path, env: dict[str, str], cache: Path, repeats: int, quick: bool) -> dict:  # type: ignore[type-arg]
    from synth import top_level, write_channel

    curves: dict[str, list[dict]] = {"size": [], "solves": []}  # type: ignore[type-arg]
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


# --- main ----------------------------------------------------------------------------------


def print_table(rows: list[Row], skipped: list[str]) -> None:
    print(f"\n{'row':<18} {'pyxi ms':>9} {'base ms':>9} {'ratio':>7} {'target':>7}  ok   what / baseline")
    for r in rows:
        target = f"≤{r.target:g}×" if r.target else "-"
        ok = {True: "yes", False: "NO", None: "-"}[r.ok]
        also = f" (or ≤{r.limit_ms:g} ms)" if r.limit_ms else ""
        print(f"{r.key:<18} {r.pyxi_ms:9.1f} {r.base_ms:9.1f} {r.ratio:6.2f}× {target:>7}  {ok:<4} "
              f"{r.what} / {r.baseline}{also}")
    for line in skipped:
        print(f"{'(skipped)':<18} {line}")


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
        a, b = slope([(p["solves"], p["pyxi_ms"]) for p in curves["solves"]])
        ra, rb = slope([(p["solves"], p["raw_ms"]) for p in curves["solves"]])
        print(f"  linear fit: pyxi {a:.0f} ms + {b:.1f} ms/solve; raw {ra:.0f} ms + {rb:.1f} ms/solve "
              f"({os.cpu_count()} cores: gather runs solves on rattler's thread pool)")


ROWS = ("run", "noop-install", "install", "install-example", "lock-example", "lock-1", "lock-12", "lock-24",
        "per-solve", "noop-lock", "lock-pypi", "curves")
LOCKDERIVED_ROWS = {"lock-1", "lock-12", "lock-24", "per-solve", "noop-lock"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats and shorter curves")
    parser.add_argument("--repeats", type=int, help="repeats per row (default 9, --quick 3)")
    parser.add_argument("--only", help=f"comma-separated rows: {', '.join(ROWS)}")
    parser.add_argument("--repodata", help="the shared repodata folder (holding conda-forge-lockderived/); "
                        "default $PYXI_BENCH_REPODATA, else shared/data/repodata next to the repository")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    return parser.parse_args()


def run_rows(args: argparse.Namespace, work: Path, repeats: int) -> tuple[list[Row], list[str], dict]:  # type: ignore[type-arg]
    wanted = set(args.only.split(",")) if args.only else set(ROWS)
    cache = work / "cache"
    env = base_env(cache)
    rows: list[Row] = []
    skipped: list[str] = []
    curves: dict = {}  # type: ignore[type-arg]
    example = example_workspace(work)
    if wanted & {"run", "noop-install"}:
        rows += [r for r in startup_rows(example, env, repeats) if r.key in wanted]
    if "install-example" in wanted:
        rows.append(example_install_row(example, env, cache, repeats))
    if "install" in wanted:
        rows += install_rows(work, env, cache, repeats)
    if "lock-example" in wanted:
        rows.append(lock_row("lock-example", "`pyxi lock` of the example (3 envs × 2 platforms, tiny channel)",
                             example, env, cache, repeats))
    if wanted & LOCKDERIVED_ROWS:
        repodata = repodata_dir(args.repodata, REPO)
        channel = repodata / "conda-forge-lockderived" if repodata else None
        if channel is not None and (channel / "linux-64" / "repodata.json").is_file():
            rows += lockderived_rows(channel, work, env, cache, repeats, wanted)
        else:
            skipped.append(f"{', '.join(sorted(wanted & LOCKDERIVED_ROWS))}: no conda-forge-lockderived channel "
                           f"under {repodata or 'shared/data/repodata'} (pass --repodata DIR or set "
                           "PYXI_BENCH_REPODATA to the folder that holds it)")
    if "lock-pypi" in wanted:
        rows.append(pypi_row(work, example, env, cache, repeats))
    if "curves" in wanted:
        curves = synthetic_curves(work, env, cache, max(repeats // 2, 2) if args.quick else max(repeats // 3, 3),
                                  args.quick)
    return rows, skipped, curves


def main() -> None:
    args = parse_args()
    repeats = args.repeats or (3 if args.quick else 9)
    work = Path(tempfile.mkdtemp(prefix="pyxi-bench-"))
    for folder in {Path(__import__("pyxi").__file__).parent, BENCH}:  # bytecode, as an installed pyxi has
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(folder)], check=True, env=base_env(work / "cache"))
    started = time.perf_counter()
    try:
        rows, skipped, curves = run_rows(args, work, repeats)
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
