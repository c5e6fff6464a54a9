"""Hypothesis strategies for the kernel tests: random productive input systems.

Entries are drawn strictly positive (so every matrix is irreducible and its Perron vector
strictly positive), then columns are scaled to chosen sums below one, which bounds the
spectral radius (rho <= max column sum).
"""

from __future__ import annotations

from dataclasses import dataclass

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np

positive = st.floats(0.01, 1.0)


@dataclass(frozen=True)
class Economy:
    """``A``, ``D``, ``B = outer(b, l)`` (n, n); ``l``, ``b``, ``x`` (n,); service life ``T``."""

    A: np.ndarray
    D: np.ndarray
    B: np.ndarray
    l: np.ndarray  # noqa: E741 (METHOD's name)
    b: np.ndarray
    x: np.ndarray
    T: np.ndarray


def _columns_summing_to(raw: np.ndarray, sums: np.ndarray) -> np.ndarray:
    """``raw`` with column ``j`` rescaled to sum to ``sums_j``."""
    return raw * (sums / raw.sum(axis=0))[None, :]


@st.composite
def economies(draw: st.DrawFn, max_n: int = 8) -> Economy:
    """Productive economies: column sums of ``A`` in [0.3, 0.6], of ``B`` in [0.05, 0.2], of
    ``D`` in [0.02, 0.1], so ``rho(A + B + D) < 0.9`` (a profit rate exists) while
    ``G(10)`` has column sums above 1 for every variant (it lies below ``r_max = 10``)."""
    n = draw(st.integers(2, max_n))
    vec = hnp.arrays(float, n, elements=positive)

    def sums(low: float, high: float) -> np.ndarray:
        return draw(hnp.arrays(float, n, elements=st.floats(low, high)))

    A = _columns_summing_to(draw(hnp.arrays(float, (n, n), elements=positive)), sums(0.3, 0.6))
    capital_goods = draw(vec)
    D = np.outer(capital_goods / capital_goods.sum(), sums(0.02, 0.1))
    b = draw(vec)
    lab = sums(0.05, 0.2) / b.sum()  # B = outer(b, l) has column sums (sum b) l_j
    return Economy(A=A, D=D, B=np.outer(b, lab), l=lab, b=b, x=draw(vec) * 100,
                   T=sums(5.0, 30.0))
