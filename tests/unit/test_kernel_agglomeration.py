"""Agglomeration indicators (METHOD §7) on two regions worked by hand."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from python_models import (
    InvalidInputError,
    digital_location_quotient,
    industrial_share,
    production_price_total,
)

X = np.array([[10.0, 0.0, 5.0], [30.0, 4.0, 5.0]])  # regions x sectors
P = np.array([1.0, 2.0, 4.0])  # p x = [[10, 0, 20], [30, 8, 20]]
DEVICE = np.array([False, True, False])
SERVICE = np.array([False, False, True])


def test_industrial_share_by_hand():
    np.testing.assert_allclose(industrial_share(P, X), [[0.25, 0.0, 0.5], [0.75, 1.0, 0.5]])


def test_production_price_total_by_hand():
    np.testing.assert_allclose(production_price_total(P, X), [30.0, 58.0])


def test_digital_location_quotient_by_hand():
    # digital shares: region 0 20/30, region 1 28/58, nation 48/88
    # dlq = (2/3) / (6/11) = 11/9 and (14/29) / (6/11) = 77/87
    np.testing.assert_allclose(digital_location_quotient(P, X, DEVICE, SERVICE),
                               [11 / 9, 77 / 87], rtol=1e-14)


def test_region_shaped_like_the_nation_has_dlq_one():
    same = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.5, 1.0, 1.5]])
    np.testing.assert_allclose(digital_location_quotient(P, same, DEVICE, SERVICE), 1.0,
                               rtol=1e-14)


def test_sector_nobody_produces_has_nan_share():
    share = industrial_share(np.ones(2), np.array([[1.0, 0.0], [3.0, 0.0]]))
    assert np.isnan(share[:, 1]).all()


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(float, st.tuples(st.integers(1, 6), st.integers(1, 5)),
                  elements=st.floats(0.01, 1e6)))
def test_shares_sum_to_one_over_regions(X_random):
    p = np.linspace(0.5, 2.0, X_random.shape[1])
    np.testing.assert_allclose(industrial_share(p, X_random).sum(axis=0), 1.0, rtol=1e-12)
    # regional prices (m, n) are accepted and keep the identity
    np.testing.assert_allclose(industrial_share(X_random / X_random.max(), X_random).sum(axis=0),
                               1.0, rtol=1e-12)


def test_prices_must_match_the_sectors():
    with pytest.raises(InvalidInputError, match=r"\(2, 3\) and \(2,\)"):
        industrial_share(np.ones(2), X)
