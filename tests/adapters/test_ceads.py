"""CEADs city MRIO adapter on the committed 3-city x 4-sector fixture (2012 and 2017)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from nqpf.adapters.ceads import load_ceads
from nqpf.contract import ContractError, read_dataset, write_dataset

FIXTURES = Path(__file__).parents[1] / "fixtures"
sys.path.insert(0, str(FIXTURES))
import make_ceads_fixture as fx  # noqa: E402

FILES = [FIXTURES / "ceads" / f"ceads_city_mrio_{y}.xlsx" for y in fx.YEARS]
CODES = ["CN-BJ-1101", "CN-GD-4401", "CN-GD-4403"]


@pytest.fixture(scope="module")
def ds():
    return load_ceads(FILES)


def _keys(year: int) -> list[tuple[str, str]]:
    return [(c, s) for c in CODES for s, _ in fx.SECTORS[year]]


@pytest.mark.parametrize("year", fx.YEARS)
def test_every_number_recovered(ds, year):
    t = fx.numbers(year)
    keys = _keys(year)
    flows = ds.tables["flows"].query("year == @year")
    z = flows.set_index(["from_region", "from_sector", "to_region", "to_sector"])["value"]
    expected_z = {(*keys[k], *keys[m]): t["z"][k, m]
                  for k in range(12) for m in range(12) if t["z"][k, m] != 0}
    assert z.to_dict() == expected_z  # zeros (blank cells) are absent

    fd = ds.tables["final_demand"].query("year == @year")
    got = fd.set_index(["from_region", "from_sector", "to_region", "category"])["value"]
    expected = {}
    for k, (r, i) in enumerate(keys):
        for s, city in enumerate(CODES):
            for c, (_, cat) in enumerate(fx.FINAL_DEMAND):
                if t["f"][k, s, c] != 0:
                    expected[(r, i, city, cat)] = t["f"][k, s, c]
        expected[(r, i, r, "exports")] = t["exports"][k]
    assert got.to_dict() == expected

    x = ds.tables["gross_output"].query("year == @year").set_index(["region", "sector"])
    assert x["value"].to_dict() == dict(zip(keys, t["x"], strict=True))
    imp = ds.tables["imported_inputs"].query("year == @year").set_index(["region", "sector"])
    assert imp["value"].to_dict() == dict(zip(keys, t["imports"], strict=True))
    va = ds.tables["value_added"].query("year == @year")
    for c, (_, comp) in enumerate(fx.VALUE_ADDED):
        got_va = va[va["component"] == comp].set_index(["region", "sector"])["value"]
        assert got_va.to_dict() == dict(zip(keys, t["va"][c], strict=True)), comp


def test_balances_hold_and_no_issues(ds):
    assert "ingest_issues" not in ds.tables
    keys = ["year", "region", "sector"]
    x = ds.tables["gross_output"].set_index(keys)["value"]
    zc = ds.tables["flows"].groupby(["year", "to_region", "to_sector"])["value"].sum()
    zc.index = zc.index.set_names(keys)
    va = ds.tables["value_added"].groupby(keys)["value"].sum()
    imp = ds.tables["imported_inputs"].set_index(keys)["value"]
    np.testing.assert_allclose((zc + va + imp).loc[x.index], x, rtol=1e-12)


def test_regions_and_metadata(ds):
    r = ds.tables["regions"].set_index("code")
    assert list(r.index) == CODES
    assert r.loc["CN-GD-4403", "name_zh"] == "深圳市"
    assert r.loc["CN-GD-4403", "name_en"] == "Shenzhen"
    assert r["parent"].tolist() == ["CN-BJ", "CN-GD", "CN-GD"]
    assert (r["level"] == "city").all()
    assert ds.metadata["mrio"] is True and ds.metadata["monetary_unit"] == "CNY 10,000"
    assert ds.scheme_for(2012) == "nbs2012_42" and ds.scheme_for(2017) == "nbs2017_42"
    assert set(ds.tables["flows"].query("year == 2017")["from_sector"]) == {"01", "20", "31",
                                                                           "40"}
    assert ds.tables["labour"].empty
    assert any("labour" in n for n in ds.metadata["notes"])


def test_written_through_contract(ds, tmp_path):
    back = read_dataset(write_dataset(ds, tmp_path))
    assert len(back.tables["flows"]) == len(ds.tables["flows"])
    assert back.tables["regions"]["code"].tolist() == CODES


def test_scheme_parameter(tmp_path):
    with pytest.raises(ContractError, match=r"sector '32 .*is 31 in.*nbs2017_42.*mismatch"):
        load_ceads(FILES[0], scheme="nbs2017_42")
    one = load_ceads(FILES[1], scheme={2017: "nbs2017_42"})
    assert one.metadata["classification"] == {"2017": "nbs2017_42"}


def test_committed_fixture_matches_generator(tmp_path):
    for year, committed in zip(fx.YEARS, FILES, strict=True):
        fresh = tmp_path / committed.name
        fx.write_workbook(year, fresh)
        a = list(load_workbook(committed).active.iter_rows(values_only=True))
        b = list(load_workbook(fresh).active.iter_rows(values_only=True))
        assert a == b


def _edited(tmp_path: Path, edits: dict[str, object], year: int = 2012) -> Path:
    wb = load_workbook(FILES[fx.YEARS.index(year)])
    for cell, value in edits.items():
        wb.active[cell] = value
    out = tmp_path / f"edited_{year}.xlsx"
    wb.save(out)
    return out


def test_imbalance_and_text_cells_become_issues(tmp_path):
    # C5 = Beijing 01 -> Beijing 01 flow; D6 = Beijing 20 -> Beijing 20
    ds = load_ceads(_edited(tmp_path, {"C5": 999, "D6": "n/a"}))
    issues = ds.tables["ingest_issues"]
    text = issues[issues["rule"] == "not_a_number"]
    assert text[["row", "region", "year", "column"]].values.tolist() == [
        [6, "CN-BJ-1101", 2012, "D"]]
    flows = ds.tables["flows"].set_index(["from_region", "from_sector", "to_region",
                                          "to_sector"])["value"]
    assert np.isnan(flows[("CN-BJ-1101", "20", "CN-BJ-1101", "20")])  # kept, as null
    assert flows[("CN-BJ-1101", "01", "CN-BJ-1101", "01")] == 999
    rules = set(issues["rule"])
    assert {"row_balance", "column_balance", "not_a_number"} <= rules
    bal = issues[issues["rule"] == "row_balance"]
    assert set(bal["region"]) == {"CN-BJ-1101"}


def test_missing_value_added_row(tmp_path):
    # the compensation row of the 2012 sheet: 4 header rows + 12 region-sector rows + 1
    bad = _edited(tmp_path, {"A17": None, "B17": None})
    with pytest.raises(ContractError, match=r"edited_2012\.xlsx.*compensation.*missing_row"):
        load_ceads(bad)


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "table.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ContractError, match=r"table\.xlsx.*wrong_file_type"):
        load_ceads(bad)


def test_city_without_admin_code(tmp_path):
    # the Shenzhen labels: its row block, its intermediate columns, its final-demand block
    ds = load_ceads(_edited(tmp_path, {"A13": "深圳市 Shenzhen", "K3": "深圳市 Shenzhen",
                                       "Y3": "深圳市 Shenzhen"}))
    r = ds.tables["regions"].set_index("name_zh")
    code = r.loc["深圳市", "code"]
    assert code.startswith("CN-X") and len(code) == 12
    assert pd.isna(r.loc["深圳市", "parent"])
    assert any("hashes" in n for n in ds.metadata["notes"])
    assert "ingest_issues" not in ds.tables


def test_labour_csv(tmp_path):
    lab = tmp_path / "labour.csv"
    lab.write_text("year,region,sector,measure,value,unit\n"
                   "2012,广州市,01,hours,1000,hours\n"
                   "2012,CN-BJ-1101,20,employees,5,persons\n"
                   "2012,CN-BJ-1101,32,hours,7,days\n", encoding="utf-8")
    ds = load_ceads(FILES[0], labour=lab)
    got = ds.tables["labour"]
    assert got["region"].tolist() == ["CN-GD-4401", "CN-BJ-1101", "CN-BJ-1101"]
    assert got["value"].tolist()[:2] == [1000.0, 5.0] and np.isnan(got["value"].iloc[2])
    issue = ds.tables["ingest_issues"]
    assert issue[["file", "row", "rule"]].values.tolist() == [["labour.csv", 3, "unknown_unit"]]


def test_hourly_wage_csv(tmp_path):
    wage = tmp_path / "wage.csv"
    wage.write_text("year,sector,value\n2012,1,50\n2012,20,80\n", encoding="utf-8")
    ds = load_ceads(FILES[0], hourly_wage=wage)
    lab = ds.tables["labour"]
    assert len(lab) == 2 * 3  # two sectors spread over three cities
    assert set(lab["unit"]) == {"monetary_unit_per_hour"}
    row = lab[(lab["region"] == "CN-GD-4403") & (lab["sector"] == "01")]
    assert row["value"].item() == pytest.approx(50 / 1e4)  # yuan/h -> CNY 10,000 per hour


@pytest.mark.parametrize(("label", "parsed"), [
    ("440100 广州市 Guangzhou", ("CN-GD-4401", "广州市", "Guangzhou", "CN-GD")),
    ("650100 乌鲁木齐市", ("CN-XJ-6501", "乌鲁木齐市", None, "CN-XJ")),
    ("110000 北京市 Beijing", ("CN-BJ-1100", "北京市", "Beijing", "CN-BJ")),
    ("710100 台北市", "has admin code 710100 without a known province prefix"),
])
def test_the_province_of_a_city_comes_from_the_region_seeds_admin_prefix(label, parsed):
    from nqpf.adapters.ceads import _parse_city

    assert _parse_city(label) == parsed
