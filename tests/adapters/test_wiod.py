"""WIOD 2016 adapter on the shipped AUS/USA NIOT + SEA files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.adapters.wiod import load_wiod
from nqpf.contract import ContractError, read_dataset, write_dataset
from nqpf.paths import SHIPPED_RAW

RAW = SHIPPED_RAW / "wiod2016"


@pytest.fixture(scope="module")
def ds():
    return load_wiod(RAW)


def _cell(df: pd.DataFrame, **keys) -> float:
    mask = np.logical_and.reduce([df[k] == v for k, v in keys.items()])
    assert mask.sum() == 1, keys
    return float(df.loc[mask, "value"].iloc[0])


def test_shape_and_metadata(ds):
    assert ds.name == "wiod_aus_usa"
    assert ds.metadata["monetary_unit"] == "USD million"
    assert ds.scheme_for(2010) == "wiod56"
    flows = ds.tables["flows"]
    assert len(flows) == 2 * 15 * 56 * 56
    assert (flows["from_region"] == flows["to_region"]).all()
    assert set(flows["from_region"]) == {"AUS", "USA"}
    assert sorted(flows["year"].unique()) == list(range(2000, 2015))
    fd = ds.tables["final_demand"]
    assert set(fd["category"]) == {"hh_total", "npish", "government", "gfcf", "inventory",
                                   "exports", "other"}
    seed = pd.read_csv(Path(__file__).parents[2] / "dbt_project/seeds/sectors_wiod56.csv",
                       dtype=str)
    assert set(flows["from_sector"]) == set(seed["code"])


def test_niot_cells_are_usd_and_unchanged(ds):
    # AUS_niot.csv, year 2000, row A01 (Domestic), column A01 / CONS_h / GO
    flows, fd, go = ds.tables["flows"], ds.tables["final_demand"], ds.tables["gross_output"]
    assert _cell(flows, year=2000, from_region="AUS", from_sector="A01",
                 to_sector="A01") == 5876.8331806262804
    assert _cell(fd, year=2000, from_region="AUS", from_sector="A01",
                 category="hh_total") == 2777.1223130368885
    assert _cell(go, year=2000, region="AUS", sector="A01") == 28947.95965098717


def test_negative_gfcf_moved_to_other(ds):
    # USA_niot.csv 2000: GFCF of E37-E39 is -66577.258390 (scrap sales)
    fd = ds.tables["final_demand"]
    cell = {"year": 2000, "from_region": "USA", "from_sector": "E37-E39"}
    assert _cell(fd, **cell, category="gfcf") == 0.0
    assert _cell(fd, **cell, category="other") == pytest.approx(-66577.258390)
    signed = fd["category"].isin(["inventory", "other"])
    assert (fd.loc[~signed, "value"] >= 0).all()
    assert not (fd.query("from_region == 'AUS' and category == 'other'")["value"] != 0).any()
    note = next(n for n in ds.metadata["notes"] if "moved to 'other'" in n)
    assert "USA 2000 E37-E39 gfcf" in note and note.startswith("27 ")


def test_sea_values_divided_by_nomexch(ds):
    # AUS_sea.csv A01 2000: COMP 5541.017, K 68343.946, H_EMPE 394.068, NOMEXCH 1.724827 AUD/USD
    va, k, lab = ds.tables["value_added"], ds.tables["capital_stock"], ds.tables["labour"]
    comp = _cell(va, year=2000, region="AUS", sector="A01", component="compensation")
    assert comp == pytest.approx(3212.50595, rel=1e-8)  # 5541.017 / 1.724827
    assert _cell(k, year=2000, region="AUS", sector="A01") == pytest.approx(68343.946 / 1.724827)
    assert _cell(va, year=2000, region="AUS", sector="A01",
                 component="depreciation") == pytest.approx(68343.946 / 1.724827 / 15)
    assert _cell(lab, year=2000, region="AUS", sector="A01", measure="hours") == 394.068e6
    assert _cell(lab, year=2000, region="AUS", sector="A01", measure="employees") == 181466
    # the direction check: NIOT GO (USD) against SEA GO 49709.21 (AUD)
    go = _cell(ds.tables["gross_output"], year=2000, region="AUS", sector="A01")
    assert go == pytest.approx(49709.21 / 1.724827, rel=0.01)
    assert abs(go - 49709.21 * 1.724827) > 0.5 * go


def test_row_balance(ds):
    """x_i = sum_j Z_ij + sum of final demand, every country-year (WIOD balances)."""
    keys = ["year", "from_region", "from_sector"]
    z = ds.tables["flows"].groupby(keys)["value"].sum()
    f = ds.tables["final_demand"].groupby(keys)["value"].sum()
    x = ds.tables["gross_output"].set_index(["year", "region", "sector"])["value"]
    x.index = x.index.set_names(keys)
    gap = (x - z - f).abs()
    assert len(gap) == 2 * 15 * 56
    assert (gap <= 1e-9 * x.abs().clip(lower=1.0).reindex(gap.index)).all()


def _column_gap(ds) -> pd.Series:
    keys = ["year", "region", "sector"]
    z = ds.tables["flows"].groupby(["year", "to_region", "to_sector"])["value"].sum()
    z.index = z.index.set_names(keys)
    imp = ds.tables["imported_inputs"].set_index(keys)["value"]
    va = ds.tables["value_added"].groupby(keys)["value"].sum()
    x = ds.tables["gross_output"].set_index(keys)["value"]
    return (x - z - imp - va) / x.where(x != 0)


def test_column_balance(ds):
    """x_j = domestic inputs + imported inputs + value added: exact by the residual route."""
    gap = _column_gap(ds).dropna().abs()
    assert len(gap) == 750 + 825  # sectors with output (AUS 90, USA 15 zero-output cells)
    assert gap.max() < 1e-9
    assert (ds.tables["imported_inputs"]["value"] >= 0).all()
    assert "ingest_issues" not in ds.tables


def test_imported_residual_against_sea_intermediate_inputs(ds):
    """The residual differs from SEA II / NOMEXCH - domestic inputs by NIOT vs SEA output."""
    sea = pd.concat([pd.read_csv(RAW / f"{c}_sea.csv") for c in ("AUS", "USA")])
    sea = sea.rename(columns={"country": "region", "code": "sector"})
    keys = ["year", "region", "sector"]
    ii = (sea["II"] / sea["NOMEXCH"]).set_axis(pd.MultiIndex.from_frame(sea[keys]))
    z = ds.tables["flows"].groupby(["year", "to_region", "to_sector"])["value"].sum()
    z.index = z.index.set_names(keys)
    imp = ds.tables["imported_inputs"].set_index(keys)["value"]
    x = ds.tables["gross_output"].set_index(keys)["value"]
    rel = ((imp - (ii - z)) / x.where(x != 0)).dropna().abs()
    assert rel.xs("USA", level="region").max() < 1e-6
    assert 0.001 < rel.xs("AUS", level="region").max() < 0.02


def test_depreciation_rule_is_explicit(ds):
    va = ds.tables["value_added"].set_index(["year", "region", "sector", "component"])["value"]
    k = ds.tables["capital_stock"].set_index(["year", "region", "sector"])["value"]
    life = ds.tables["service_life"]
    assert (life["years"] == 15.0).all() and len(life) == 56
    np.testing.assert_allclose(va.xs("depreciation", level="component").sort_index(),
                               (k / 15.0).sort_index())
    assert any("K / 15" in n for n in ds.metadata["notes"])


def test_written_and_read_back(ds, tmp_path):
    folder = write_dataset(ds, tmp_path)
    back = read_dataset(folder)
    assert len(back.tables["flows"]) == len(ds.tables["flows"])
    assert back.tables["labour"]["unit"].isin(["hours", "persons"]).all()


def _copy_year(year: int = 2000) -> tuple[pd.DataFrame, pd.DataFrame]:
    niot = pd.read_csv(RAW / "AUS_niot.csv")
    sea = pd.read_csv(RAW / "AUS_sea.csv")
    return niot[niot["Year"] == year], sea[sea["year"] == year]


def test_imports_rows_used_when_present(tmp_path):
    niot, sea = _copy_year()
    imports = niot.copy()
    imports["Origin"] = "Imports"
    sectors = list(niot.columns[4:60])
    imports[sectors] = 0.5
    pd.concat([niot, imports]).to_csv(tmp_path / "AUS_niot.csv", index=False)
    sea.to_csv(tmp_path / "AUS_sea.csv", index=False)
    ds = load_wiod(tmp_path, countries=["AUS"], years=[2000])
    assert ds.name == "wiod_aus"
    assert (ds.tables["imported_inputs"]["value"] == 0.5 * 56).all()


def test_missing_column_names_file_and_rule(tmp_path):
    niot, sea = _copy_year()
    niot.to_csv(tmp_path / "AUS_niot.csv", index=False)
    sea.drop(columns="NOMEXCH").to_csv(tmp_path / "AUS_sea.csv", index=False)
    with pytest.raises(ContractError, match=r"AUS_sea\.csv.*NOMEXCH.*missing_column"):
        load_wiod(tmp_path, countries=["AUS"], years=[2000])


def test_negative_residual_is_an_issue(tmp_path):
    niot, sea = _copy_year()
    niot.to_csv(tmp_path / "AUS_niot.csv", index=False)
    sea.loc[sea["code"] == "B", "VA"] *= 10
    sea.to_csv(tmp_path / "AUS_sea.csv", index=False)
    issues = load_wiod(tmp_path, countries=["AUS"], years=[2000]).tables["ingest_issues"]
    assert issues[["region", "year", "column", "rule"]].values.tolist() == [
        ["AUS", 2000, "B", "negative_imported_inputs"]]


def test_missing_year_is_an_error(tmp_path):
    niot, sea = _copy_year()
    niot.to_csv(tmp_path / "AUS_niot.csv", index=False)
    sea.to_csv(tmp_path / "AUS_sea.csv", index=False)
    with pytest.raises(ContractError, match=r"AUS_niot\.csv.*2001.*missing_year"):
        load_wiod(tmp_path, countries=["AUS"], years=[2001])
