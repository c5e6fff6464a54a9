"""Provincial input-output tables of China, 2012 and 2017 -> canonical dataset ``cn_provinces``.

Reads ``data/raw/china_provincial_io/<year>/*.xls`` (31 provinces x 42 sectors, 10,000 yuan,
producers' prices; 2012 in the 2012 NBS scheme, 2017 in the 2017 scheme). Files are keyed to
regions by the Chinese name in their file name ("19广东.xls", "19-广东.xls") looked up in the
region seed ``regions.csv`` (the leading number is not used: it is not the same order in both
years); the national table ``0中国.xls`` is skipped. Sheets are parsed by their codes
(:mod:`nqpf.adapters.cn_provincial_layout`).

Each table is competitive in foreign imports: imports ``IM`` are removed proportionally over
local uses (intermediate use and local final uses, i.e. all but exports ``EX``, outflows
``OF`` and the discrepancy ``ERR``), see :mod:`nqpf.adapters.cn_io_table`, including the cap
for imports above local use (re-exports). Inflows from other provinces stay in the flows as
domestic supply and enter final demand as category ``inflow`` with value ``-IF``. This is not
an MRIO: trade between provinces is only known as totals, so network indicators fall back to
a province's own sectors.

Labour follows the compensation route: rows ``hourly_wage`` (10,000 yuan per hour) per
province and sector equal the national hourly wage of that sector and year
(:func:`nqpf.adapters.nbs_national.national_hourly_wages`); hours are then provincial
compensation / hourly wage, derived downstream.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from nqpf import paths
from nqpf.adapters.cn_io_table import (
    IOTable,
    balance_issues,
    canonical_tables,
    competitive_table,
    reexport_note,
)
from nqpf.adapters.cn_provincial_layout import LayoutError, ProvinceSheet, read_province_sheet
from nqpf.adapters.nbs_national import DEFAULT_ANNUAL_HOURS, SECTORS, national_hourly_wages
from nqpf.contract import CanonicalDataset

SCHEMES = {2012: "nbs2012_42", 2017: "nbs2017_42"}
_FILE_NAME = re.compile(r"^(\d+)\s*-?\s*(\D+)$")


def seed_regions() -> pd.DataFrame:
    """The region seed (code, name_zh, level, ...) as text."""
    return pd.read_csv(paths.SEEDS_DIR / "regions.csv", dtype=str)


def region_of(path: Path, seed: pd.DataFrame) -> str | None:
    """Region code of a provincial file from the Chinese name in its file name; None for the
    national table. The leading number is the compiler's order, which is not stable: the
    2012 files put Tibet last (31) and number Shaanxi..Xinjiang 26..30, unlike the official
    order of the seed. Raises LayoutError when the name matches no seed region."""
    m = _FILE_NAME.match(path.stem.strip())
    if not m:
        raise LayoutError(f"{path}: file name is not '<order><name>' or '<order>-<name>'")
    name = m.group(2).strip()
    hit = seed[seed["name_zh"] == name]
    if hit.empty:
        raise LayoutError(f"{path}: name {name!r} matches no region of "
                          f"{paths.SEEDS_DIR / 'regions.csv'}")
    if hit["level"].iloc[0] == "country":
        return None
    return str(hit["code"].iloc[0])


def province_table(
    sheet: ProvinceSheet, *, year: int, region: str
) -> tuple[IOTable, list[str], list[dict[str, object]]]:
    """One province-year after import treatment: table, products with capped imports, and
    ingest issues for identities that do not hold."""
    table, capped = competitive_table(sheet.values, year=year, region=region, sectors=SECTORS)
    issues = balance_issues(
        table, sheet.values.loc["TI", SECTORS], file=str(sheet.path), rows=sheet.rows
    )
    return table, capped, issues


def _province_files(raw_dir: Path, year: int) -> list[Path]:
    folder = raw_dir / str(year)
    files = sorted(folder.glob("*.xls*"))
    if not files:
        raise FileNotFoundError(f"{folder}: no provincial tables (.xls/.xlsx) found")
    return files


def load_cn_provincial(
    raw_dir: Path,
    nbs_dir: Path,
    *,
    years: tuple[int, ...] = (2012, 2017),
    annual_hours: float = DEFAULT_ANNUAL_HOURS,
) -> CanonicalDataset:
    """The provincial tables of ``years`` as the canonical dataset ``cn_provinces``.

    ``nbs_dir`` holds the NBS national tables and employment.csv (for the hourly wages).
    """
    unknown = sorted(set(years) - set(SCHEMES))
    if unknown:
        raise ValueError(f"no provincial tables for {unknown}; available: {sorted(SCHEMES)}")
    seed = seed_regions()
    provinces = seed.loc[seed["level"] == "province", "code"]
    tables, issues, capped_notes, missing = [], [], [], []
    for year in years:
        seen: dict[str, Path] = {}
        # a bar of the workbooks read (on a terminal): the provincial tables take a while
        for path in tqdm(_province_files(raw_dir, year), desc=f"provincial tables {year}",
                         unit=" workbooks", disable=None, leave=False):
            region = region_of(path, seed)
            if region is None:
                continue
            if region in seen:
                raise LayoutError(f"{path} and {seen[region]}: two tables for {region} {year}")
            table, capped, found = province_table(read_province_sheet(path), year=year,
                                                  region=region)
            tables.append(table)
            issues += found
            seen[region] = path
            if capped:
                capped_notes.append(f"{region} {year}: {', '.join(capped)}")
        missing += [f"{c} {year}" for c in provinces if c not in seen]
    wages = national_hourly_wages(nbs_dir, years, annual_hours)
    labour = (
        pd.DataFrame([(t.year, t.region) for t in tables], columns=["year", "region"])
        .merge(wages, on="year")
        .rename(columns={"hourly_wage": "value"})
        .assign(measure="hourly_wage", unit="monetary_unit_per_hour")
    )
    notes = [
        "Not an MRIO: trade between provinces is known only as total inflow and outflow per "
        "sector, so network indicators (otlp) fall back to a province's own sectors.",
        "Labour via the compensation route: hourly_wage = national compensation / (national "
        f"employees x {annual_hours:g} h) by sector and year; hours = provincial "
        "compensation / hourly wage.",
    ]
    if capped_notes:
        notes.append(reexport_note(capped_notes))
    if missing:
        notes.append(f"No table found for: {', '.join(missing)}.")
    metadata = {
        "dataset": "cn_provinces",
        "title": "Provincial input-output tables of China, 42 sectors",
        "publisher": "Provincial bureaus of statistics of China; National Bureau of Statistics",
        "source": "Provincial IO tables as compiled in the R package CHNIO",
        "license": "official statistics of the provincial bureaus and the NBS (redistributed "
        "in the GPL-3 R package CHNIO)",
        "monetary_unit": "CNY 10,000",
        "price_basis": "producers' prices",
        "region_level": "province",
        "single_economy": True,
        "mrio": False,
        "classification": {str(y): SCHEMES[y] for y in years},
        "import_treatment": "proportional: import share of each product = IM / (intermediate "
        "use + local final uses except EX and OF), capped at 1 (excess = re-exports); "
        "inflows from other provinces kept as domestic supply",
        "notes": notes,
    }
    frames = canonical_tables(tables)
    frames["labour"] = labour[["year", "region", "sector", "measure", "value", "unit"]]
    if issues:
        frames["ingest_issues"] = pd.DataFrame(issues)
    return CanonicalDataset(metadata, frames)
