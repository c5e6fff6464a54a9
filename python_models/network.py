"""Production-network TLP of the suppliers of each region-sector (METHOD §6).

An MRIO of ``m`` regions and ``n`` sectors has ``N = m n`` region-sectors, ordered region
major: index ``(r, i) -> r n + i``. ``Z`` is the (N, N) flow matrix, supplier row to user
column, as a scipy.sparse matrix; everything below is sparse matrix-vector products, so no
dense (N, N) array is ever built.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ._arrays import Matrix, ratio, square, vector
from .errors import InvalidInputError


def _region_sector_prices(p: np.ndarray, N: int) -> np.ndarray:
    """Prices per region-sector: ``p`` (n,) tiled over the regions, or ``p`` (N,) as is."""
    p = vector("p", p)
    if N % p.shape[0]:
        raise InvalidInputError(f"p: length {p.shape[0]} is neither the number of sectors "
                                f"(a divisor of N) nor of region-sectors N = {N}")
    return np.tile(p, N // p.shape[0])


def _flows(Z: Matrix, x: np.ndarray, p: np.ndarray) -> tuple[Matrix, np.ndarray, np.ndarray]:
    Z = square("Z", Z)
    N = Z.shape[0]
    return Z, vector("x", x, N), _region_sector_prices(p, N)


def otlp(Z: Matrix, x: np.ndarray, p: np.ndarray, tlp: np.ndarray) -> np.ndarray:
    """Input-weighted mean TLP of the other region-sectors that supply each region-sector.

    ``a[(r,i),(s,j)] = p_i Z[(r,i),(s,j)] / (p_j x_sj)`` and
    ``otlp_sj = sum_{(r,i) != (s,j)} a tlp_ri / sum_{(r,i) != (s,j)} a``.
    The column factor ``1 / (p_j x_sj)`` cancels in the ratio, so with supplier prices ``p``
    ``otlp = (Z^T (p tlp) - diag(Z) p tlp) / (Z^T p - diag(Z) p)``.

    Shapes: ``Z`` (N, N) sparse (or dense), ``x`` (N,), ``p`` (n,) or (N,), ``tlp`` (N,).
    Suppliers whose ``tlp`` is NaN (e.g. non-productive sectors, which have no value) are
    left out of both sums. NaN where a column has no supplier with a TLP or ``x_sj = 0``.
    """
    Z, x, prices = _flows(Z, x, p)
    N = Z.shape[0]
    tlp = np.asarray(tlp, dtype=float)
    if tlp.shape != (N,):
        raise InvalidInputError(f"tlp: expected length {N}, got shape {tlp.shape}")
    known = np.isfinite(tlp)
    weight = np.where(known, prices, 0.0)
    weighted_tlp = weight * np.where(known, tlp, 0.0)
    diagonal = Z.diagonal()
    num = np.asarray(Z.T @ weighted_tlp).ravel() - diagonal * weighted_tlp
    den = np.asarray(Z.T @ weight).ravel() - diagonal * weight
    out = ratio(num, den)
    out[x == 0] = np.nan
    return out


def _column_top(Z: sp.csc_matrix, x: np.ndarray, prices: np.ndarray, col: int,
                k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top ``k`` of column ``col`` of a CSC ``Z`` by ``a``; ties by supplier index."""
    if x[col] == 0:
        return np.empty(0, dtype=np.int64), np.empty(0)
    lo, hi = Z.indptr[col], Z.indptr[col + 1]
    rows, flows = Z.indices[lo:hi], Z.data[lo:hi]
    other = (rows != col) & (flows != 0)
    rows, flows = rows[other], flows[other]
    a = prices[rows] * flows / (prices[col] * x[col])
    if len(a) > k:  # only the entries at or above the k-th largest (ties included) are sorted
        kth = -np.partition(-a, k - 1)[k - 1]
        rows, a = rows[a >= kth], a[a >= kth]
    top = np.lexsort((rows, -a))[:k]
    return rows[top].astype(np.int64), a[top]


def _csc(Z: Matrix) -> sp.csc_matrix:
    if sp.issparse(Z):
        return Z if Z.format == "csc" else sp.csc_matrix(Z)
    return sp.csc_matrix(Z)


def strongest_suppliers(Z: Matrix, x: np.ndarray, p: np.ndarray, col: int,
                        k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` largest suppliers of region-sector ``col`` by ``a[(r,i), col]``.

    Returns ``(indices, a)``, both (<= k,), sorted by decreasing ``a`` (ties: lower index
    first); the diagonal (own supply) is excluded, as in :func:`otlp`. Pass ``Z`` as CSC for
    repeated calls (other formats are converted each time). Empty when ``x_col = 0`` or
    nothing is supplied.
    """
    Z, x, prices = _flows(Z, x, p)
    N = Z.shape[0]
    if not 0 <= col < N:
        raise InvalidInputError(f"col: {col} is outside 0..{N - 1}")
    return _column_top(_csc(Z), x, prices, col, k)


def supplier_links(Z: Matrix, x: np.ndarray, p: np.ndarray, k: int,
                   users: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` strongest suppliers of every region-sector at once, as (supplier, user, a,
    rank) arrays sorted by user and rank: :func:`strongest_suppliers` column by column over
    the CSC arrays of ``Z``, so the temporaries are one column's (a dense city MRIO has 1.7e8
    non-zeros: sorting them all at once would need several times Z's memory). ``users``
    (ascending column indices) limits the ranking to those columns, e.g. the ones a block of
    columns holds."""
    Z, x, prices = _flows(Z, x, p)
    Z = _csc(Z)
    columns = np.arange(Z.shape[0]) if users is None else np.asarray(users, dtype=np.int64)
    tops = [_column_top(Z, x, prices, int(col), k) for col in columns]
    counts = np.array([len(r) for r, _ in tops], dtype=np.int64)
    if not counts.sum():
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0), empty
    supplier = np.concatenate([r for r, _ in tops])
    a = np.concatenate([w for _, w in tops])
    user = np.repeat(columns, counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    rank = np.arange(len(user)) - starts + 1
    return supplier, user, a, rank
