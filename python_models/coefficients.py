"""Technical coefficients of one IO table (METHOD §1).

Notation: ``n`` sectors; ``Z`` (n x n) intermediate flows, supplier row ``i`` to user column
``j``; ``x`` gross output; ``dep`` depreciation of fixed assets by using sector; ``gfcf``
gross fixed capital formation by supplying good; ``hours`` productive labour hours.
A sector with ``x_j = 0`` has zero coefficients in its column (it uses nothing per unit of an
output it does not produce); indicators that divide by its output are NaN downstream.
"""

from __future__ import annotations

import numpy as np

from ._arrays import Matrix, non_negative, reciprocal_or_zero, scale_columns, square, vector
from .errors import InvalidInputError


def input_coefficients(Z: Matrix, x: np.ndarray) -> Matrix:
    """Direct input coefficients ``A = Z diag(x)^-1``, i.e. ``A[i,j] = Z[i,j] / x_j``.

    ``Z``: (n, n) dense or sparse; ``x``: (n,), >= 0. Columns with ``x_j = 0`` are zero.
    Returns an (n, n) matrix of the same kind as ``Z`` (sparse stays sparse).
    """
    Z = square("Z", Z)
    inv = reciprocal_or_zero(non_negative("x", vector("x", x, Z.shape[0])))
    return scale_columns(Z, inv)


def _capital_split(per_user: np.ndarray, gfcf: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``M[k,j] = (gfcf_k / sum gfcf) * per_user_j / x_j`` (shared by D and K from a stock)."""
    n = per_user.shape[0]
    gfcf = vector("gfcf", gfcf, n)
    total = gfcf.sum()
    if total <= 0:
        raise InvalidInputError(f"gfcf: total gross fixed capital formation is {total!r}, "
                                "must be > 0 to split fixed capital across goods")
    inv = reciprocal_or_zero(non_negative("x", vector("x", x, n)))
    return np.outer(gfcf / total, per_user * inv)


def depreciation_coefficients(dep: np.ndarray, gfcf: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Depreciation coefficients ``D[k,j] = (GFCF_k / sum GFCF) * dep_j / x_j``.

    ``dep``, ``gfcf``, ``x``: (n,). Returns (n, n): sector ``j``'s depreciation per unit of
    output, split across the goods ``k`` that make up fixed capital as the GFCF column does.
    """
    return _capital_split(vector("dep", dep), gfcf, x)


def capital_coefficients_from_stock(stock: np.ndarray, gfcf: np.ndarray,
                                    x: np.ndarray) -> np.ndarray:
    """Fixed-capital stock coefficients from a capital stock by using sector.

    ``K[k,j] = (GFCF_k / sum GFCF) * stock_j / x_j``; ``stock``, ``gfcf``, ``x``: (n,).
    Returns (n, n). For datasets that supply the stock instead of relying on ``K = T D``.
    """
    return _capital_split(vector("stock", stock), gfcf, x)


def capital_coefficients(D: Matrix, T: float | np.ndarray) -> Matrix:
    """Fixed-capital stock coefficients ``K = T * D`` (straight-line depreciation over ``T``).

    ``D``: (n, n); ``T``: service life in years, a scalar or an (n,) vector per *using*
    sector ``j`` (``K[k,j] = T_j D[k,j]``), every entry > 0. Returns (n, n).
    """
    D = square("D", D)
    life = service_life(T, D.shape[0])
    return scale_columns(D, life)


def service_life(T: float | np.ndarray, n: int) -> np.ndarray:
    """``T`` as an (n,) vector of positive service lives (a scalar is broadcast)."""
    life = np.full(n, float(T)) if np.ndim(T) == 0 else vector("T", T, n)
    if not np.all(np.isfinite(life)) or np.any(life <= 0):
        raise InvalidInputError(f"T: service lives must be finite and > 0, got {T!r}")
    return life


def labour_coefficients(hours: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Living labour coefficients ``l_j = hours_j / x_j`` (hours per unit of output).

    ``hours``, ``x``: (n,), >= 0. Returns (n,); 0 where ``x_j = 0``.
    """
    hours = non_negative("hours", vector("hours", hours))
    return hours * reciprocal_or_zero(non_negative("x", vector("x", x, hours.shape[0])))


def wage_basket(household_consumption: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """Wage-goods basket per hour ``b = (f_rural + f_urban) / sum_j hours_j``.

    ``household_consumption``: (n,) household final consumption by good; ``hours``: (n,)
    productive hours. Returns (n,). The wage-goods matrix is ``B = outer(b, l)``.
    """
    f = vector("household_consumption", household_consumption)
    total = vector("hours", hours).sum()
    if total <= 0:
        raise InvalidInputError(f"hours: total hours are {total!r}, must be > 0")
    return f / total
