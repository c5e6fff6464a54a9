"""Labour values (METHOD §2): a hand-solved economy, identities, and the productivity checks."""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from kernel_strategies import Economy, economies

from python_models import KernelError, NotProductiveError, labour_values, spectral_radius

# 2x2 economy: M = A + D = [[0.3, 0.3], [0.1, 0.5]], l = (0.5, 0.2)
A2 = np.array([[0.2, 0.3], [0.1, 0.4]])
D2 = np.array([[0.1, 0.0], [0.0, 0.1]])
L2 = np.array([0.5, 0.2])
# lambda_1 = 0.3 lambda_1 + 0.1 lambda_2 + 0.5 and lambda_2 = 0.3 lambda_1 + 0.5 lambda_2 + 0.2
# -> lambda_2 = 0.6 lambda_1 + 0.4; 0.7 lambda_1 = 0.06 lambda_1 + 0.54 -> lambda_1 = 0.84375,
#    lambda_2 = 0.90625
LAMBDA2 = np.array([0.84375, 0.90625])


@pytest.mark.parametrize("method", ["auto", "direct", "iterative"])
@pytest.mark.parametrize("kind", [np.asarray, sp.csc_array])
def test_two_sector_values_by_hand(method, kind):
    lam = labour_values(kind(A2), kind(D2), L2, method=method)
    np.testing.assert_allclose(lam, LAMBDA2, rtol=1e-13)


def test_non_productive_sectors_are_left_out():
    # sector 2 is non-productive: its row and column drop out, its value is NaN
    A = np.zeros((3, 3))
    A[:2, :2] = A2
    A[2, :] = 0.3  # inputs from the non-productive sector carry no value
    D = np.zeros((3, 3))
    D[:2, :2] = D2
    lam = labour_values(A, D, np.append(L2, 0.7), productive=np.array([True, True, False]))
    np.testing.assert_allclose(lam[:2], LAMBDA2, rtol=1e-13)
    assert np.isnan(lam[2])


@settings(max_examples=60, deadline=None)
@given(economies())
def test_values_reproduce_themselves(eco: Economy):
    lam = labour_values(eco.A, eco.D, eco.l)
    np.testing.assert_allclose(lam, lam @ (eco.A + eco.D) + eco.l, rtol=0,
                               atol=1e-10 * lam.max())
    sparse = labour_values(sp.csc_array(eco.A), sp.csc_array(eco.D), eco.l)
    np.testing.assert_allclose(sparse, lam, rtol=1e-12)


def test_sparse_iterative_matches_sparse_lu_on_a_larger_system():
    rng = np.random.default_rng(7)
    n = 400
    M = sp.random_array((n, n), density=0.02, rng=rng, format="csc")
    M = M @ sp.diags_array(0.8 / np.maximum(M.sum(axis=0), 1e-12))  # column sums <= 0.8
    l_vec = rng.uniform(0.1, 1.0, n)
    iterative = labour_values(M, sp.csc_array((n, n)), l_vec, method="iterative")
    direct = labour_values(M, sp.csc_array((n, n)), l_vec, method="direct")
    np.testing.assert_allclose(iterative, direct, rtol=1e-11)


def test_spectral_radius_at_least_one_is_rejected_with_its_value():
    A = np.array([[0.6, 0.6], [0.6, 0.6]])  # rho = 1.2
    with pytest.raises(NotProductiveError) as err:
        labour_values(A, np.zeros((2, 2)), L2)
    assert err.value.reason == "not_productive"
    assert "1.2" in str(err.value)
    assert isinstance(err.value, KernelError)


def test_sparse_large_non_productive_system_uses_arpack_radius():
    n = 1500  # above the dense limit: the radius comes from ARPACK
    A = sp.diags_array(np.full(n, 1.05), format="csc")
    assert spectral_radius(A) == pytest.approx(1.05, rel=1e-9)
    with pytest.raises(NotProductiveError, match=r"1\.05"):
        labour_values(A, sp.csc_array((n, n)), np.ones(n))


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method"):
        labour_values(A2, D2, L2, method="inverse")
