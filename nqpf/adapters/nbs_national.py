"""NBS national input-output tables of China -> canonical dataset ``cn_national``.

Reads ``data/raw/china_nbs_io/`` (values in 10,000 yuan, producers' prices; one region "CN"):

- 2012: ``2012_139.csv`` aggregated to the 2012 42-sector scheme with the shipped
  concordance ``nqpf/reference/concordance_nbs2012_139_to_42.csv`` (the NBS grouping of the
  139 products into 42; the aggregate reproduces the published 42-sector 2012 table).
  2015: ``2015_42.csv`` (2012 scheme). Both are competitive-import tables: imports are
  removed proportionally (:mod:`nqpf.adapters.cn_io_table`).
- 2017, 2018, 2020: ``<year>_42.csv`` (2017 scheme), non-competitive: flows and final demand
  are the Domestic row block, imported inputs the column sums of the Imports block. These
  tables have only total consumption ``TC``. For 2017 the rural/urban/government split is
  recovered from ``2017_149.csv`` aggregated with ``concordance_2017_149_to_42.csv``
  (this aggregate equals Domestic + Imports of ``2017_42.csv``): domestic ``TC_i`` is split in
  the proportions ``FU101_i : FU102_i : FU103_i`` of the 149-sector table, i.e. the import
  share of a product is taken to be the same in the three kinds of consumption. 2018 and
  2020 keep ``consumption_total`` (split missing; a metadata note says so).

Labour (:mod:`nqpf.adapters.cn_employment`): employees by IO sector from ``employment.csv``
(1990-2018) with measure ``employees`` (persons) and an ``annual_hours`` assumption per
person. Default :data:`DEFAULT_ANNUAL_HOURS` = 46 h/week x 52 weeks = 2,392 h, from the
average weekly hours of urban employed persons in the NBS labour force survey (China Labour
Statistical Yearbook), which stayed close to 46 hours over 2012-2018; the NBS monthly
releases since mid-2017 report 46-48 hours for enterprise employees. It is one figure for
all sectors and years and ignores holidays: pass ``annual_hours`` to change it, or
``weekly_hours`` (a CSV of year, sector, value: hours per person and week of an IO sector,
written as ``weekly_hours`` labour rows the warehouse multiplies by 52) for sector-years
with their own figure. Years
without employment data (2020) get no labour rows. Hourly wages by sector
(:func:`national_hourly_wages`) are compensation / (employees x annual hours).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nqpf.adapters.canonical import read_text_table
from nqpf.adapters.cn_employment import (
    PERSONS_PER_UNIT,
    REFERENCE_DIR,
    employment_by_sector,
    read_concordance,
    read_employment,
    reconciled_leaves,
)
from nqpf.adapters.cn_io_table import (
    IOTable,
    balance_issues,
    canonical_tables,
    competitive_table,
    final_uses,
    read_code_table,
    reexport_note,
    require_codes,
    sector_codes,
    value_added,
)
from nqpf.contract import FINAL_DEMAND_CATEGORIES, CanonicalDataset, empty_table

REGION = "CN"
DEFAULT_ANNUAL_HOURS = 46.0 * 52
#: year -> (file, sector scheme, competitive-import table?)
TABLE_FILES: dict[int, tuple[str, str, bool]] = {
    2012: ("2012_139.csv", "nbs2012_42", True),
    2015: ("2015_42.csv", "nbs2012_42", True),
    2017: ("2017_42.csv", "nbs2017_42", False),
    2018: ("2018_42.csv", "nbs2017_42", False),
    2020: ("2020_42.csv", "nbs2017_42", False),
}
SECTORS = sector_codes(42)
ROW_CODES = [*SECTORS, "VA001", "VA002", "VA003", "VA004", "TI"]
TREATMENT = {
    True: "proportional: competitive-import table; import share of each product = IM / "
    "(intermediate use + final uses other than exports), applied to its flows and local "
    "final uses",
    False: "non-competitive table: domestic row block; imported inputs = Imports block",
}


def aggregate(raw: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Sum the detailed sector rows and columns of ``raw`` into the groups of ``mapping``;
    rows and columns that are not detailed sectors (totals, final uses) are kept as they are."""
    rows = [r for r in raw.index if r in mapping]
    cols = [c for c in raw.columns if c in mapping]
    unmapped = [r for r in raw.index if r.isdigit() and r not in mapping]
    if unmapped:
        raise ValueError(f"concordance misses detailed sectors {unmapped}")
    body = pd.concat([raw.loc[rows].groupby(mapping).sum(), raw.drop(index=rows)])
    detail = body[cols].T.groupby(mapping).sum().T
    return pd.concat([detail, body.drop(columns=cols)], axis=1)


def concordance_139() -> dict[str, str]:
    c = pd.read_csv(REFERENCE_DIR / "concordance_nbs2012_139_to_42.csv", dtype=str)
    return dict(zip(c["s139"], c["s42"], strict=True))


