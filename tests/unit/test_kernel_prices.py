"""Prices of production (METHOD §3): Sraffa's economy, closed forms, identities, errors."""

import math

import numpy as np
import pytest
import scipy.linalg as la
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from kernel_strategies import Economy, economies

import python_models._spectral as spectral
from python_models import (
    KernelError,
    NoProfitRateError,
    capital_coefficients,
    labour_values,
    prices_of_production,
    son_depreciation_rate,
    value_normalisation,
)
from python_models.prices import _input_matrix

ZERO3 = np.zeros((3, 3))


def test_son_depreciation_rate_values_and_limit():
    # d(r) = r / ((1 + r)^T - 1): d(0.1, 1) = 0.1 / 0.1 = 1; d(1, 2) = 1 / (4 - 1) = 1/3
    np.testing.assert_allclose(son_depreciation_rate([0.1, 1.0], [1.0, 2.0]), [1.0, 1 / 3],
                               rtol=1e-14)
    # d(0) = 1/T, vectorised over T
    np.testing.assert_array_equal(son_depreciation_rate(0.0, np.array([1.0, 2.0, 4.0, 15.0])),
                                  [1.0, 0.5, 0.25, 1 / 15])
    # near 0: d(r) = 1/T - r (T - 1) / (2T) + O(r^2); no cancellation at r = 1e-10
    r = 1e-10
    assert son_depreciation_rate(r, 15.0) == pytest.approx(1 / 15 - r * 14 / 30, rel=1e-14)


@settings(max_examples=50, deadline=None)
@given(st.floats(1e-8, 2.0), st.floats(1.5, 50.0))
def test_son_rate_is_the_annuity_remainder(r, T):
    d = float(son_depreciation_rate(r, T))
    assert d * ((1 + r) ** T - 1) == pytest.approx(r, rel=1e-10)
    assert 0 < d < 1 / T  # positive interest lowers the sinking-fund charge below 1/T


# Sraffa (1960, §2), a subsistence economy. Flows with rows = commodities as inputs (wheat,
# iron, pigs) and columns = industries: the wheat industry uses 240 qr wheat, 12 t iron and
# 18 pigs to make 450 qr wheat; iron uses 90, 6, 12 for 21 t; pigs use 120, 3, 30 for 60.
# Each row sums to that commodity's output (450, 21, 60): nothing is left over, rho(A) = 1.
SRAFFA_Z = np.array([[240.0, 90.0, 120.0], [12.0, 6.0, 3.0], [18.0, 12.0, 30.0]])
SRAFFA_X = np.array([450.0, 21.0, 60.0])


def test_sraffa_subsistence_economy_prices_are_the_left_eigenvector():
    A = SRAFFA_Z / SRAFFA_X[None, :]
    result = prices_of_production(A, ZERO3, ZERO3)
    assert result.r == 0.0
    assert result.eigenvalue == pytest.approx(1.0, abs=1e-12)
    # 10 qr wheat : 1 t iron : 2 pigs -> iron 10 and pigs 5 per quarter of wheat
    np.testing.assert_allclose(result.p / result.p[0], [1.0, 10.0, 5.0], rtol=1e-12)
    # by hand, wheat industry: 240 * 1 + 12 * 10 + 18 * 5 = 450 = 450 * 1
    np.testing.assert_allclose(result.p @ SRAFFA_Z, result.p * SRAFFA_X, rtol=1e-12)
    # the RIGHT eigenvector is proportional to the outputs (A x = Z 1 = x), not the prices
    values, vectors = la.eig(A)
    right = vectors[:, np.argmax(values.real)].real
    np.testing.assert_allclose(right / right[0], SRAFFA_X / SRAFFA_X[0], rtol=1e-12)
    assert not np.allclose(right / right[0], [1.0, 10.0, 5.0], rtol=0.1)


def test_sraffa_economy_has_no_labour_values():
    # a subsistence economy with rho(A) = 1 cannot carry positive living labour
    with pytest.raises(KernelError) as err:
        labour_values(SRAFFA_Z / SRAFFA_X[None, :], ZERO3, np.ones(3))
    assert err.value.reason == "not_productive"


def test_circulating_capital_only_by_hand():
    # A = [[0.2, 0.3], [0.1, 0.4]]: eigenvalues 0.5 and 0.1, so (1 + r*) 0.5 = 1, r* = 1.
    # Left: 0.2 p1 + 0.1 p2 = 0.5 p1 -> p2 = 3 p1. Right: 0.2 v1 + 0.3 v2 = 0.5 v1 -> v2 = v1.
    A = np.array([[0.2, 0.3], [0.1, 0.4]])
    result = prices_of_production(A, np.zeros((2, 2)), np.zeros((2, 2)))
    assert result.r == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(result.p, [0.25, 0.75], rtol=1e-12)
    assert result.iterations > 0


