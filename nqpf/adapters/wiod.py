"""WIOD 2016 release: national IO tables (NIOT) plus socio-economic accounts (SEA) -> canonical.

Input, per country code ``C`` in ``raw_dir``:

- ``C_niot.csv``: columns ``Year, Code, Description, Origin``, the 56 sector codes (users),
  ``CONS_h, CONS_np, CONS_g, GFCF, INVEN, EXP`` and ``GO``. Rows are supplying sectors with
  ``Origin`` = ``Domestic`` (and, in the full release, ``Imports``).
- ``C_sea.csv``: ``country, description, code, year`` and the SEA variables, among them
  ``GO, II, VA, COMP, LAB, CAP, K, EMPE, H_EMPE, NOMEXCH``.

Currencies (checked against the data): the NIOT values are already in millions of US dollars
(NIOT ``GO`` equals SEA ``GO / NOMEXCH`` to within 2 % for AUS and exactly for USA), while the
SEA's monetary variables are in millions of national currency. ``NOMEXCH`` is national
currency per US dollar (AUS 2000: 1.7248 AUD per USD), so SEA values are *divided* by it.

What goes where:

- ``flows``, ``final_demand`` (CONS_h -> hh_total, CONS_np -> npish, CONS_g -> government,
  GFCF -> gfcf, INVEN -> inventory, EXP -> exports), ``gross_output`` (NIOT ``GO``, so that the
  row balance ``x_i = sum_j Z_ij + sum f_i`` holds exactly) come from the NIOT domestic rows.
  A negative cell of a category the contract keeps non-negative (USA: GFCF of E37-E39 every
  year and of C24 in most years, net sales of scrap and used goods) is moved to ``other``:
  the row total is unchanged, and GFCF stays a vector of capital goods, as the depreciation
  coefficients need. The metadata notes list the moved cells.
- ``imported_inputs``: column sums of the NIOT ``Imports`` rows when the file has them. The
  distributed copy has only domestic rows, so otherwise the column residual
  ``x_j - sum_i Z_ij - VA_j / NOMEXCH``: everything in the column that is neither domestic
  intermediate input nor value added (imported inputs, net taxes on products, margins). The
  column balance then holds exactly. Measured on the shipped files, this residual differs
  from ``II / NOMEXCH - sum_i Z_ij`` (the SEA's own intermediate inputs) by the gap between
  NIOT and SEA gross output: at most 1.9 % of output for AUS, < 1e-7 for USA. A negative
  residual is reported as an ``ingest_issues`` row (rule ``negative_imported_inputs``).
- ``value_added`` from the SEA (the NIOT files hold no value-added rows): ``compensation`` =
  COMP (employees). WIOD has no depreciation; the capital stock ``K`` is given, so
  ``depreciation`` = K / T, straight line over the service life T (parameter, default 15 years,
  the METHOD.md default), and ``operating_surplus`` = VA - COMP - depreciation (it therefore also
  holds the labour income of the self-employed and net taxes on production, which the SEA does
  not split out). The rule is repeated in the metadata notes and the ``service_life`` table,
  so the build's ``K = T * D`` reproduces the SEA capital stock.
- ``capital_stock`` = K; ``labour``: H_EMPE (millions of hours of employees) -> ``hours`` and
  EMPE (thousands of employees) -> ``employees``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from nqpf.adapters._frames import concat, final_demand_long, flows_long, per_sector_long
from nqpf.contract import SIGNED_CATEGORIES, TABLES, CanonicalDataset, ContractError

FINAL_DEMAND_MAP: dict[str, str] = {
    "CONS_h": "hh_total",
    "CONS_np": "npish",
    "CONS_g": "government",
    "GFCF": "gfcf",
    "INVEN": "inventory",
    "EXP": "exports",
}
NIOT_KEYS = ("Year", "Code", "Origin", "GO")
SEA_VARIABLES = ("VA", "COMP", "K", "EMPE", "H_EMPE", "NOMEXCH")
DEFAULT_SERVICE_LIFE = 15.0


def load_wiod(
    raw_dir: Path,
    *,
    countries: Iterable[str] = ("AUS", "USA"),
    years: Iterable[int] = range(2000, 2015),
    service_life: float = DEFAULT_SERVICE_LIFE,
) -> CanonicalDataset:
    """Read ``<C>_niot.csv`` and ``<C>_sea.csv`` for each country into one dataset.

    Dataset name ``wiod_<c1>_<c2>...`` (lower case), region codes = WIOD country codes,
    monetary unit USD million, classification ``wiod56``.
    """
    countries = tuple(countries)
    years = tuple(int(y) for y in years)
    parts: dict[str, list[pd.DataFrame]] = {}
    codes: list[str] = []
    moved: list[str] = []
    for country in countries:
        niot = _read(raw_dir / f"{country}_niot.csv", NIOT_KEYS, "Year")
        sea = _read(raw_dir / f"{country}_sea.csv", ("code", "year", *SEA_VARIABLES), "year")
        for year in years:
            tables, codes, cells = _country_year(niot, sea, country, year, service_life)
            moved += cells
            for name, frame in tables.items():
                parts.setdefault(name, []).append(frame)
    tables = {name: concat(frames, [f.name for f in TABLES[name][1]])
              for name, frames in parts.items()}
    tables["service_life"] = pd.DataFrame({"sector": codes, "years": service_life})
    return CanonicalDataset(_metadata(countries, years, service_life, moved), tables)


def _read(path: Path, required: Iterable[str], year_col: str) -> pd.DataFrame:
    if not path.is_file():
        raise ContractError(f"{path}: file not found (rule: missing_file)")
    df = pd.read_csv(path)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ContractError(f"{path}: missing column(s) {missing} (rule: missing_column)")
    df[year_col] = df[year_col].astype(int)
    df.attrs["path"] = path
    return df


def _country_year(
    niot: pd.DataFrame, sea: pd.DataFrame, country: str, year: int, service_life: float
) -> tuple[dict[str, pd.DataFrame], list[str], list[str]]:
    """The tables of one country-year, its sector codes, and the final-demand cells moved."""
    rows = niot[niot["Year"] == year]
    dom = rows[rows["Origin"] == "Domestic"].set_index("Code")
    if dom.empty:
        raise ContractError(f"{niot.attrs['path']}: no Domestic rows for year {year} "
                            "(rule: missing_year)")
    codes = [str(c) for c in dom.index]
    missing = [c for c in [*codes, *FINAL_DEMAND_MAP] if c not in dom.columns]
    if missing:
        raise ContractError(f"{niot.attrs['path']}: missing column(s) {missing} "
                            "(rule: missing_column)")
    rs = pd.MultiIndex.from_product([[country], codes])
    z = pd.DataFrame(dom[codes].to_numpy(float), index=rs, columns=rs)
    f = dom[list(FINAL_DEMAND_MAP)].rename(columns=FINAL_DEMAND_MAP).astype(float)
    f, moved = _negatives_to_other(f)
    f = pd.DataFrame(f.to_numpy(float), index=rs,
                     columns=pd.MultiIndex.from_product([[country], f.columns]))
    go = pd.Series(dom["GO"].to_numpy(float), index=rs)

    s = _sea_year(sea, year, codes)
    usd = s[["VA", "COMP", "K"]].div(s["NOMEXCH"], axis=0).set_axis(rs)
    dep = usd["K"] / service_life
    imports = rows[rows["Origin"] == "Imports"]
    if imports.empty:
        imported = go - z.sum(axis=0) - usd["VA"]
    else:
        imported = pd.Series(imports[codes].sum(axis=0).to_numpy(float), index=rs)
    issues = [{"file": niot.attrs["path"].name, "row": None, "region": country, "year": year,
               "column": sector, "rule": "negative_imported_inputs",
               "detail": f"output - domestic inputs - SEA value added = {v:.6g} < 0"}
              for (_, sector), v in imported[imported < -1e-9].items()]
    value_added = pd.concat([
        per_sector_long(usd["COMP"], year, component="compensation"),
        per_sector_long(dep, year, component="depreciation"),
        per_sector_long(usd["VA"] - usd["COMP"] - dep, year, component="operating_surplus"),
    ], ignore_index=True)
    labour = pd.concat([
        per_sector_long(s["H_EMPE"].set_axis(rs) * 1e6, year, measure="hours", unit="hours"),
        per_sector_long(s["EMPE"].set_axis(rs) * 1e3, year, measure="employees",
                        unit="persons"),
    ], ignore_index=True)
    tables = {
        "flows": flows_long(z, year),
        "final_demand": final_demand_long(f, year),
        "gross_output": per_sector_long(go, year),
        "imported_inputs": per_sector_long(imported, year),
        "value_added": value_added,
        "capital_stock": per_sector_long(usd["K"], year),
        "labour": labour,
    }
    if issues:
        tables["ingest_issues"] = pd.DataFrame(issues)
    return tables, codes, [f"{country} {year} {cell}" for cell in moved]


def _negatives_to_other(f: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Move negative cells of non-negative categories to ``other``; name the moved cells."""
    fixed = [c for c in f.columns if c not in SIGNED_CATEGORIES]
    neg = f[fixed].clip(upper=0.0)
    cells = neg.stack(future_stack=True)
    moved = [f"{sector} {cat}" for sector, cat in cells[cells < 0].index]
    out = f.copy()
    out[fixed] = f[fixed] - neg
    out["other"] = neg.sum(axis=1)
    return out, moved


