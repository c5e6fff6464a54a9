"""Productivity and organic composition (METHOD §4) on the hand-solved 2x2 economy."""

import numpy as np

from python_models import (
    deflate,
    living_labour_productivity,
    organic_composition,
    tlp,
)

# The economy of test_kernel_values: M = A + D = [[0.3, 0.3], [0.1, 0.5]], l = (0.5, 0.2),
# lambda = (0.84375, 0.90625) = (27/32, 29/32).
A = np.array([[0.2, 0.3], [0.1, 0.4]])
D = np.array([[0.1, 0.0], [0.0, 0.1]])
LAMBDA = np.array([0.84375, 0.90625])
X = np.array([100.0, 50.0])
HOURS = np.array([50.0, 10.0])  # l x
B = np.array([0.01, 0.02])


def test_tlp_is_the_reciprocal_value_and_nan_without_value():
    np.testing.assert_allclose(tlp(LAMBDA), [32 / 27, 32 / 29], rtol=1e-15)
    assert np.all(np.isnan(tlp(np.array([0.0, np.nan]))))


def test_living_labour_productivity():
    lp = living_labour_productivity(np.array([100.0, 50.0, 5.0]), np.array([50.0, 10.0, 0.0]))
    np.testing.assert_array_equal(lp[:2], [2.0, 5.0])  # = 1 / l
    assert np.isnan(lp[2])


def test_organic_composition_by_hand():
    # unit dead labour lambda M = (0.3*27/32 + 0.1*29/32, 0.3*27/32 + 0.5*29/32)
    #                           = (0.34375, 0.70625)  (and + l gives lambda back)
    # c = (34.375, 35.3125); lambda . b = 0.0084375 + 0.018125 = 0.0265625
    # v = 0.0265625 * (50, 10) = (1.328125, 0.265625); occ = (440/17, 2260/17)
    c, v, occ = organic_composition(LAMBDA, A, D, X, B, HOURS)
    np.testing.assert_allclose(c, [34.375, 35.3125], rtol=1e-14)
    np.testing.assert_allclose(v, [1.328125, 0.265625], rtol=1e-14)
    np.testing.assert_allclose(occ, [440 / 17, 2260 / 17], rtol=1e-14)


def test_organic_composition_is_nan_without_output_or_hours():
    _, _, occ = organic_composition(LAMBDA, A, D, np.array([0.0, 50.0]), B,
                                    np.array([50.0, 0.0]))
    assert np.all(np.isnan(occ))


def test_deflate_divides_by_the_price_index():
    out = deflate(np.array([110.0, 50.0]), np.array([1.1, 0.0]))
    np.testing.assert_allclose(out[0], 100.0)
    assert np.isnan(out[1])
