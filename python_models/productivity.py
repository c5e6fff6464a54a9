"""Productivity and the organic composition of capital (METHOD §4).

Zero or missing denominators give NaN for that sector, never inf: a sector with no output,
no hours or no value has no productivity to report.
"""

from __future__ import annotations

import numpy as np

from ._arrays import Matrix, ratio, square, vector


def tlp(lam: np.ndarray) -> np.ndarray:
    """Total labour productivity ``tlp_i = 1 / lambda_i`` (output per hour of dead plus living
    labour), (n,) -> (n,); NaN where ``lambda_i`` is 0 or NaN (e.g. non-productive sectors)."""
    return ratio(1.0, np.asarray(lam, dtype=float))


def living_labour_productivity(x: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """Living-labour productivity ``lp_i = x_i / hours_i = 1 / l_i``; NaN where hours are 0."""
    return ratio(x, hours)


def organic_composition(lam: np.ndarray, A: Matrix, D: Matrix, x: np.ndarray, b: np.ndarray,
                        hours: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Constant capital, variable capital and organic composition in value terms.

    ``c_j = sum_k lambda_k (A + D)[k,j] x_j``, ``v_j = (lambda . b) hours_j``,
    ``occ_j = c_j / v_j``.
    Shapes: ``lam``, ``x``, ``b``, ``hours`` (n,); ``A``, ``D`` (n, n). All over the same
    (productive) sectors. ``occ`` is NaN where ``x_j = 0`` or ``v_j = 0``.
    """
    lam = vector("lam", lam)
    n = lam.shape[0]
    A, D = square("A", A, n), square("D", D, n)
    x, b, hours = vector("x", x, n), vector("b", b, n), vector("hours", hours, n)
    unit_c = np.asarray(A.T @ lam + D.T @ lam).ravel()
    c = unit_c * x
    v = float(lam @ b) * hours
    occ = ratio(c, v)
    occ[x == 0] = np.nan
    return c, v, occ


def deflate(x: np.ndarray, deflator: np.ndarray) -> np.ndarray:
    """Output at base-year prices ``x / deflator`` (deflator: price index, base year = 1).

    Broadcasts; NaN where the deflator is 0 or missing.
    """
    return ratio(x, deflator)
