"""NBS national adapter on the shipped tables in data/raw/china_nbs_io."""

from __future__ import annotations

import pandas as pd
import pytest
from cn_checks import assert_balanced, balance_residuals, cell

from nqpf.adapters.cn_io_table import read_code_table
from nqpf.adapters.cn_provincial_layout import read_province_sheet
from nqpf.adapters.nbs_national import (
    DEFAULT_ANNUAL_HOURS,
    aggregate,
    aggregated_149,
    concordance_139,
    load_nbs_national,
    national_hourly_wages,
    national_table,
)
from nqpf.contract import read_dataset, write_dataset
from nqpf.paths import SHIPPED_RAW

RAW = SHIPPED_RAW / "china_nbs_io"
YEARS = (2012, 2015, 2017, 2018, 2020)
S42 = [f"{i:02d}" for i in range(1, 43)]


@pytest.fixture(scope="module")
def ds():
    return load_nbs_national(RAW)


def test_shapes_and_metadata(ds):
    t = ds.tables
    assert ds.name == "cn_national"
    assert len(t["flows"]) == len(YEARS) * 42 * 42
    assert set(t["flows"]["from_region"]) == set(t["flows"]["to_region"]) == {"CN"}
    for name in ("gross_output", "imported_inputs"):
        assert t[name].groupby("year")["sector"].nunique().to_dict() == dict.fromkeys(YEARS, 42)
    assert len(t["value_added"]) == len(YEARS) * 42 * 4
    assert ds.metadata["classification"] == {
        "2012": "nbs2012_42", "2015": "nbs2012_42", "2017": "nbs2017_42",
        "2018": "nbs2017_42", "2020": "nbs2017_42",
    }
    assert ds.metadata["monetary_unit"] == "CNY 10,000"
    treatment = ds.metadata["import_treatment"]
    assert treatment.startswith("2012, 2015: proportional")
    assert "; 2017, 2018, 2020: non-competitive" in treatment
    cats = t["final_demand"].groupby("year")["category"].unique().map(set).to_dict()
    split = {"hh_rural", "hh_urban", "government", "gfcf", "inventory", "exports"}
    assert cats[2012] == cats[2015] == split | {"other"}
    assert cats[2017] == split
    assert cats[2018] == cats[2020] == {"consumption_total", "gfcf", "inventory", "exports"}
    notes = ds.metadata["notes"]
    assert any(n.startswith("2018, 2020: only total consumption") for n in notes)
    assert any("split is missing" in n for n in notes)


def test_balance_identities_every_year(ds):
    assert_balanced(ds)
    assert set(balance_residuals(ds).index.get_level_values("year")) == set(YEARS)
    assert "ingest_issues" not in ds.tables


def test_import_adjusted_cell_2015_by_hand(ds):
    # 2015_42.csv, row 01: IM / (TIU + FU101 + FU102 + FU103 + FU201 + FU202)
    share = 52210005.92694276 / (
        875920640.3955786 + 63351858.23942429 + 117669296.21193385 + 10833996.664200801
        + 32581985.705701888 + 4545441.355736723
    )
    fl, fd = ds.tables["flows"], ds.tables["final_demand"]
    got = cell(fl, year=2015, from_sector="01", to_sector="01")
    assert got == pytest.approx(138998154.31543714 * (1 - share), rel=1e-12)
    assert cell(fd, year=2015, from_sector="01", category="hh_urban") == pytest.approx(
        117669296.21193385 * (1 - share), rel=1e-12)
    assert cell(fd, year=2015, from_sector="01", category="exports") == 9151855.096743613
    assert cell(fd, year=2015, from_sector="01", category="other") == 8718580.947339501
    va = ds.tables["value_added"]
    assert cell(va, year=2015, sector="20", component="compensation") == 83164566.21183062
    assert cell(ds.tables["gross_output"], year=2015, sector="01") == 1070563648.6897166


