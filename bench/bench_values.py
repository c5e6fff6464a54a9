"""Benchmark: labour values of a city MRIO, our solve against the dense inverse.

Builds a synthetic productive MRIO of ``cities x sectors`` region-sectors (dense within-city
blocks, a few sparse inter-city links per column; fixed seed) and solves
``lambda = lambda (A + D) + l`` by

- ``ours``: ``python_models.labour_values`` on the sparse matrices (GMRES, residual checked),
- ``dense_lu``: ``python_models.labour_values`` on dense arrays (LAPACK LU solve),
- ``dense_inverse``: ``l @ inv(I - A - D)``, what IO libraries that keep the Leontief
  inverse do,
- ``splu`` (only with ``--splu``; slow): sparse LU, ``labour_values(..., method="direct")``.

Each method runs in its own subprocess so its peak memory is its own. A method's setup
(dense methods: the dense ``A``, ``D`` or ``A + D`` they start from) is neither timed nor in
the peak; its resident size is reported as ``setup``. The peak is the resident high-water
mark (``VmHWM``, reset after the setup) minus the resident memory then, i.e. the memory the
solve itself adds, and the ``tracemalloc`` peak of numpy allocations during the solve. Then
``otlp`` is timed on the same MRIO. Run: ``.venv/bin/python bench/bench_values.py [--cities 313
--sectors 42] [--json]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from python_models import labour_values, otlp, tlp

SEED = 20240601
LINKS_PER_COLUMN = 4


def build_mrio(cities: int, sectors: int, seed: int = SEED) -> dict[str, object]:
    """A productive MRIO: ``A`` and ``D`` sparse (N, N), ``l``, ``x``, ``p``, flows ``Z``.

    Within each city ``A`` is a dense block with column sums in [0.3, 0.5]; every column has
    ``LINKS_PER_COLUMN`` suppliers in other cities adding 0.05-0.15; ``D`` is each city's
    rank-one depreciation block (GFCF shares x depreciation per output, 0.02-0.06), so every
    column of ``A + D`` sums to less than 0.71 and the system is productive.
    """
    rng = np.random.default_rng(seed)
    N = cities * sectors
    blocks = rng.random((cities, sectors, sectors))
    blocks *= rng.uniform(0.3, 0.5, (cities, 1, sectors)) / blocks.sum(axis=1, keepdims=True)
    within = sp.block_diag(list(blocks), format="csc")
    cols = np.repeat(np.arange(N), LINKS_PER_COLUMN)
    # a supplier in another city: shift a draw over the other N - sectors indices
    draw = rng.integers(0, N - sectors, cols.size)
    start = (cols // sectors) * sectors
    rows = np.where(draw >= start, draw + sectors, draw)
    link = rng.random(cols.size)
    link *= np.repeat(rng.uniform(0.05, 0.15, N), LINKS_PER_COLUMN) / np.repeat(
        link.reshape(N, LINKS_PER_COLUMN).sum(axis=1), LINKS_PER_COLUMN)
    A = (within + sp.csc_matrix((link, (rows, cols)), shape=(N, N))).tocsc()
    shares = rng.random((cities, sectors))
    shares /= shares.sum(axis=1, keepdims=True)
    dep = rng.uniform(0.02, 0.06, (cities, sectors))
    D = sp.block_diag([np.outer(g, d) for g, d in zip(shares, dep, strict=True)], format="csc")
    x = rng.lognormal(8.0, 1.0, N)
    return {"A": A, "D": D, "l": rng.uniform(0.5, 2.0, N) * 1e-3, "x": x,
            "p": rng.uniform(0.8, 1.2, sectors), "Z": (A @ sp.diags_array(x)).tocsc()}


def _status_mb(field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (resident peak) of this process, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc: peak, KiB


def _reset_peak() -> None:
    """Reset the resident peak (``VmHWM``) to the current RSS (Linux >= 4.0; else a no-op)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _solver(method: str, A: sp.csc_matrix, D: sp.csc_matrix, lab: np.ndarray):
    """A zero-argument callable running ``method`` (its setup done outside the timer)."""
    if method == "ours":
        return lambda: labour_values(A, D, lab)
    if method == "splu":
        return lambda: labour_values(A, D, lab, method="direct")
    A_dense, D_dense = A.toarray(), D.toarray()
    if method == "dense_lu":
        return lambda: labour_values(A_dense, D_dense, lab)
    if method == "dense_inverse":
        M = A_dense + D_dense
        del A_dense, D_dense
        return lambda: lab @ la.inv(np.eye(M.shape[0]) - M)
    raise ValueError(f"unknown method {method!r}")