@pytest.mark.parametrize(("depreciation", "profit_on", "expected"), [
    # one sector, a = 0.3, K = 0.5, T = 2: D = 0.25; d(r) = r / ((1+r)^2 - 1) = 1 / (2 + r)
    # son/all: 0.3(1+r) + 0.5/(2+r) + 0.5 r = 1 -> 0.8 r^2 + 0.9 r - 0.9 = 0
    ("son", "all", (-0.9 + math.sqrt(0.81 + 4 * 0.8 * 0.9)) / 1.6),
    # straight/all: 0.3(1+r) + 0.25 + 0.5 r = 1 -> r = 0.45 / 0.8
    ("straight", "all", 0.5625),
    # straight/fixed: 0.3 + 0.25 + 0.5 r = 1 -> r = 0.9
    ("straight", "fixed", 0.9),
    # son/fixed: 0.3 + 0.5/(2+r) + 0.5 r = 1 -> 0.5 r^2 + 0.3 r - 0.9 = 0
    ("son", "fixed", (-0.3 + math.sqrt(0.09 + 4 * 0.5 * 0.9)) / 1.0),
])
def test_profit_rate_with_fixed_capital_by_hand(depreciation, profit_on, expected):
    result = prices_of_production(np.array([[0.3]]), np.array([[0.0]]), np.array([[0.5]]),
                                  T=2.0, depreciation=depreciation, profit_on=profit_on)
    assert result.r == pytest.approx(expected, abs=1e-11)


@settings(max_examples=25, deadline=None)
@given(economies(max_n=6), st.sampled_from(["son", "straight"]),
       st.sampled_from(["all", "fixed"]))
def test_prices_reproduce_themselves(eco: Economy, depreciation, profit_on):
    K = capital_coefficients(eco.D, eco.T)
    result = prices_of_production(eco.A, eco.B, K, T=eco.T, depreciation=depreciation,
                                  profit_on=profit_on)
    G = _input_matrix(eco.A, eco.B, K, eco.T, depreciation, profit_on, None)(result.r)
    assert 0 < result.r < 10
    assert np.max(np.abs(la.eigvals(G))) == pytest.approx(1.0, abs=1e-10)
    np.testing.assert_allclose(result.p @ G, result.p, rtol=0, atol=1e-10 * result.p.max())
    assert result.residual < 1e-10
    assert np.all(result.p > 0)


@settings(max_examples=15, deadline=None)
@given(economies(max_n=6))
def test_total_price_equals_total_value(eco: Economy):
    productive = np.arange(eco.x.size) % 3 != 2
    lam = labour_values(eco.A, eco.D, eco.l, productive=productive)
    K = capital_coefficients(eco.D, eco.T)
    for basis in ("all", "productive"):
        weights, total = value_normalisation(lam, eco.x, productive, basis=basis)
        p = prices_of_production(eco.A, eco.B, K, T=eco.T, normalise=(weights, total)).p
        x_basis = eco.x if basis == "all" else np.where(productive, eco.x, 0.0)
        assert p @ x_basis == pytest.approx(np.nansum(lam * np.where(productive, eco.x, 0)),
                                            rel=1e-12)


def test_sparse_inputs_use_arpack_and_agree_with_dense(monkeypatch):
    rng = np.random.default_rng(3)
    n = 60
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.3) + np.eye(n, k=1) + np.eye(n, k=-n + 1)
    A *= 0.5 / A.sum(axis=0)  # a cycle through every sector keeps A irreducible
    B = np.outer(rng.random(n), rng.random(n)) * 0.002
    K = rng.random((n, n)) * 0.01
    dense = prices_of_production(A, B, K)
    monkeypatch.setattr(spectral, "DENSE_LIMIT", 10)
    sparse = prices_of_production(sp.csc_array(A), sp.csc_array(B), sp.csc_array(K))
    assert sparse.r == pytest.approx(dense.r, abs=1e-10)
    np.testing.assert_allclose(sparse.p, dense.p, rtol=1e-8)


def test_wage_basket_too_large_has_no_profit_rate():
    A = np.array([[0.2, 0.3], [0.1, 0.4]])
    B = np.full((2, 2), 0.4)  # A + B has column sums 0.7 + 0.8 > 1 at r = 0
    with pytest.raises(NoProfitRateError) as err:
        prices_of_production(A, B, np.zeros((2, 2)))
    assert err.value.reason == "no_profit_rate"
    assert "wage basket" in str(err.value)


def test_profit_rate_beyond_r_max_is_reported():
    # profit on fixed capital only, with no fixed capital: G(r) = A for every r
    with pytest.raises(NoProfitRateError, match="r_max"):
        prices_of_production(np.array([[0.2, 0.3], [0.1, 0.4]]), np.zeros((2, 2)),
                             np.zeros((2, 2)), profit_on="fixed")


def test_reducible_matrix_without_positive_prices_is_reported():
    # two separate industries: the dominant one prices the other's good at zero
    A = np.array([[0.5, 0.0], [0.0, 0.2]])
    with pytest.raises(KernelError) as err:
        prices_of_production(A, np.zeros((2, 2)), np.zeros((2, 2)))
    assert err.value.reason == "reducible"


def test_unknown_switches_are_refused():
    A = np.array([[0.2]])
    with pytest.raises(ValueError, match="depreciation"):
        prices_of_production(A, A, A, depreciation="double")
    with pytest.raises(ValueError, match="profit_on"):
        prices_of_production(A, A, A, profit_on="circulating")
