"""What the provincial MRIO adds to the shipped build: the shipped data ingested and built
without ``cn_provinces_mrio`` (the baseline) and with it, in one run, by stage.

    .venv/bin/python bench/bench_shipped_mrio.py

Each build runs in a fresh warehouse home; prints seconds per stage for both and the ratio.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import print_ratios, stage_seconds

from nqpf.ingest import DERIVED, SHIPPED


def run(names: list[str]) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="nqpf-bench-shipped-"))
    env = {**os.environ, "NQPF_HOME": str(home)}
    nqpf = [sys.executable, "-m", "nqpf.cli"]
    out = {}
    for step, argv in (("ingest", ["ingest", "--shipped", "--only", *names]),
                       ("build (wall)", ["build"])):
        started = time.perf_counter()
        subprocess.run([*nqpf, *argv], env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        out[step] = time.perf_counter() - started
    for name, seconds in stage_seconds(home).most_common():
        out[f"  {name}"] = seconds
    return out


def main() -> None:
    base = run(list(SHIPPED))
    full = run([*SHIPPED, *DERIVED])
    print_ratios(base, full, ("without (s)", "with MRIO (s)"), width=26)


if __name__ == "__main__":
    main()
