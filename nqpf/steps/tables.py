"""Region-year tables: the long frames of the assembly models as arrays for the kernels.

``int_region_flows`` holds Z per (dataset, year, region) in long form and
``int_region_sectors`` the vectors; :func:`region_tables` pairs them into one
:class:`RegionTable` per region-year with a fixed sector order, and :func:`aggregate` sums the
region-years the value solve accepted into the aggregate of their economy, which stands for
the national table.

Economies: the regions of a dataset whose metadata says they form one economy (the Chinese
provinces and cities) share one aggregate, region ``ALL``; otherwise (several countries) each
region is an economy of its own and is its own reference table, so prices, profit rates and
the national denominators are per country. ``RegionTable.economy`` names the economy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

KEY = ["dataset", "year", "region"]

#: Output below this share of the largest sector's output counts as none: aggregation and
#: import adjustment leave float residue (1e-9 where a sector is empty) that must not enter A.
NEGLIGIBLE_OUTPUT = 1e-12


@dataclass(frozen=True)
class RegionTable:
    """One region-year: ``Z`` (n, n) supplier row to user column, and (n,) vectors."""

    dataset: str
    year: int
    region: str
    economy: str
    consumption_basis: str
    sectors: np.ndarray
    Z: np.ndarray
    x: np.ndarray
    hours: np.ndarray
    compensation: np.ndarray
    depreciation: np.ndarray
    gfcf: np.ndarray
    household_consumption: np.ndarray
    capital_stock: np.ndarray | None
    service_life: np.ndarray
    productive: np.ndarray
    digital_device: np.ndarray
    digital_service: np.ndarray

    @property
    def is_reference(self) -> bool:
        """The table prices and national denominators of its economy are computed on."""
        return self.region == self.economy

    @property
    def active(self) -> np.ndarray:
        """Sectors with output: only these enter the coefficient matrices."""
        return self.x > NEGLIGIBLE_OUTPUT * max(float(self.x.max(initial=0.0)), 0.0)

    def restrict(self, keep: np.ndarray) -> RegionTable:
        """The same table over the sectors where ``keep`` is true."""
        fields = {}
        for name, value in self.__dict__.items():
            if name == "Z":
                fields[name] = value[np.ix_(keep, keep)]
            elif isinstance(value, np.ndarray) and value.shape == keep.shape:
                fields[name] = value[keep]
            else:
                fields[name] = value
        return RegionTable(**fields)


def _vector(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].to_numpy(dtype=float)


def region_tables(flows: pd.DataFrame, sectors: pd.DataFrame) -> Iterator[RegionTable]:
    """Yield one :class:`RegionTable` per (dataset, year, region) of ``sectors``."""
    flow_groups = {k: g for k, g in flows.groupby(KEY, sort=False)}
    for key, group in sectors.groupby(KEY, sort=True):
        group = group.sort_values("sector")
        codes = group["sector"].to_numpy(dtype=object)
        index = {c: i for i, c in enumerate(codes)}
        Z = np.zeros((len(codes), len(codes)))
        f = flow_groups.get(key)
        if f is not None:
            rows = f["from_sector"].map(index).to_numpy()
            cols = f["to_sector"].map(index).to_numpy()
            np.add.at(Z, (rows, cols), f["value"].to_numpy(dtype=float))
        stock = group["capital_stock"]
        yield RegionTable(
            dataset=str(key[0]), year=int(key[1]), region=str(key[2]),
            economy=str(group["economy"].iloc[0]),
            consumption_basis=str(group["consumption_basis"].iloc[0]), sectors=codes, Z=Z,
            x=_vector(group, "gross_output"), hours=_vector(group, "hours"),
            compensation=_vector(group, "compensation"),
            depreciation=_vector(group, "depreciation"), gfcf=_vector(group, "gfcf"),
            household_consumption=_vector(group, "household_consumption"),
            capital_stock=None if stock.isna().all() else stock.fillna(0).to_numpy(dtype=float),
            service_life=_vector(group, "service_life_years"),
            productive=group["productive"].to_numpy(dtype=bool),
            digital_device=group["digital_device"].to_numpy(dtype=bool),
            digital_service=group["digital_service"].to_numpy(dtype=bool),
        )


def aggregate(tables: list[RegionTable]) -> RegionTable:
    """The aggregate of region-years of one economy and year: flows and vectors summed,
    service lives averaged, region = the economy's code; its consumption basis lists the
    distinct bases of its regions."""
    first = tables[0]
    for t in tables[1:]:
        if not np.array_equal(t.sectors, first.sectors):
            raise ValueError(f"{t.dataset} {t.year}: {t.region} has other sectors than "
                             f"{first.region}; cannot aggregate")
    stocks = [t.capital_stock for t in tables if t.capital_stock is not None]

    def total(name: str) -> np.ndarray:
        return np.sum([getattr(t, name) for t in tables], axis=0)

    return replace(
        first, region=first.economy,
        consumption_basis="+".join(sorted({t.consumption_basis for t in tables})),
        Z=total("Z"), x=total("x"), hours=total("hours"),
        compensation=total("compensation"), depreciation=total("depreciation"),
        gfcf=total("gfcf"), household_consumption=total("household_consumption"),
        capital_stock=np.sum(stocks, axis=0) if stocks else None,
        service_life=np.mean([t.service_life for t in tables], axis=0))


def solved(values: pd.DataFrame) -> set[tuple[str, int, str]]:
    """(dataset, year, region) of the region-years whose value solve succeeded."""
    failed = values[values["sector"].isna()]
    keys = {tuple(k) for k in values[KEY].drop_duplicates().itertuples(index=False)}
    return {(str(d), int(y), str(r)) for d, y, r in keys} - {
        (str(d), int(y), str(r)) for d, y, r in failed[KEY].itertuples(index=False)}


def solved_rows(frame: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` (with dataset, year, region) of region-years that solved."""
    keep = solved(values)
    keys = zip(frame["dataset"].astype(str), frame["year"].astype(int),
               frame["region"].astype(str), strict=True)
    # a boolean array, not a list: an empty list would select no columns
    return frame[np.fromiter((k in keep for k in keys), dtype=bool, count=len(frame))]


