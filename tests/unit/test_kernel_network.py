"""Production-network TLP (METHOD §6): a 2-region x 2-sector MRIO by hand, a dense
reference on random sparse MRIOs, and a size no dense N x N matrix would fit in memory."""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from python_models import InvalidInputError, otlp, strongest_suppliers, supplier_links

# region-sectors (r0 s0, r0 s1, r1 s0, r1 s1) = indices 0..3; sector prices p = (1, 2)
Z = np.array([[5.0, 4.0, 2.0, 0.0],
              [3.0, 1.0, 0.0, 6.0],
              [0.0, 2.0, 7.0, 1.0],
              [1.0, 0.0, 4.0, 2.0]])
X = np.array([50.0, 40.0, 60.0, 30.0])
P = np.array([1.0, 2.0])
TLP = np.array([10.0, 20.0, 30.0, 40.0])


def test_otlp_by_hand():
    # column 0: a ∝ p_i Z = (row 1: 2*3 = 6, row 3: 2*1 = 2) -> (6*20 + 2*40) / 8 = 25
    # column 1: rows 0: 1*4 = 4, 2: 1*2 = 2 -> (4*10 + 2*30) / 6 = 50/3
    # column 2: rows 0: 1*2 = 2, 3: 2*4 = 8 -> (2*10 + 8*40) / 10 = 34
    # column 3: rows 1: 2*6 = 12, 2: 1*1 = 1 -> (12*20 + 1*30) / 13 = 270/13
    expected = [25.0, 50 / 3, 34.0, 270 / 13]
    np.testing.assert_allclose(otlp(sp.csr_array(Z), X, P, TLP), expected, rtol=1e-14)
    np.testing.assert_allclose(otlp(Z, X, np.tile(P, 2), TLP), expected, rtol=1e-14)


def test_strongest_suppliers_by_hand():
    # column 3 (p_j x = 2 * 30 = 60): a from row 1 = 2*6/60 = 0.2, from row 2 = 1*1/60
    rows, a = strongest_suppliers(sp.csc_array(Z), X, P, col=3, k=5)
    np.testing.assert_array_equal(rows, [1, 2])
    np.testing.assert_allclose(a, [0.2, 1 / 60], rtol=1e-14)
    rows, a = strongest_suppliers(sp.csr_array(Z), X, P, col=0, k=1)  # own supply excluded
    np.testing.assert_array_equal(rows, [1])
    np.testing.assert_allclose(a, [2 * 3 / 50])


def test_columns_without_other_suppliers_or_output_are_nan():
    Zs = np.diag([1.0, 2.0, 3.0, 4.0])
    Zs[0, 1] = 5.0
    out = otlp(sp.csr_array(Zs), np.array([1.0, 1.0, 0.0, 1.0]), P, TLP)
    assert out[1] == 10.0
    assert np.isnan(out[[0, 2, 3]]).all()
    rows, _ = strongest_suppliers(sp.csr_array(Zs), np.array([1.0, 0.0, 1.0, 1.0]), P, 1, 3)
    assert rows.size == 0


def test_suppliers_without_tlp_are_left_out():
    tlp_missing = TLP.copy()
    tlp_missing[3] = np.nan  # e.g. a non-productive supplier
    out = otlp(sp.csr_array(Z), X, P, tlp_missing)
    # column 0 now has only row 1 -> 20; column 2 only row 0 -> 10
    np.testing.assert_allclose(out[[0, 2]], [20.0, 10.0])


def _dense_otlp(Zd: np.ndarray, x: np.ndarray, p_rs: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Reference: build a[(r,i),(s,j)] explicitly, zero its diagonal, weighted means."""
    a = p_rs[:, None] * Zd / (p_rs * x)[None, :]
    np.fill_diagonal(a, 0.0)
    with np.errstate(invalid="ignore"):
        return (a * t[:, None]).sum(axis=0) / a.sum(axis=0)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 6), st.floats(0.05, 0.6), st.integers(0, 2**32 - 1))
def test_otlp_equals_dense_reference_on_random_sparse_mrio(m, n, density, seed):
    rng = np.random.default_rng(seed)
    N = m * n
    Zs = sp.random_array((N, N), density=density, rng=rng, format="csr")
    x = rng.uniform(1.0, 10.0, N)
    p = rng.uniform(0.5, 2.0, n)
    t = rng.uniform(1.0, 100.0, N)
    expected = _dense_otlp(Zs.toarray(), x, np.tile(p, m), t)
    np.testing.assert_allclose(otlp(Zs, x, p, t), expected, rtol=1e-12, equal_nan=True)


def test_otlp_never_builds_a_dense_matrix():
    # N = 300,000: a dense N x N float64 matrix would need 720 GB
    N = 300_000
    rng = np.random.default_rng(1)
    rows = rng.integers(0, N, 3 * N)
    cols = np.repeat(np.arange(N), 3)
    Zs = sp.csr_array((rng.random(3 * N), (rows, cols)), shape=(N, N))
    out = otlp(Zs, np.ones(N), np.ones(30), rng.uniform(1.0, 2.0, N))
    assert np.nanmin(out) >= 1.0 and np.nanmax(out) <= 2.0


def test_prices_must_fit_the_mrio():
    with pytest.raises(InvalidInputError, match="p: length 3"):
        otlp(sp.csr_array(Z), X, np.ones(3), TLP)
    with pytest.raises(InvalidInputError, match="col"):
        strongest_suppliers(sp.csr_array(Z), X, P, col=4, k=1)


def test_supplier_links_match_strongest_suppliers_column_by_column() -> None:
    rng = np.random.default_rng(3)
    N = 24
    Z = sp.random(N, N, density=0.3, random_state=rng, format="csc") * 100
    x = rng.uniform(50, 500, N)
    x[5] = 0.0  # a column without output has no links
    p = rng.uniform(0.5, 2.0, 6)
    supplier, user, a, rank = supplier_links(Z, x, p, 4)
    for col in range(N):
        idx, weight = strongest_suppliers(Z, x, p, col, 4)
        mine = user == col
        np.testing.assert_array_equal(supplier[mine], idx)
        np.testing.assert_allclose(a[mine], weight)
        np.testing.assert_array_equal(rank[mine], np.arange(1, len(idx) + 1))
    assert not (user == 5).any()


def test_supplier_links_of_some_users_are_those_users_rows_of_all() -> None:
    rng = np.random.default_rng(5)
    Z = sp.random(12, 12, density=0.5, random_state=rng, format="csc") * 10
    x, p = rng.uniform(50, 500, 12), rng.uniform(0.5, 2.0, 12)
    every = supplier_links(Z, x, p, 3)
    some = supplier_links(Z, x, p, 3, np.array([2, 7, 11]))
    mine = np.isin(every[1], [2, 7, 11])
    for whole, part in zip(every, some, strict=True):
        np.testing.assert_array_equal(part, whole[mine])
    assert set(some[1]) == {2, 7, 11}
