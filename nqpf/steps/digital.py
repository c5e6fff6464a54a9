"""Digital input shares per region-year and their ratios to the dataset aggregate
(METHOD.md section 5), weighted with the dataset-year's prices of production."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqpf.steps.tables import (
    AGGREGATE,
    RegionTable,
    region_tables,
    solved,
    with_aggregates,
)
from python_models import KernelError, digital_shares, relative_ratio, wage_consumption_matrix

SHARES = ("ddd", "dds", "idd", "ids", "dd", "ds", "di", "indi", "dt")
#: ratio column -> the share it relates to the aggregate's
RATIOS = {"ddr": "dd", "dsr": "ds", "dir": "di", "indir": "indi"}


def price_lookup(prices: pd.DataFrame) -> dict[tuple[str, int], pd.Series]:
    """Production prices by (dataset, year), indexed by sector."""
    ok = prices[prices["status"] == "ok"]
    return {(str(d), int(y)): g.set_index("sector")["production_price"]
            for (d, y), g in ok.groupby(["dataset", "year"])}


def region_shares(t: RegionTable, p: np.ndarray) -> pd.DataFrame:
    """The nine shares of one region-year, one row per sector with output."""
    a = t.restrict(t.active)
    C = wage_consumption_matrix(a.household_consumption, a.compensation)
    shares = digital_shares(p[t.active], a.Z, C, a.x, a.digital_device, a.digital_service)
    frame = pd.DataFrame({"dataset": t.dataset, "year": t.year, "region": t.region,
                          "sector": a.sectors, **shares.as_dict()})
    return frame


def compute_digital(flows: pd.DataFrame, sectors: pd.DataFrame, values: pd.DataFrame,
                    prices: pd.DataFrame) -> pd.DataFrame:
    """Shares for every solved region-year and each dataset-year aggregate (region 'ALL'),
    with the four relative ratios to the aggregate."""
    lookup = price_lookup(prices)
    parts = []
    for t in with_aggregates(region_tables(flows, sectors), solved(values)):
        p = lookup.get((t.dataset, t.year))
        if p is None:
            continue  # no prices for the dataset-year: quarantined by the prices step
        try:
            parts.append(region_shares(t, p.reindex(t.sectors).fillna(0.0).to_numpy(float)))
        except KernelError:
            continue  # e.g. no compensation at all: the region has no values either
    if not parts:
        return pd.DataFrame(columns=["dataset", "year", "region", "sector", *SHARES, *RATIOS])
    out = pd.concat(parts, ignore_index=True)
    national = out[out["region"] == AGGREGATE].set_index(["dataset", "year", "sector"])
    keys = pd.MultiIndex.from_frame(out[["dataset", "year", "sector"]])
    for ratio_name, share in RATIOS.items():
        out[ratio_name] = relative_ratio(out[share].to_numpy(),
                                         national[share].reindex(keys).to_numpy())
    return out
