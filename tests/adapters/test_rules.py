"""The contract vocabulary as read from its seed, and the balance rule on hand-checked numbers."""

from __future__ import annotations

import pandas as pd

from nqpf import balance
from nqpf.contract import VOCABULARY, load_vocabulary


def test_the_vocabulary_seed_gives_every_code_list():
    assert VOCABULARY.categories[:3] == ("hh_rural", "hh_urban", "hh_total")
    assert len(VOCABULARY.categories) == 13
    assert VOCABULARY.signed_categories == {"inventory", "inflow", "other", "balance_error"}
    assert VOCABULARY.reexport_uses == ("exports", "outflow")
    assert VOCABULARY.local_uses == {"hh_rural", "hh_urban", "hh_total", "consumption_total",
                                     "government", "npish", "gfcf", "inventory"}
    assert VOCABULARY.components == ("compensation", "net_taxes", "depreciation",
                                     "operating_surplus")
    assert VOCABULARY.labour_units["hourly_wage"] == "monetary_unit_per_hour"


def test_a_vocabulary_file_is_read_as_written(tmp_path):
    path = tmp_path / "vocabulary.csv"
    path.write_text(
        "source_table,column_name,code,unit,may_be_negative,local_use,reexport_use,description\n"
        "final_demand,category,a,,true,false,true,x\n"
        "final_demand,category,b,,false,true,false,y\n"
        "labour,measure,hours,hours,false,false,false,z\n", encoding="utf-8")
    vocabulary = load_vocabulary(path)
    assert vocabulary.categories == ("a", "b")
    assert vocabulary.signed_categories == {"a"} and vocabulary.local_uses == {"b"}
    assert vocabulary.reexport_uses == ("a",) and vocabulary.components == ()
    assert vocabulary.labour_units == {"hours": "hours"}


def test_balance_failures_use_the_larger_of_both_tolerances():
    # tolerance = max(1, 0.001 x): 1 for x = 500, 2 for x = 2000
    x = pd.Series({"01": 500.0, "02": 2000.0})
    residuals = {balance.ROW: pd.Series({"01": 1.5, "02": 1.5}),
                 balance.COLUMN: pd.Series({"01": -0.5, "02": -2.5}),
                 balance.TOTAL_INPUT: pd.Series({"01": float("nan"), "02": 0.0})}
    got = list(balance.failures(residuals, x, balance.Tolerance(absolute=1.0, relative=1e-3)))
    assert [(f.rule, f.key, f.residual, f.tolerance) for f in got] == [
        ("row_balance", "01", 1.5, 1.0), ("column_balance", "02", -2.5, 2.0)]
    assert got[1].detail("02") == ("sector 02: residual -2.5 exceeds tolerance 2 "
                                   "(gross output 2000)")

