"""Production-network indicators (METHOD.md section 6): otlp, the input-weighted mean TLP of
the other region-sectors supplying each region-sector, and its strongest supplier links.

Multi-regional datasets use the full MRIO as one sparse matrix per dataset-year; a dataset
that is not an MRIO falls back to each region's own table (suppliers are the region's other
sectors), and every row says which way it was computed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from nqpf.steps.tables import empty_frame, solved_rows
from python_models import otlp, supplier_links

NETWORK_COLUMNS = ["dataset", "year", "region", "sector", "otlp", "fallback"]
LINK_COLUMNS = ["dataset", "year", "region", "sector", "supplier_region", "supplier_sector",
                "weight", "rank"]


@dataclass(frozen=True)
class Network:
    """One dataset-year's network: region-sector labels, sparse Z (supplier row to user
    column), output, prices (of the region's economy) and TLP per region-sector."""

    dataset: str
    year: int
    regions: np.ndarray
    sectors: np.ndarray
    Z: sp.csc_matrix
    x: np.ndarray
    p: np.ndarray
    tlp: np.ndarray
    fallback: bool


def _network(dataset: str, year: int, nodes: pd.DataFrame, flows: pd.DataFrame,
             p: pd.Series, tlp: pd.Series, fallback: bool) -> Network:
    """``p``: production prices indexed by (economy, sector)."""
    nodes = nodes.sort_values(["region", "sector"]).reset_index(drop=True)
    index = pd.Series(np.arange(len(nodes)),
                      index=pd.MultiIndex.from_frame(nodes[["region", "sector"]]))
    rows = index.reindex(pd.MultiIndex.from_frame(
        flows[["from_region", "from_sector"]].set_axis(["region", "sector"], axis=1))).to_numpy()
    cols = index.reindex(pd.MultiIndex.from_frame(
        flows[["to_region", "to_sector"]].set_axis(["region", "sector"], axis=1))).to_numpy()
    keep = ~(np.isnan(rows) | np.isnan(cols))  # suppliers outside the valid regions
    n = len(nodes)
    Z = sp.csc_matrix((flows["value"].to_numpy(float)[keep],
                       (rows[keep].astype(np.int64), cols[keep].astype(np.int64))), shape=(n, n))
    keys = pd.MultiIndex.from_frame(nodes[["region", "sector"]])
    return Network(
        dataset=dataset, year=year, regions=nodes["region"].to_numpy(object),
        sectors=nodes["sector"].to_numpy(object), Z=Z,
        x=nodes["gross_output"].to_numpy(float),
        p=p.reindex(pd.MultiIndex.from_frame(nodes[["economy", "sector"]])).fillna(0.0)
        .to_numpy(float),
        tlp=tlp.reindex(keys).to_numpy(float), fallback=fallback)


def networks(mrio_flows: pd.DataFrame, region_flows: pd.DataFrame, sectors: pd.DataFrame,
             values: pd.DataFrame, prices: pd.DataFrame) -> Iterator[Network]:
    """One :class:`Network` per MRIO dataset-year, and one per region-year of the others."""
    ok_prices = prices[prices["status"] == "ok"]
    lookup = {(str(d), int(y)): g.set_index(["economy", "sector"])["production_price"]
              for (d, y), g in ok_prices.groupby(["dataset", "year"])}
    ok = values[(values["status"] == "ok") & values["region"].isin(sectors["region"])]
    tlp_by_year = {(d, y): g.set_index(["region", "sector"])["tlp"]
                   for (d, y), g in ok.groupby(["dataset", "year"])}
    no_tlp = pd.Series(dtype=float, index=pd.MultiIndex.from_tuples([], names=["region",
                                                                           "sector"]))
    nodes_all = solved_rows(sectors, values)
    mrio = set(map(tuple, mrio_flows[["dataset", "year"]].drop_duplicates().to_numpy()))
    for (dataset, year), nodes in nodes_all.groupby(["dataset", "year"]):
        p = lookup.get((str(dataset), int(year)))
        if p is None:
            continue
        key_tlp = tlp_by_year.get((dataset, year), no_tlp)
        if (dataset, year) in mrio:
            flows = mrio_flows[(mrio_flows["dataset"] == dataset) & (mrio_flows["year"] == year)]
            yield _network(dataset, int(year), nodes, flows, p, key_tlp, fallback=False)
            continue
        own = region_flows[(region_flows["dataset"] == dataset) & (region_flows["year"] == year)]
        for region, region_nodes in nodes.groupby("region"):
            flows = own[own["region"] == region].assign(from_region=region, to_region=region)
            yield _network(dataset, int(year), region_nodes, flows, p, key_tlp, fallback=True)


def network_otlp(net: Network) -> pd.DataFrame:
    """otlp of every region-sector of one network (tlp in the dataset's monetary unit)."""
    return pd.DataFrame({
        "dataset": net.dataset, "year": net.year, "region": net.regions, "sector": net.sectors,
        "otlp": otlp(net.Z, net.x, net.p, net.tlp), "fallback": net.fallback,
    })


def network_links(net: Network, k: int = 10) -> pd.DataFrame:
    """The ``k`` strongest suppliers of every region-sector of one network, by ``a``."""
    supplier, user, weight, rank = supplier_links(net.Z, net.x, net.p, k)
    return pd.DataFrame({
        "dataset": net.dataset, "year": net.year, "region": net.regions[user],
        "sector": net.sectors[user], "supplier_region": net.regions[supplier],
        "supplier_sector": net.sectors[supplier], "weight": weight, "rank": rank,
    }, columns=LINK_COLUMNS)


def _collect(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else empty_frame(columns)


def compute_network(*frames: pd.DataFrame) -> pd.DataFrame:
    """otlp for all networks of the frames :func:`networks` takes."""
    return _collect([network_otlp(n) for n in networks(*frames)], NETWORK_COLUMNS)


def compute_links(*frames: pd.DataFrame, k: int = 10) -> pd.DataFrame:
    """Strongest supplier links for all networks of the frames :func:`networks` takes."""
    return _collect([network_links(n, k) for n in networks(*frames)], LINK_COLUMNS)
