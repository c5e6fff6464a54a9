"""Region lists and labour for the CEADs tables, which carry neither.

The city MRIO ``.mat`` struct has no labels: the user's region list (``--regions
cities.csv``) maps each 1-based block index to a region code, its Chinese and English name
and its province. Without one, regions are numbered in the file's order and the dataset says
so. Labour: CEADs has no hours; a labour CSV in the contract's layout or hourly wages (yuan
per hour) give them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from nqpf.adapters.canonical import read_contract_table, read_text_table
from nqpf.contract import LABOUR_UNITS, TABLES, ContractError
from nqpf.metadata import parse_monetary_unit
from nqpf.paths import SEEDS_DIR

REGION_LIST_COLUMNS = ("index", "code", "name_zh", "name_en", "province")
#: short forms used in the CEADs files for provinces of the region seed
PROVINCE_ALIASES = {"内蒙": "内蒙古"}


@dataclass(frozen=True)
class RegionList:
    """Region codes in block order, the ``regions`` table, and how the order was obtained."""

    codes: list[str]
    table: pd.DataFrame
    note: str | None  # what was assumed, when nothing was given


@cache
def _provinces() -> dict[str, str]:
    """Province name (zh, en, alias) or code -> seed code."""
    seed = pd.read_csv(SEEDS_DIR / "regions.csv", dtype=str)
    seed = seed[seed["level"] == "province"]
    out = {c: c for c in seed["code"]}
    out.update(zip(seed["name_zh"], seed["code"], strict=True))
    out.update(zip(seed["name_en"].str.lower(), seed["code"], strict=True))
    out.update({alias: out[full] for alias, full in PROVINCE_ALIASES.items()})
    return out


def province_code(name: str) -> str | None:
    """The seed code of a province given by code, Chinese or English name, or None."""
    name = str(name).strip()
    return _provinces().get(name) or _provinces().get(name.lower())


def read_region_list(path: Path, count: int) -> RegionList:
    """``index,code,name_zh,name_en,province`` (index 1..count, each once) -> RegionList."""
    df = read_text_table(path)
    missing = [c for c in ("index", "code") if c not in df.columns]
    if missing:
        raise ContractError(f"{path}: missing column(s) {missing}; expected "
                            f"{', '.join(REGION_LIST_COLUMNS)} (rule: missing_column)")
    for col in REGION_LIST_COLUMNS[2:]:
        df[col] = df.get(col, "")
    try:
        index = df["index"].astype(int)
    except ValueError as exc:
        raise ContractError(f"{path}: column index must hold integers ({exc}) "
                            "(rule: not_an_integer)") from exc
    if sorted(index) != list(range(1, count + 1)):
        raise ContractError(f"{path}: index must list 1..{count} once each (the file has "
                            f"{count} regions), got {len(df)} rows from {index.min()} to "
                            f"{index.max()} (rule: region_count)")
    if df["code"].str.strip().eq("").any() or df["code"].duplicated().any():
        raise ContractError(f"{path}: every code must be given and unique (rule: region_code)")
    df = df.assign(index=index).sort_values("index")
    parent = []
    for n, prov in zip(df["index"], df["province"], strict=True):
        code = province_code(prov) if prov.strip() else None
        if prov.strip() and code is None:
            raise ContractError(f"{path}, index {n}: province {prov!r} is not a province of "
                                "the region seed (rule: unknown_region)")
        parent.append(code)
    table = pd.DataFrame({"code": df["code"].str.strip(), "name_en": df["name_en"],
                          "name_zh": df["name_zh"], "parent": parent, "level": "city"})
    return RegionList(table["code"].tolist(), table.replace({"": None}), None)


def numbered_regions(count: int, prefix: str = "CEADS") -> RegionList:
    """Regions named by their position, with the assumption spelled out."""
    codes = [f"{prefix}{k:03d}" for k in range(1, count + 1)]
    note = (f"No region list given: the {count} regions are numbered {codes[0]}..{codes[-1]} "
            "in the order of the file's blocks (region 1 = rows 1-42 of Z, ...); CEADs' "
            "documentation gives the city of each number. Pass a region list to name them.")
    table = pd.DataFrame({"code": codes, "name_en": None, "name_zh": None, "parent": None,
                          "level": "city"})
    return RegionList(codes, table, note)


def labour_tables(labour: Path | None, hourly_wage: Path | None, regions: pd.DataFrame,
                  years: dict[int, list[str]], unit: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(labour rows, ingest issues) from a contract labour CSV and/or hourly wages.

    ``years`` lists the region codes of each year. Region cells may hold a code or a Chinese
    name of the region list; hourly wages without a region apply to every region.
    """
    cols = [f.name for f in TABLES["labour"][1]]
    issue_cols = [f.name for f in TABLES["ingest_issues"][1]]
    by_name = {n: c for n, c in zip(regions["name_zh"], regions["code"], strict=True) if n}
    frames, found = [], []
    if labour is not None:
        issues: list[dict[str, Any]] = []
        df = read_contract_table("labour", Path(labour), issues)
        df["region"] = df["region"].map(lambda r: by_name.get(r, r)).astype("string")
        frames.append(df[cols])
        found += issues
    if hourly_wage is not None:
        frames.append(_hourly_wage(Path(hourly_wage), years, by_name, unit))
    frames = [f for f in frames if not f.empty]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    return out, pd.DataFrame(found, columns=issue_cols)


def _hourly_wage(path: Path, years: dict[int, list[str]], by_name: dict[str, str],
                 unit: str) -> pd.DataFrame:
    """Hourly wages (yuan per hour) -> labour rows in the dataset unit per hour."""
    df = read_text_table(path)
    missing = [c for c in ("year", "sector", "value") if c not in df.columns]
    if missing:
        raise ContractError(f"{path}: missing column(s) {missing} (rule: missing_column)")
    scale = parse_monetary_unit(unit)[1]
    rows = []
    for n, r in df.iterrows():
        try:
            year, value = int(r["year"]), float(r["value"])
        except ValueError as exc:
            raise ContractError(f"{path}, row {n + 1}: year or value is not a number "
                                f"({exc}) (rule: not_a_number)") from exc
        region = str(r.get("region", "")).strip()
        targets = [by_name.get(region, region)] if region else years.get(year, [])
        rows += [(year, c, str(r["sector"]).strip().zfill(2), "hourly_wage", value / scale,
                  LABOUR_UNITS["hourly_wage"]) for c in targets]
    return pd.DataFrame(rows, columns=[f.name for f in TABLES["labour"][1]])