def worker(method: str, folder: Path) -> None:
    """Run one method on the saved MRIO; print timing and memory as JSON, save lambda."""
    A, D = sp.load_npz(folder / "A.npz").tocsc(), sp.load_npz(folder / "D.npz").tocsc()
    lab = np.load(folder / "l.npy")
    loaded = _status_mb("VmRSS")
    run = _solver(method, A, D, lab)
    baseline = _status_mb("VmRSS")
    _reset_peak()
    tracemalloc.start()
    start = time.perf_counter()
    lam = run()
    seconds = time.perf_counter() - start
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    np.save(folder / f"lambda_{method}.npy", lam)
    peak = _status_mb("VmHWM") - baseline
    print(json.dumps({"method": method, "seconds": seconds, "setup_rss_mb": baseline - loaded,
                      "peak_rss_mb": peak, "tracemalloc_peak_mb": traced}))


def _run_worker(method: str, folder: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--worker", method, "--data", str(folder)],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{method} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def benchmark(cities: int, sectors: int, splu: bool) -> dict[str, object]:
    mrio = build_mrio(cities, sectors)
    methods = ["ours", "dense_lu", "dense_inverse"] + (["splu"] if splu else [])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sp.save_npz(folder / "A.npz", mrio["A"])
        sp.save_npz(folder / "D.npz", mrio["D"])
        np.save(folder / "l.npy", mrio["l"])
        runs = {m: _run_worker(m, folder) for m in methods}
        lams = {m: np.load(folder / f"lambda_{m}.npy") for m in methods}
    reference = lams["dense_inverse"]
    for m in methods:
        diff = np.abs(lams[m] - reference)
        runs[m]["max_abs_diff"] = float(diff.max())
        runs[m]["max_rel_diff"] = float((diff / np.abs(reference)).max())
    start = time.perf_counter()
    result = otlp(mrio["Z"], mrio["x"], mrio["p"], tlp(lams["ours"]))
    otlp_seconds = time.perf_counter() - start
    ours, inverse = runs["ours"], runs["dense_inverse"]
    return {
        "cities": cities, "sectors": sectors, "region_sectors": cities * sectors,
        "nnz_A_plus_D": int((mrio["A"] + mrio["D"]).nnz), "runs": runs,
        "speedup_vs_dense_inverse": inverse["seconds"] / ours["seconds"],
        "memory_ratio_vs_dense_inverse": inverse["peak_rss_mb"] / max(ours["peak_rss_mb"], 1.0),
        "otlp_seconds": otlp_seconds, "otlp_nan": int(np.isnan(result).sum()),
    }


def _print(report: dict[str, object]) -> None:
    print(f"MRIO {report['cities']} cities x {report['sectors']} sectors = "
          f"{report['region_sectors']} region-sectors, nnz(A + D) = {report['nnz_A_plus_D']}")
    print(f"{'method':<14}{'seconds':>10}{'setup MB':>10}{'peak RSS MB':>13}"
          f"{'tracemalloc MB':>16}{'max abs diff':>14}{'max rel diff':>14}")
    for name, run in report["runs"].items():
        print(f"{name:<14}{run['seconds']:>10.3f}{run['setup_rss_mb']:>10.1f}"
              f"{run['peak_rss_mb']:>13.1f}"
              f"{run['tracemalloc_peak_mb']:>16.1f}{run['max_abs_diff']:>14.2e}"
              f"{run['max_rel_diff']:>14.2e}")
    print(f"dense inverse / ours: time x{report['speedup_vs_dense_inverse']:.1f}, "
          f"peak memory x{report['memory_ratio_vs_dense_inverse']:.1f}")
    print(f"otlp: {report['otlp_seconds']:.3f} s ({report['otlp_nan']} NaN)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cities", type=int, default=313)
    parser.add_argument("--sectors", type=int, default=42)
    parser.add_argument("--splu", action="store_true", help="also time sparse LU (slow)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.data)
        return
    report = benchmark(args.cities, args.sectors, args.splu)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)


if __name__ == "__main__":
    main()
