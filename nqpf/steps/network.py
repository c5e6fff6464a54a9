"""Production-network indicators (METHOD.md section 6): otlp, the input-weighted mean TLP of
the other region-sectors supplying each region-sector, and its strongest supplier links.

Multi-regional datasets use the full MRIO as one sparse matrix per dataset-year, read one
dataset-year at a time as integer (from_node, to_node, value) arrays, so that a dense city
MRIO (1.7e8 flows a year) is never a frame of code strings; a dataset that is not an MRIO
falls back to each region's own table (suppliers are the region's other sectors), and every
row says which way it was computed. Each network's Z is built once and gives both otlp and
the links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import scipy.sparse as sp

from nqpf.steps.tables import solved_rows
from python_models import otlp, supplier_links

#: (dataset, year) -> (from_node, to_node, value) arrays of that dataset-year's MRIO flows;
#: node -1 marks a region-sector outside the valid region-years
FlowReader = Callable[[str, int], tuple[np.ndarray, np.ndarray, np.ndarray]]

SCHEMA = pa.schema([
    ("dataset", pa.string()), ("year", pa.int32()), ("region", pa.string()),
    ("sector", pa.string()), ("otlp", pa.float64()), ("fallback", pa.bool_()),
    # the strongest suppliers, strongest first (int_network_links unnests them)
    ("supplier_region", pa.list_(pa.string())), ("supplier_sector", pa.list_(pa.string())),
    ("weight", pa.list_(pa.float64())),
])


def flow_arrays(batches: Iterable[pa.RecordBatch]
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(from_node, to_node, value) arrays from a stream of record batches of those three
    columns. Streamed rather than fetched whole: a whole fetch holds the engine's result and
    the arrays at once (1.7 GB more at the peak for a dense 313-city year)."""
    parts: tuple[list[np.ndarray], ...] = ([], [], [])
    for batch in batches:
        for column, part in enumerate(parts):
            part.append(batch.column(column).to_numpy(zero_copy_only=False))
    kinds = (np.int32, np.int32, np.float64)
    rows, cols, values = (np.concatenate(part).astype(kind, copy=False) if part
                          else np.empty(0, kind) for part, kind in zip(parts, kinds, strict=True))
    return rows, cols, values


@dataclass(frozen=True)
class Network:
    """One dataset-year's network: region-sector labels, sparse Z (supplier row to user
    column), output, prices and TLP per region-sector."""

    dataset: str
    year: int
    regions: np.ndarray
    sectors: np.ndarray
    Z: sp.csc_matrix
    x: np.ndarray
    p: np.ndarray
    tlp: np.ndarray
    fallback: bool


def _network(dataset: str, year: int, nodes: pd.DataFrame, Z: sp.csc_matrix, p: pd.Series,
             tlp: pd.Series, fallback: bool) -> Network:
    """``p``: production prices indexed by (economy, sector)."""
    keys = pd.MultiIndex.from_frame(nodes[["region", "sector"]])
    return Network(
        dataset=dataset, year=year, regions=nodes["region"].to_numpy(object),
        sectors=nodes["sector"].to_numpy(object), Z=Z,
        x=nodes["gross_output"].to_numpy(float),
        p=p.reindex(pd.MultiIndex.from_frame(nodes[["economy", "sector"]])).fillna(0.0)
        .to_numpy(float),
        tlp=tlp.reindex(keys).to_numpy(float), fallback=fallback)


def _mrio_matrix(read: FlowReader, dataset: str, year: int, numbered: pd.DataFrame,
                 keep: np.ndarray) -> sp.csc_matrix:
    """Z over the nodes ``keep`` (node numbers of the region-sectors that solved, sorted):
    duplicates summed, flows from or to other nodes left out."""
    rows, cols, values = read(dataset, year)
    inside = (rows >= 0) & (cols >= 0)
    if not inside.all():
        rows, cols, values = rows[inside], cols[inside], values[inside]
    n = int(numbered["node"].max()) + 1 if len(numbered) else 0
    Z = summed_matrix(rows, cols, values, n)
    del rows, cols, values, inside
    return Z if len(keep) == n else Z[keep][:, keep].tocsc()


def summed_matrix(rows: np.ndarray, cols: np.ndarray, values: np.ndarray,
                  n: int) -> sp.csc_matrix:
    """The (n, n) matrix of the flows, cells met more than once (sectors that harmonisation
    merges) summed in one fixed order: the engine hands the flows over in any order, and a
    float sum depends on its order. Without such cells the order cannot matter, and the flows
    are not sorted (a dense MRIO year has 1.5e8 of them)."""
    Z = sp.csc_matrix((values, (rows, cols)), shape=(n, n))
    if Z.nnz < len(values):
        order = np.lexsort((values, rows, cols))
        Z = sp.csc_matrix((values[order], (rows[order], cols[order])), shape=(n, n))
    return Z