def with_aggregates(tables: Iterable[RegionTable],
                    keep: set[tuple[str, int, str]]) -> Iterator[RegionTable]:
    """The region-years in ``keep``, each economy-year followed by its aggregate (an economy
    that is one region is its own aggregate and is not repeated)."""
    by_economy: dict[tuple[str, int, str], list[RegionTable]] = {}
    for t in tables:
        if (t.dataset, t.year, t.region) in keep:
            by_economy.setdefault((t.dataset, t.year, t.economy), []).append(t)
    for group in by_economy.values():
        yield from group
        if not any(t.is_reference for t in group):
            yield aggregate(group)


def references(tables: Iterable[RegionTable],
               keep: set[tuple[str, int, str]]) -> Iterator[RegionTable]:
    """The reference table of every economy-year of the region-years in ``keep``."""
    return (t for t in with_aggregates(tables, keep) if t.is_reference)


#: column types of the step outputs, so that an empty result (every region-year quarantined)
#: still reaches DuckDB with typed columns; columns not named here are doubles
_TEXT = frozenset({"dataset", "region", "economy", "sector", "good", "consumption_basis", "status",
                   "detail", "supplier_region", "supplier_sector", "depreciation", "profit_on",
                   "normalisation"})
_INTEGER = frozenset({"year", "iterations", "rank"})
_BOOLEAN = frozenset({"productive", "fallback"})


def empty_frame(columns: list[str]) -> pd.DataFrame:
    """A frame with no rows and typed ``columns``."""
    def dtype(c: str) -> str:
        return ("string" if c in _TEXT else "int64" if c in _INTEGER
                else "bool" if c in _BOOLEAN else "float64")

    return pd.DataFrame({c: pd.Series(dtype=dtype(c)) for c in columns})


def price_lookup(prices: pd.DataFrame) -> dict[tuple[str, int, str], pd.Series]:
    """Production prices by (dataset, year, economy), indexed by sector."""
    ok = prices[prices["status"] == "ok"]
    return {(str(d), int(y), str(e)): g.set_index("sector")["production_price"]
            for (d, y, e), g in ok.groupby(["dataset", "year", "economy"])}
