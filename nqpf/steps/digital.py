"""Digital input shares per region-year and their ratios to the reference table of the
region's economy (METHOD.md section 5), weighted with that economy's prices of production."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqpf.steps.tables import (
    RegionTable,
    empty_frame,
    price_lookup,
    region_tables,
    solved,
    with_aggregates,
)
from python_models import KernelError, digital_shares, relative_ratio, wage_consumption_matrix

SHARES = ("ddd", "dds", "idd", "ids", "dd", "ds", "di", "indi", "dt")
#: ratio column -> the share it relates to the aggregate's
RATIOS = {"ddr": "dd", "dsr": "ds", "dir": "di", "indir": "indi"}


WAGE_COLUMNS = ["dataset", "year", "region", "good", "sector", "value"]


def region_wage_consumption(t: RegionTable) -> pd.DataFrame:
    """C[k, i] of one region-year over its sectors with output, long (good k, sector i)."""
    a = t.restrict(t.active)
    C = wage_consumption_matrix(a.household_consumption, a.compensation)
    goods, users = np.nonzero(C)
    return pd.DataFrame({"dataset": t.dataset, "year": t.year, "region": t.region,
                         "good": a.sectors[goods], "sector": a.sectors[users],
                         "value": C[goods, users]}, columns=WAGE_COLUMNS)


def compute_wage_consumption(flows: pd.DataFrame, sectors: pd.DataFrame,
                             values: pd.DataFrame) -> pd.DataFrame:
    """The wage-consumption matrix of every solved region-year and aggregate (METHOD.md
    section 5): household consumption of each good split across employing sectors in
    proportion to their compensation."""
    parts = []
    for t in with_aggregates(region_tables(flows, sectors), solved(values)):
        try:
            parts.append(region_wage_consumption(t))
        except KernelError:
            continue  # no compensation at all: nothing to split (and no values either)
    return pd.concat(parts, ignore_index=True) if parts else empty_frame(WAGE_COLUMNS)


def _matrix(long: pd.DataFrame | None, sectors: np.ndarray) -> np.ndarray:
    """A long (good, sector, value) frame as a square matrix over ``sectors``."""
    index = {c: i for i, c in enumerate(sectors)}
    M = np.zeros((len(sectors), len(sectors)))
    if long is not None:
        M[long["good"].map(index).to_numpy(), long["sector"].map(index).to_numpy()] = (
            long["value"].to_numpy(float))
    return M


def region_shares(t: RegionTable, p: np.ndarray, wage: pd.DataFrame | None) -> pd.DataFrame:
    """The nine shares of one region-year, one row per sector with output; ``wage`` is its
    part of the wage-consumption frame."""
    a = t.restrict(t.active)
    C = _matrix(wage, a.sectors)
    shares = digital_shares(p[t.active], a.Z, C, a.x, a.digital_device, a.digital_service)
    frame = pd.DataFrame({"dataset": t.dataset, "year": t.year, "region": t.region,
                          "economy": t.economy, "sector": a.sectors, **shares.as_dict()})
    return frame


def compute_digital(flows: pd.DataFrame, sectors: pd.DataFrame, values: pd.DataFrame,
                    prices: pd.DataFrame, wage_consumption: pd.DataFrame) -> pd.DataFrame:
    """Shares for every solved region-year and each economy's aggregate, with the four
    relative ratios to the reference table of the region's economy."""
    lookup = price_lookup(prices)
    wages = dict(iter(wage_consumption.groupby(["dataset", "year", "region"])))
    parts = []
    for t in with_aggregates(region_tables(flows, sectors), solved(values)):
        p = lookup.get((t.dataset, t.year, t.economy))
        wage = wages.get((t.dataset, t.year, t.region))
        if p is None or wage is None:
            continue  # no prices (quarantined by the prices step) or no compensation at all
        parts.append(region_shares(t, p.reindex(t.sectors).fillna(0.0).to_numpy(float), wage))
    if not parts:
        return empty_frame(["dataset", "year", "region", "economy", "sector", *SHARES, *RATIOS])
    out = pd.concat(parts, ignore_index=True)
    key = ["dataset", "year", "economy", "sector"]
    national = out[out["region"] == out["economy"]].set_index(key)
    keys = pd.MultiIndex.from_frame(out[key])
    for ratio_name, share in RATIOS.items():
        out[ratio_name] = relative_ratio(out[share].to_numpy(),
                                         national[share].reindex(keys).to_numpy())
    return out
