"""The rules the estimate takes as data: lumped domestic and foreign trade, tradability and the
distance decay per product group, on cases small enough to do by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nqpf.mrio.lumped import lumped_regions, split_lumped
from nqpf.mrio.tradability import (
    DEFAULT_BETAS,
    GROUPS,
    TRADABILITY_SEED,
    parse_betas,
    product_classes,
)
from nqpf.paths import SEEDS_DIR


def test_lumped_trade_is_split_by_the_reporting_regions_shares() -> None:
    # A and B report domestic trade, C books all of it as exports (two products)
    exports = np.array([[2.0, 0.0], [2.0, 4.0], [6.0, 2.0]])
    outflow = np.array([[6.0, 0.0], [2.0, 4.0], [0.0, 0.0]])
    inflow = np.array([[3.0, 1.0], [1.0, 3.0], [0.0, 0.0]])
    use = np.array([[10.0, 5.0], [10.0, 15.0], [5.0, 10.0]])
    output = np.full((3, 2), 20.0)
    lumped = lumped_regions(output, inflow, outflow)
    np.testing.assert_array_equal(lumped, [False, False, True])
    ex, into, out = split_lumped(lumped, use, exports, inflow, outflow)
    # foreign shares of A and B's exports: 4 / (4 + 8) and 4 / (4 + 4); inflow share of use
    # 4 / 20 for both products
    np.testing.assert_allclose(ex[2], [6 / 3, 2 / 2], rtol=1e-15)
    np.testing.assert_allclose(into[2], [0.2 * 5, 0.2 * 10], rtol=1e-15)
    # outflow: the domestic part of exports plus what the row identity needs for the inflow
    np.testing.assert_allclose(out[2], [6 * 2 / 3 + 1, 2 / 2 + 2], rtol=1e-15)
    # C's row keeps exports + outflow - inflow; A and B are untouched
    np.testing.assert_allclose((ex + out - into)[2], (exports + outflow - inflow)[2])
    for new, old in ((ex, exports), (into, inflow), (out, outflow)):
        np.testing.assert_array_equal(new[:2], old[:2])
    # a region with a little reported trade is not lumped; nothing to split without it
    outflow[2, 0] = 1e-3
    assert not lumped_regions(output, inflow, outflow).any()
    same = split_lumped(np.zeros(3, bool), use, exports, inflow, outflow)
    np.testing.assert_array_equal(same[2], outflow)


def test_tradability_seed_covers_both_classifications() -> None:
    seed = pd.read_csv(TRADABILITY_SEED, dtype=str)
    for scheme in ("nbs2012_42", "nbs2017_42"):
        codes = pd.read_csv(SEEDS_DIR / f"sectors_{scheme}.csv", dtype=str)["code"]
        rows = seed[seed["scheme"] == scheme]
        assert sorted(rows["code"]) == sorted(codes)
    assert set(seed["product_group"]) == set(GROUPS)
    assert set(seed["tradable"]) == {"true", "false"} and seed["source"].str.len().gt(10).all()


def test_product_classes_and_their_decay() -> None:
    # 2017 codes: real estate and public administration are not traded, power is energy;
    # a code the seed does not list is a tradable good
    classes = product_classes("nbs2017_42", ["33", "42", "24", "01", "99"])
    np.testing.assert_array_equal(classes.tradable, [False, False, True, True, True])
    assert classes.group == ["services", "services", "energy", "goods", "goods"]
    assert classes.unlisted == ["99"]
    np.testing.assert_array_equal(classes.betas(DEFAULT_BETAS), [1.5, 1.5, 0.5, 1.0, 1.0])
    # the same sector has another code in 2012: real estate is 34 there
    assert not product_classes("nbs2012_42", ["34"]).tradable[0]


def test_beta_options() -> None:
    assert parse_betas(None) == DEFAULT_BETAS
    assert parse_betas(["2"]) == dict.fromkeys(GROUPS, 2.0)
    assert parse_betas(["0.5", "services=2"]) == {"goods": 0.5, "energy": 0.5, "services": 2.0}
    with pytest.raises(ValueError, match="group 'rail' is not one of"):
        parse_betas(["rail=1"])
    with pytest.raises(ValueError, match="--beta goods=x: not a number"):
        parse_betas(["goods=x"])
