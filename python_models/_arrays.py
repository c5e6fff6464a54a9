"""Input checks and NaN-safe arithmetic shared by the kernels."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .errors import InvalidInputError

Matrix = np.ndarray | sp.sparray | sp.spmatrix


def vector(name: str, v: object, n: int | None = None) -> np.ndarray:
    """``v`` as a finite 1-d float array (of length ``n`` when given)."""
    a = np.asarray(v, dtype=float)
    if a.ndim != 1:
        raise InvalidInputError(f"{name}: expected a 1-d array, got shape {a.shape}")
    if n is not None and a.shape[0] != n:
        raise InvalidInputError(f"{name}: expected length {n}, got {a.shape[0]}")
    bad = np.flatnonzero(~np.isfinite(a))
    if bad.size:
        raise InvalidInputError(f"{name}: non-finite value at index {int(bad[0])}")
    return a


def mask(name: str, v: object, n: int) -> np.ndarray:
    """``v`` as a boolean mask of length ``n``."""
    a = np.asarray(v)
    if a.shape != (n,) or a.dtype != bool:
        raise InvalidInputError(f"{name}: expected a boolean mask of length {n}, got "
                                f"{a.dtype} array of shape {a.shape}")
    return a


def square(name: str, m: object, n: int | None = None) -> Matrix:
    """``m`` as a finite square float matrix: dense ndarray, or sparse CSR/CSC kept sparse."""
    if sp.issparse(m):
        a = m.astype(float, copy=False)  # no copy of a float matrix (1.7e8 non-zeros, dense MRIO)
        if a.format not in ("csr", "csc"):
            a = a.tocsr()
        data = a.data
    else:
        a = np.asarray(m, dtype=float)
        data = a
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise InvalidInputError(f"{name}: expected a square matrix, got shape {a.shape}")
    if n is not None and a.shape[0] != n:
        raise InvalidInputError(f"{name}: expected shape ({n}, {n}), got {a.shape}")
    if not np.all(np.isfinite(data)):
        raise InvalidInputError(f"{name}: contains non-finite entries")
    return a


def non_negative(name: str, a: np.ndarray) -> np.ndarray:
    """Raise unless every entry of ``a`` is >= 0."""
    bad = np.flatnonzero(a < 0)
    if bad.size:
        raise InvalidInputError(f"{name}: negative value {a[bad[0]]!r} at index {int(bad[0])}")
    return a


def reciprocal_or_zero(x: np.ndarray) -> np.ndarray:
    """``1 / x`` where ``x != 0``, else 0 (a column with no output gets zero coefficients)."""
    out = np.zeros_like(x, dtype=float)
    np.divide(1.0, x, out=out, where=x != 0)
    return out


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` elementwise, NaN where ``den`` is zero or either side is NaN (never inf)."""
    num, den = np.broadcast_arrays(np.asarray(num, dtype=float), np.asarray(den, dtype=float))
    out = np.full(num.shape, np.nan)
    ok = (den != 0) & np.isfinite(den) & np.isfinite(num)
    np.divide(num, den, out=out, where=ok)
    return out


def scale_columns(M: Matrix, v: np.ndarray) -> Matrix:
    """``M diag(v)``: column ``j`` of ``M`` times ``v_j`` (sparse stays sparse)."""
    if sp.issparse(M):
        return (M @ sp.diags_array(v)).tocsc()
    return M * v[None, :]
