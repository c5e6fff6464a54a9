"""Coefficients of one table (METHOD §1) on hand-checkable numbers."""

import numpy as np
import pytest
import scipy.sparse as sp

from python_models import (
    InvalidInputError,
    capital_coefficients,
    capital_coefficients_from_stock,
    depreciation_coefficients,
    input_coefficients,
    labour_coefficients,
    wage_basket,
)

Z = np.array([[20.0, 15.0], [10.0, 20.0]])
X = np.array([100.0, 50.0])


def test_input_coefficients_divide_columns_by_output():
    # A[i,j] = Z[i,j] / x_j: 20/100, 15/50; 10/100, 20/50
    expected = np.array([[0.2, 0.3], [0.1, 0.4]])
    np.testing.assert_allclose(input_coefficients(Z, X), expected, rtol=0, atol=1e-15)
    sparse = input_coefficients(sp.csr_array(Z), X)
    assert sp.issparse(sparse)
    np.testing.assert_allclose(sparse.toarray(), expected, rtol=0, atol=1e-15)


def test_zero_output_column_gets_zero_coefficients():
    A = input_coefficients(np.array([[1.0, 0.0], [2.0, 0.0]]), np.array([10.0, 0.0]))
    np.testing.assert_array_equal(A, [[0.1, 0.0], [0.2, 0.0]])


def test_depreciation_and_capital_coefficients():
    # GFCF shares (3, 1) / 4 = (0.75, 0.25); dep/x = (10/100, 5/50) = (0.1, 0.1)
    D = depreciation_coefficients(np.array([10.0, 5.0]), np.array([3.0, 1.0]), X)
    np.testing.assert_allclose(D, [[0.075, 0.075], [0.025, 0.025]], rtol=1e-15)
    # K[k,j] = T_j D[k,j] with T = (10, 20); a scalar T multiplies every column
    np.testing.assert_allclose(capital_coefficients(D, np.array([10.0, 20.0])),
                               [[0.75, 1.5], [0.25, 0.5]], rtol=1e-15)
    np.testing.assert_allclose(capital_coefficients(D, 15.0), 15 * D, rtol=1e-15)
    # stock/x = (200/100, 100/50) = (2, 2)
    K = capital_coefficients_from_stock(np.array([200.0, 100.0]), np.array([3.0, 1.0]), X)
    np.testing.assert_allclose(K, [[1.5, 1.5], [0.5, 0.5]], rtol=1e-15)


def test_labour_coefficients_and_wage_basket():
    hours = np.array([50.0, 10.0])
    np.testing.assert_allclose(labour_coefficients(hours, X), [0.5, 0.2])
    # b = f / sum hours = (3, 6) / 60
    np.testing.assert_allclose(wage_basket(np.array([3.0, 6.0]), hours), [0.05, 0.1])


@pytest.mark.parametrize(("call", "words"), [
    (lambda: input_coefficients(Z, np.array([100.0, -1.0])), ["x", "negative", "index 1"]),
    (lambda: input_coefficients(Z, np.array([1.0, 2.0, 3.0])), ["x", "length 2"]),
    (lambda: input_coefficients(np.ones((2, 3)), X), ["Z", "square"]),
    (lambda: depreciation_coefficients(X, np.zeros(2), X), ["gfcf", "> 0"]),
    (lambda: capital_coefficients(np.eye(2), np.array([10.0, 0.0])), ["T", "> 0"]),
    (lambda: wage_basket(X, np.zeros(2)), ["hours", "> 0"]),
    (lambda: labour_coefficients(np.array([1.0, np.nan]), X), ["hours", "non-finite"]),
])
def test_bad_input_names_the_argument_and_rule(call, words):
    with pytest.raises(InvalidInputError) as err:
        call()
    assert err.value.reason == "invalid_input"
    for word in words:
        assert word in str(err.value)