def test_noncompetitive_2017_and_consumption_split(ds):
    fl, fd = ds.tables["flows"], ds.tables["final_demand"]
    assert cell(fl, year=2017, from_sector="01", to_sector="01") == 145853072.82364976
    agg = aggregated_149(RAW).loc["01"]
    tc_dom = 266852448.044271  # 2017_42.csv, Domestic row 01, TC
    parts = {c: cell(fd, year=2017, from_sector="01", category=c)
             for c in ("hh_rural", "hh_urban", "government")}
    assert sum(parts.values()) == pytest.approx(tc_dom, rel=1e-12)
    assert parts["hh_rural"] == pytest.approx(
        tc_dom * agg["FU101"] / (agg["FU101"] + agg["FU102"] + agg["FU103"]), rel=1e-12)
    # imported inputs of 2017 = column sums of the Imports block
    raw = read_code_table(RAW / "2017_42.csv").xs("Imports", level="Origin")
    assert cell(ds.tables["imported_inputs"], year=2017, sector="12") == pytest.approx(
        raw.loc[S42, "12"].sum(), rel=1e-12)


def test_149_aggregate_reproduces_2017_42_exactly():
    agg = aggregated_149(RAW)
    raw = read_code_table(RAW / "2017_42.csv")
    dom, imp, tot = (raw.xs(o, level="Origin") for o in ("Domestic", "Imports", "TOT"))
    uses = [*S42, "TIU", "TC", "FU201", "FU202", "EX", "TFU"]
    pd.testing.assert_frame_equal(agg.loc[S42, uses], dom.loc[S42, uses] + imp.loc[S42, uses],
                                  check_exact=False, rtol=1e-12, atol=1e-5)
    pd.testing.assert_series_equal(agg.loc[S42, "GO"], dom.loc[S42, "GO"], rtol=1e-12)
    pd.testing.assert_series_equal(agg.loc[S42, "IM"], imp.loc[S42, "GO"], rtol=1e-12,
                                   check_names=False)
    rows = ["TII", "VA001", "VA002", "VA003", "VA004", "TVA", "TI"]
    pd.testing.assert_frame_equal(agg.loc[rows, S42], tot.loc[rows, S42], rtol=1e-12)


def test_139_to_42_keeps_totals_and_matches_published_42_table():
    raw = read_code_table(RAW / "2012_139.csv")
    conc = concordance_139()
    assert sorted(conc) == [f"{i:03d}" for i in range(1, 140)]
    assert sorted(set(conc.values())) == S42
    agg = aggregate(raw, conc)
    s139 = [f"{i:03d}" for i in range(1, 140)]
    assert agg.loc[S42, S42].to_numpy().sum() == pytest.approx(
        raw.loc[s139, s139].to_numpy().sum(), rel=1e-13)
    for col in ("FU101", "FU102", "FU103", "FU201", "FU202", "EX", "IM", "ERR", "GO"):
        assert agg.loc[S42, col].sum() == pytest.approx(raw.loc[s139, col].sum(), rel=1e-13)
    for row in ("VA001", "VA002", "VA003", "VA004", "TI"):
        assert agg.loc[row, S42].sum() == pytest.approx(raw.loc[row, s139].sum(), rel=1e-13)
    # the NBS 42-sector 2012 table shipped with the provincial tables (0中国.xls)
    published = read_province_sheet(SHIPPED_RAW / "china_provincial_io/2012/0中国.xls").values
    cols = [*S42, "TIU", "FU101", "FU102", "FU103", "FU201", "FU202", "EX", "IM", "ERR", "GO"]
    pd.testing.assert_frame_equal(agg.loc[S42, cols], published.loc[S42, cols],
                                  check_exact=False, check_names=False, rtol=1e-12, atol=1e-6)


