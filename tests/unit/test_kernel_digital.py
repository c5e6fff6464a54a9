"""Digital input shares (METHOD §5) on a 3-sector table worked by hand."""

import numpy as np
import pytest

from python_models import (
    InvalidInputError,
    digital_shares,
    relative_ratio,
    wage_consumption_matrix,
)

# sectors: 0 manufacturing, 1 digital devices, 2 digital services
P = np.array([1.0, 2.0, 0.5])
Z = np.array([[10.0, 5.0, 2.0], [4.0, 1.0, 3.0], [6.0, 2.0, 1.0]])
X = np.array([100.0, 20.0, 40.0])  # p x = (100, 40, 20)
F = np.array([30.0, 10.0, 20.0])  # household consumption by good
W = np.array([50.0, 30.0, 20.0])  # compensation: shares (0.5, 0.3, 0.2)
DEVICE = np.array([False, True, False])
SERVICE = np.array([False, False, True])


def test_wage_consumption_matrix_splits_consumption_by_compensation():
    # C[k,i] = f_k * w_i / sum w
    expected = np.array([[15.0, 9.0, 6.0], [5.0, 3.0, 2.0], [10.0, 6.0, 4.0]])
    np.testing.assert_allclose(wage_consumption_matrix(F, W), expected, rtol=1e-15)


def test_digital_shares_by_hand():
    s = digital_shares(P, Z, wage_consumption_matrix(F, W), X, DEVICE, SERVICE)
    # ddd = 2 * Z[1, :] / (p x) = (8/100, 2/40, 6/20); dds = 0.5 * Z[2, :] / (p x)
    np.testing.assert_allclose(s.ddd, [0.08, 0.05, 0.3], rtol=1e-14)
    np.testing.assert_allclose(s.dds, [0.03, 0.025, 0.025], rtol=1e-14)
    # idd = 2 * C[1, :] / (p x) = (10/100, 6/40, 4/20); ids = 0.5 * C[2, :] / (p x)
    np.testing.assert_allclose(s.idd, [0.1, 0.15, 0.2], rtol=1e-14)
    np.testing.assert_allclose(s.ids, [0.05, 0.075, 0.1], rtol=1e-14)
    expected = {"dd": [0.18, 0.2, 0.5], "ds": [0.08, 0.1, 0.125], "di": [0.11, 0.075, 0.325],
                "indi": [0.15, 0.225, 0.3], "dt": [0.26, 0.3, 0.625]}
    shares = s.as_dict()
    for name, values in expected.items():
        np.testing.assert_allclose(shares[name], values, rtol=1e-14, err_msg=name)


def test_several_flagged_rows_are_summed():
    C = wage_consumption_matrix(F, W)
    one = digital_shares(P, Z, C, X, DEVICE, SERVICE)
    merged = digital_shares(P, Z, C, X, np.zeros(3, bool), DEVICE | SERVICE)
    np.testing.assert_allclose(merged.dds, one.ddd + one.dds, rtol=1e-14)
    np.testing.assert_allclose(merged.ids, one.idd + one.ids, rtol=1e-14)
    np.testing.assert_array_equal(merged.ddd, 0.0)


def test_zero_output_gives_nan_shares():
    s = digital_shares(P, Z, wage_consumption_matrix(F, W), np.array([100.0, 0.0, 40.0]),
                       DEVICE, SERVICE)
    assert np.isnan(s.dt[1]) and np.isfinite(s.dt[[0, 2]]).all()


def test_relative_ratio():
    np.testing.assert_allclose(relative_ratio(np.array([0.08, 0.03]), np.array([0.04, 0.03])),
                               [2.0, 1.0])
    assert np.isnan(relative_ratio(np.array([0.1]), np.array([0.0]))).all()


def test_masks_must_be_boolean_and_compensation_positive():
    C = wage_consumption_matrix(F, W)
    with pytest.raises(InvalidInputError, match="device"):
        digital_shares(P, Z, C, X, np.array([0, 1, 0]), SERVICE)
    with pytest.raises(InvalidInputError, match="compensation"):
        wage_consumption_matrix(F, np.zeros(3))