def concordance_149(raw_dir: Path) -> dict[str, str]:
    c = pd.read_csv(raw_dir / "concordance_2017_149_to_42.csv", dtype=str)
    return dict(zip(c["s149_seq"], c["s42"], strict=True))


def aggregated_149(raw_dir: Path) -> pd.DataFrame:
    """``2017_149.csv`` aggregated to the 42 sectors of the 2017 scheme."""
    return aggregate(read_code_table(raw_dir / "2017_149.csv"), concordance_149(raw_dir))


def split_consumption(table: IOTable, detailed: pd.DataFrame) -> IOTable:
    """Replace ``consumption_total`` by hh_rural / hh_urban / government in the proportions
    of ``detailed`` (FU101 : FU102 : FU103 by product; a product without consumption there
    gets zeros)."""
    parts = detailed.loc[table.final_demand.index, ["FU101", "FU102", "FU103"]]
    shares = parts.div(parts.sum(axis=1).where(lambda s: s != 0), axis=0).fillna(0.0)
    fd = table.final_demand.drop(columns="consumption_total")
    total = table.final_demand["consumption_total"]
    for code, cat in zip(parts.columns, ("hh_rural", "hh_urban", "government"), strict=True):
        fd[cat] = shares[code] * total
    table.final_demand = fd[[c for c in FINAL_DEMAND_CATEGORIES if c in fd.columns]]
    return table


def national_table(raw_dir: Path, year: int) -> tuple[IOTable, pd.Series, list[str]]:
    """The national table of ``year`` after the import treatment, its ``TI`` row and the
    products whose imports exceeded local use (competitive tables only)."""
    if year not in TABLE_FILES:
        raise ValueError(f"no NBS national table for {year}; available: {sorted(TABLE_FILES)}")
    file, _, competitive = TABLE_FILES[year]
    raw = read_code_table(raw_dir / file)
    if competitive:
        if year == 2012:
            raw = aggregate(raw, concordance_139())
        require_codes(raw, ROW_CODES, [*SECTORS, "IM", "GO"], raw_dir / file)
        table, capped = competitive_table(raw, year=year, region=REGION, sectors=SECTORS)
        return table, raw.loc["TI", SECTORS], capped
    origins = set(raw.index.get_level_values("Origin"))
    if not {"Domestic", "Imports", "TOT"} <= origins:
        raise ValueError(f"{raw_dir / file}: column Origin must hold Domestic, Imports and TOT "
                         f"row blocks; found {sorted(origins)}")
    dom, imp, tot = (raw.xs(o, level="Origin") for o in ("Domestic", "Imports", "TOT"))
    require_codes(dom, SECTORS, [*SECTORS, "GO"], raw_dir / file)
    require_codes(imp, SECTORS, SECTORS, raw_dir / file)
    require_codes(tot, ROW_CODES[len(SECTORS):], SECTORS, raw_dir / file)
    table = IOTable(
        year=year,
        region=REGION,
        flows=dom.loc[SECTORS, SECTORS],
        final_demand=final_uses(dom, SECTORS),
        imported_inputs=imp.loc[SECTORS, SECTORS].sum(axis=0),
        value_added=value_added(tot, SECTORS),
        gross_output=dom.loc[SECTORS, "GO"],
    )
    if year == 2017:
        table = split_consumption(table, aggregated_149(raw_dir))
    return table, tot.loc["TI", SECTORS], []


def sector_employment(raw_dir: Path, table: IOTable) -> pd.Series | None:
    """Employees (persons) by IO sector in the table's year, or None without data."""
    emp = read_employment(raw_dir)
    if table.year not in emp.columns:
        return None
    leaves = reconciled_leaves(emp, table.year)
    scheme = TABLE_FILES[table.year][1]
    comp = table.value_added.loc["compensation"]
    return employment_by_sector(leaves, read_concordance(scheme), comp) * PERSONS_PER_UNIT


def national_hourly_wages(
    raw_dir: Path, years: tuple[int, ...], annual_hours: float = DEFAULT_ANNUAL_HOURS
) -> pd.DataFrame:
    """Columns year, sector, hourly_wage: national compensation / (employees x annual hours),
    in 10,000 yuan per hour."""
    frames = []
    for year in years:
        table, _, _ = national_table(raw_dir, year)
        persons = sector_employment(raw_dir, table)
        if persons is None:
            raise ValueError(f"{raw_dir / 'employment.csv'}: no employment for {year}")
        if (persons <= 0).any():
            raise ValueError(f"{year}: sectors {list(persons.index[persons <= 0])} have no "
                             "employment, so their hourly wage is undefined")
        wage = table.value_added.loc["compensation"] / (persons * annual_hours)
        frames.append(pd.DataFrame({"year": year, "sector": wage.index, "hourly_wage": wage}))
    return pd.concat(frames, ignore_index=True)


def _years(years: list[int]) -> str:
    return ", ".join(str(y) for y in years)


