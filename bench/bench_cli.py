"""Benchmark: how long the `nqpf` command takes to answer, as a user runs it.

Each command runs ``--repeat`` times as a fresh process (the interpreter, the imports and the
work: what a user waits for); the table shows the median wall time, the target, and the ratio
to the baseline measured in the same run: a bare ``python -c pass``, which no command can
beat. Targets: ``nqpf --help`` under 0.5 s, ``nqpf query "select 1"`` under 1 s.
Run: ``NQPF_HOME=<warehouse folder> .venv/bin/python bench/bench_cli.py [--repeat 7]``
(without NQPF_HOME, the project's warehouse/ folder; ``query`` needs a built warehouse).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

#: (name, arguments after `python -m nqpf.cli`, target in seconds or None)
COMMANDS: tuple[tuple[str, list[str], float | None], ...] = (
    ("nqpf --help", ["--help"], 0.5),
    ("nqpf --version", ["--version"], 0.5),
    ("nqpf regress --help", ["regress", "--help"], 0.5),
    ('nqpf query "select 1"', ["query", "select 1"], 1.0),
)


def seconds(argv: list[str], repeat: int) -> float:
    """Median wall time of ``repeat`` runs of ``argv``; fails loudly when a run fails."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    baseline = seconds([sys.executable, "-c", "pass"], args.repeat)
    print(f"{'command':<24} {'median s':>9} {'target s':>9} {'x python':>9}")
    print(f"{'python -c pass':<24} {baseline:>9.3f} {'':>9} {1.0:>9.1f}")
    for name, argv, target in COMMANDS:
        took = seconds([sys.executable, "-m", "nqpf.cli", *argv], args.repeat)
        goal = f"{target:.1f}" if target else ""
        print(f"{name:<24} {took:>9.3f} {goal:>9} {took / baseline:>9.1f}")


if __name__ == "__main__":
    main()
