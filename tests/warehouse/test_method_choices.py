"""The method's choices on one real dbt build of twin synthetic datasets: total consumption
split with the benchmark year's shares, weekly hours, deflated lp growth, and one price system
per country versus one for regions of one economy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.build import build
from nqpf.contract import CanonicalDataset, write_dataset
from nqpf.summary import summary_lines
from nqpf.synth import synthetic_dataset
from nqpf.warehouse import connect

WEEKLY = 40.0  # hours per person and week given for SYN0001 in 2017
DEFLATOR_2018 = 1.25  # output prices of 2018 relative to 2017
TWINS = "('syn_split', 'syn_total')"  # the same tables, the second in the other layouts


def _renamed(ds: CanonicalDataset, name: str, **metadata: object) -> CanonicalDataset:
    return CanonicalDataset({**ds.metadata, "dataset": name, **metadata},
                            {k: v.copy() for k, v in ds.tables.items()})


def _total_consumption_weekly_hours_deflators(ds: CanonicalDataset) -> CanonicalDataset:
    """2018 with only total consumption (households + government), SYN0001's 2017 hours as
    employees x weekly hours, and output deflators for both years."""
    t = ds.tables
    fd = t["final_demand"]
    kinds = fd.category.isin(["hh_rural", "hh_urban", "government"]) & (fd.year == 2018)
    total = (fd[kinds].groupby(["year", "from_region", "from_sector", "to_region"],
                               as_index=False)["value"].sum().assign(category="consumption_total"))
    t["final_demand"] = pd.concat([fd[~kinds], total], ignore_index=True)
    lab = t["labour"]
    own = (lab.region == "SYN0001") & (lab.year == 2017)
    persons = lab[own].assign(measure="employees", unit="persons",
                              value=lab[own].value / (WEEKLY * 52))
    weekly = lab[own].assign(measure="weekly_hours", unit="hours_per_person_week", value=WEEKLY)
    t["labour"] = pd.concat([lab[~own], persons, weekly], ignore_index=True)
    sectors = t["sectors"].code
    t["deflators"] = pd.concat([
        pd.DataFrame({"year": year, "region": None, "sector": sectors, "value": value})
        for year, value in ((2017, 1.0), (2018, DEFLATOR_2018))], ignore_index=True)
    return ds


@pytest.fixture(scope="module")
def built(home: Path) -> tuple[Path, list[str]]:
    """The warehouse of the twins, and its build summary."""
    base = synthetic_dataset(3, 5, (2017, 2018), seed=11, name="syn_split")
    countries = synthetic_dataset(2, 5, (2017,), seed=5, name="syn_countries")
    for ds in (base,
               _total_consumption_weekly_hours_deflators(_renamed(base, "syn_total")),
               _renamed(countries, "syn_countries", region_level="country",
                        single_economy=False),
               _renamed(countries, "syn_pooled", region_level="country",
                        single_economy=True)):
        write_dataset(ds, home / "canonical")
    database = build(home=home, emit=lambda _line: None).database
    return database, summary_lines(database)


@pytest.fixture(scope="module")
def con(built: tuple[Path, list[str]]):
    with connect(built[0]) as c:
        yield c


def frame(con, sql: str) -> pd.DataFrame:
    return con.execute(sql).fetchdf()


def test_total_consumption_is_split_with_the_benchmark_years_shares(con) -> None:
    """The synthetic tables split consumption in the same shares every year, so splitting
    2018's total with 2017's shares gives back the households' own consumption exactly."""
    rates = frame(con, "select dataset, year, r_star, consumption_basis, "
                  "consumption_share_year from profit_rates order by all")
    r = rates.set_index(["dataset", "year"])
    assert r.loc[("syn_total", 2018), "consumption_basis"] == "consumption_total_split"
    assert r.loc[("syn_total", 2018), "consumption_share_year"] == 2017
    assert r.loc[("syn_split", 2018), "consumption_basis"] == "hh_rural_urban"
    assert r.loc[("syn_total", 2018), "r_star"] == pytest.approx(
        r.loc[("syn_split", 2018), "r_star"], rel=1e-12)
    basket = frame(con, "select dataset, region, sector, household_consumption "
                   f"from int_region_sectors where year = 2018 and dataset in {TWINS}"
                   ).pivot(index=["region", "sector"], columns="dataset",
                           values="household_consumption")
    np.testing.assert_allclose(basket.syn_total, basket.syn_split, rtol=1e-12)


def test_weekly_hours_are_52_weeks(con) -> None:
    hours = frame(con, "select dataset, route, sector, hours from int_labour_hours "
                  f"where region = 'SYN0001' and year = 2017 and dataset in {TWINS}")
    assert set(hours[hours.dataset == "syn_total"].route) == {"employees"}
    wide = hours.pivot(index="sector", columns="dataset", values="hours")
    np.testing.assert_allclose(wide.syn_total, wide.syn_split, rtol=1e-12)


def test_lp_next_is_at_this_years_prices_where_deflators_are_given(con) -> None:
    panel = frame(con, "select dataset, region, sector, lp_next, lp_next_prices "
                  f"from analysis_panel where year = 2017 and dataset in {TWINS}")
    later = frame(con, "select region, sector, lp from analysis_panel "
                  "where year = 2018 and dataset = 'syn_split'").set_index(["region", "sector"])
    for dataset, factor, prices in (("syn_split", 1.0, "current"),
                                    ("syn_total", 1 / DEFLATOR_2018, "constant")):
        p = panel[panel.dataset == dataset].set_index(["region", "sector"])
        assert set(p.lp_next_prices) == {prices}
        np.testing.assert_allclose(p.lp_next, later.lp.reindex(p.index) * factor, rtol=1e-12)


def test_each_country_gets_its_own_price_system(con) -> None:
    rates = frame(con, "select dataset, economy, r_star from profit_rates "
                  "where dataset in ('syn_countries', 'syn_pooled') order by all")
    assert rates[["dataset", "economy"]].to_numpy().tolist() == [
        ["syn_countries", "SYN0001"], ["syn_countries", "SYN0002"], ["syn_pooled", "ALL"]]
    own = rates[rates.dataset == "syn_countries"].r_star
    assert own.min() < rates.r_star.iloc[-1] < own.max()
    values = frame(con, "select dataset, region, economy, tlpr from \"values\" "
                   "where dataset in ('syn_countries', 'syn_pooled')")
    countries = values[values.dataset == "syn_countries"]
    assert (countries.region == countries.economy).all()
    np.testing.assert_allclose(countries.tlpr, 1.0, rtol=1e-15)  # each its own reference
    assert "ALL" in set(values[values.dataset == "syn_pooled"].region)
    prices = frame(con, "select dataset, economy, count(*) as n from prices "
                   "where dataset like 'syn_%' group by all")
    assert set(map(tuple, prices[["dataset", "economy"]].to_numpy())) >= {
        ("syn_countries", "SYN0001"), ("syn_countries", "SYN0002"), ("syn_pooled", "ALL")}


def test_summary_flags_the_split_basket_and_lists_each_economy(
        built: tuple[Path, list[str]]) -> None:
    lines = [" ".join(line.split()) for line in built[1]]
    assert any(line.startswith("syn_total 2018 ") and line.endswith(
        "total consumption x household share of 2017 (flagged)") for line in lines)
    assert any(line.startswith("syn_total 2017 ") and line.endswith("households (rural + urban)")
               for line in lines)
    assert sum(line.startswith(("syn_countries SYN0001 2017", "syn_countries SYN0002 2017"))
               for line in lines) == 2