def _sea_year(sea: pd.DataFrame, year: int, codes: list[str]) -> pd.DataFrame:
    s = sea[sea["year"] == year].set_index("code")
    missing = [c for c in codes if c not in s.index]
    if missing:
        raise ContractError(f"{sea.attrs['path']}: year {year} lacks sector(s) {missing} "
                            "(rule: missing_sector)")
    s = s.loc[codes, list(SEA_VARIABLES)].astype(float)
    if s["NOMEXCH"].nunique() != 1 or not (s["NOMEXCH"] > 0).all():
        raise ContractError(f"{sea.attrs['path']}: year {year}, column NOMEXCH: expected one "
                            "positive exchange rate for all sectors (rule: exchange_rate)")
    return s


def _metadata(countries: tuple[str, ...], years: tuple[int, ...], service_life: float,
              moved: list[str]) -> dict:
    return {
        "dataset": "wiod_" + "_".join(c.lower() for c in countries),
        "title": f"WIOD 2016 national IO tables and SEA, {', '.join(countries)}, "
                 f"{min(years)}-{max(years)}",
        "publisher": "World Input-Output Database (University of Groningen)",
        "monetary_unit": "USD million",
        "region_level": "country",
        "single_economy": False,
        "mrio": False,
        "classification": "wiod56",
        "source": "WIOD 2016 release (NIOT, SEA), as distributed in the R package clptheory",
        "license": "CC BY 4.0",
        "citation": "Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. "
                    "(2015), An Illustrated User Guide to the World Input-Output Database: the "
                    "Case of Global Automotive Production, Review of International Economics "
                    "23: 575-605.",
        "price_basis": "basic prices",
        "import_treatment": "domestic flows from the NIOT Domestic rows; imported_inputs = NIOT "
                            "Imports rows if present, else gross output minus domestic "
                            "intermediate inputs minus SEA value added (includes net taxes on "
                            "products and margins)",
        "notes": [
            "NIOT values are in USD million; SEA values converted from national currency by "
            "dividing by NOMEXCH (national currency per USD).",
            f"WIOD has no depreciation: depreciation = SEA capital stock K / {service_life:g} "
            "years (straight line, the service_life table); operating_surplus = VA - COMP - "
            "depreciation, including self-employed labour income and net taxes on production.",
            "Hours are hours worked by employees (H_EMPE); compensation is of employees (COMP).",
            f"{len(moved)} negative final-demand cells of non-negative categories (net sales "
            f"of scrap and used goods) moved to 'other': {', '.join(moved)}.",
        ],
    }
