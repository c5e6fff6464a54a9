"""Incremental builds: rebuilding one changed dataset in a warehouse that holds a large one.

    .venv/bin/python bench/bench_incremental.py                # 313 cities x 3 years
    .venv/bin/python bench/bench_incremental.py --cities 30    # a quick run

In one run, each step its own process (wall time and peak resident memory from ``wait4``):

1. a warehouse of the sparse synthetic city MRIO (``nqpf synth``) and the national tables
   (``cn_national``): a full build;
2. re-ingest the national tables unchanged, build (nothing changed: the build says so);
3. the national tables alone: ingest, then build into an empty warehouse;
4. right after it, re-ingest the national tables into the warehouse of step 1 and change their
   metadata (a note), build: only they are rebuilt and merged into the warehouse;
5. ``nqpf build --full`` on the same files, whose marts must equal step 4's bit for bit.

Steps 3 and 4 run back to back, so that the machine's load moves as little as it can between
the two. Prints the steps, the ratio of step 4 (ingest + build) to building the national
tables alone (target: at most 1.25), whether the marts of steps 4 and 5 are equal, and the
machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from bench_build import NQPF, measure

NATIONAL = "cn_national"


def _checksums(home: Path) -> dict[str, str]:
    import duckdb

    with duckdb.connect(str(home / "nqpf.duckdb"), read_only=True) as con:
        return json.loads(con.execute("select checksums from build_info").fetchone()[0])


def _change_metadata(home: Path) -> None:
    path = home / "canonical" / NATIONAL / "metadata.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["notes"] = [*meta.get("notes", []), "Re-ingested for the incremental benchmark."]
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=313)
    ap.add_argument("--years", type=int, default=3)
    args = ap.parse_args()
    alone = Path(tempfile.mkdtemp(prefix="nqpf-bench-national-"))
    both = Path(tempfile.mkdtemp(prefix="nqpf-bench-incremental-"))
    ingest = [*NQPF, "ingest", "--shipped", "--only", NATIONAL]
    load = os.getloadavg()
    rows: list[tuple[str, float, float]] = []

    def step(name: str, home: Path, command: list[str]) -> float:
        print(f"  {name} ...", flush=True)
        seconds, peak = measure(command, {**os.environ, "NQPF_HOME": str(home)})
        rows.append((name, seconds, peak))
        return seconds

    step(f"synth {args.cities} cities x {args.years} years", both,
         [*NQPF, "synth", "--cities", str(args.cities), "--years", str(args.years)])
    step("with the MRIO: ingest national", both, ingest)
    step("with the MRIO: full build", both, [*NQPF, "build"])
    step("re-ingest national unchanged", both, ingest)
    step("build (up to date)", both, [*NQPF, "build"])
    step("national alone: ingest", alone, ingest)
    national = step("national alone: build into an empty warehouse", alone, [*NQPF, "build"])
    changed = step("re-ingest national, metadata changed", both, ingest)
    _change_metadata(both)
    changed += step("build (national rebuilt, merged)", both, [*NQPF, "build"])
    incremental = _checksums(both)
    step("nqpf build --full", both, [*NQPF, "build", "--full"])
    equal = incremental == _checksums(both)
    load_end = os.getloadavg()
    print(f"\nload average (1/5/15 min) at start {'/'.join(f'{v:.1f}' for v in load)}, at end "
          f"{'/'.join(f'{v:.1f}' for v in load_end)} on {os.cpu_count()} cores")
    print(f"{'step':<48}{'seconds':>10}{'peak MiB':>10}")
    for name, seconds, peak in rows:
        print(f"{name:<48}{seconds:>10.1f}{peak:>10,.0f}")
    print(f"\nchanged national tables, ingest + build: {changed:.1f} s = "
          f"{changed / national:.2f}x building them alone ({national:.1f} s; target <= 1.25x)")
    print(f"marts of the incremental build equal the full build's, bit for bit: {equal}")


if __name__ == "__main__":
    main()
