"""Each input rule on a real dbt build: a broken region-year lands in `quarantine` with its
rule while every other region-year of the same build passes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.build import build
from nqpf.contract import CanonicalDataset, write_dataset
from nqpf.summary import summary_lines
from nqpf.warehouse import connect

pytestmark = pytest.mark.slow  # every test here runs dbt

BAD = "SYN0002"  # the region each case breaks; SYN0001 and SYN0003 must still build


def _first(df: pd.DataFrame, **match: str) -> int:
    mask = np.ones(len(df), dtype=bool)
    for col, value in match.items():
        mask &= df[col].to_numpy() == value
    return int(np.flatnonzero(mask)[0])


def negative_flow(t: dict[str, pd.DataFrame]) -> None:
    i = _first(t["flows"], from_region=BAD, to_region=BAD)
    t["flows"].loc[i, "value"] = -t["flows"].loc[i, "value"]


def nan_output(t: dict[str, pd.DataFrame]) -> None:
    t["gross_output"].loc[_first(t["gross_output"], region=BAD), "value"] = np.nan


def unknown_sector(t: dict[str, pd.DataFrame]) -> None:
    t["gross_output"].loc[_first(t["gross_output"], region=BAD), "sector"] = "99"


def unknown_region(t: dict[str, pd.DataFrame]) -> None:
    extra = t["gross_output"].iloc[[_first(t["gross_output"], region=BAD)]].assign(region="XX-99")
    t["gross_output"] = pd.concat([t["gross_output"], extra], ignore_index=True)


def missing_sector(t: dict[str, pd.DataFrame]) -> None:
    t["gross_output"] = t["gross_output"].drop(index=_first(t["gross_output"], region=BAD))


def unbalanced(t: dict[str, pd.DataFrame]) -> None:
    t["gross_output"].loc[_first(t["gross_output"], region=BAD), "value"] *= 1.1


def duplicate_flow(t: dict[str, pd.DataFrame]) -> None:
    i = _first(t["flows"], to_region=BAD)
    t["flows"] = pd.concat([t["flows"], t["flows"].iloc[[i]]], ignore_index=True)


def duplicate_late_flow(t: dict[str, pd.DataFrame]) -> None:
    """Duplicates the flow from the last supplier (region-sector 90 of 90, past the first
    62-supplier block of the duplicate check) into BAD."""
    flows = t["flows"]
    into_bad = flows[flows.to_region == BAD]
    last = into_bad.sort_values(["from_region", "from_sector", "to_sector"]).index[-1]
    t["flows"] = pd.concat([flows, flows.loc[[last]]], ignore_index=True)


def no_labour(t: dict[str, pd.DataFrame]) -> None:
    t["labour"] = t["labour"][t["labour"].region != BAD]


def zero_hours(t: dict[str, pd.DataFrame]) -> None:
    t["labour"].loc[t["labour"].region == BAD, "value"] = 0.0


def sector_zero_hours(t: dict[str, pd.DataFrame]) -> None:
    """One producing sector reports zero hours beside the others' hours."""
    t["labour"].loc[_first(t["labour"], region=BAD, sector="03"), "value"] = 0.0


def _deflators(value: float) -> Callable[[dict[str, pd.DataFrame]], None]:
    """Deflators of 1 everywhere but one sector of BAD, which gets ``value``."""
    def mutate(t: dict[str, pd.DataFrame]) -> None:
        d = t["gross_output"][["year", "region", "sector"]].assign(value=1.0)
        d.loc[_first(d, region=BAD, sector="02"), "value"] = value
        t["deflators"] = d
    return mutate


def renamed_region(t: dict[str, pd.DataFrame]) -> None:
    """The regions table renames BAD, a code the other datasets define."""
    t["regions"].loc[t["regions"].code == BAD, ["name_en", "level"]] = ["Elsewhere", "province"]


def wrong_unit(t: dict[str, pd.DataFrame]) -> None:
    t["labour"].loc[_first(t["labour"], region=BAD), "unit"] = "thousand hours"


def unknown_category(t: dict[str, pd.DataFrame]) -> None:
    t["final_demand"].loc[_first(t["final_demand"], from_region=BAD), "category"] = "tourism"


def overflow(t: dict[str, pd.DataFrame]) -> None:
    t["value_added"].loc[_first(t["value_added"], region=BAD), "value"] = 1e300


def _offset(t: dict[str, pd.DataFrame], region: str, extra_use: pd.Series,
            extra_input: pd.Series) -> None:
    """Keep the balances after raising uses (by product of ``region``) and inputs (by using
    sector): a negative statistical discrepancy and a lower operating surplus absorb them."""
    other = pd.DataFrame({"year": 2017, "from_region": region, "from_sector": extra_use.index,
                          "to_region": region, "category": "other",
                          "value": -extra_use.to_numpy()})
    t["final_demand"] = pd.concat([t["final_demand"], other], ignore_index=True)
    va = t["value_added"]
    surplus = (va.region == region) & (va.component == "operating_surplus")
    va.loc[surplus, "value"] -= extra_input.reindex(va.loc[surplus, "sector"]).fillna(0).to_numpy()


