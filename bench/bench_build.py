"""End-to-end build benchmark on a synthetic CEADs-shaped MRIO, by stage.

    .venv/bin/python bench/bench_build.py [--cities 313 --sectors 42 --years 3]

Runs, in one process tree and one run: a baseline build of a small dataset (``--baseline``
cities, same sectors and years), then the full one. For each it prints wall time per stage
(ingest, then dbt's staging, validation, assembly, matrix steps, indicators, network, marts and
knowledge, and data tests, summed from dbt's run_results.json) and the peak resident memory of
the build process, and the ratio of the full run to the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def _peak_child_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _stage(node: dict) -> str:
    if node["unique_id"].startswith(("test.", "unit_test.")):
        return "data tests"
    if node["unique_id"].startswith("seed."):
        return "seeds"
    path = node.get("original_file_path", "")
    return next((name for name, prefix in STAGES if path.startswith(prefix)), "other")


def run(cities: int, sectors: int, years: int) -> dict[str, float]:
    """Synthesise, ingest and build in a fresh home; return seconds per stage and peak MB."""
    home = Path(tempfile.mkdtemp(prefix=f"nqpf-bench-{cities}-"))
    env = {**os.environ, "NQPF_HOME": str(home)}
    nqpf = [sys.executable, "-m", "nqpf.cli"]
    out: dict[str, float] = {}
    started = time.perf_counter()
    subprocess.run([*nqpf, "synth", "--cities", str(cities), "--sectors", str(sectors),
                    "--years", str(years)], env=env, check=True, stderr=subprocess.DEVNULL)
    out["ingest (synth + write)"] = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([*nqpf, "build"], env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    out["build (wall)"] = time.perf_counter() - started
    # the largest child so far: the baseline runs first, so for the full run this is its own
    out["peak MB"] = _peak_child_mb()
    for name, seconds in stage_seconds(home).most_common():
        out[f"  {name}"] = seconds
    return out


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=313)
    ap.add_argument("--sectors", type=int, default=42)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--baseline", type=int, default=10, help="cities of the baseline run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    base = run(args.baseline, args.sectors, args.years)
    full = run(args.cities, args.sectors, args.years)
    if args.json:
        print(json.dumps({"baseline": base, "full": full}, indent=2))
        return
    print(f"{'stage':<26}{args.baseline:>8} cities{args.cities:>9} cities{'ratio':>9}")
    for key in full:
        b = base.get(key, 0.0)
        ratio = f"{full[key] / b:8.1f}x" if b else "       -"
        unit = "MB" if "MB" in key else "s"
        print(f"{key:<26}{b:>12.1f}{unit:<2}{full[key]:>11.1f}{unit:<2}{ratio}")


if __name__ == "__main__":
    main()
