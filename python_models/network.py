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


def strongest_suppliers(Z: Matrix, x: np.ndarray, p: np.ndarray, col: int,
                        k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` largest suppliers of region-sector ``col`` by ``a[(r,i), col]``.

    Returns ``(indices, a)``, both (<= k,), sorted by decreasing ``a``; the diagonal (own
    supply) is excluded, as in :func:`otlp`. Pass ``Z`` as CSC for repeated calls (a CSR
    matrix is converted each time). Empty when ``x_col = 0`` or nothing is supplied.
    """
    Z, x, prices = _flows(Z, x, p)
    N = Z.shape[0]
    if not 0 <= col < N:
        raise InvalidInputError(f"col: {col} is outside 0..{N - 1}")
    if x[col] == 0:
        return np.empty(0, dtype=np.int64), np.empty(0)
    if sp.issparse(Z):
        column = Z[:, [col]].tocsc() if Z.format == "csc" else Z.tocsc()[:, [col]]
        rows, flows = column.indices, column.data
    else:
        rows = np.flatnonzero(Z[:, col])
        flows = Z[rows, col]
    other = (rows != col) & (flows != 0)
    rows, flows = rows[other], flows[other]
    a = prices[rows] * flows / (prices[col] * x[col])
    top = np.argsort(-a, kind="stable")[:k]
    return rows[top].astype(np.int64), a[top]


def supplier_links(Z: Matrix, x: np.ndarray, p: np.ndarray,
                   k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` strongest suppliers of every region-sector at once, as (supplier, user, a,
    rank) arrays sorted by user and rank: :func:`strongest_suppliers` for all columns in one
    pass over the non-zeros of ``Z`` (sort by column, then by decreasing ``a``)."""
    Z, x, prices = _flows(Z, x, p)
    coo = sp.coo_matrix(Z)
    keep = (coo.row != coo.col) & (coo.data != 0) & (x[coo.col] != 0)
    rows, cols = coo.row[keep], coo.col[keep]
    a = prices[rows] * coo.data[keep] / (prices[cols] * x[cols])
    order = np.lexsort((-a, cols))
    rows, cols, a = rows[order], cols[order], a[order]
    starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
    rank = np.arange(len(cols)) - np.repeat(starts, np.diff(np.r_[starts, len(cols)])) + 1
    top = rank <= k
    return rows[top].astype(np.int64), cols[top].astype(np.int64), a[top], rank[top]
