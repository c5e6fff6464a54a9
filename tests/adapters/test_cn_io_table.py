"""Import treatment, balance checks and employment mapping on hand-checkable tables."""

from __future__ import annotations

import pandas as pd
import pytest

from nqpf.adapters.cn_employment import employment_by_sector, reconciled_leaves
from nqpf.adapters.cn_io_table import balance_issues, canonical_tables, competitive_table

S = ["01", "02"]


def _raw(go_01: float = 80.0) -> pd.DataFrame:
    """Two products; imports of 02 (100) exceed its local use (30 + 40 + 10 = 80)."""
    cols = ["01", "02", "FU101", "EX", "OF", "IM", "GO"]
    rows = {
        "01": [10, 20, 50, 20, 0, 20, go_01],
        "02": [30, 40, 10, 5, 115, 100, 100],
        "VA001": [40, 40, 0, 0, 0, 0, 0],
        "VA002": [0, 0, 0, 0, 0, 0, 0],
        "VA003": [0, 0, 0, 0, 0, 0, 0],
        "VA004": [0, 0, 0, 0, 0, 0, 0],
        "TI": [80, 100, 0, 0, 0, 0, 0],
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=cols, dtype=float)


def test_proportional_adjustment_by_hand():
    t, capped = competitive_table(_raw(), year=2012, region="R", sectors=S)
    # share of 01 = 20 / (10 + 20 + 50) = 0.25; share of 02 capped at 1
    assert t.flows.loc["01"].tolist() == [7.5, 15.0]
    assert t.flows.loc["02"].tolist() == [0.0, 0.0]
    assert t.final_demand.loc["01"].to_dict() == {"hh_rural": 37.5, "exports": 20.0,
                                                   "outflow": 0.0}
    # excess 20 of 02 is taken from exports (5) and outflow (115) in proportion
    assert t.final_demand.loc["02", "exports"] == pytest.approx(5 - 20 * 5 / 120)
    assert t.final_demand.loc["02", "outflow"] == pytest.approx(115 - 20 * 115 / 120)
    assert t.final_demand.loc["02", "hh_rural"] == 0.0
    # imported inputs of user j = sum_i s_i Z[i, j]
    assert t.imported_inputs.tolist() == [0.25 * 10 + 30, 0.25 * 20 + 40]
    assert capped == ["02"]
    assert t.row_residual().abs().max() < 1e-12
    assert t.column_residual().abs().max() < 1e-12
    assert balance_issues(t, _raw().loc["TI", S], file="f.xls") == []


def test_unbalanced_table_gives_issues_not_an_error():
    raw = _raw(go_01=90.0)
    t, _ = competitive_table(raw, year=2012, region="R", sectors=S)
    issues = balance_issues(t, raw.loc["TI", S], file="f.xls", rows={"01": 9})
    rules = {(i["column"], i["rule"]) for i in issues}
    assert rules == {("01", "row_balance"), ("01", "column_balance"),
                     ("01", "total_input_balance")}
    assert {i["row"] for i in issues} == {9}
    assert all(i["file"] == "f.xls" and i["region"] == "R" for i in issues)


def test_canonical_tables_long_form():
    t, _ = competitive_table(_raw(), year=2012, region="R", sectors=S)
    out = canonical_tables([t])
    f = out["flows"]
    assert len(f) == 4 and set(f["from_region"]) == set(f["to_region"]) == {"R"}
    row = f[(f["from_sector"] == "01") & (f["to_sector"] == "02")]
    assert row["value"].tolist() == [15.0]
    assert set(out["final_demand"]["category"]) == {"hh_rural", "exports", "outflow"}
    assert len(out["value_added"]) == 8


def test_reconciled_leaves_add_up_to_total():
    emp = pd.DataFrame({2012: [20.0, 10.0, 4.0, 5.0, 11.0]},
                       index=["TOT", "A", "A01", "A02", "K"])
    leaves = reconciled_leaves(emp, 2012)
    # divisions scaled to their section (10 / 9), then all by TOT / sections (20 / 21)
    assert leaves["A01"] == pytest.approx(4 * 10 / 9 * 20 / 21)
    assert leaves["K"] == pytest.approx(11 * 20 / 21)
    assert leaves.sum() == pytest.approx(20.0)


def test_industry_spanning_sectors_split_by_compensation():
    conc = pd.DataFrame({"industry": ["X", "X", "Y"], "io_sector": ["01", "02", "02"]})
    comp = pd.Series({"01": 1.0, "02": 3.0, "03": 5.0})
    emp = employment_by_sector(pd.Series({"X": 8.0, "Y": 1.0}), conc, comp)
    assert emp.to_dict() == {"01": 2.0, "02": 7.0, "03": 0.0}
    with pytest.raises(ValueError, match=r"\['Z'\] are not mapped"):
        employment_by_sector(pd.Series({"X": 8.0, "Z": 1.0}), conc, comp)
