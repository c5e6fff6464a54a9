"""The region-year steps on hand-built two-sector tables: inputs of goods a region does not
produce enter at the aggregate's lambda, and every economy of a dataset gets its own prices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nqpf.steps.prices import PriceParameters, compute_prices
from nqpf.steps.values import compute_values

# R1 makes only good 1 but uses good 2 (made in R2) as input and as fixed capital.
# R2 makes both. Z[i, j]: supplier row i, user column j.
Z = {"R1": [[20.0, 0.0], [10.0, 0.0]], "R2": [[10.0, 20.0], [30.0, 10.0]]}
X = {"R1": [100.0, 0.0], "R2": [100.0, 100.0]}
HOURS = {"R1": [50.0, 0.0], "R2": [40.0, 60.0]}
DEPRECIATION = {"R1": [8.0, 0.0], "R2": [0.0, 0.0]}
GFCF = {"R1": [0.0, 20.0], "R2": [5.0, 5.0]}
CONSUMPTION = {"R1": [4.0, 6.0], "R2": [5.0, 5.0]}
# the same, but R1 makes good 2 as well and nothing depreciates: G(r) = (1 + r)(A + B)
Z_BOTH = {"R1": [[20.0, 15.0], [10.0, 5.0]], "R2": Z["R2"]}
X_BOTH = {"R1": [100.0, 80.0], "R2": X["R2"]}
HOURS_BOTH = {"R1": [50.0, 30.0], "R2": HOURS["R2"]}
NO_DEPRECIATION = {"R1": [0.0, 0.0], "R2": [0.0, 0.0]}


def frames(economy: dict[str, str], z=Z, x=X, hours=HOURS,
           depreciation=DEPRECIATION) -> tuple[pd.DataFrame, pd.DataFrame]:
    """int_region_flows- and int_region_sectors-shaped frames of the tables above."""
    flows, sectors = [], []
    for r in ("R1", "R2"):
        for i in range(2):
            for j in range(2):
                if z[r][i][j]:
                    flows.append({"dataset": "d", "year": 2017, "region": r,
                                  "from_sector": f"0{i + 1}", "to_sector": f"0{j + 1}",
                                  "value": z[r][i][j]})
            sectors.append({
                "dataset": "d", "year": 2017, "region": r, "economy": economy[r],
                "consumption_basis": "hh_total", "sector": f"0{i + 1}",
                "gross_output": x[r][i], "hours": hours[r][i], "compensation": hours[r][i],
                "depreciation": depreciation[r][i], "gfcf": GFCF[r][i],
                "household_consumption": CONSUMPTION[r][i], "capital_stock": np.nan,
                "service_life_years": 15.0, "productive": True, "digital_device": i == 0,
                "digital_service": i == 1})
    return pd.DataFrame(flows), pd.DataFrame(sectors)


def test_inputs_of_goods_without_output_enter_at_the_aggregates_lambda() -> None:
    values = compute_values(*frames({"R1": "ALL", "R2": "ALL"}))
    lam = values.set_index(["region", "sector"])["lambda"]
    # the aggregate, solved independently: A + D of the summed tables, l = hours / x
    z = np.array(Z["R1"]) + np.array(Z["R2"])
    x = np.array(X["R1"]) + np.array(X["R2"])
    gfcf = np.array(GFCF["R1"]) + np.array(GFCF["R2"])
    dep = np.array(DEPRECIATION["R1"]) + np.array(DEPRECIATION["R2"])
    M = z / x + np.outer(gfcf / gfcf.sum(), dep / x)
    l_all = (np.array(HOURS["R1"]) + np.array(HOURS["R2"])) / x
    lam_all = np.linalg.solve((np.eye(2) - M).T, l_all)
    np.testing.assert_allclose(lam[("ALL", "01")], lam_all[0], rtol=1e-13)
    np.testing.assert_allclose(lam[("ALL", "02")], lam_all[1], rtol=1e-13)
    # R1: lambda_1 = 0.2 lambda_1 + 0.5 + lambda_ALL,2 (Z_21 / x_1 + D_21) with D_21 = 8/100:
    # the input of good 2 and the fixed capital made of it both at the aggregate's lambda
    expected = (0.5 + lam_all[1] * (0.1 + 0.08)) / 0.8
    assert lam[("R1", "01")] == pytest.approx(expected, rel=1e-13)
    outside = values.set_index(["region", "sector"])["outside_inputs"]
    assert outside[("R1", "01")] == pytest.approx(lam_all[1] * 0.18, rel=1e-13)
    assert outside[("R2", "01")] == 0.0
    # c includes the outside inputs: c_1 = (0.2 lambda_1 + 0.18 lambda_ALL,2) x_1
    c = values.set_index(["region", "sector"])["c"]
    assert c[("R1", "01")] == pytest.approx((0.2 * expected + 0.18 * lam_all[1]) * 100,
                                            rel=1e-12)


def _r_star(region: str) -> float:
    """r* of one region's table alone without fixed capital: G(r) = (1 + r)(A + B), so
    1 + r* = 1 / rho(A + B) with B = b l, b = consumption / hours."""
    A = np.array(Z_BOTH[region]) / np.array(X_BOTH[region])
    l_ = np.array(HOURS_BOTH[region]) / np.array(X_BOTH[region])
    B = np.outer(np.array(CONSUMPTION[region]) / sum(HOURS_BOTH[region]), l_)
    return 1.0 / max(abs(np.linalg.eigvals(A + B))) - 1.0


def _prices(economy: dict[str, str]) -> pd.DataFrame:
    flows, sectors = frames(economy, Z_BOTH, X_BOTH, HOURS_BOTH, NO_DEPRECIATION)
    return compute_prices(flows, sectors, compute_values(flows, sectors), PriceParameters())


def test_each_economy_gets_its_own_prices_and_profit_rate() -> None:
    values = compute_values(*frames({"R1": "R1", "R2": "R2"}, Z_BOTH, X_BOTH, HOURS_BOTH,
                                    NO_DEPRECIATION))
    assert set(values["region"]) == {"R1", "R2"}  # no pooled aggregate
    prices = _prices({"R1": "R1", "R2": "R2"})
    rates = prices.groupby("economy")["r_star"].first()
    assert rates["R1"] == pytest.approx(_r_star("R1"), rel=1e-9)
    assert rates["R2"] == pytest.approx(_r_star("R2"), rel=1e-9)
    # one economy pools both tables into one system with a rate in between
    pooled = _prices({"R1": "ALL", "R2": "ALL"})
    assert set(pooled["economy"]) == {"ALL"}
    assert min(rates) < pooled["r_star"].iloc[0] < max(rates)
    # each economy's prices total its own value
    for _, p in prices.groupby("economy"):
        assert (p["production_price"] * p["gross_output"]).sum() == pytest.approx(
            (p["lambda"] * p["gross_output"]).sum(), rel=1e-12)