def test_employment_totals_and_hours(ds):
    lab = ds.tables["labour"]
    emp = pd.read_csv(RAW / "employment.csv", dtype={"Code": str}).set_index("Code")
    employees = lab[lab["measure"] == "employees"]
    assert set(employees["unit"]) == {"persons"}
    for year, total in employees.groupby("year")["value"].sum().items():
        assert total == pytest.approx(emp.loc["TOT", str(year)] * 10_000, rel=1e-12)
    assert (employees["value"] > 0).all()
    hours = lab[lab["measure"] == "annual_hours"]
    assert set(hours["value"]) == {DEFAULT_ANNUAL_HOURS} == {2392.0}
    assert set(hours["unit"]) == {"hours_per_person"}
    assert set(lab["year"]) == {2012, 2015, 2017, 2018}  # no employment data for 2020
    assert len(lab) == 4 * 42 * 2
    assert any(n.startswith("2020: employment.csv has no data") for n in ds.metadata["notes"])
    # the digital-device sector of the 2012 scheme gets division C27 only
    c27 = emp.loc["C27", "2012"] * 10_000
    assert cell(employees, year=2012, sector="20") == pytest.approx(c27, rel=0.01)


def test_national_hourly_wages(ds):
    w = national_hourly_wages(RAW, (2012, 2017), annual_hours=2000.0)
    assert list(w.columns) == ["year", "sector", "hourly_wage"]
    assert len(w) == 84 and (w["hourly_wage"] > 0).all()
    lab, va = ds.tables["labour"], ds.tables["value_added"]
    for year, sector in [(2012, "20"), (2017, "31")]:
        persons = cell(lab, year=year, sector=sector, measure="employees")
        comp = cell(va, year=year, sector=sector, component="compensation")
        wage = w[(w["year"] == year) & (w["sector"] == sector)]["hourly_wage"].item()
        assert wage == pytest.approx(comp / (persons * 2000.0), rel=1e-12)
    with pytest.raises(ValueError, match="no employment for 2020"):
        national_hourly_wages(RAW, (2020,))


def test_round_trip(ds, tmp_path):
    back = read_dataset(write_dataset(ds, tmp_path))
    assert back.metadata == ds.metadata
    for name in ("flows", "final_demand", "labour", "value_added"):
        a = ds.tables[name].reset_index(drop=True)
        b = back.tables[name][a.columns].reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_bad_cell_and_missing_column_are_clear_errors(tmp_path):
    raw = pd.read_csv(RAW / "2015_42.csv", dtype=str)
    raw.loc[4, "07"] = "12,5"
    raw.to_csv(tmp_path / "2015_42.csv", index=False)
    with pytest.raises(ValueError, match=r"2015_42\.csv: line 6 \(code 05\), column 07: '12,5'"):
        national_table(tmp_path, 2015)
    raw.loc[4, "07"] = "12.5"
    raw.drop(columns="IM").to_csv(tmp_path / "2015_42.csv", index=False)
    with pytest.raises(ValueError, match=r"2015_42\.csv: missing .*\['IM'\]"):
        national_table(tmp_path, 2015)


def test_weekly_hours_per_sector_replace_the_annual_assumption(tmp_path):
    path = tmp_path / "weekly.csv"
    path.write_text("year,sector,value\n2017,01,30\n2018,01,31.5\n", encoding="utf-8")
    own = load_nbs_national(RAW, years=(2017, 2018), weekly_hours=path).tables["labour"]
    farm = own[own.sector == "01"].set_index(["year", "measure"])
    assert farm.loc[(2017, "weekly_hours"), "value"] == 30.0
    assert farm.loc[(2018, "weekly_hours"), "unit"] == "hours_per_person_week"
    assert (2017, "annual_hours") not in farm.index
    rest = own[(own.sector == "02") & (own.measure == "annual_hours")]
    assert rest.value.tolist() == [DEFAULT_ANNUAL_HOURS] * 2
    path.write_text("year,sector,value\n2017,01,-3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"weekly.csv, row 2: weekly hours must be a positive"):
        load_nbs_national(RAW, years=(2017,), weekly_hours=path)
