"""One single-region Chinese IO table (NBS code layout) and its import treatment.

The NBS national tables and the provincial tables share one code layout: sector rows and
columns ``01..n``, value-added rows ``VA001..VA004`` and ``TI``, final-use columns ``FU101``
(rural households), ``FU102`` (urban households), ``FU103`` (government), ``FU201`` (GFCF),
``FU202`` (inventory change), ``EX`` (exports), ``OF`` (outflow to other provinces), ``IM``
(imports), ``IF`` (inflow from other provinces), ``ERR`` (discrepancy), ``GO`` (gross output)
and subtotals (``TIU``, ``THC``, ``TC``, ``GCF``, ``TFU``) that are not carried over.

Import treatment of a competitive-import table (imports appear as the negative column ``IM``)
is the proportional one: the import share of product i is
``s_i = IM_i / (sum_j Z[i,j] + sum_{c local} F[i,c])`` over the local uses (intermediate use
and final uses other than exports, outflows and the discrepancy). Domestic flows are
``(1 - s_i) Z[i,j]``, local final uses ``(1 - s_i) F[i,c]``, and the imported inputs of user j
are ``sum_i s_i Z[i,j]``. Where imports exceed local use (entrepot trade: a province imports
crude oil and ships it on), ``s_i`` is capped at 1 and the excess ``IM_i - local use`` is taken
to be re-exported: it is deducted from exports and outflows in proportion to their size. Both
balances then hold exactly as in the raw table:
``x_i = sum_j Z'[i,j] + sum_c F'[i,c]`` and ``x_j = sum_i Z'[i,j] + m_j + sum VA[., j]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from nqpf import balance
from nqpf.contract import FINAL_DEMAND_CATEGORIES, VALUE_ADDED_COMPONENTS, VOCABULARY

#: raw final-use code -> canonical category (``IF`` enters with a minus sign).
FINAL_USE_CODES: dict[str, str] = {
    "FU101": "hh_rural",
    "FU102": "hh_urban",
    "FU103": "government",
    "FU201": "gfcf",
    "FU202": "inventory",
    "EX": "exports",
    "OF": "outflow",
    "IF": "inflow",
    "ERR": "other",
}
NEGATED_CODES = frozenset({"IF"})
#: raw value-added row code -> canonical component.
VALUE_ADDED_CODES: dict[str, str] = dict(
    zip(("VA001", "VA002", "VA003", "VA004"), VALUE_ADDED_COMPONENTS, strict=True)
)
def sector_codes(n: int) -> list[str]:
    """The codes ``01..n`` of an n-sector table."""
    return [f"{i:02d}" for i in range(1, n + 1)]


def read_code_table(path: Path) -> pd.DataFrame:
    """An NBS CSV (IO table or employment.csv) indexed by ``Code`` (and ``Origin`` where
    present), numbers as floats; a cell that is not a number is an error naming its line."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: file not found")
    df = pd.read_csv(path, dtype={"Code": str})
    keys = ["Origin", "Code"] if "Origin" in df.columns else ["Code"]
    df = df.drop(columns=["Description", "DescriptionInChinese"], errors="ignore")
    df = df.set_index(keys)
    num = df.apply(pd.to_numeric, errors="coerce")
    bad = (num.isna() & df.notna()).to_numpy().nonzero()
    if len(bad[0]):
        r, c = bad[0][0], bad[1][0]
        raise ValueError(f"{path}: line {r + 2} (code {df.index[r]}), column {df.columns[c]}: "
                         f"{df.iat[r, c]!r} is not a number")
    return num.astype(float)


def require_codes(raw: pd.DataFrame, rows: list[str], cols: list[str], source: Path) -> None:
    """Raise ValueError naming ``source`` and the row / column codes ``raw`` lacks."""
    missing_rows = [r for r in rows if r not in raw.index]
    missing_cols = [c for c in cols if c not in raw.columns]
    if missing_rows or missing_cols:
        raise ValueError(f"{source}: missing row codes {missing_rows} and/or column codes "
                         f"{missing_cols}")


@dataclass
class IOTable:
    """A single-region table after the import treatment, in the raw monetary unit.

    ``flows`` is sectors x sectors (domestic origin), ``final_demand`` sectors x canonical
    categories (domestic origin), ``imported_inputs`` and ``gross_output`` are by sector,
    ``value_added`` is components x sectors.
    """

    year: int
    region: str
    flows: pd.DataFrame
    final_demand: pd.DataFrame
    imported_inputs: pd.Series
    value_added: pd.DataFrame
    gross_output: pd.Series

    def row_residual(self) -> pd.Series:
        """x_i - sum_j flows[i,j] - sum_c final_demand[i,c]."""
        return self.gross_output - self.flows.sum(axis=1) - self.final_demand.sum(axis=1)

    def column_residual(self) -> pd.Series:
        """x_j - sum_i flows[i,j] - imported_inputs_j - sum value_added[., j]."""
        return (
            self.gross_output
            - self.flows.sum(axis=0)
            - self.imported_inputs
            - self.value_added.sum(axis=0)
        )


def final_uses(raw: pd.DataFrame, sectors: list[str]) -> pd.DataFrame:
    """Canonical final-demand categories from the raw final-use columns present in ``raw``.

    ``TC`` becomes ``consumption_total`` only when the table has no FU101..FU103 split.
    """
    codes = [code for code in FINAL_USE_CODES if code in raw.columns]
    out = raw.loc[sectors, codes].astype(float).rename(columns=FINAL_USE_CODES)
    for code in NEGATED_CODES.intersection(codes):
        out[FINAL_USE_CODES[code]] *= -1.0
    if "TC" in raw.columns and not {"FU101", "FU102", "FU103"} & set(raw.columns):
        out["consumption_total"] = raw.loc[sectors, "TC"].astype(float)
    return out[[c for c in FINAL_DEMAND_CATEGORIES if c in out.columns]]