def _own_matrix(flows: pd.DataFrame, sectors: pd.Series) -> sp.csc_matrix:
    index = pd.Index(sectors)
    rows, cols = index.get_indexer(flows["from_sector"]), index.get_indexer(flows["to_sector"])
    ok = (rows >= 0) & (cols >= 0)
    return sp.csc_matrix((flows["value"].to_numpy(float)[ok], (rows[ok], cols[ok])),
                         shape=(len(index), len(index)))


def networks(read: FlowReader, mrio_nodes: pd.DataFrame, region_flows: pd.DataFrame,
             sectors: pd.DataFrame, values: pd.DataFrame,
             prices: pd.DataFrame) -> Iterator[Network]:
    """One :class:`Network` per MRIO dataset-year (``mrio_nodes``: dataset, year, region,
    sector, node), and one per region-year of the other datasets."""
    ok_prices = prices[prices["status"] == "ok"]
    lookup = {(str(d), int(y)): g.set_index(["economy", "sector"])["production_price"]
              for (d, y), g in ok_prices.groupby(["dataset", "year"])}
    ok = values[(values["status"] == "ok") & values["region"].isin(sectors["region"])]
    tlp_by_year = {(d, y): g.set_index(["region", "sector"])["tlp"]
                   for (d, y), g in ok.groupby(["dataset", "year"])}
    no_tlp = pd.Series(dtype=float, index=pd.MultiIndex.from_tuples([], names=["region",
                                                                           "sector"]))
    numbered_by_year = {k: g for k, g in mrio_nodes.groupby(["dataset", "year"])}
    for (dataset, year), nodes in solved_rows(sectors, values).groupby(["dataset", "year"]):
        p = lookup.get((str(dataset), int(year)))
        if p is None:
            continue
        key_tlp = tlp_by_year.get((dataset, year), no_tlp)
        numbered = numbered_by_year.get((dataset, year))
        if numbered is not None:
            nodes = nodes.merge(numbered[["region", "sector", "node"]], on=["region", "sector"])
            nodes = nodes.sort_values("node").reset_index(drop=True)
            Z = _mrio_matrix(read, str(dataset), int(year), numbered, nodes["node"].to_numpy())
            yield _network(dataset, int(year), nodes, Z, p, key_tlp, fallback=False)
            continue
        own = region_flows[(region_flows["dataset"] == dataset) & (region_flows["year"] == year)]
        for region, region_nodes in nodes.groupby("region"):
            region_nodes = region_nodes.sort_values("sector").reset_index(drop=True)
            Z = _own_matrix(own[own["region"] == region], region_nodes["sector"])
            yield _network(dataset, int(year), region_nodes, Z, p, key_tlp, fallback=True)


def network_table(net: Network, k: int = 10) -> pa.Table:
    """otlp of every region-sector of one network (tlp in the dataset's monetary unit) with
    its ``k`` strongest suppliers by ``a``."""
    supplier, user, weight, _ = supplier_links(net.Z, net.x, net.p, k)
    n = len(net.regions)
    offsets = np.searchsorted(user, np.arange(n + 1)).astype(np.int32)  # sorted by user

    def lists(values: np.ndarray, kind: pa.DataType) -> pa.ListArray:
        return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, type=kind))

    return pa.table({
        "dataset": pa.array([net.dataset] * n, pa.string()),
        "year": pa.array(np.full(n, net.year, dtype=np.int32)),
        "region": pa.array(net.regions.astype(str)), "sector": pa.array(net.sectors.astype(str)),
        "otlp": pa.array(otlp(net.Z, net.x, net.p, net.tlp)),
        "fallback": pa.array(np.full(n, net.fallback)),
        "supplier_region": lists(net.regions[supplier].astype(str), pa.string()),
        "supplier_sector": lists(net.sectors[supplier].astype(str), pa.string()),
        "weight": lists(weight, pa.float64()),
    }, schema=SCHEMA)


def compute_network(read: FlowReader, *frames: pd.DataFrame, k: int = 10) -> pa.Table:
    """otlp and strongest links for all networks of the frames :func:`networks` takes."""
    tables = [network_table(n, k) for n in networks(read, *frames)]
    return pa.concat_tables(tables) if tables else SCHEMA.empty_table()
