"""Employment of China by GB/T 4754 industry mapped to the NBS 42 IO sectors.

``employment.csv`` (Wang, Jia and Wang 2021) gives employed persons in 10,000 by industry
section (A..T) and division (A01, ...), with a national total ``TOT``. Its published figures
are rounded independently, so divisions do not add up exactly to their section, nor sections
to the total (by up to 4 x 10,000 persons). Rule, in two steps:

1. Reconcile: the leaves (divisions, and sections without divisions such as K, P, T) are
   scaled within their section to the section total, then all leaves by
   ``TOT / sum of sections``; the leaves then add up to ``TOT`` exactly.
2. Map: a shipped concordance (``nqpf/reference/employment_to_<scheme>.csv``: industry,
   industry_name_zh, io_sector) assigns every leaf to one or more IO sectors. A leaf that
   spans several IO sectors is split by those sectors' compensation of employees in the
   national IO table of the same year: ``e_j = sum_k e_k * w_j / sum_{j' in S(k)} w_j'``.
   The concordances shipped for nbs2012_42 and nbs2017_42 happen to be one-to-one (each
   division falls in one IO sector); the split rule applies to any user-edited concordance.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nqpf.adapters.cn_io_table import read_code_table

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"
EMPLOYMENT_FILE = "employment.csv"
#: employment.csv is in 10,000 persons.
PERSONS_PER_UNIT = 10_000.0


def read_employment(raw_dir: Path) -> pd.DataFrame:
    """employment.csv as a frame indexed by industry code, one float column per year."""
    path = raw_dir / EMPLOYMENT_FILE
    df = read_code_table(path)
    if "TOT" not in df.index:
        raise ValueError(f"{path}: row 'TOT' (national total) not found")
    return df[[c for c in df.columns if c.isdigit()]].rename(columns=int)


def reconciled_leaves(emp: pd.DataFrame, year: int) -> pd.Series:
    """Leaf industries of ``year`` scaled so they add up to the ``TOT`` row (rule 1)."""
    col = emp[year]
    sections = [c for c in col.index if len(c) == 1]
    leaves: list[pd.Series] = []
    for s in sections:
        divisions = [c for c in col.index if len(c) > 1 and c[0] == s and c != "TOT"]
        if not divisions:
            leaves.append(col.loc[[s]])
            continue
        parts = col.loc[divisions]
        total = parts.sum()
        leaves.append(parts * (col[s] / total) if total > 0 else parts)
    out = pd.concat(leaves)
    return out * (col["TOT"] / out.sum())


def read_concordance(scheme: str) -> pd.DataFrame:
    """The shipped industry -> IO sector concordance of ``scheme`` (e.g. nbs2012_42)."""
    path = REFERENCE_DIR / f"employment_to_{scheme}.csv"
    return pd.read_csv(path, dtype=str)


def employment_by_sector(
    leaves: pd.Series, concordance: pd.DataFrame, compensation: pd.Series
) -> pd.Series:
    """Employment by IO sector (rule 2), in the unit of ``leaves``.

    Every leaf must appear in ``concordance``; an IO sector in the concordance that has no
    compensation cannot receive a share of a split industry.
    """
    missing = sorted(set(leaves.index) - set(concordance["industry"]))
    if missing:
        raise ValueError(f"employment concordance: industries {missing} are not mapped")
    unknown = sorted(set(concordance["io_sector"]) - set(compensation.index))
    if unknown:
        raise ValueError(f"employment concordance: IO sectors {unknown} are not in the table")
    c = concordance[concordance["industry"].isin(leaves.index)].copy()
    c["w"] = compensation.loc[c["io_sector"]].to_numpy()
    group_w = c.groupby("industry")["w"].transform("sum")
    if ((group_w <= 0) & (c.groupby("industry")["w"].transform("size") > 1)).any():
        bad = sorted(c.loc[group_w <= 0, "industry"].unique())
        raise ValueError(f"employment concordance: industries {bad} span IO sectors that "
                         "all have zero compensation, so the split is undefined")
    c["share"] = (c["w"] / group_w).where(group_w > 0, 1.0)
    c["value"] = leaves.loc[c["industry"]].to_numpy() * c["share"]
    out = c.groupby("io_sector")["value"].sum()
    return out.reindex(compensation.index, fill_value=0.0)
