"""load_canonical: users' CSV/Parquet tables in the contract, good and bad."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from nqpf.adapters.canonical import load_canonical
from nqpf.contract import TABLES, CanonicalDataset, ContractError, conform, write_dataset

META = {
    "dataset": "my_table", "title": "Two-sector test table", "publisher": "me",
    "monetary_unit": "CNY 10,000", "region_level": "province", "mrio": False,
    "classification": "nbs2017_42",
}
CSV = {
    "flows": "year,from_region,from_sector,to_region,to_sector,value\n"
             "2017,CN-GD,01,CN-GD,01,10\n2017,CN-GD,01,CN-GD,02,5.5\n"
             "2017,CN-GD,02,CN-GD,01,3\n2017,CN-GD,02,CN-GD,02,4\n",
    "final_demand": "year,from_region,from_sector,to_region,category,value\n"
                    "2017,CN-GD,01,CN-GD,hh_total,20\n2017,CN-GD,02,CN-GD,inventory,-1\n",
    "value_added": "year,region,sector,component,value\n"
                   "2017,CN-GD,01,compensation,12\n2017,CN-GD,02,compensation,7\n",
    "gross_output": "year,region,sector,value\n2017,CN-GD,01,35.5\n2017,CN-GD,02,7\n",
    "labour": "year,region,sector,measure,value,unit\n"
              "2017,CN-GD,01,hours,1000,hours\n2017,CN-GD,02,employees,3,persons\n",
}


def _folder(tmp_path: Path, **override: str | None) -> Path:
    """A valid CSV folder; ``override`` replaces (or with None removes) a table's text."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "metadata.json").write_text(json.dumps(META), encoding="utf-8")
    for name, text in {**CSV, **override}.items():
        if text is not None:
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def _issues(ds: CanonicalDataset) -> list[tuple]:
    df = ds.tables["ingest_issues"]
    return [tuple(None if pd.isna(v) else v for v in r)
            for r in df[["file", "row", "region", "year", "column", "rule"]].itertuples(
                index=False)]


def test_clean_csv_folder(tmp_path):
    ds = load_canonical(_folder(tmp_path))
    assert ds.name == "my_table"
    assert "ingest_issues" not in ds.tables
    flows = ds.tables["flows"]
    assert flows["from_sector"].tolist() == ["01", "01", "02", "02"]  # leading zeros kept
    assert flows["value"].tolist() == [10.0, 5.5, 3.0, 4.0]
    assert ds.tables["final_demand"]["value"].tolist() == [20.0, -1.0]
    assert str(flows["year"].dtype) == "Int64"


def test_round_trip_through_parquet(tmp_path):
    original = load_canonical(_folder(tmp_path))
    written = write_dataset(original, tmp_path / "out")
    back = load_canonical(written)
    assert back.metadata == original.metadata
    for name in TABLES:
        stored = pq.read_table(written / f"{name}.parquet")
        assert conform(name, back.tables[name]).equals(stored), name
    for name in CSV:
        pd.testing.assert_frame_equal(back.tables[name].reset_index(drop=True),
                                      original.tables[name].reset_index(drop=True),
                                      check_dtype=False)


def test_yaml_metadata(tmp_path):
    folder = _folder(tmp_path)
    (folder / "metadata.json").unlink()
    (folder / "metadata.yml").write_text(yaml.safe_dump(META), encoding="utf-8")
    assert load_canonical(folder).metadata == META


def test_bad_cells_become_issues_and_nulls(tmp_path):
    flows = ("year,from_region,from_sector,to_region,to_sector,value,note\n"
             "2017,CN-GD,01,CN-GD,01,abc,x\n"      # row 1: not a number
             "2017,CN-GD,01,CN-GD,02,,x\n"         # row 2: missing value
             "2017.5,CN-GD,02,CN-GD,01,3,x\n"      # row 3: not an integer year
             "2017,CN-GD,02,CN-GD,02,4,x\n")
    ds = load_canonical(_folder(tmp_path, flows=flows))
    assert _issues(ds) == [
        ("flows.csv", None, None, None, "note", "unknown_column"),
        ("flows.csv", 1, "CN-GD", 2017, "value", "not_a_number"),
        ("flows.csv", 2, "CN-GD", 2017, "value", "missing_value"),
        ("flows.csv", 3, "CN-GD", None, "year", "not_an_integer"),
    ]
    out = ds.tables["flows"]
    assert len(out) == 4  # nothing dropped
    assert out["value"].isna().tolist() == [True, True, False, False]  # nothing zero-filled
    assert out["year"].isna().tolist() == [False, False, True, False]
    assert "'abc'" in ds.tables["ingest_issues"]["detail"].iloc[1]


