"""Provincial adapter on the 62 shipped .xls tables in data/raw/china_provincial_io."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from cn_checks import assert_balanced, cell

from nqpf.adapters.cn_provincial import (
    load_cn_provincial,
    province_table,
    region_of,
    seed_regions,
)
from nqpf.adapters.cn_provincial_layout import LayoutError, read_province_sheet, read_sheets
from nqpf.adapters.nbs_national import national_hourly_wages
from nqpf.contract import read_dataset, write_dataset
from nqpf.paths import SHIPPED_RAW

RAW = SHIPPED_RAW / "china_provincial_io"
NBS = SHIPPED_RAW / "china_nbs_io"
GD17 = RAW / "2017" / "19-广东.xls"


@pytest.fixture(scope="module")
def ds():
    start = time.perf_counter()
    out = load_cn_provincial(RAW, NBS)
    print(f"load_cn_provincial: 62 files in {time.perf_counter() - start:.2f} s")
    return out


def test_shapes_and_metadata(ds):
    t = ds.tables
    regions = t["gross_output"].groupby("year")["region"].nunique().to_dict()
    assert regions == {2012: 31, 2017: 31}
    assert set(t["gross_output"]["region"]) == set(
        seed_regions().query("level == 'province'")["code"])
    assert len(t["gross_output"]) == 2 * 31 * 42
    assert len(t["flows"]) == 2 * 31 * 42 * 42
    assert (t["flows"]["from_region"] == t["flows"]["to_region"]).all()
    assert len(t["value_added"]) == 2 * 31 * 42 * 4
    assert set(t["final_demand"]["category"]) == {
        "hh_rural", "hh_urban", "government", "gfcf", "inventory", "exports", "outflow",
        "inflow", "other"}
    m = ds.metadata
    assert (m["dataset"], m["region_level"], m["mrio"]) == ("cn_provinces", "province", False)
    assert m["classification"] == {"2012": "nbs2012_42", "2017": "nbs2017_42"}
    assert m["publisher"] == ("Provincial bureaus of statistics of China; "
                              "National Bureau of Statistics")
    assert any("Not an MRIO" in n for n in m["notes"])


def test_balance_identities_every_province_year(ds):
    assert_balanced(ds)
    assert "ingest_issues" not in ds.tables


def test_hand_checked_guangdong_2017(ds):
    # 19-广东.xls row 01: TIU, FU101, FU102, FU103, FU201, FU202 (local uses) and IM
    local = (48031962.3655 + 15901355.9027 + 6293296.5866 + 1775155.7903 + 3748394.6401
             - 47314.3326)
    keep = 1 - 7467422.2697 / local
    fl, fd = ds.tables["flows"], ds.tables["final_demand"]
    key = {"year": 2017, "from_region": "CN-GD", "from_sector": "01"}
    assert cell(fl, **key, to_sector="01") == pytest.approx(5782488.767 * keep, rel=1e-12)
    assert cell(fd, **key, category="hh_rural") == pytest.approx(15901355.9027 * keep,
                                                                   rel=1e-12)
    assert cell(fd, **key, category="exports") == 1373912.1218
    assert cell(fd, **key, category="outflow") == 15434235.8613
    assert cell(fd, **key, category="inflow") == -25344976.666
    assert cell(fd, **key, category="other") == 0.0
    va = ds.tables["value_added"]
    assert cell(va, year=2017, region="CN-GD", sector="01", component="compensation") == 36753500
    assert cell(ds.tables["gross_output"], year=2017, region="CN-GD", sector="01") == 59698600


def test_imports_above_local_use_are_reexports(ds):
    # 1北京.xls (2012) row 03: IM 107632193.26 against local use TIU + FU202 = 6750704.98
    im, tiu, inv = 107632193.26264063, 6717148.580491702, 33556.40383649546
    ex, of = 524358.461462368, 101745160.98396808
    excess = im - (tiu + inv)
    fl, fd = ds.tables["flows"], ds.tables["final_demand"]
    key = {"year": 2012, "from_region": "CN-BJ", "from_sector": "03"}
    assert cell(fl, **key, to_sector="11") == 0.0  # was 5145040.17, all imported
    assert cell(fd, **key, category="exports") == pytest.approx(ex - excess * ex / (ex + of))
    assert cell(fd, **key, category="outflow") == pytest.approx(of - excess * of / (ex + of))
    assert cell(fd, **key, category="inventory") == 0.0
    assert any("CN-BJ 2012: 03, 04, 18" in n for n in ds.metadata["notes"])


def test_zero_output_sectors_kept(ds):
    go = ds.tables["gross_output"]
    tibet = go[(go["region"] == "CN-XZ") & (go["year"] == 2017)]
    assert len(tibet) == 42
    assert tibet.set_index("sector").loc[["02", "03", "11"], "value"].tolist() == [0, 0, 0]


def test_hourly_wages_are_the_national_ones(ds):
    lab = ds.tables["labour"]
    assert set(lab["measure"]) == {"hourly_wage"}
    assert set(lab["unit"]) == {"monetary_unit_per_hour"}
    assert len(lab) == 2 * 31 * 42 and (lab["value"] > 0).all()
    nat = national_hourly_wages(NBS, (2012, 2017))
    merged = lab.merge(nat, on=["year", "sector"], validate="many_to_one")
    assert (merged["value"] == merged["hourly_wage"]).all()
    assert merged.groupby(["year", "sector"])["value"].nunique().max() == 1


def test_region_of_file_names():
    seed = seed_regions()
    assert region_of(Path("2012/19广东.xls"), seed) == "CN-GD"
    assert region_of(Path("2017/19-广东.xls"), seed) == "CN-GD"
    assert region_of(Path("2012/31西藏.xls"), seed) == "CN-XZ"  # 2012 order differs
    assert region_of(Path("2012/0中国.xls"), seed) is None
    with pytest.raises(LayoutError, match="火星"):
        region_of(Path("2017/40-火星.xls"), seed)


def _write_csv(grid: list[list[object]], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(grid)
    return path


def _grid() -> list[list[object]]:
    return read_sheets(GD17)[0][1]


def test_layout_shifted_by_a_row_and_a_column(tmp_path):
    grid = [[""] * 62, ["note"] + [""] * 61] + [["", *row] for row in _grid()]
    code_row = next(i for i, r in enumerate(grid) if "TIU" in r)
    # codes stored as numbers without the leading zero ("1" instead of "01")
    grid[code_row] = [int(c) if str(c).isdigit() else c for c in grid[code_row]]
    shifted = read_province_sheet(_write_csv(grid, tmp_path / "19-广东.csv"))
    original = read_province_sheet(GD17)
    pd.testing.assert_frame_equal(shifted.values, original.values)
    assert shifted.rows["01"] == original.rows["01"] + 2


def test_missing_code_row_is_a_clear_error(tmp_path):
    grid = [r for r in _grid() if "TIU" not in r]
    path = _write_csv(grid, tmp_path / "broken.csv")
    with pytest.raises(LayoutError, match=r"broken\.csv: no sheet of 1 has a code row"):
        read_province_sheet(path)


def test_bad_cell_names_file_row_and_column(tmp_path):
    grid = _grid()
    grid[8][3] = "n/a"  # sheet row 9 = sector 01, column D = user 01
    path = _write_csv(grid, tmp_path / "bad.csv")
    with pytest.raises(LayoutError, match=r"bad\.csv: row 9, column 01: 'n/a' is not"):
        read_province_sheet(path)


def test_unbalanced_province_is_an_issue_not_an_error(tmp_path):
    grid = _grid()
    go_col = next(j for j, c in enumerate(grid[7]) if c == "GO")
    grid[12][go_col] = float(grid[12][go_col]) * 1.01  # sheet row 13 = sector 05; 1 % > tolerance
    sheet = read_province_sheet(_write_csv(grid, tmp_path / "19-广东.csv"))
    _, _, issues = province_table(sheet, year=2017, region="CN-GD")
    assert {(i["column"], i["rule"]) for i in issues} == {
        ("05", "row_balance"), ("05", "column_balance"),
        ("05", "total_input_balance")}
    assert {(i["row"], i["region"], i["year"]) for i in issues} == {(13, "CN-GD", 2017)}
    assert all(i["file"].endswith("19-广东.csv") for i in issues)


def test_round_trip(ds, tmp_path):
    back = read_dataset(write_dataset(ds, tmp_path))
    assert back.metadata == ds.metadata
    for name in ("flows", "final_demand", "labour", "gross_output"):
        a = ds.tables[name].reset_index(drop=True)
        b = back.tables[name][a.columns].reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_loader_records_unbalanced_province_and_missing_ones(tmp_path):
    grid = _grid()
    go_col = next(j for j, c in enumerate(grid[7]) if c == "GO")
    grid[12][go_col] = float(grid[12][go_col]) * 1.01
    book = openpyxl.Workbook()
    for row in grid:
        book.active.append([None if c == "" else c for c in row])
    (tmp_path / "2017").mkdir()
    book.save(tmp_path / "2017" / "19-广东.xlsx")
    ds = load_cn_provincial(tmp_path, NBS, years=(2017,))
    assert set(ds.tables["gross_output"]["region"]) == {"CN-GD"}
    assert any(n.startswith("No table found for: CN-BJ 2017") for n in ds.metadata["notes"])
    back = read_dataset(write_dataset(ds, tmp_path / "out"))
    issues = back.tables["ingest_issues"]
    assert sorted(issues["rule"]) == ["column_balance", "row_balance", "total_input_balance"]
    assert set(issues["row"]) == {13} and set(issues["column"]) == {"05"}
