"""Dominant eigenvalues and Perron left eigenvectors of square non-negative matrices.

Matrices up to ``DENSE_LIMIT`` rows use LAPACK via ``scipy.linalg``; larger ones, dense or
sparse, use ARPACK (``scipy.sparse.linalg.eigs``), which needs only a few products with the
matrix where LAPACK computes every eigenvalue (the price kernel calls this on every step of
its root search).
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ._arrays import Matrix
from .errors import KernelError

#: Up to this size LAPACK is exact and faster than ARPACK (measured: ARPACK wins from ~100).
DENSE_LIMIT = 100


def _small(M: Matrix) -> np.ndarray | None:
    """``M`` as a dense array when LAPACK should handle it, else None."""
    if M.shape[0] > DENSE_LIMIT:
        return None
    return M.toarray() if sp.issparse(M) else np.asarray(M)


def _arpack(M: Matrix, vectors: bool) -> tuple[np.ndarray, np.ndarray | None]:
    try:
        if vectors:
            return spla.eigs(M, k=1, which="LM")
        return spla.eigs(M, k=1, which="LM", return_eigenvectors=False), None
    except spla.ArpackNoConvergence as exc:
        raise KernelError("not_converged", f"ARPACK did not find the dominant eigenvalue "
                          f"of a {M.shape[0]} x {M.shape[0]} matrix: {exc}") from exc


def spectral_radius(M: Matrix) -> float:
    """``rho(M) = max |eigenvalue of M|`` for a square matrix ``M`` (dense or sparse)."""
    dense = _small(M)
    if dense is not None:
        return float(np.abs(la.eigvals(dense, check_finite=False)).max(initial=0.0))
    values, _ = _arpack(M, vectors=False)
    return float(np.abs(values).max())


def dominant_eigenvalue(M: Matrix) -> float:
    """The Perron root of a non-negative ``M``: its eigenvalue of largest real part.

    For ``M >= 0`` this equals the spectral radius and is itself an eigenvalue.
    """
    dense = _small(M)
    if dense is not None:
        return float(la.eigvals(dense, check_finite=False).real.max(initial=0.0))
    return spectral_radius(M)


def perron_left(M: Matrix) -> tuple[float, np.ndarray]:
    """Perron root ``mu`` and left eigenvector ``p`` (``p M = mu p``) of a non-negative ``M``.

    The left eigenvector is the right eigenvector of ``M^T``. Returns ``p`` scaled to sum 1.
    Raises ``KernelError(reason="reducible")`` when the vector is not strictly positive (a
    reducible or periodic matrix whose dominant eigenvector has zero or mixed-sign entries).
    """
    dense = _small(M)
    if dense is not None:
        values, vecs = la.eig(dense.T, check_finite=False)
        k = int(np.argmax(values.real))
    else:
        values, vecs = _arpack(M.T.tocsr() if sp.issparse(M) else M.T, vectors=True)
        k = 0
    mu, p = values[k], vecs[:, k]
    scale = p.sum()
    if abs(mu.imag) > 1e-9 * max(1.0, abs(mu)) or scale == 0:
        raise KernelError("reducible", f"the dominant eigenvalue {mu} has no positive left "
                          "eigenvector (the matrix is reducible or periodic)")
    p = (p / scale).real
    if not np.all(p > 0):
        zero = np.flatnonzero(p <= 0)
        raise KernelError("reducible", f"the left Perron eigenvector is not strictly positive "
                          f"(entries at indices {zero[:10].tolist()} are <= 0): the matrix is "
                          "reducible; restrict it to its basic sectors")
    return float(mu.real), p
