"""End-to-end build benchmark on a synthetic CEADs-shaped city MRIO, by stage.

    .venv/bin/python bench/bench_build.py                 # sparse: 313 cities x 42 x 3 years
    .venv/bin/python bench/bench_build.py --dense         # dense gravity MRIO, as CEADs .mat files
    .venv/bin/python bench/bench_build.py --dense --cities 100 --baseline 10
    .venv/bin/python bench/bench_build.py --dense --years 1 --no-build   # full-size .mat read

Runs, in one run: a baseline of a small dataset (``--baseline`` cities, same sectors and
years), then the full one. Each stage is its own process, measured on its own (wall time and
peak resident memory from ``wait4``): sparse mode synthesises and writes canonical Parquet,
then builds; dense mode writes the CEADs ``.mat`` files (``nqpf synth --dense --files``),
ingests them with the CEADs adapter (``nqpf ingest --format ceads``) and builds. dbt's time
per model group (staging, validation, ..., data tests) is summed from run_results.json. As a
yardstick for the same flows, DuckDB alone then writes the canonical flows into a database
file and sums them per using region-sector and year, in its own process with DuckDB's
default settings; the ingest and build are given as a multiple of that. It prints both runs and
the ratio of the full run to the baseline, with the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

STAGES = [
    ("staging", "models/staging/"),
    ("validation", "models/intermediate/validation/"),
    ("assembly", "models/intermediate/assembly/"),
    ("matrix steps", "models/intermediate/matrix/"),
    ("indicators", "models/intermediate/indicators/"),
    ("network", "models/intermediate/network/"),
    ("other intermediate", "models/intermediate/"),
    ("marts", "models/marts/"),
]
NQPF = [sys.executable, "-m", "nqpf.cli"]


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run one process; its wall seconds and its own peak RSS in MiB."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr_lines = []
    assert proc.stderr is not None
    for line in proc.stderr:  # drained while it runs (a full pipe would block the child)
        stderr_lines.append(line.decode(errors="replace"))
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.stderr.write("".join(stderr_lines[-30:]))
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(args)}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def duckdb_reference(flows: Path) -> None:
    """DuckDB's own work on the flows, for scale: write them into a database file, then group
    them by using region-sector and year (run as its own process by :func:`run`)."""
    import duckdb

    with tempfile.TemporaryDirectory() as tmp, duckdb.connect(f"{tmp}/flows.duckdb") as con:
        con.execute("create table flows as select * from read_parquet(?)", [str(flows)])
        con.execute("checkpoint")
        con.execute("create table inputs as select year, to_region, to_sector, sum(value) "
                    "from flows group by all")


def _stage(node: dict) -> str:
    if node["unique_id"].startswith(("test.", "unit_test.")):
        return "data tests"
    if node["unique_id"].startswith("seed."):
        return "seeds"
    path = node.get("original_file_path", "")
    return next((name for name, prefix in STAGES if path.startswith(prefix)), "other")


def stage_seconds(home: Path) -> Counter[str]:
    """Seconds per stage of the last dbt build in ``home`` (from its run_results.json)."""
    results = json.loads((home / "dbt_target" / "run_results.json").read_text())
    manifest = json.loads((home / "dbt_target" / "manifest.json").read_text())
    nodes = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    by_stage: Counter[str] = Counter()
    for r in results["results"]:
        node = nodes.get(r["unique_id"], {"unique_id": r["unique_id"]})
        by_stage[_stage(node)] += r["execution_time"]
    return by_stage


def _dbt_stages(home: Path) -> dict[str, float]:
    return {f"  {name} (s)": seconds for name, seconds in stage_seconds(home).most_common()}


def run(cities: int, sectors: int, years: int, dense: bool,
        build: bool = True) -> dict[str, float]:
    """Every stage in a fresh home; seconds and peak MiB per stage."""
    home = Path(tempfile.mkdtemp(prefix=f"nqpf-bench-{cities}-"))
    env = {**os.environ, "NQPF_HOME": str(home)}
    out: dict[str, float] = {}
    if dense:
        files = home / "raw"
        stages = [
            ("synth: write .mat files", [*NQPF, "synth", "--dense", "--cities", str(cities),
                                         "--years", str(years), "--files", str(files)]),
            ("ingest (CEADs adapter)", [*NQPF, "ingest", str(files), "--format", "ceads",
                                        "--regions", str(files / "cities.csv"),
                                        "--hourly-wage", str(files / "wages.csv"),
                                        "--scheme", "nbs2017_42", "--name", "dense"]),
        ]
    else:
        stages = [("synth + write canonical", [*NQPF, "synth", "--cities", str(cities),
                                               "--sectors", str(sectors), "--years",
                                               str(years)])]
    if build:
        stages.append(("build", [*NQPF, "build"]))
    for name, args in stages:
        print(f"  {cities} cities: {name} ...", file=sys.stderr, flush=True)
        seconds, peak = measure(args, env)
        out[f"{name} (s)"], out[f"{name} peak (MiB)"] = seconds, peak
    flows = home / "canonical" / ("dense" if dense else "synthetic") / "flows.parquet"
    if dense and build:
        out["ingest + build (s)"] = out["ingest (CEADs adapter) (s)"] + out["build (s)"]
        print(f"  {cities} cities: DuckDB alone writes and groups the flows ...",
              file=sys.stderr, flush=True)
        seconds, peak = measure([sys.executable, __file__, "--duckdb-reference", str(flows)],
                                env)
        out["DuckDB alone: write + group (s)"] = seconds
        out["DuckDB alone peak (MiB)"] = peak
        out["ingest + build / DuckDB alone"] = out["ingest + build (s)"] / seconds
    import pyarrow.parquet as pq

    out["flows (rows)"] = pq.ParquetFile(flows).metadata.num_rows
    if build:
        out.update(_dbt_stages(home))
    return out


def print_ratios(base: dict[str, float], full: dict[str, float], columns: tuple[str, str],
                 width: int = 40) -> None:
    """One line per measure of ``full``: the baseline's value, its own and their ratio."""
    print(f"{'stage':<{width}}{columns[0]:>17}{columns[1]:>17}{'ratio':>9}")
    for key, value in full.items():
        b = base.get(key, 0.0)
        ratio = f"{value / b:8.1f}x" if b else "       -"
        print(f"{key:<{width}}{b:>17,.1f}{value:>17,.1f}{ratio}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=313)
    ap.add_argument("--sectors", type=int, default=42, help="sparse mode (dense: always 42)")
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--baseline", type=int, default=10, help="cities of the baseline run")
    ap.add_argument("--dense", action="store_true", help="dense gravity MRIO via CEADs files")
    ap.add_argument("--no-build", action="store_true",
                    help="stop after ingest (e.g. time reading full-size .mat files alone)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--duckdb-reference", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.duckdb_reference:
        duckdb_reference(args.duckdb_reference)
        return
    load = os.getloadavg()
    base = run(args.baseline, args.sectors, args.years, args.dense, not args.no_build)
    full = run(args.cities, args.sectors, args.years, args.dense, not args.no_build)
    load_end = os.getloadavg()
    if args.json:
        print(json.dumps({"baseline": base, "full": full, "load": [load, load_end]}, indent=2))
        return
    mode = "dense" if args.dense else "sparse"
    print(f"{mode}, {args.years} years; load average (1/5/15 min) at start "
          f"{'/'.join(f'{v:.1f}' for v in load)}, at end {'/'.join(f'{v:.1f}' for v in load_end)}"
          f" on {os.cpu_count()} cores")
    print_ratios(base, full, (f"{args.baseline} cities", f"{args.cities} cities"))


if __name__ == "__main__":
    main()