def _labour_rows(year: int, persons: pd.Series, annual_hours: float,
                 weekly: pd.Series) -> pd.DataFrame:
    """Employees and hours per person of one year; ``weekly`` (by sector) replaces the
    annual-hours assumption where it has a value."""
    base = pd.DataFrame({"year": year, "region": REGION, "sector": persons.index})
    own = base["sector"].isin(weekly.index)
    return pd.concat([
        base.assign(measure="employees", value=persons.to_numpy(), unit="persons"),
        base[~own].assign(measure="annual_hours", value=annual_hours, unit="hours_per_person"),
        base[own].assign(measure="weekly_hours", value=weekly.reindex(base["sector"][own])
                         .to_numpy(), unit="hours_per_person_week"),
    ], ignore_index=True)


def read_weekly_hours(path: Path) -> pd.DataFrame:
    """A CSV of weekly hours per person: columns year, sector, value (hours per week)."""
    frame = read_text_table(path)
    missing = {"year", "sector", "value"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)} (need year, sector, "
                         "value in hours per person and week)")
    bad = frame[~(pd.to_numeric(frame["value"], errors="coerce") > 0)]
    if not bad.empty:
        raise ValueError(f"{path}, row {int(bad.index[0]) + 2}: weekly hours must be a "
                         f"positive number, got {bad['value'].iloc[0]!r}")
    return frame.astype({"year": int, "value": float})


def load_nbs_national(
    raw_dir: Path,
    *,
    years: tuple[int, ...] = (2012, 2015, 2017, 2018, 2020),
    annual_hours: float = DEFAULT_ANNUAL_HOURS,
    weekly_hours: Path | None = None,
) -> CanonicalDataset:
    """The national tables of ``years`` as the canonical dataset ``cn_national``."""
    weekly = (read_weekly_hours(weekly_hours) if weekly_hours is not None
              else pd.DataFrame(columns=["year", "sector", "value"]))
    tables, issues, labour = [], [], []
    no_labour, no_split, capped_notes = [], [], []
    for year in years:
        table, total_input, capped = national_table(raw_dir, year)
        tables.append(table)
        if capped:
            capped_notes.append(f"{year}: {', '.join(capped)}")
        issues += balance_issues(table, total_input, file=TABLE_FILES[year][0])
        if "consumption_total" in table.final_demand.columns:
            no_split.append(year)
        persons = sector_employment(raw_dir, table)
        if persons is None:
            no_labour.append(year)
        else:
            own = weekly[weekly["year"] == year].set_index("sector")["value"]
            labour.append(_labour_rows(year, persons, annual_hours, own))
    notes = [
        "Single-region national tables (not an MRIO): network indicators use own sectors.",
        f"Labour: employees from employment.csv mapped to IO sectors "
        f"(nqpf/reference/employment_to_<scheme>.csv); annual hours per person assumed "
        f"{annual_hours:g} (parameter annual_hours; default {DEFAULT_ANNUAL_HOURS:g} = 46 h/week "
        "x 52 weeks, NBS labour force survey)"
        + (f"; weekly hours per sector from {Path(weekly_hours).name} where it gives them."
           if weekly_hours is not None else "."),
    ]
    if 2017 in years:
        notes.append("2017: rural/urban/government consumption split from the 149-sector "
                      "table (same import share in each kind of consumption of a product).")
    if no_split:
        notes.append(f"{_years(no_split)}: only total consumption (TC) is published; final "
                     "demand carries consumption_total; the rural/urban/government split is "
                     "missing.")
    if capped_notes:
        notes.append(reexport_note(capped_notes))
    if no_labour:
        notes.append(f"{_years(no_labour)}: employment.csv has no data for these years, so "
                     "they have no labour rows (labour-based indicators are quarantined).")
    metadata = {
        "dataset": "cn_national",
        "title": "National input-output tables of China, 42 sectors",
        "publisher": "National Bureau of Statistics of China",
        "source": "NBS input-output tables as distributed in the R package ionet "
        "(Xiao, Yan and Zhang); employment: Wang, Jia and Wang (2021), Statistical Research "
        "38(12)",
        "monetary_unit": "CNY 10,000",
        "price_basis": "producers' prices",
        "region_level": "country",
        "single_economy": True,
        "mrio": False,
        "classification": {str(y): TABLE_FILES[y][1] for y in years},
        "license": "official statistics of the NBS (redistributed in the GPL-3 R package "
        "ionet)",
        "import_treatment": "; ".join(
            f"{', '.join(str(y) for y in years if TABLE_FILES[y][2] is kind)}: {text}"
            for kind, text in TREATMENT.items()
            if any(TABLE_FILES[y][2] is kind for y in years)
        ),
        "annual_hours": annual_hours,
        "notes": notes,
    }
    frames = canonical_tables(tables)
    frames["labour"] = (
        pd.concat(labour, ignore_index=True) if labour else empty_table("labour")
    )
    frames["ingest_issues"] = pd.DataFrame(issues) if issues else None
    return CanonicalDataset(metadata, {k: v for k, v in frames.items() if v is not None})