def value_added(raw: pd.DataFrame, sectors: list[str]) -> pd.DataFrame:
    """Components x sectors from the raw rows VA001..VA004."""
    va = raw.loc[list(VALUE_ADDED_CODES), sectors].astype(float)
    return va.rename(index=VALUE_ADDED_CODES)


def proportional_import_adjustment(
    z: pd.DataFrame, fd: pd.DataFrame, imports: pd.Series
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, list[str]]:
    """Remove imports from a competitive-import table (see the module docstring).

    Returns domestic flows, domestic final demand, imported inputs by user and the products
    whose imports exceeded local use (share capped at 1, excess treated as re-exports).
    """
    local = [c for c in fd.columns if c in VOCABULARY.local_uses]
    use = z.sum(axis=1) + fd[local].sum(axis=1)
    absorbed = np.minimum(imports, use.clip(lower=0.0))
    share = (absorbed / use.where(use > 0)).fillna(0.0)
    excess = imports - absorbed
    z_dom = z.mul(1.0 - share, axis=0)
    fd_dom = fd.copy()
    fd_dom[local] = fd[local].mul(1.0 - share, axis=0)
    reexp = [c for c in VOCABULARY.reexport_uses if c in fd.columns]
    if (excess > 0).any() and reexp:  # without such columns the row balance check reports it
        base = fd[reexp].sum(axis=1)
        weights = fd[reexp].div(base.where(base != 0), axis=0).fillna(1.0 / len(reexp))
        fd_dom[reexp] = fd[reexp] - weights.mul(excess, axis=0)
    imported = z.mul(share, axis=0).sum(axis=0)
    return z_dom, fd_dom, imported, list(excess.index[excess > 0])


def competitive_table(
    raw: pd.DataFrame, *, year: int, region: str, sectors: list[str]
) -> tuple[IOTable, list[str]]:
    """An :class:`IOTable` from a competitive-import table in the raw code layout.

    ``raw`` is indexed by row code and has the column codes as columns. Returns the table and
    the products whose imports were capped (see :func:`proportional_import_adjustment`).
    """
    block = raw.loc[sectors].astype(float)
    z_dom, fd_dom, imported, capped = proportional_import_adjustment(
        block[sectors], final_uses(block, sectors), block["IM"]
    )
    table = IOTable(
        year=year,
        region=region,
        flows=z_dom,
        final_demand=fd_dom,
        imported_inputs=imported,
        value_added=value_added(raw, sectors),
        gross_output=block["GO"],
    )
    return table, capped


def reexport_note(where: list[str]) -> str:
    """Metadata note on capped imports; ``where`` items read "<region/year>: <products>"."""
    return (f"Imports above local use (re-exports) in {'; '.join(where)}: the import share is "
            "capped at 1 and the excess deducted from exports and outflows in proportion.")


def balance_issues(
    table: IOTable, total_input: pd.Series, *, file: str, rows: dict[str, int] | None = None
) -> list[dict[str, object]]:
    """``ingest_issues`` rows for every sector whose row or column identity fails, or whose
    gross output differs from the total-input row ``TI`` (the rule of :mod:`nqpf.balance`).

    ``column`` is the sector code, ``row`` its 1-based row in the sheet when ``rows`` maps it.
    """
    x = table.gross_output
    residuals = {
        balance.ROW: table.row_residual(),
        balance.COLUMN: table.column_residual(),
        balance.TOTAL_INPUT: x - total_input.loc[x.index].astype(float),
    }
    return [{"file": file, "row": (rows or {}).get(f.key), "region": table.region,
             "year": table.year, "column": f.key, "rule": f.rule, "detail": f.detail(f.key)}
            for f in balance.failures(residuals, x)]


def canonical_tables(tables: list[IOTable]) -> dict[str, pd.DataFrame]:
    """The contract's flows, final_demand, imported_inputs, value_added and gross_output."""
    out: dict[str, list[pd.DataFrame]] = {
        "flows": [], "final_demand": [], "imported_inputs": [], "value_added": [],
        "gross_output": [],
    }
    for t in tables:
        s = t.gross_output.index.to_numpy()
        n = len(s)
        cats = t.final_demand.columns.to_numpy()
        comps = t.value_added.index.to_numpy()
        key = {"year": t.year}
        out["flows"].append(pd.DataFrame({
            **key, "from_region": t.region, "from_sector": np.repeat(s, n),
            "to_region": t.region, "to_sector": np.tile(s, n),
            "value": t.flows.loc[s, s].to_numpy().ravel(),
        }))
        out["final_demand"].append(pd.DataFrame({
            **key, "from_region": t.region, "from_sector": np.repeat(s, len(cats)),
            "to_region": t.region, "category": np.tile(cats, n),
            "value": t.final_demand.loc[s].to_numpy().ravel(),
        }))
        out["value_added"].append(pd.DataFrame({
            **key, "region": t.region, "sector": np.tile(s, len(comps)),
            "component": np.repeat(comps, n), "value": t.value_added[s].to_numpy().ravel(),
        }))
        for name, values in (("imported_inputs", t.imported_inputs),
                             ("gross_output", t.gross_output)):
            out[name].append(pd.DataFrame({
                **key, "region": t.region, "sector": s, "value": values.loc[s].to_numpy(),
            }))
    return {name: pd.concat(frames, ignore_index=True) for name, frames in out.items()}
