"""The within transformation for several fixed effects, and singleton removal.

Both follow pyfixest (alternating projections; iterated singleton removal), so the IV
estimator and the sample checks see exactly the observations and the variation ``feols`` uses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pyfixest.estimation import demean as _demean
from pyfixest.estimation import detect_singletons

#: Convergence tolerance of the alternating projections.
TOLERANCE = 1e-10


def codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Integer codes (n x k) of the fixed-effect columns."""
    return np.column_stack([pd.factorize(frame[c])[0] for c in columns]).astype(np.uint64)


def non_singletons(fe: np.ndarray) -> np.ndarray:
    """Mask of observations kept after repeatedly dropping those alone in any FE group."""
    keep = np.ones(fe.shape[0], dtype=bool)
    while keep.any():
        index = np.flatnonzero(keep)
        sub = np.column_stack([pd.factorize(fe[index, j])[0] for j in range(fe.shape[1])])
        single = detect_singletons(sub.astype(np.uint32))
        if not single.any():
            break
        keep[index[single]] = False
    return keep


def demean(values: np.ndarray, fe: np.ndarray) -> np.ndarray:
    """Residuals of ``values`` (n x m) on the dummies of every FE column of ``fe``."""
    matrix = np.asarray(values, dtype=float).reshape(len(values), -1)
    if fe.shape[1] == 0:
        return matrix - matrix.mean(axis=0)
    out, converged = _demean(np.ascontiguousarray(matrix),
                             np.ascontiguousarray(fe.astype(np.uint64)),
                             np.ones(len(matrix)), tol=TOLERANCE, maxiter=100_000)
    if not converged:
        raise ArithmeticError("the within transformation did not converge")
    return out