def test_unknown_unit_and_category(tmp_path):
    labour = ("year,region,sector,measure,value,unit\n"
              "2017,CN-GD,01,hours,1000,days\n2017,CN-GD,02,headcount,3,persons\n")
    fd = ("year,from_region,from_sector,to_region,category,value\n"
          "2017,CN-GD,01,CN-GD,hh_total,20\n2017,CN-GD,02,CN-GD,tourism,2\n")
    ds = load_canonical(_folder(tmp_path, labour=labour, final_demand=fd))
    assert _issues(ds) == [
        ("final_demand.csv", 2, "CN-GD", 2017, "category", "unknown_category"),
        ("labour.csv", 1, "CN-GD", 2017, "unit", "unknown_unit"),
        ("labour.csv", 2, "CN-GD", 2017, "measure", "unknown_measure"),
    ]
    assert ds.tables["labour"]["value"].isna().all()
    assert ds.tables["final_demand"]["value"].tolist()[0] == 20.0
    assert pd.isna(ds.tables["final_demand"]["value"].iloc[1])


def test_user_issues_are_kept(tmp_path):
    own = "file,row,region,year,column,rule,detail\nsource.xls,7,CN-GD,2017,GO,manual,checked\n"
    flows = CSV["flows"].replace("5.5", "x")
    ds = load_canonical(_folder(tmp_path, ingest_issues=own, flows=flows))
    assert [r[5] for r in _issues(ds)] == ["manual", "not_a_number"]


def test_sectors_booleans(tmp_path):
    sectors = ("scheme,code,name_en,name_zh,productive,digital_device,digital_service,"
               "common_code\nmine,01,Farming,,true,FALSE,0,\nmine,02,Chips,,yes,1,maybe,\n")
    ds = load_canonical(_folder(tmp_path, sectors=sectors))
    s = ds.tables["sectors"]
    assert s["productive"].tolist() == [True, True]
    assert s["digital_device"].tolist() == [False, True]
    assert pd.isna(s["digital_service"].iloc[1])
    assert _issues(ds) == [("sectors.csv", 2, "02", None, "digital_service", "not_a_boolean")]


@pytest.mark.parametrize(("override", "pattern"), [
    ({"labour": None}, r"'labour'.*missing_table"),
    ({"flows": ""}, r"flows\.csv.*empty_file"),
    ({"gross_output": "year,region,sector\n2017,CN-GD,01\n"},
     r"gross_output\.csv.*\['value'\].*missing_column"),
])
def test_file_level_errors(tmp_path, override, pattern):
    with pytest.raises(ContractError, match=pattern):
        load_canonical(_folder(tmp_path, **override))


def test_wrong_file_type(tmp_path):
    folder = _folder(tmp_path, flows=None)
    (folder / "flows.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(ContractError, match=r"flows\.xlsx.*wrong_file_type"):
        load_canonical(folder)


def test_unknown_table_file(tmp_path):
    folder = _folder(tmp_path)
    (folder / "README.md").write_text("# my table\n", encoding="utf-8")
    assert load_canonical(folder).name == "my_table"  # documentation is ignored
    (folder / "prices.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(ContractError, match=r"prices\.csv.*unknown_table"):
        load_canonical(folder)


def test_duplicate_table(tmp_path):
    folder = _folder(tmp_path)
    (folder / "flows.parquet").write_bytes(b"x")
    with pytest.raises(ContractError, match=r"flows.*duplicate_table"):
        load_canonical(folder)


def test_truncated_parquet(tmp_path):
    written = write_dataset(load_canonical(_folder(tmp_path)), tmp_path / "out")
    data = (written / "flows.parquet").read_bytes()
    (written / "flows.parquet").write_bytes(data[: len(data) // 2])
    with pytest.raises(ContractError, match=r"flows\.parquet.*corrupt_parquet"):
        load_canonical(written)


@pytest.mark.parametrize(("text", "rule"), [
    ("{not json", "unreadable_metadata"), ("[1, 2]", "unreadable_metadata"),
    (json.dumps({"dataset": "x"}), "field title: Field required.*invalid_metadata")])
def test_unreadable_metadata(tmp_path, text, rule):
    folder = _folder(tmp_path)
    (folder / "metadata.json").write_text(text, encoding="utf-8")
    with pytest.raises(ContractError, match=rf"metadata\.json.*{rule}"):
        load_canonical(folder)


def test_missing_metadata(tmp_path):
    folder = _folder(tmp_path)
    (folder / "metadata.json").unlink()
    with pytest.raises(ContractError, match="unreadable_metadata"):
        load_canonical(folder)
