"""Agglomeration per region-year (METHOD.md section 7): the region's share of each national
sector, its digital location quotient and its total output at prices of production; national
totals are sums over the valid regions of the region's economy, valued at its prices."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqpf.steps.tables import empty_frame, price_lookup, solved_rows
from python_models import digital_location_quotient, industrial_share, production_price_total

COLUMNS = ["dataset", "year", "region", "economy", "sector", "pri", "dlq", "pp"]


def compute_agglomeration(sectors: pd.DataFrame, values: pd.DataFrame,
                          prices: pd.DataFrame) -> pd.DataFrame:
    """pri per region-sector, dlq and pp per region (repeated on its sectors), over the
    region-years whose value solve succeeded."""
    lookup = price_lookup(prices)
    regional = solved_rows(sectors, values)
    parts = []
    for (dataset, year, economy), g in regional.groupby(["dataset", "year", "economy"]):
        p = lookup.get((str(dataset), int(year), str(economy)))
        if p is None:
            continue
        X = g.pivot(index="region", columns="sector", values="gross_output").fillna(0.0)
        flags = g.drop_duplicates("sector").set_index("sector").reindex(X.columns)
        prices_ = p.reindex(X.columns).fillna(0.0).to_numpy(float)
        pri = industrial_share(prices_, X.to_numpy())
        dlq = digital_location_quotient(prices_, X.to_numpy(),
                                        flags["digital_device"].to_numpy(bool),
                                        flags["digital_service"].to_numpy(bool))
        pp = production_price_total(prices_, X.to_numpy())
        frame = pd.DataFrame(pri, index=X.index, columns=X.columns).stack().rename("pri")
        frame = frame.reset_index()
        per_region = pd.DataFrame({"region": X.index, "dlq": dlq, "pp": pp})
        frame = frame.merge(per_region, on="region").assign(dataset=dataset, year=int(year),
                                                           economy=economy)
        parts.append(frame[COLUMNS])
    if not parts:
        return empty_frame(COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    return out[np.isfinite(out["pri"].to_numpy(float))]
