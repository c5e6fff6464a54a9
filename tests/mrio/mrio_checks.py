"""What every MRIO estimated from a single-region dataset must satisfy, as one check."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqpf.contract import CanonicalDataset
from nqpf.mrio.assemble import trade_marginals
from nqpf.mrio.dataset import BALANCE, TRADE, year_tables
from nqpf.mrio.lumped import lumped_regions, split_lumped
from nqpf.mrio.tradability import product_classes

#: every region's own table comes back to this relative tolerance
RTOL = 1e-9


def check_mrio(source: CanonicalDataset, mrio: CanonicalDataset) -> None:
    """Every region's own table from the MRIO, the row balance and the trade marginals."""
    flows, fd = mrio.tables["flows"], mrio.tables["final_demand"]
    assert (flows["value"] >= 0).all()
    signed = fd["category"].isin(["inventory", "other", BALANCE])
    assert (fd.loc[~signed, "value"] >= 0).all() and not fd["category"].isin(TRADE).any()
    keys = ["year", "to_region", "from_sector", "to_sector"]
    # intermediate use: the column of s summed over origins is s's own table
    own = source.tables["flows"].groupby(keys)["value"].sum()
    back = flows.groupby(keys)["value"].sum().reindex(own.index, fill_value=0.0)
    np.testing.assert_allclose(back, own, rtol=RTOL, atol=1e-12 * own.abs().max())
    # final demand: every local category and the discrepancy, summed over origins; exports
    # of the regions that report domestic trade
    src = source.tables["final_demand"]
    keys = ["year", "to_region", "from_sector", "category"]
    own = src[~src["category"].isin(TRADE)].groupby(keys)["value"].sum()
    back = fd.groupby(keys)["value"].sum().reindex(own.index, fill_value=0.0)
    lumped = {(y, r) for y in set(source.tables["gross_output"]["year"])
              for r in lumped_of(source, int(y))}
    kept = [(y, r) not in lumped or c != "exports" for y, r, _, c in own.index]
    np.testing.assert_allclose(back[kept], own[kept], rtol=RTOL,
                               atol=1e-12 * own.abs().max())
    # output, value added, labour, imports and the rest: unchanged
    assert set(mrio.tables) == set(source.tables)
    for name in set(source.tables) - {"flows", "final_demand"}:
        pd.testing.assert_frame_equal(mrio.tables[name], source.tables[name])
    # rows: what each region-sector supplies (to all regions, with its balance error) is what
    # it supplied in its own table
    keys = ["year", "from_region", "from_sector"]
    supplied = pd.concat([flows, fd]).groupby(keys)["value"].sum()
    own = pd.concat([source.tables["flows"], src]).groupby(keys)["value"].sum()
    np.testing.assert_allclose(supplied.reindex(own.index, fill_value=0.0), own, rtol=RTOL,
                               atol=1e-12 * own.abs().max())
    # trade marginals: shipments to other regions = supply a, receipts = demand b
    between = pd.concat([flows, fd])
    between = between[between["from_region"] != between["to_region"]]
    for year in sorted(set(source.tables["gross_output"]["year"])):
        t = year_tables(source, int(year))
        classes = product_classes(source.scheme_for(int(year)), t.sectors)
        lumped = lumped_regions(t.x, t.extra["inflow"], t.extra["outflow"])
        exports, inflow, outflow = split_lumped(lumped, t.use, t.extra["exports"],
                                                t.extra["inflow"], t.extra["outflow"])
        m = trade_marginals(t.x, t.use, exports, inflow, outflow, classes.tradable,
                            mrio.metadata["mrio_construction"]["trade_total"])
        here = between[between["year"] == year]
        shipped = here.groupby(["from_region", "from_sector"])["value"].sum()
        received = here.groupby(["to_region", "from_sector"])["value"].sum()
        idx = pd.MultiIndex.from_product([t.regions, t.sectors])
        a, b = m.supply, m.demand
        np.testing.assert_allclose(shipped.reindex(idx, fill_value=0.0), a.ravel(), rtol=RTOL,
                                   atol=1e-9 * a.max())
        np.testing.assert_allclose(received.reindex(idx, fill_value=0.0), b.ravel(),
                                   rtol=RTOL, atol=1e-9 * b.max())
        assert (a > 0).any()


def lumped_of(source: CanonicalDataset, year: int) -> list[str]:
    """The regions of ``year`` that report no trade with the other regions."""
    t = year_tables(source, year)
    hit = lumped_regions(t.x, t.extra["inflow"], t.extra["outflow"])
    return [r for r, h in zip(t.regions, hit, strict=True) if h]
