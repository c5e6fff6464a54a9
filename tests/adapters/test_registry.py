"""Format registry: detection of every format, and loaders wired to their adapters."""

from __future__ import annotations

import json
from pathlib import Path

import pymrio
import pytest
from ceads_files import mrio, write_mat_v5, write_provincial

from nqpf.adapters import registry
from nqpf.adapters.registry import FORMATS, detect_format, load
from nqpf.contract import ContractError
from nqpf.paths import SHIPPED_RAW


@pytest.fixture(scope="module")
def ceads(tmp_path_factory) -> Path:
    """A folder of two CEADs city .mat files and a provincial workbook beside it."""
    folder = tmp_path_factory.mktemp("ceads") / "cities"
    folder.mkdir()
    for year, seed in ((2012, 1), (2017, 2)):
        write_mat_v5(folder / f"{year}_Chinese_City_MRIO.mat", mrio(2, seed))
    write_provincial(folder.parent / "2017.xlsx", mrio(2, 3), ["广东", "北京"])
    return folder


@pytest.fixture(scope="module")
def pymrio_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mrio") / "test_mrio_2010"
    pymrio.load_test().save_all(folder)
    return folder


def test_format_names():
    assert set(FORMATS) == {"canonical", "ceads", "pymrio", "nbs", "cn_provincial", "wiod"}


@pytest.mark.parametrize(("path", "fmt"), [
    (SHIPPED_RAW / "china_nbs_io", "nbs"),
    (SHIPPED_RAW / "china_provincial_io", "cn_provincial"),
    (SHIPPED_RAW / "wiod2016", "wiod"),
])
def test_detect_shipped(path, fmt):
    assert detect_format(path) == fmt


def test_detect_ceads(ceads):
    assert detect_format(ceads) == "ceads"
    assert detect_format(ceads / "2012_Chinese_City_MRIO.mat") == "ceads"
    assert detect_format(ceads.parent / "2017.xlsx") == "ceads"


def test_detect_canonical_and_pymrio(tmp_path, pymrio_folder):
    (tmp_path / "metadata.json").write_text(json.dumps({"dataset": "x"}), encoding="utf-8")
    assert detect_format(tmp_path) == "canonical"
    assert detect_format(pymrio_folder) == "pymrio"  # although it also has metadata.json


def test_detect_unknown(tmp_path):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ContractError, match=r"not a known input format.*unknown_format"):
        detect_format(tmp_path)
    with pytest.raises(ContractError, match=r"notes\.txt.*unknown_format"):
        detect_format(tmp_path / "notes.txt")
    with pytest.raises(ContractError, match="unknown format 'xls'"):
        load(tmp_path, "xls")


def test_load_pymrio_folder(pymrio_folder):
    ds = load(pymrio_folder)
    assert ds.name == "test_mrio_2010"
    assert set(ds.tables["flows"]["year"]) == {2010}
    assert len(ds.tables["flows"]) == 48 * 48


def test_load_pymrio_without_year(tmp_path):
    folder = tmp_path / "mrio"
    pymrio.load_test().save_all(folder)
    with pytest.raises(ContractError, match="missing_year"):
        load(folder)
    assert set(load(folder, year=2011, dataset=None).tables["gross_output"]["year"]) == {2011}


def test_load_ceads_folder_renamed(ceads):
    ds = load(ceads, dataset="my_cities")
    assert ds.name == "my_cities"
    assert set(ds.tables["gross_output"]["year"]) == {2012, 2017}
    assert ds.metadata["region_level"] == "city"


def test_load_ceads_provincial_workbook(ceads):
    ds = load(ceads.parent / "2017.xlsx", "ceads")
    assert ds.name == "ceads_provincial_mrio"
    assert set(ds.tables["gross_output"]["region"]) == {"CN-GD", "CN-BJ"}
    with pytest.raises(ContractError, match=r"--regions applies to the city \.mat files only"):
        load(ceads.parent / "2017.xlsx", "ceads", regions=Path("cities.csv"))


def test_load_wiod_countries_from_files():
    ds = load(SHIPPED_RAW / "wiod2016", years=[2005])
    assert ds.name == "wiod_aus_usa"
    assert set(ds.tables["gross_output"]["region"]) == {"AUS", "USA"}


def test_chinese_loaders_are_wired(monkeypatch):
    """nbs and cn_provincial call their adapters with the path (and the shipped NBS folder)."""
    import nqpf.adapters.cn_provincial as cn_provincial
    import nqpf.adapters.nbs_national as nbs_national

    calls = []

    def fake(*args, **kwargs):
        calls.append((args, kwargs))
        return registry.CanonicalDataset({"dataset": "orig"}, {})

    monkeypatch.setattr(nbs_national, "load_nbs_national", fake)
    monkeypatch.setattr(cn_provincial, "load_cn_provincial", fake)
    assert load(Path("/data/nbs"), "nbs", years=(2017,)).name == "orig"
    assert load(Path("/data/prov"), "cn_provincial", dataset="prov").name == "prov"
    assert calls == [((Path("/data/nbs"),), {"years": (2017,)}),
                     ((Path("/data/prov"), SHIPPED_RAW / "china_nbs_io"), {})]
