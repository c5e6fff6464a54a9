"""Prices of production and the uniform profit rate per economy-year (METHOD.md section 3).

Computed on the reference table of each economy (the aggregate 'ALL' of a dataset whose
regions form one economy, else each country's own table), over every sector with output
(productive and non-productive take part in the equalisation): G(r) from A, the wage goods
B = b l, the fixed-capital coefficients K (T * D, or from the capital stock where the dataset
gives one) and the depreciation variant; p normalised so that total price equals total value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from nqpf.steps.tables import RegionTable, empty_frame, references, region_tables, solved
from python_models import (
    KernelError,
    capital_coefficients,
    capital_coefficients_from_stock,
    depreciation_coefficients,
    input_coefficients,
    labour_coefficients,
    prices_of_production,
    value_normalisation,
    wage_basket,
)

COLUMNS = [
    "dataset", "year", "economy", "consumption_basis", "sector", "gross_output", "lambda",
    "production_price", "r_star", "iterations", "residual", "eigenvalue", "depreciation",
    "profit_on", "normalisation", "status", "detail",
]


@dataclass(frozen=True)
class PriceParameters:
    """The dbt vars of the price model (docs/METHOD.md section 12)."""

    depreciation: Literal["son", "straight"] = "son"
    profit_on: Literal["all", "fixed"] = "all"
    normalisation: Literal["all", "productive"] = "all"
    r_max: float = 10.0


def national_prices(t: RegionTable, lam: np.ndarray, params: PriceParameters) -> pd.DataFrame:
    """Production prices of one dataset-year aggregate; ``lam`` are its labour values."""
    active = t.active
    a = t.restrict(active)
    A = input_coefficients(a.Z, a.x)
    # as in values: the GFCF split over every good, restricted to the goods with output
    D = depreciation_coefficients(t.depreciation, t.gfcf, t.x)[np.ix_(active, active)]
    K = (capital_coefficients_from_stock(a.capital_stock, a.gfcf, a.x)
         if a.capital_stock is not None else capital_coefficients(D, a.service_life))
    B = np.outer(wage_basket(a.household_consumption, a.hours), labour_coefficients(a.hours, a.x))
    result = prices_of_production(
        A, B, K, T=a.service_life, depreciation=params.depreciation,
        profit_on=params.profit_on, D=D if params.depreciation == "straight" else None,
        normalise=value_normalisation(np.nan_to_num(lam[active], nan=0.0), a.x, a.productive,
                                      params.normalisation),
        r_max=params.r_max)
    p = np.full(len(t.sectors), np.nan)
    p[active] = result.p
    return pd.DataFrame({
        "dataset": t.dataset, "year": t.year, "economy": t.economy,
        "consumption_basis": t.consumption_basis, "sector": t.sectors, "gross_output": t.x,
        "lambda": lam, "production_price": p, "r_star": result.r,
        "iterations": result.iterations, "residual": result.residual,
        "eigenvalue": result.eigenvalue, "depreciation": params.depreciation,
        "profit_on": params.profit_on, "normalisation": params.normalisation,
        # typed, so that a build where every dataset-year is priced still has a text column
        "status": np.where(active, "ok", "no_output"),
        "detail": pd.Series(None, index=range(len(active)), dtype="string"),
    })[COLUMNS]


def compute_prices(flows: pd.DataFrame, sectors: pd.DataFrame, values: pd.DataFrame,
                   params: PriceParameters) -> pd.DataFrame:
    """:func:`national_prices` for the reference table of every economy-year."""
    reference = values[values["region"] == values["economy"]]
    lam_by_key = {key: g.set_index("sector")["lambda"]
                  for key, g in reference.groupby(["dataset", "year", "economy"])}
    parts = []
    for t in references(region_tables(flows, sectors), solved(values)):
        lam = lam_by_key.get((t.dataset, t.year, t.economy))
        try:
            if lam is None or lam.isna().all():
                raise KernelError("no_values", "the aggregate has no labour values to "
                                  "normalise prices with (see the values quarantine rows)")
            parts.append(national_prices(t, lam.reindex(t.sectors).to_numpy(dtype=float),
                                         params))
        except KernelError as exc:
            parts.append(pd.DataFrame([{
                "dataset": t.dataset, "year": t.year, "economy": t.economy,
                "consumption_basis": t.consumption_basis, "depreciation": params.depreciation,
                "profit_on": params.profit_on, "normalisation": params.normalisation,
                "status": exc.reason, "detail": str(exc)}], columns=COLUMNS))
    if not parts:
        return empty_frame(COLUMNS)
    return pd.concat(parts, ignore_index=True)
