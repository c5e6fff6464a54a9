"""Biproportional balancing (RAS): scale the rows and columns of a non-negative seed until its
row sums equal ``u`` and its column sums equal ``v``.

Iteration k: ``R = u / (X 1)``, ``X <- diag(R) X``; ``S = v / (1' X)``, ``X <- X diag(S)``.
The result is ``diag(r) X0 diag(s)``, the matrix with the seed's zero pattern that meets both
marginals and is closest to the seed in the information (Kullback-Leibler) sense (Bacharach
1970). It exists only when ``sum u = sum v`` and the zero pattern allows both marginals; both
are checked, and a failure names the row or column that cannot be met.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Marginals are met when every row sum is within TOLERANCE of its total, relatively (the
#: column step meets the columns exactly).
TOLERANCE = 1e-12
MAX_ITERATIONS = 10_000


class MarginalsError(ValueError):
    """The marginals are inconsistent with each other or with the seed's zero pattern."""


@dataclass(frozen=True)
class RasResult:
    """The balanced matrix, the iterations used and the largest remaining row gap relative
    to its row total (<= the tolerance: the balancing converged)."""

    matrix: np.ndarray
    iterations: int
    gap: float

    def report(self) -> str:
        return f"RAS converged in {self.iterations} iterations (largest gap {self.gap:.1e})"


def _name(labels: Sequence[str] | None, kind: str, k: int) -> str:
    return f"{kind} {labels[k] if labels is not None else k}"


def _check(seed: np.ndarray, u: np.ndarray, v: np.ndarray, tol: float,
           labels: Sequence[str] | None) -> None:
    if seed.shape != (len(u), len(v)):
        raise MarginalsError(f"seed of shape {seed.shape} does not match {len(u)} row and "
                             f"{len(v)} column totals")
    for what, a in (("seed", seed), ("row totals", u), ("column totals", v)):
        if not np.all(np.isfinite(a)) or np.any(a < 0):
            raise MarginalsError(f"{what}: every entry must be finite and >= 0")
    total = max(u.sum(), v.sum())
    if abs(u.sum() - v.sum()) > tol * total:
        raise MarginalsError(
            f"row totals sum to {u.sum():.10g} but column totals to {v.sum():.10g}: no matrix "
            "meets both; make the totals equal first (rule: inconsistent_marginals)")
    for kind, totals, support in (("row", u, seed.sum(axis=1)), ("column", v, seed.sum(axis=0))):
        empty = np.flatnonzero((totals > 0) & (support == 0))
        if len(empty):
            raise MarginalsError(
                f"{_name(labels, kind, int(empty[0]))} needs {totals[empty[0]]:.10g} but its "
                "seed is all zero (rule: inconsistent_marginals)")


def ras(seed: np.ndarray, u: np.ndarray, v: np.ndarray, *, tol: float = TOLERANCE,
        max_iter: int = MAX_ITERATIONS, labels: Sequence[str] | None = None) -> RasResult:
    """Balance ``seed`` (m, n) to row totals ``u`` (m,) and column totals ``v`` (n,).

    ``labels`` name rows and columns (same order; a square table) in error messages. Raises
    :class:`MarginalsError` when the totals differ, a positive total has an all-zero seed
    row or column, or the iteration does not converge (the zero pattern cannot carry both
    marginals, e.g. a region shipping more than all other regions take in).
    """
    X = np.asarray(seed, dtype=float).copy()
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    _check(X, u, v, tol, labels)
    total = max(u.sum(), v.sum())
    if total == 0:
        return RasResult(np.zeros_like(X), 0, 0.0)
    X[u == 0, :] = 0.0
    X[:, v == 0] = 0.0
    gap = np.inf
    for iteration in range(1, max_iter + 1):
        rows = X.sum(axis=1)
        X *= np.divide(u, rows, out=np.zeros_like(u), where=rows > 0)[:, None]
        cols = X.sum(axis=0)
        X *= np.divide(v, cols, out=np.zeros_like(v), where=cols > 0)[None, :]
        gap = float(np.max(np.abs(X.sum(axis=1) - u) / np.where(u > 0, u, 1.0)))
        if gap <= tol:
            return RasResult(X, iteration, gap)
    worst = int(np.argmax(np.abs(X.sum(axis=1) - u)))
    raise MarginalsError(
        f"RAS did not converge in {max_iter} iterations: {_name(labels, 'row', worst)} still "
        f"misses its total {u[worst]:.10g} by {X.sum(axis=1)[worst] - u[worst]:.3g}; the "
        "seed's zero pattern cannot carry these marginals (rule: inconsistent_marginals)")
