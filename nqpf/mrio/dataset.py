"""A canonical multi-regional dataset from a canonical single-region one (``nqpf mrio``).

The source holds, per year, one table per region whose flows run within the region and whose
final demand has ``outflow`` (to the other regions) and ``inflow`` (minus supply from them).
The result has the same regions, sectors, value added, output and labour; its flows and local
final demand are split by origin region (:mod:`nqpf.mrio.assemble`), ``outflow`` and ``inflow``
are replaced by the estimated trade, and ``other`` takes the part of the reported trade that
the MRIO cannot place (so every row still sums to gross output).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from nqpf.contract import CanonicalDataset, ContractError
from nqpf.mrio.assemble import (
    estimate_trade,
    origin_shares,
    split_by_origin,
    trade_discrepancy,
    trade_marginals,
)
from nqpf.mrio.distance import CN_CAPITALS, region_distances
from nqpf.mrio.gravity import DEFAULT_BETA
from nqpf.mrio.ras import MarginalsError

#: Final-demand categories that are not a region's own use: they stay with the region.
STAY_HOME = ("exports", "other")
TRADE = ("outflow", "inflow")


@dataclass(frozen=True)
class YearTables:
    """One year of a single-region dataset as arrays: regions (m), sectors (n), flows
    ``Z[s, i, j]`` (m, n, n), local final demand ``F[s, i, c]`` over ``local`` categories,
    and ``extra[name][s, i]`` for exports, other, outflow and inflow (inflow as a positive
    number)."""

    year: int
    regions: list[str]
    sectors: list[str]
    Z: np.ndarray
    F: np.ndarray
    local: list[str]
    extra: dict[str, np.ndarray]

    @property
    def use(self) -> np.ndarray:
        """(m, n) local use of each product: intermediate plus local final use."""
        return self.Z.sum(axis=2) + self.F.sum(axis=2)


def _index(values: pd.Series, labels: list[str]) -> np.ndarray:
    return values.map({c: k for k, c in enumerate(labels)}).to_numpy()


def year_tables(ds: CanonicalDataset, year: int) -> YearTables:
    """The arrays of one year of ``ds`` (regions and sectors from its gross output)."""
    go = ds.tables["gross_output"]
    go = go[go["year"] == year]
    regions = sorted(go["region"].astype(str).unique())
    sectors = sorted(go["sector"].astype(str).unique())
    m, n = len(regions), len(sectors)
    f = ds.tables["flows"]
    f = f[f["year"] == year]
    Z = np.zeros((m, n, n))
    np.add.at(Z, (_index(f["to_region"], regions), _index(f["from_sector"], sectors),
                  _index(f["to_sector"], sectors)), f["value"].to_numpy(float))
    fd = ds.tables["final_demand"]
    fd = fd[fd["year"] == year]
    local = sorted(set(fd["category"]) - set(STAY_HOME) - set(TRADE))
    F = np.zeros((m, n, len(local)))
    own = fd[fd["category"].isin(local)]
    np.add.at(F, (_index(own["to_region"], regions), _index(own["from_sector"], sectors),
                  _index(own["category"], local)), own["value"].to_numpy(float))
    extra = {}
    for category in (*STAY_HOME, *TRADE):
        rows = fd[fd["category"] == category]
        a = np.zeros((m, n))
        np.add.at(a, (_index(rows["from_region"], regions), _index(rows["from_sector"], sectors)),
                  rows["value"].to_numpy(float))
        extra[category] = -a if category == "inflow" else a
    return YearTables(year, regions, sectors, Z, F, local, extra)


def _check_source(ds: CanonicalDataset) -> None:
    if ds.metadata.get("mrio"):
        raise ContractError(f"dataset {ds.name!r} is already multi-regional (metadata mrio)")
    f = ds.tables["flows"]
    between = f[f["from_region"] != f["to_region"]]
    if len(between):
        row = between.iloc[0]
        raise ContractError(f"dataset {ds.name!r}, table flows: a flow from {row.from_region} "
                            f"to {row.to_region} ({row.year}); a single-region dataset has "
                            "flows within regions only (rule: not_single_region)")
    categories = set(ds.tables["final_demand"]["category"])
    if not set(TRADE) <= categories:
        raise ContractError(f"dataset {ds.name!r}, table final_demand: no "
                            f"{' / '.join(sorted(set(TRADE) - categories))} category; the "
                            "trade between regions is estimated from them (rule: no_trade)")


def _long(values: np.ndarray, axes: list[tuple[str, list[str]]], year: int) -> pd.DataFrame:
    """Non-zero cells of ``values`` as a long frame with one column per labelled axis."""
    hits = np.nonzero(values)
    frame = {"year": year}
    for (name, labels), idx in zip(axes, hits, strict=True):
        # taken in Arrow: millions of Python strings would dominate the run time
        frame[name] = pd.arrays.ArrowStringArray(pa.array(labels).take(pa.array(idx)))
    frame["value"] = values[hits]
    return pd.DataFrame(frame)


@dataclass(frozen=True)
class YearMrio:
    """One year of the MRIO in canonical long form, and a line on its trade."""

    flows: pd.DataFrame
    final_demand: pd.DataFrame
    note: str


def mrio_year(t: YearTables, distance: np.ndarray, beta: float, total: str) -> YearMrio:
    """The MRIO flows and final demand of one year (module docstring of assemble)."""
    use, inflow, outflow = t.use, t.extra["inflow"], t.extra["outflow"]
    supply, demand = trade_marginals(use, inflow, outflow, total)
    try:
        trade, iterations = estimate_trade(supply, demand, distance, beta, t.regions)
    except MarginalsError as exc:
        raise MarginalsError(f"year {t.year}: {exc}") from exc
    shares = origin_shares(trade, use)
    r_, s_, i_ = ("from_region", t.regions), ("to_region", t.regions), ("from_sector", t.sectors)
    flows = _long(split_by_origin(t.Z, shares), [r_, s_, i_, ("to_sector", t.sectors)], t.year)
    gap = {"other": trade_discrepancy(inflow, outflow, supply, demand)}
    home = np.zeros((len(t.regions), len(t.regions), len(t.sectors), len(STAY_HOME)))
    diagonal = np.arange(len(t.regions))
    for k, category in enumerate(STAY_HOME):
        home[diagonal, diagonal, :, k] = t.extra[category] + gap.get(category, 0.0)
    final = pd.concat([
        _long(split_by_origin(t.F, shares), [r_, s_, i_, ("category", t.local)], t.year),
        _long(home, [r_, s_, i_, ("category", list(STAY_HOME))], t.year),
    ], ignore_index=True)
    o, m, a = np.clip(outflow, 0, None).sum(), np.clip(inflow, 0, None).sum(), supply.sum()
    ratio = f" (ratio {o / m:.3f})" if m else ""
    note = (f"{t.year}: reported outflow {o:.6g}, inflow {m:.6g}{ratio}; "
            f"allocated between regions {a:.6g}; RAS converged in at most {max(iterations)} "
            "iterations per product.")
    return YearMrio(flows, final, note)


def mrio_dataset(ds: CanonicalDataset, *, name: str | None = None, beta: float = DEFAULT_BETA,
                 total: str = "mean", distances: Path = CN_CAPITALS) -> CanonicalDataset:
    """The multi-regional dataset built from the single-region dataset ``ds``.

    ``beta`` is the distance decay, ``total`` the trade total (:data:`TRADE_TOTALS
    <nqpf.mrio.assemble.TRADE_TOTALS>`), ``distances`` a CSV of region, latitude, longitude.
    Tables other than flows and final demand are carried over unchanged.
    """
    _check_source(ds)
    flows, final, notes = [], [], []
    for year in sorted(int(y) for y in ds.tables["gross_output"]["year"].unique()):
        t = year_tables(ds, year)
        built = mrio_year(t, region_distances(t.regions, distances), beta, total)
        flows.append(built.flows)
        final.append(built.final_demand)
        notes.append(built.note)
        print(f"  mrio {ds.name} {built.note}", file=sys.stderr, flush=True)
    meta = dict(ds.metadata)
    meta.update(
        dataset=name or f"{ds.name}_mrio",
        title=f"{meta['title']}, multi-regional (gravity and RAS)",
        mrio=True,
        notes=[
            f"Multi-regional table estimated from the single-region dataset {ds.name}: trade "
            f"between regions by a gravity model (distance decay beta = {beta:g}, "
            f"great-circle distances between the capitals in {distances.name}) balanced by "
            f"RAS to each region's outflow and inflow (trade total: {total}); each region's "
            "use split by origin with the trade shares. The part of reported outflow and "
            "inflow the estimate does not place is in final demand 'other'.",
            *notes,
            *[n for n in meta.get("notes", []) if not str(n).startswith("Not an MRIO")],
        ],
        mrio_construction={"source": ds.name, "beta": beta, "trade_total": total,
                           "distances": distances.name},
    )
    tables = dict(ds.tables)
    tables["flows"] = pd.concat(flows, ignore_index=True)
    tables["final_demand"] = pd.concat(final, ignore_index=True)
    return CanonicalDataset(meta, tables)