def not_productive(t: dict[str, pd.DataFrame]) -> None:
    """Four times the region's own flows, balanced: A + D then has a spectral radius > 1."""
    f = t["flows"]
    own = (f.from_region == BAD) & (f.to_region == BAD)
    extra = f[own].assign(value=3 * f.loc[own, "value"])
    f.loc[own, "value"] *= 4
    _offset(t, BAD, extra.groupby("from_sector").value.sum(),
            extra.groupby("to_sector").value.sum())


def no_profit_rate(t: dict[str, pd.DataFrame]) -> None:
    """Households of every region consume 60 times as much: no profit rate can pay that."""
    for region in sorted(t["final_demand"].from_region.unique()):
        fd = t["final_demand"]
        urban = (fd.from_region == region) & (fd.category == "hh_urban")
        extra = fd[urban].set_index("from_sector").value * 59
        fd.loc[urban, "value"] *= 60
        _offset(t, region, extra, pd.Series(dtype=float))


def zero_output(t: dict[str, pd.DataFrame]) -> None:
    """A productive sector reports no output while it uses inputs."""
    t["gross_output"].loc[_first(t["gross_output"], region=BAD, sector="01"), "value"] = 0.0


def no_intermediate_flows(t: dict[str, pd.DataFrame]) -> None:
    """Every flow into the region is zero; suppliers and the region stay balanced."""
    f = t["flows"]
    into = f.to_region == BAD
    for supplier, g in f[into].groupby("from_region"):
        _offset(t, str(supplier), -g.groupby("from_sector").value.sum(), pd.Series(dtype=float))
    _offset(t, BAD, pd.Series(dtype=float), -f[into].groupby("to_sector").value.sum())
    f.loc[into, "value"] = 0.0


def everything_bad(t: dict[str, pd.DataFrame]) -> None:
    t["labour"] = t["labour"].iloc[0:0]


def ingest_issue(t: dict[str, pd.DataFrame]) -> None:
    t["ingest_issues"] = pd.DataFrame([{
        "file": "flows.csv", "row": 12, "region": BAD, "year": 2017, "column": "value",
        "rule": "not_a_number", "detail": "'n/a' is not a number"}])


# case -> (mutation, the exact rules BAD is quarantined for); no other region may be
# quarantined
CASES: dict[str, tuple[Callable[[dict[str, pd.DataFrame]], None], set[str]]] = {
    "negative_flow": (negative_flow, {"negative_value", "row_balance", "column_balance"}),
    "nan_output": (nan_output, {"missing_value"}),
    # the renamed sector's output no longer matches its uses and inputs
    "unknown_sector": (unknown_sector, {"unknown_sector", "missing_sector", "row_balance",
                                        "column_balance"}),
    # the stray region (XX-99) has one output row and nothing else
    "unknown_region": (unknown_region, {"unknown_region", "missing_sector", "empty_table",
                                        "labour_missing", "row_balance", "column_balance"}),
    "missing_sector": (missing_sector, {"missing_sector"}),
    "unbalanced": (unbalanced, {"row_balance", "column_balance"}),
    "duplicate_flow": (duplicate_flow, {"duplicate_key"}),
    "duplicate_late_flow": (duplicate_late_flow, {"duplicate_key"}),
    "no_labour": (no_labour, {"labour_missing"}),
    "zero_hours": (zero_hours, {"zero_hours"}),
    "sector_zero_hours": (sector_zero_hours, {"nonpositive_hours"}),
    "zero_deflator": (_deflators(0.0), {"implausible_deflator"}),
    "tiny_deflator": (_deflators(1e-300), {"implausible_deflator"}),
    "infinite_deflator": (_deflators(np.inf), {"implausible_deflator"}),
    "base_100_deflator": (_deflators(104.5), {"implausible_deflator"}),
    "renamed_region": (renamed_region, {"conflicting_region"}),
    "wrong_unit": (wrong_unit, {"unknown_unit"}),
    "unknown_category": (unknown_category, {"unknown_category"}),
    "overflow": (overflow, {"overflow", "column_balance"}),
    "ingest_issue": (ingest_issue, {"not_a_number"}),
    "not_productive": (not_productive, {"values_not_productive"}),
    "zero_output": (zero_output, {"row_balance", "column_balance"}),
    "no_intermediate_flows": (no_intermediate_flows, {"empty_table"}),
}
# cases whose outcome is not one broken region (asserted by their own tests)
WHOLE_DATASET = {"no_profit_rate": no_profit_rate, "everything_bad": everything_bad}
# cases that need more than the default 3 x 5 region-sectors
SIZES = {"duplicate_late_flow": {"sectors": 30}}


