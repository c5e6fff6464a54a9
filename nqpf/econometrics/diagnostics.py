"""Weak- and under-identification statistics for IV with one endogenous regressor.

All inputs are already partialled out: the endogenous regressor ``x`` (n) and the excluded
instruments ``z`` (n x l) are residuals after the fixed effects and the exogenous regressors.

Cragg-Donald Wald F (Cragg and Donald 1993; Stock and Yogo 2005, as printed by ivreg2)::

    r2   = x' P_z x / x' x                      (squared canonical correlation of x and z)
    CD F = (dof / l) * r2 / (1 - r2)            dof = n - fixed-effect levels - all instruments

Kleibergen-Paap rk LM (Kleibergen and Paap 2006, "Generalized reduced rank tests using the
singular value decomposition", J. of Econometrics 133(1), 97-126). With one endogenous
regressor the rank test of the first-stage coefficients ``Pi`` (l x 1) is a test of Pi = 0; its
LM form estimates the covariance under that null, where the first-stage residual is ``x``
itself. With cluster scores s_g = z_g' x_g and s = sum_g s_g = z' x::

    KP rk LM = s' (sum_g s_g s_g')^-1 s          chi2(l) under the null

No small-sample factor is applied (ivreg2's default). Under homoskedasticity the middle matrix
becomes (x'x / n) z'z and the statistic is Anderson's canonical-correlation LM, n * r2.
"""

from __future__ import annotations

import numpy as np


def _column(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=float).reshape(len(a), -1)


def canonical_r2(x: np.ndarray, z: np.ndarray) -> float:
    """Squared canonical correlation of one regressor with the instruments."""
    x, z = _column(x)[:, 0], _column(z)
    fitted = z @ np.linalg.lstsq(z, x, rcond=None)[0]
    return float(x @ fitted / (x @ x))


def cragg_donald_f(x: np.ndarray, z: np.ndarray, dof: int) -> float:
    """Cragg-Donald Wald F; ``dof`` is n minus the absorbed fixed-effect levels minus the
    number of instruments (exogenous regressors included)."""
    r2 = canonical_r2(x, z)
    return float(dof / _column(z).shape[1] * r2 / (1.0 - r2))


def kp_rk_lm(x: np.ndarray, z: np.ndarray, clusters: np.ndarray) -> float:
    """Kleibergen-Paap rk LM statistic with cluster-robust scores (see the module text)."""
    x, z = _column(x)[:, 0], _column(z)
    scores = z * x[:, None]
    groups = np.unique(np.asarray(clusters), return_inverse=True)[1]
    by_cluster = np.zeros((groups.max() + 1, z.shape[1]))
    np.add.at(by_cluster, groups, scores)
    s = by_cluster.sum(axis=0)
    return float(s @ np.linalg.solve(by_cluster.T @ by_cluster, s))
