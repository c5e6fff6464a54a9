"""The same synthetic build on DuckDB, on local Spark and on a standalone Spark cluster.

    .venv/bin/python bench/bench_spark.py [--cities 313 --sectors 42 --years 3] [--cluster]

Synthesises one sparse CEADs-shaped MRIO (`nqpf synth`), then builds it from the same
canonical files in one run, each build in its own process: `nqpf build` (DuckDB, the
baseline), `nqpf build --engine spark` (local[2] unless NQPF_SPARK_MASTER says otherwise) and,
with --cluster, `nqpf build --engine spark --target cluster` on a cluster of a master, two
one-core workers and a Spark Connect server this script starts on free ports and stops
(`nqpf.spark.cluster`). Prints the wall time of each, its ratio to DuckDB, and whether its
marts agree with DuckDB's to 12 significant digits.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: each build: the `nqpf build` options
BUILDS = {"duckdb": ["--engine", "duckdb"], "spark": ["--engine", "spark"],
          "cluster": ["--engine", "spark", "--target", "cluster"]}


def _build(home: Path, name: str) -> float:
    """Seconds `nqpf build` takes; its output goes to <home>/build.log, whose end is printed
    if the build fails."""
    started = time.perf_counter()
    log = home / "build.log"
    with log.open("w") as out:
        done = subprocess.run([sys.executable, "-m", "nqpf.cli", "build", *BUILDS[name]],
                              env={**os.environ, "NQPF_HOME": str(home)}, stdout=out,
                              stderr=subprocess.STDOUT)
    if done.returncode:
        sys.exit(f"the {name} build failed (exit {done.returncode}); the end of its log:\n"
                 + "\n".join(log.read_text().splitlines()[-40:]))
    return time.perf_counter() - started


def _differences(home: Path, baseline: Path) -> dict[str, str]:
    from nqpf.paths import DATABASE
    from nqpf.warehouse import connect, mart_differences

    with connect(home / DATABASE) as a, connect(baseline / DATABASE) as b:
        return mart_differences(a, b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=313)
    ap.add_argument("--sectors", type=int, default=42)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--canonical", help="build this canonical folder (e.g. an earlier "
                                        "`nqpf synth --out`) instead of synthesising")
    ap.add_argument("--cluster", action="store_true",
                    help="also build on a standalone cluster on this machine")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="nqpf-bench-spark-"))
    names = ["duckdb", "spark", *(["cluster"] if args.cluster else [])]
    homes = {name: root / name for name in names}
    try:
        if args.canonical:
            shutil.copytree(args.canonical, homes["duckdb"] / "canonical")
        else:
            print(f"synthesising {args.cities} x {args.sectors} x {args.years} ...", flush=True)
            subprocess.run([sys.executable, "-m", "nqpf.cli", "synth", "--cities",
                            str(args.cities), "--sectors", str(args.sectors), "--years",
                            str(args.years), "--out", str(homes["duckdb"] / "canonical")],
                           check=True, stderr=subprocess.DEVNULL)
        for name in names[1:]:
            shutil.copytree(homes["duckdb"] / "canonical", homes[name] / "canonical")
        if args.cluster:
            from nqpf.spark.cluster import Settings, start

            start(homes["cluster"], Settings(master_port=0, ui_port=0, connect_port=0))
        seconds = {}
        for name, home in homes.items():
            print(f"building on {name} ...", flush=True)
            seconds[name] = _build(home, name)
        print(f"\n{'build':<8} {'seconds':>8} {'/ duckdb':>9}  marts equal to 12 digits")
        for name, value in seconds.items():
            differing = _differences(homes[name], homes["duckdb"]) if name != "duckdb" else {}
            print(f"{name:<8} {value:>8.1f} {value / seconds['duckdb']:>8.1f}x  "
                  f"{not differing}")
            for mart, first in differing.items():
                print(f"  {mart} differs: {first}")
    finally:
        if args.cluster:
            from nqpf.spark.cluster import stop

            stop(homes["cluster"])
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
