"""Labour values and productivity per region-year (METHOD.md sections 1, 2 and 4).

For each region-year (and the dataset aggregate, region 'ALL'): restrict to sectors with
output, build A, D and l, solve lambda = lambda (A + D) + l over the productive sectors, and
derive melt, tlp, lp and the organic composition. A region-year the kernels reject yields one
row with ``status`` = the kernel's reason and ``detail`` = its message; the quarantine mart
reports it and the value marts leave it out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqpf.steps.tables import AGGREGATE, RegionTable, region_tables, solved, with_aggregates
from python_models import (
    KernelError,
    depreciation_coefficients,
    input_coefficients,
    labour_coefficients,
    labour_values,
    living_labour_productivity,
    organic_composition,
    tlp,
    wage_basket,
)

COLUMNS = [
    "dataset", "year", "region", "sector", "productive", "gross_output", "hours", "lambda",
    "melt", "tlp", "lp", "c", "v", "occ", "status", "detail",
]


def _failure(t: RegionTable, status: str, detail: str) -> pd.DataFrame:
    return pd.DataFrame([{"dataset": t.dataset, "year": t.year, "region": t.region,
                          "status": status, "detail": detail}], columns=COLUMNS)


def _spread(values: np.ndarray, positions: np.ndarray, n: int) -> np.ndarray:
    """``values`` placed at ``positions`` of an all-NaN vector of length ``n``."""
    full = np.full(n, np.nan)
    full[positions] = values
    return full


def region_values(t: RegionTable) -> pd.DataFrame:
    """Values and productivity of one region-year, one row per sector."""
    active = t.active
    if not (active & t.productive).any():
        return _failure(t, "no_productive_output", "no productive sector has output")
    a = t.restrict(active)
    A = input_coefficients(a.Z, a.x)
    D = depreciation_coefficients(a.depreciation, a.gfcf, a.x)
    lam = labour_values(A, D, labour_coefficients(a.hours, a.x), productive=a.productive)
    # wage goods per hour of all labour employed; only productive goods carry value
    b = wage_basket(a.household_consumption, a.hours)
    prod = a.productive
    c, v, occ = organic_composition(lam[prod], A[np.ix_(prod, prod)], D[np.ix_(prod, prod)],
                                    a.x[prod], b[prod], a.hours[prod])
    out = pd.DataFrame({
        "dataset": t.dataset, "year": t.year, "region": t.region, "sector": t.sectors,
        "productive": t.productive, "gross_output": t.x, "hours": t.hours,
    })
    on_active = np.flatnonzero(active)
    out["lambda"] = _spread(lam, on_active, len(t.sectors))
    for name, column in (("c", c), ("v", v), ("occ", occ)):
        out[name] = _spread(column, on_active[prod], len(t.sectors))
    out["melt"] = tlp(out["lambda"].to_numpy())  # yuan per hour of total labour
    out["tlp"] = out["melt"]  # output per hour; equal to melt for monetary tables
    out["lp"] = living_labour_productivity(t.x, t.hours)
    out["status"] = np.where(~active, "no_output",
                             np.where(t.productive, "ok", "non_productive"))
    # typed, so that a build where every sector has output still has a text column
    out["detail"] = pd.array(
        np.where(~active, "sector reports no output: left out of the solve", None),
        dtype="string")
    return out[COLUMNS]


def _values_or_failure(t: RegionTable) -> pd.DataFrame:
    try:
        return region_values(t)
    except KernelError as exc:
        return _failure(t, exc.reason, str(exc))


def compute_values(flows: pd.DataFrame, sectors: pd.DataFrame) -> pd.DataFrame:
    """:func:`region_values` for every region-year of the assembly frames, then for each
    dataset-year's aggregate of the region-years that solved."""
    tables = list(region_tables(flows, sectors))
    regional = [_values_or_failure(t) for t in tables]
    if not regional:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.concat(regional, ignore_index=True)
    aggregates = [_values_or_failure(t) for t in with_aggregates(tables, solved(frame))
                  if t.region == AGGREGATE]
    return pd.concat([frame, *aggregates], ignore_index=True)
