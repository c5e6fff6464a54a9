"""The same synthetic build on DuckDB and on local Spark, side by side.

    .venv/bin/python bench/bench_spark.py [--cities 313 --sectors 42 --years 3]

Synthesises one sparse CEADs-shaped MRIO (`nqpf synth`), then builds it twice from the same
canonical files in one run, each build in its own process: `nqpf build` (DuckDB, the baseline)
and `nqpf build --engine spark` (local[2] unless NQPF_SPARK_MASTER says otherwise). Prints the
wall time of each, the ratio Spark / DuckDB, and whether their marts agree to 12 significant
digits.
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


def _build(home: Path, engine: str) -> float:
    """Seconds `nqpf build` takes; its output goes to <home>/build.log, whose end is printed
    if the build fails."""
    started = time.perf_counter()
    log = home / "build.log"
    with log.open("w") as out:
        done = subprocess.run([sys.executable, "-m", "nqpf.cli", "build", "--engine", engine],
                              env={**os.environ, "NQPF_HOME": str(home)}, stdout=out,
                              stderr=subprocess.STDOUT)
    if done.returncode:
        sys.exit(f"the {engine} build failed (exit {done.returncode}); the end of its log:\n"
                 + "\n".join(log.read_text().splitlines()[-40:]))
    return time.perf_counter() - started


def _differences(homes: dict[str, Path]) -> dict[str, str]:
    from nqpf.paths import DATABASE
    from nqpf.warehouse import connect, mart_differences

    with connect(homes["spark"] / DATABASE) as a, connect(homes["duckdb"] / DATABASE) as b:
        return mart_differences(a, b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=313)
    ap.add_argument("--sectors", type=int, default=42)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--canonical", help="build this canonical folder (e.g. an earlier "
                                        "`nqpf synth --out`) instead of synthesising")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="nqpf-bench-spark-"))
    homes = {engine: root / engine for engine in ("duckdb", "spark")}
    try:
        if args.canonical:
            shutil.copytree(args.canonical, homes["duckdb"] / "canonical")
        else:
            print(f"synthesising {args.cities} x {args.sectors} x {args.years} ...", flush=True)
            subprocess.run([sys.executable, "-m", "nqpf.cli", "synth", "--cities",
                            str(args.cities), "--sectors", str(args.sectors), "--years",
                            str(args.years), "--out", str(homes["duckdb"] / "canonical")],
                           check=True, stderr=subprocess.DEVNULL)
        shutil.copytree(homes["duckdb"] / "canonical", homes["spark"] / "canonical")
        seconds = {}
        for engine, home in homes.items():
            print(f"building on {engine} ...", flush=True)
            seconds[engine] = _build(home, engine)
        differing = _differences(homes)
        print(f"\n{'engine':<8} {'build (s)':>10}")
        for engine, value in seconds.items():
            print(f"{engine:<8} {value:>10.1f}")
        print(f"spark / duckdb: {seconds['spark'] / seconds['duckdb']:.1f}x; "
              f"marts equal to 12 significant digits: {not differing}")
        for name, first in differing.items():
            print(f"  {name} differs: {first}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
