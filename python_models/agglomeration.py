"""Agglomeration indicators over the regions of one country and year (METHOD §7).

``X`` is (m, n) gross output, regions by sectors. ``p`` is (n,) national prices, or (m, n)
if prices differ by region. National totals are sums over the regions given.
"""

from __future__ import annotations

import numpy as np

from ._arrays import mask, ratio
from .errors import InvalidInputError


def _valued(p: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``p_i x_ic`` as an (m, n) array."""
    X, p = np.asarray(X, dtype=float), np.asarray(p, dtype=float)
    if X.ndim != 2 or p.shape not in ((X.shape[1],), X.shape):
        raise InvalidInputError(f"X, p: expected X of shape (m regions, n sectors) and p of "
                                f"shape (n,) or (m, n), got {X.shape} and {p.shape}")
    return p * X


def industrial_share(p: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Industrial agglomeration ``pri_ic = p_i x_ic / sum_c p_i x_ic``, (m, n).

    With national prices ``p_i`` cancels (the region's share of national output of ``i``);
    it matters when ``p`` is (m, n). NaN for a sector no region produces.
    """
    valued = _valued(p, X)
    return ratio(valued, valued.sum(axis=0, keepdims=True))


def production_price_total(p: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Overall economic agglomeration ``pp_c = sum_i p_i x_ic``, (m,), in price units x output."""
    return _valued(p, X).sum(axis=1)


def digital_location_quotient(p: np.ndarray, X: np.ndarray, device: np.ndarray,
                              service: np.ndarray) -> np.ndarray:
    """Digital industry location quotient, (m,):

    ``dlq_c = (sum_{i in dev, srv} p_i x_ic / sum_i p_i x_ic)
    / (sum_c sum_{i in dev, srv} p_i x_ic / sum_c sum_i p_i x_ic)``.
    """
    valued = _valued(p, X)
    n = valued.shape[1]
    digital = mask("device", device, n) | mask("service", service, n)
    regional = ratio(valued[:, digital].sum(axis=1), valued.sum(axis=1))
    national = ratio(valued[:, digital].sum(), valued.sum())
    return ratio(regional, national)
