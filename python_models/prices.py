"""Prices of production at a uniform profit rate (METHOD §3).

``G(r) = (1 + r)(A + B) + D(r) + r K`` (profit on all capital advanced; ``profit_on="all"``)
or ``G(r) = A + B + D(r) + r K`` (profit on the fixed capital stock only; ``"fixed"``), with
``D(r) = d(r) K`` under endogenous ("SON") depreciation and ``D(r) = D = K / T`` under
straight-line depreciation. The uniform profit rate ``r*`` solves ``rho(G(r)) = 1`` and the
prices are the positive LEFT Perron eigenvector ``p = p G(r*)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.optimize as opt
import scipy.sparse as sp

from ._arrays import Matrix, mask, scale_columns, square, vector
from ._spectral import dominant_eigenvalue, perron_left
from .coefficients import service_life
from .errors import InvalidInputError, NoProfitRateError


@dataclass(frozen=True)
class ProductionPrices:
    """Result of :func:`prices_of_production`.

    ``r``: uniform profit rate ``r*``; ``p`` (n,): prices, ``p = p G(r*)``; ``iterations``:
    root-finder iterations (0 when ``r*`` is an end of the bracket); ``residual``:
    ``max |p - p G(r*)| / max p``; ``eigenvalue``: the dominant eigenvalue of ``G(r*)``.
    """

    r: float
    p: np.ndarray
    iterations: int
    residual: float
    eigenvalue: float


def son_depreciation_rate(r: float | np.ndarray, T: float | np.ndarray) -> np.ndarray:
    """Sinking-fund depreciation rate ``d(r) = r / ((1 + r)^T - 1)``, with ``d(0) = 1/T``.

    Computed as ``r / expm1(T log1p(r))``, accurate for ``r`` near 0; ``r`` (> -1) and ``T``
    (> 0) broadcast against each other. ``r + d(r)`` is the annuity factor of a machine of
    constant efficiency lasting ``T`` years.
    """
    r_arr, life = np.broadcast_arrays(np.asarray(r, dtype=float), np.asarray(T, dtype=float))
    if np.any(r_arr <= -1) or np.any(life <= 0):
        raise InvalidInputError(f"son_depreciation_rate: need r > -1 and T > 0, got r={r!r}, "
                                f"T={T!r}")
    growth = np.expm1(life * np.log1p(r_arr))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(r_arr == 0, 1.0 / life, r_arr / growth)


def _input_matrix(A: Matrix, B: Matrix, K: Matrix, life: np.ndarray,
                  depreciation: str, profit_on: str,
                  D: Matrix | None) -> Callable[[float], Matrix]:
    """``r -> G(r)`` for the chosen depreciation and profit treatments."""
    circulating = A + B
    if depreciation == "son":
        def charge(r: float) -> Matrix:
            return scale_columns(K, son_depreciation_rate(r, life))
    elif depreciation == "straight":
        fixed = D if D is not None else scale_columns(K, 1.0 / life)

        def charge(r: float) -> Matrix:
            return fixed
    else:
        raise ValueError(f"depreciation: expected 'son' or 'straight', got {depreciation!r}")
    if profit_on == "all":
        return lambda r: (1 + r) * circulating + charge(r) + r * K
    if profit_on == "fixed":
        return lambda r: circulating + charge(r) + r * K
    raise ValueError(f"profit_on: expected 'all' or 'fixed', got {profit_on!r}")


def _dense_unless_all_sparse(*ms: Matrix | None) -> list[Matrix | None]:
    if all(m is None or sp.issparse(m) for m in ms):
        return list(ms)
    return [m.toarray() if sp.issparse(m) else m for m in ms]


def prices_of_production(A: Matrix, B: Matrix, K: Matrix, *, T: float | np.ndarray = 15.0,
                         depreciation: Literal["son", "straight"] = "son",
                         profit_on: Literal["all", "fixed"] = "all", D: Matrix | None = None,
                         normalise: tuple[np.ndarray, float] | None = None,
                         r_max: float = 10.0, tol: float = 1e-12) -> ProductionPrices:
    """Uniform profit rate ``r*`` and prices of production ``p = p G(r*)``.

    Shapes: ``A`` input coefficients, ``B = outer(b, l)`` wage goods per unit of output, ``K``
    fixed-capital stock coefficients, ``D`` (straight-line only; default ``K / T``): all
    (n, n), dense or sparse. ``T``: service life, scalar or (n,) per using sector.

    ``r*`` is found by Brent's method on ``rho(G(r)) - 1`` over ``[0, r_max]`` (``rho`` rises
    with ``r``); ``|rho - 1| <= tol`` at an end of the bracket accepts that end. ``p`` is the
    left eigenvector (eigenvector of ``G^T``), strictly positive; by default it sums to 1,
    with ``normalise=(weights, total)`` it is scaled so that ``p . weights = total`` (see
    :func:`value_normalisation` for total price = total value).

    Raises :class:`NoProfitRateError` when ``rho(G(0)) > 1`` (the table cannot pay the wage
    basket and replace its inputs) or ``rho(G(r_max)) < 1``; ``KernelError`` with reason
    ``reducible`` when the eigenvector is not strictly positive.
    """
    A = square("A", A)
    n = A.shape[0]
    B, K = square("B", B, n), square("K", K, n)
    D = None if D is None else square("D", D, n)
    A, B, K, D = _dense_unless_all_sparse(A, B, K, D)
    G = _input_matrix(A, B, K, service_life(T, n), depreciation, profit_on, D)

    def excess(r: float) -> float:
        return dominant_eigenvalue(G(r)) - 1.0

    low, high = excess(0.0), excess(r_max)
    iterations = 0
    if abs(low) <= tol:
        r_star = 0.0
    elif low > 0:
        raise NoProfitRateError(f"rho(G(0)) = {1 + low:.6g} > 1: the table cannot pay the wage "
                                "basket and replace its means of production even at zero profit")
    elif abs(high) <= tol:
        r_star = r_max
    elif high < 0:
        raise NoProfitRateError(f"rho(G(r_max)) = {1 + high:.6g} < 1 at r_max = {r_max}: no "
                                "uniform profit rate in [0, r_max]; raise r_max")
    else:
        r_star, info = opt.brentq(excess, 0.0, r_max, xtol=tol, rtol=4 * np.finfo(float).eps,
                                  full_output=True)
        iterations = info.iterations
    mu, p = perron_left(G(r_star))
    if normalise is not None:
        weights, total = vector("normalise weights", normalise[0], n), float(normalise[1])
        scale = float(p @ weights)
        if scale <= 0:
            raise InvalidInputError(f"normalise: p . weights = {scale!r} must be > 0")
        p = p * (total / scale)
    G_star = G(r_star)
    residual = float(np.abs(p - G_star.T @ p).max() / p.max())
    return ProductionPrices(r=float(r_star), p=p, iterations=iterations, residual=residual,
                            eigenvalue=mu)


def value_normalisation(lam: np.ndarray, x: np.ndarray, productive: np.ndarray,
                        basis: Literal["all", "productive"] = "all") -> tuple[np.ndarray, float]:
    """``(weights, total)`` for total price = total value.

    ``total = lambda . x_prod`` (values of productive sectors; ``lam`` may be NaN elsewhere);
    ``weights = x`` (``p . x``, the default) or ``x_prod`` (``basis="productive"``, ``p . x_prod``).
    Shapes: ``lam``, ``x``, ``productive`` (n,).
    """
    x = vector("x", x)
    prod = mask("productive", productive, x.shape[0])
    lam = np.asarray(lam, dtype=float)
    total = float(np.sum(lam[prod] * x[prod]))
    if not np.isfinite(total):
        raise InvalidInputError("lam: a productive sector has a non-finite value")
    if basis == "all":
        return x, total
    if basis == "productive":
        return np.where(prod, x, 0.0), total
    raise ValueError(f"basis: expected 'all' or 'productive', got {basis!r}")
