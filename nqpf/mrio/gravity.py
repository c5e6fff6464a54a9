"""Gravity estimate of the trade of one product between regions.

``T0[r, s] = O_r D_s f(d_rs)`` for origin r != destination s, with the outflow (supply) ``O``
of each region, its inflow (demand) ``D`` and the distance-deterrence function
``f(d) = d^-beta``; the diagonal is zero (a region's trade with itself is not inter-regional
trade). Balanced to ``O`` and ``D`` by :func:`nqpf.mrio.ras.ras`, this is the doubly
constrained gravity model (Wilson 1970): ``T[r, s] = A_r O_r B_s D_s f(d_rs)``. The decay
beta of each product group is in :mod:`nqpf.mrio.tradability`.
"""

from __future__ import annotations

import numpy as np


def deterrence(distance: np.ndarray, beta: float) -> np.ndarray:
    """``f(d) = d^-beta`` off the diagonal, 0 on it; ``distance`` is (m, m), off-diagonal > 0."""
    d = np.asarray(distance, dtype=float)
    if d.ndim != 2 or d.shape[0] != d.shape[1]:
        raise ValueError(f"distance: expected a square matrix, got shape {d.shape}")
    off = ~np.eye(len(d), dtype=bool)
    if not np.all(np.isfinite(d[off])) or np.any(d[off] <= 0):
        raise ValueError("distance: every distance between two regions must be finite and > 0")
    if beta < 0:
        raise ValueError(f"beta = {beta}: the distance decay must be >= 0")
    f = np.zeros_like(d)
    f[off] = d[off] ** -beta
    return f


def gravity_seed(supply: np.ndarray, demand: np.ndarray, distance: np.ndarray,
                 beta: float) -> np.ndarray:
    """``T0[r, s] = supply_r demand_s d_rs^-beta`` (r != s), zero diagonal; shapes (m,), (m,),
    (m, m)."""
    return np.outer(supply, demand) * deterrence(distance, beta)