@pytest.fixture(scope="module")
def built(home: Path, small_dataset: Callable[..., CanonicalDataset]) -> Path:
    write_dataset(small_dataset("good"), home / "canonical")
    mutations = {name: mutate for name, (mutate, _rules) in CASES.items()} | WHOLE_DATASET
    for name, mutate in mutations.items():
        ds = small_dataset(name, **SIZES.get(name, {}))
        mutate(ds.tables)
        write_dataset(ds, home / "canonical")
    return build(emit=lambda _line: None).database


@pytest.fixture(scope="module")
def quarantine(built: Path) -> pd.DataFrame:
    with connect(built) as con:
        return con.execute("select * from quarantine").fetchdf()


def test_clean_dataset_builds_every_region(built: Path, quarantine: pd.DataFrame) -> None:
    assert "good" not in set(quarantine.dataset)
    with connect(built) as con:
        n = con.execute(
            "select count(*) from int_valid_region_years where dataset = 'good'").fetchone()[0]
    assert n == 3


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_quarantines_only_the_broken_region(case: str, quarantine: pd.DataFrame,
                                                 built: Path) -> None:
    rows = quarantine[quarantine.dataset == case]
    expected = CASES[case][1]
    # the stray region of unknown_region is quarantined, the real ones are untouched
    broken = "XX-99" if case == "unknown_region" else BAD
    assert set(rows.region) == {broken}, rows
    assert set(rows.rule) == expected
    assert rows.detail.str.len().min() > 10  # every row says what broke
    with connect(built) as con:
        built_regions = {r[0] for r in con.execute(
            "select distinct region from \"values\" where dataset = ? and not is_aggregate",
            [case]).fetchall()}
    assert built_regions == {"SYN0001", "SYN0002", "SYN0003"} - {broken}


def test_quarantine_detail_names_the_cell(quarantine: pd.DataFrame) -> None:
    row = quarantine[(quarantine.dataset == "wrong_unit") & (quarantine.rule == "unknown_unit")]
    assert "thousand hours" in row.detail.iloc[0]
    row = quarantine[(quarantine.dataset == "ingest_issue")]
    assert row.detail.iloc[0].startswith("flows.csv row 12 column value")
    row = quarantine[(quarantine.dataset == "duplicate_late_flow")]
    assert list(row.detail) == ["flows: key (from_region, from_sector, to_region, to_sector) = "
                                f"(SYN0003, 30, {BAD}, 30) occurs 2 times"]


def test_new_rules_name_the_cause(quarantine: pd.DataFrame,
                                  small_dataset: Callable[..., CanonicalDataset]) -> None:
    def detail(case: str) -> list[str]:
        return sorted(quarantine[quarantine.dataset == case].detail)

    output = small_dataset("sector_zero_hours").tables["gross_output"]
    x = output.value[_first(output, region=BAD, sector="03")]
    assert detail("sector_zero_hours") == [
        f"sector 03 has gross output {round(x, 3)} but 0.0 hours (hours route): its output "
        "would count no living labour"]
    assert detail("tiny_deflator") == [
        f"deflators: sector 02 of region {BAD} has 1e-300, outside [0.02, 50] (price index, "
        "base year = 1)"]
    assert detail("renamed_region") == [
        f"regions: code {BAD} differs from its definition: name_en Elsewhere (base_100_deflator: "
        f"Synthetic city {BAD}); region_level province (base_100_deflator: city)"]


def test_no_profit_rate_leaves_values_but_no_prices(quarantine: pd.DataFrame, built: Path) -> None:
    rows = quarantine[quarantine.dataset == "no_profit_rate"]
    assert set(zip(rows.region, rows.rule, strict=True)) == {("ALL", "prices_no_profit_rate")}
    assert "cannot pay the wage basket" in rows.detail.iloc[0]
    with connect(built) as con:
        count = {t: con.execute(f'select count(*) from "{t}" where dataset = ?',
                                ["no_profit_rate"]).fetchone()[0]
                 for t in ("values", "prices", "digital_inputs")}
    assert count["values"] > 0 and count["prices"] == 0 and count["digital_inputs"] == 0


def test_dataset_that_quarantines_everything(quarantine: pd.DataFrame, built: Path) -> None:
    rows = quarantine[quarantine.dataset == "everything_bad"]
    assert set(rows.rule) == {"labour_missing"} and len(rows) == 3
    lines = "\n".join(summary_lines(built))
    assert "everything_bad" in lines
    assert "0 region-years built, 3 quarantined" in lines


def test_non_productive_region_leaves_the_aggregate_to_the_others(built: Path) -> None:
    """The aggregate sums only the region-years that solved, so the others keep tlpr."""
    with connect(built) as con:
        regions = {r[0] for r in con.execute(
            "select distinct region from \"values\" where dataset = 'not_productive'"
        ).fetchall()}
        out = con.execute("select sum(gross_output) from \"values\" where dataset = "
                          "'not_productive' and region = 'ALL'").fetchone()[0]
        parts = con.execute("select sum(gross_output) from \"values\" where dataset = "
                            "'not_productive' and region <> 'ALL'").fetchone()[0]
    assert regions == {"SYN0001", "SYN0003", "ALL"}
    assert out == pytest.approx(parts)
