"""Production-network indicators (METHOD.md section 6): otlp, the input-weighted mean TLP of
the other region-sectors supplying each region-sector, and its strongest supplier links.

Multi-regional datasets use the full MRIO as a sparse matrix per dataset-year, streamed one
dataset-year at a time as integer (from_node, to_node, value) batches sorted by user and built
one block of columns at a time, so that a dense city MRIO (1.5e8 flows a year) is never a
frame of code strings nor held whole; a dataset that is not an MRIO falls back to each
region's own table (suppliers are the region's other sectors), and every row says which way
it was computed. Each network's Z is built once and gives both otlp and the links.
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

#: (dataset, year) -> that dataset-year's MRIO flows as record batches of (from_node, to_node,
#: value) in ascending to_node order; node -1 marks a region-sector outside the valid
#: region-years
FlowReader = Callable[[str, int], Iterable[pa.RecordBatch]]

#: columns of Z per block: only one block's flows are held at a time (a dense 313-city year
#: has 1.5e8 flows, about 1.2e7 per block of 1024 columns)
BLOCK_COLUMNS = 1024

SCHEMA = pa.schema([
    ("dataset", pa.string()), ("year", pa.int32()), ("region", pa.string()),
    ("sector", pa.string()), ("otlp", pa.float64()), ("fallback", pa.bool_()),
    # the strongest suppliers, strongest first (int_network_links unnests them)
    ("supplier_region", pa.list_(pa.string())), ("supplier_sector", pa.list_(pa.string())),
    ("weight", pa.list_(pa.float64())),
])


def column_blocks(batches: Iterable[pa.RecordBatch], position: np.ndarray,
                  width: int = BLOCK_COLUMNS) -> Iterator[sp.csc_matrix]:
    """The matrix Z of a stream of (from_node, to_node, value) batches as (N, N) CSC
    matrices that each hold the columns of one block of ``width`` columns (the others empty),
    one per block in column order. ``position[node]`` is the node's row and column in Z (-1:
    left out; N = the number of kept nodes, ``position`` ascending over the kept ones); flows
    from or to a left-out node or node -1 are dropped.

    The batches must come in ascending to_node order (the reader sorts them): a block is
    built as soon as a later block's flows arrive, so only one block's flows are held at a
    time (fetching a dense 313-city year whole held over 9 GiB). Flows that meet in one cell
    (several reported sectors harmonised onto one) are summed in one fixed order
    (:func:`summed_matrix`)."""
    N = int((position >= 0).sum())
    every = len(position) == N  # every node kept: node numbers are positions
    held: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    current = 0  # the block being filled
    for batch in batches:
        rows, cols, values = (batch.column(i).to_numpy(zero_copy_only=False) for i in range(3))
        if not (every and len(rows) and rows.min() >= 0 and cols.min() >= 0):
            inside = (rows >= 0) & (cols >= 0)
            rows, cols = position[rows[inside]], position[cols[inside]]
            kept = (rows >= 0) & (cols >= 0)
            rows, cols, values = rows[kept], cols[kept], values[inside][kept]
        if not len(cols):
            continue
        block = cols // width
        if block[0] < current or (np.diff(block) < 0).any():
            raise ValueError("network flows must come in ascending to_node order")
        for b in range(current, int(block[-1]) + 1):
            lo, hi = np.searchsorted(block, [b, b + 1])
            held.append((rows[lo:hi].astype(np.int32, copy=False),
                         cols[lo:hi].astype(np.int32, copy=False),
                         values[lo:hi].astype(np.float64, copy=False)))
            if b < block[-1]:
                yield _block_matrix(held, N)
        current = int(block[-1])
    for _ in range(current, max(1, -(-N // width))):  # the last block held, then empty ones
        yield _block_matrix(held, N)


def _block_matrix(held: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
                  n: int) -> sp.csc_matrix:
    """The (n, n) matrix of one block's flows, given as parts of (row, column, value)
    arrays; empties ``held`` so the parts are freed before the matrix is built."""
    rows, cols, values = (np.concatenate([part[i] for part in held]) if held
                          else np.empty(0, kind)
                          for i, kind in enumerate((np.int32, np.int32, np.float64)))
    held.clear()
    return summed_matrix(rows, cols, values, n)


@dataclass(frozen=True)
class Network:
    """One dataset-year's network: region-sector labels, sparse Z (supplier row to user
    column) as (N, N) matrices of consecutive column blocks (:func:`column_blocks`; one
    matrix for a region's own table), output, prices and TLP per region-sector."""

    dataset: str
    year: int
    regions: np.ndarray
    sectors: np.ndarray
    Z: Iterable[sp.csc_matrix]
    x: np.ndarray
    p: np.ndarray
    tlp: np.ndarray
    fallback: bool


def _network(dataset: str, year: int, nodes: pd.DataFrame, Z: Iterable[sp.csc_matrix],
             p: pd.Series,
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


def _mrio_blocks(read: FlowReader, dataset: str, year: int, numbered: pd.DataFrame,
                 keep: np.ndarray) -> Iterator[sp.csc_matrix]:
    """Z over the nodes ``keep`` (node numbers of the region-sectors that solved, sorted), in
    column blocks; flows from or to other nodes left out."""
    n = int(numbered["node"].max()) + 1 if len(numbered) else 0
    position = np.full(n, -1, dtype=np.int64)
    position[keep] = np.arange(len(keep))
    return column_blocks(read(dataset, year), position)


def summed_matrix(rows: np.ndarray, cols: np.ndarray, values: np.ndarray,
                  n: int) -> sp.csc_matrix:
    """The (n, n) CSC matrix of the flows, in canonical form (rows sorted within each column),
    cells met more than once (sectors that harmonisation merges) summed in one fixed order:
    ascending values. The engine hands the flows over in any order, and a float sum depends
    on its order. Flows in column order (the network reader's) become the columns directly;
    others are put in column order first."""
    if len(cols) and (np.diff(cols) < 0).any():
        order = np.argsort(cols, kind="stable")
        rows, cols, values = rows[order], cols[order], values[order]
    Z = sp.csc_matrix((values, rows, np.searchsorted(cols, np.arange(n + 1))), shape=(n, n))
    Z.sort_indices()
    again = Z.indices[1:] == Z.indices[:-1]  # a cell met again, unless a column starts there
    starts = Z.indptr[1:-1]
    again[starts[(starts > 0) & (starts < Z.nnz)] - 1] = False
    if again.any():
        met = np.zeros(Z.nnz, dtype=bool)
        met[1:] |= again
        met[:-1] |= again
        at = np.flatnonzero(met)
        cell = np.cumsum(~np.r_[False, again][at])  # one number per cell met more than once
        Z.data[at] = Z.data[at][np.lexsort((Z.data[at], cell))]
        Z.sum_duplicates()  # adds each cell's values left to right
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
            Z = _mrio_blocks(read, str(dataset), int(year), numbered, nodes["node"].to_numpy())
            yield _network(dataset, int(year), nodes, Z, p, key_tlp, fallback=False)
            continue
        own = region_flows[(region_flows["dataset"] == dataset) & (region_flows["year"] == year)]
        for region, region_nodes in nodes.groupby("region"):
            region_nodes = region_nodes.sort_values("sector").reset_index(drop=True)
            Z = _own_matrix(own[own["region"] == region], region_nodes["sector"])
            yield _network(dataset, int(year), region_nodes, [Z], p, key_tlp, fallback=True)


def network_table(net: Network, k: int = 10) -> pa.Table:
    """otlp of every region-sector of one network (tlp in the dataset's monetary unit) with
    its ``k`` strongest suppliers by ``a``, one column block of Z at a time (both are
    column by column: a block's matrix gives its own columns' values)."""
    n = len(net.regions)
    out = np.full(n, np.nan)
    links: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for Z in net.Z:
        filled = np.flatnonzero(np.diff(Z.indptr))
        out[filled] = otlp(Z, net.x, net.p, net.tlp)[filled]
        links.append(supplier_links(Z, net.x, net.p, k, filled)[:3])
    supplier, user, weight = (np.concatenate(part) for part in zip(*links, strict=True))
    offsets = np.searchsorted(user, np.arange(n + 1)).astype(np.int32)  # sorted by user

    def lists(values: np.ndarray, kind: pa.DataType) -> pa.ListArray:
        return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, type=kind))

    return pa.table({
        "dataset": pa.array([net.dataset] * n, pa.string()),
        "year": pa.array(np.full(n, net.year, dtype=np.int32)),
        "region": pa.array(net.regions.astype(str)), "sector": pa.array(net.sectors.astype(str)),
        "otlp": pa.array(out),
        "fallback": pa.array(np.full(n, net.fallback)),
        "supplier_region": lists(net.regions[supplier].astype(str), pa.string()),
        "supplier_sector": lists(net.sectors[supplier].astype(str), pa.string()),
        "weight": lists(weight, pa.float64()),
    }, schema=SCHEMA)


def compute_network(read: FlowReader, *frames: pd.DataFrame, k: int = 10) -> pa.Table:
    """otlp and strongest links for all networks of the frames :func:`networks` takes."""
    tables = [network_table(n, k) for n in networks(read, *frames)]
    return pa.concat_tables(tables) if tables else SCHEMA.empty_table()
