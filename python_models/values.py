"""Labour values with fixed capital (METHOD §2, Okishio/Ochoa).

``lambda = lambda (A + D) + l``, i.e. ``(I - A - D)^T lambda^T = l^T``: hours of total (dead
plus living) labour per unit of each sector's output. Solved as a linear system, never by
forming ``(I - A - D)^-1``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ._arrays import Matrix, mask, non_negative, square, vector
from ._spectral import spectral_radius
from .errors import KernelError, NotProductiveError

Method = Literal["auto", "direct", "iterative"]

#: Relative residual ``max|lambda (I - M) - l| / max l`` the iterative solve must reach.
ITERATIVE_RTOL = 1e-14
#: Negative entries smaller than this fraction of ``max |lambda|`` are round-off, set to 0.
NEGATIVE_TOL = 1e-12


def _system(A: Matrix, D: Matrix, productive: np.ndarray | None) -> Matrix:
    """``M = A + D`` restricted to the productive rows and columns; sparse only if both are.

    Always a new matrix, so the direct solve may overwrite it.
    """
    A, D = square("A", A), square("D", D, A.shape[0])
    if sp.issparse(A) and sp.issparse(D):
        M = (A + D).tocsc()
    else:
        M = (A.toarray() if sp.issparse(A) else A) + (D.toarray() if sp.issparse(D) else D)
    if productive is not None:
        keep = np.flatnonzero(mask("productive", productive, A.shape[0]))
        M = M[keep][:, keep] if not sp.issparse(M) else M[keep][:, keep].tocsc()
    return M


def _norm_bound(M: Matrix) -> float:
    """``max_j sum_k |M[k,j]|``, an upper bound of ``rho(M)`` that costs one pass over M."""
    if sp.issparse(M):
        col = np.asarray(abs(M).sum(axis=0)).ravel()
    else:  # by blocks of rows: |M| of a large dense M would double its memory
        col = sum((np.abs(M[i:i + 1024]).sum(axis=0) for i in range(0, M.shape[0], 1024)),
                  np.zeros(M.shape[1]))
    return float(np.max(col, initial=0.0))


def _solve_direct(M: Matrix, rhs: np.ndarray) -> np.ndarray:
    """LU solve of ``(I - M)^T lambda = rhs``; a dense ``M`` is overwritten (no n x n copies)."""
    n = M.shape[0]
    if sp.issparse(M):
        lu = spla.splu((sp.identity(n, format="csc") - M).tocsc())
        return lu.solve(rhs, trans="T")
    S = np.negative(M, out=M)
    S.flat[:: n + 1] += 1.0
    # S.T of a C-ordered S is Fortran-ordered: LAPACK factors it in place, without a copy
    return la.solve(S.T, rhs, overwrite_a=True, check_finite=False)


def solve_iterative(M: Matrix, rhs: np.ndarray) -> np.ndarray:
    """GMRES on ``(I - M)^T y = rhs`` started from ``rhs``; the residual is checked.

    A dense ``M`` is used through matrix-vector products only (no n x n copy).
    """
    from threadpoolctl import threadpool_limits

    n = M.shape[0]
    if sp.issparse(M):
        S = sp.identity(n, format="csr") - M.T
    else:
        S = spla.LinearOperator((n, n), matvec=lambda v: v - M.T @ v, dtype=float)
    scale = float(np.abs(rhs).max(initial=0.0)) or 1.0
    # GMRES's BLAS calls are level-1/2 on vectors of length n: a second thread only adds
    # synchronisation (20x slower at n = 13,146 on two cores)
    with threadpool_limits(limits=1, user_api="blas"):
        lam, info = spla.gmres(S, rhs, x0=rhs.copy(), rtol=ITERATIVE_RTOL, atol=0.0,
                               restart=30, maxiter=50)
        residual = float(np.abs(S @ lam - rhs).max(initial=0.0)) / scale
    if info != 0 and residual > 1e3 * ITERATIVE_RTOL:
        raise KernelError("not_converged", f"GMRES stopped at relative residual {residual:.3g} "
                          f"on a {n} x {n} system (info={info}); use method='direct'")
    return lam


def labour_values(A: Matrix, D: Matrix, l: np.ndarray, *,  # noqa: E741 (METHOD's name)
                  productive: np.ndarray | None = None, method: Method = "auto") -> np.ndarray:
    """Labour values ``lambda = lambda (A + D) + l``.

    Solves ``(I - A - D)^T lambda^T = l^T``. Shapes: ``A``, ``D`` (n, n) dense or sparse;
    ``l`` (n,) living labour per unit of output, >= 0. Returns ``lambda`` (n,).

    ``productive`` (boolean (n,) mask): solve over the productive sectors only (inputs from
    non-productive sectors carry no value); their entries of the result are NaN.

    ``method``: ``"direct"`` is an LU solve (LAPACK for dense input, SuperLU ``splu`` for
    sparse); ``"iterative"`` is GMRES started from ``l``, its residual checked to
    ``ITERATIVE_RTOL``; ``"auto"`` takes direct for dense and iterative for sparse input
    (sparse LU of an MRIO with inter-regional links fills in almost completely).

    Raises :class:`NotProductiveError` (reason ``not_productive``, message with the spectral
    radius) when ``rho(A + D) >= 1`` or the solution has a negative entry, and reason
    ``singular`` when ``I - A - D`` is singular. Entries above ``-NEGATIVE_TOL * max|lambda|``
    but below zero are round-off and returned as 0.
    """
    if method not in ("auto", "direct", "iterative"):
        raise ValueError(f"method: expected 'auto', 'direct' or 'iterative', got {method!r}")
    n = square("A", A).shape[0]
    l_all = non_negative("l", vector("l", l, n))
    M = _system(A, D, productive)
    keep = np.arange(n) if productive is None else np.flatnonzero(productive)
    l_p = l_all[keep]
    bound = _norm_bound(M)
    radius = f"<= {bound:.6g}"
    if bound >= 1:
        rho = spectral_radius(M)
        if rho >= 1:
            raise NotProductiveError("not_productive", f"spectral radius of A + D is {rho:.6g} "
                                     f">= 1 over {M.shape[0]} sectors: the system cannot "
                                     "reproduce its own inputs")
        radius = f"{rho:.6g}"
    iterative = method == "iterative" or (method == "auto" and sp.issparse(M))
    try:
        lam = solve_iterative(M, l_p) if iterative else _solve_direct(M, l_p)
    except (la.LinAlgError, RuntimeError) as exc:  # RuntimeError: SuperLU's singular factor
        raise NotProductiveError("singular", f"I - A - D is singular ({exc})") from exc
    # round-off may leave -1e-17 where l and every input path are zero: tolerate, clip
    bad = np.flatnonzero(~np.isfinite(lam) | (lam < -NEGATIVE_TOL * np.abs(lam).max(initial=0)))
    if bad.size:
        raise NotProductiveError("not_productive", f"labour value of sector {int(keep[bad[0]])} "
                                 f"is {lam[bad[0]]!r}; spectral radius of A + D is {radius} "
                                 "(negative input coefficients?)")
    out = np.full(n, np.nan)
    out[keep] = np.maximum(lam, 0.0)
    return out
