"""CEADs city MRIO .mat files (v5/v7 and v7.3) -> canonical tables, cell for cell."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ceads_files import S, mrio, write_mat, write_mat_v5

from nqpf.adapters.ceads_mat import load_ceads_mat
from nqpf.adapters.ceads_mrio import (
    FINAL_DEMAND_ORDER,
    VA_ORDER,
    WrittenBehind,
    flows_chunks,
)
from nqpf.contract import ContractError, read_dataset, write_dataset

R = 3
CITIES = pd.DataFrame({
    "index": [2, 1, 3], "code": ["CN-GD-4403", "CN-GD-4401", "CN-BJ-1100"],
    "name_zh": ["深圳市", "广州市", "北京市"], "name_en": ["Shenzhen", "Guangzhou", "Beijing"],
    "province": ["广东", "CN-GD", "Beijing"]})
CODES = ["CN-GD-4401", "CN-GD-4403", "CN-BJ-1100"]  # in block order


@pytest.fixture(scope="module")
def blocks() -> dict[str, np.ndarray]:
    return mrio(R)


@pytest.fixture
def regions(tmp_path: Path) -> Path:
    path = tmp_path / "cities.csv"
    CITIES.to_csv(path, index=False)
    return path


INDEX = {(c, f"{s + 1:02d}"): k * S + s for k, c in enumerate(CODES) for s in range(S)}
CATEGORY = {c: n for n, c in enumerate(FINAL_DEMAND_ORDER)}


def _index(df: pd.DataFrame, region: str, second: str) -> list[int]:
    """Block position of each row's (region, sector) or (region, category) key."""
    pairs = zip(df[region].astype(str), df[second].astype(str), strict=True)
    if second == "category":
        return [CODES.index(r) * 5 + CATEGORY[c] for r, c in pairs]
    return [INDEX[k] for k in pairs]


def _block(df: pd.DataFrame, rows: tuple[str, str], cols: tuple[str, str] | None,
           shape: tuple[int, ...]) -> np.ndarray:
    """Long rows back to a dense block (a vector when ``cols`` is None); absent cells are 0."""
    out = np.zeros(shape)
    at = (_index(df, *rows),) + ((_index(df, *cols),) if cols else ())
    np.add.at(out, at, df["value"].to_numpy(float))
    return out


def _assert_cell_for_cell(ds, blocks: dict[str, np.ndarray], year: int) -> None:
    t = {k: v[v["year"] == year] if "year" in v else v for k, v in ds.tables.items()}
    n = R * S
    supplier = ("from_region", "from_sector")
    Z = _block(t["flows"], supplier, ("to_region", "to_sector"), (n, n))
    np.testing.assert_array_equal(Z, blocks["Z"])
    assert len(t["flows"]) == np.count_nonzero(blocks["Z"])  # zeros are not stored
    fd = t["final_demand"]
    F = _block(fd[fd["category"] != "exports"], supplier, ("to_region", "category"),
               (n, 5 * R))
    np.testing.assert_array_equal(F, blocks["F"])
    exports = fd[fd["category"] == "exports"]
    assert (exports["from_region"] == exports["to_region"]).all()
    np.testing.assert_array_equal(_block(exports, supplier, None, (n,)), blocks["Export"][:, 0])
    x = t["gross_output"]["value"].to_numpy()
    np.testing.assert_array_equal(
        x, blocks["Z"].sum(axis=1) + blocks["F"].sum(axis=1) + blocks["Export"][:, 0])
    assert t["gross_output"]["region"].tolist() == list(np.repeat(CODES, S))
    va = t["value_added"]
    for k, comp in enumerate(VA_ORDER):
        np.testing.assert_array_equal(va[va["component"] == comp]["value"], blocks["VA"][k])
    np.testing.assert_array_equal(t["imported_inputs"]["value"], blocks["IM"][0, :n])


@pytest.mark.parametrize("version", ["v5", "v7.3"])
def test_mat_file_reads_cell_for_cell(tmp_path, blocks, regions, version):
    path = tmp_path / "China city MRIO_2017.mat"
    (write_mat_v5 if version == "v5" else write_mat)(path, blocks)
    assert h5py.is_hdf5(path) == (version == "v7.3")
    ds = load_ceads_mat(path, regions=regions)
    stored = read_dataset(write_dataset(ds, tmp_path / "canonical"))
    _assert_cell_for_cell(stored, blocks, 2017)
    assert stored.metadata["classification"] == {"2017": "nbs2017_42"}
    assert stored.metadata["mrio"] is True
    reg = stored.tables["regions"].set_index("code")
    assert reg.loc["CN-GD-4403", "name_zh"] == "深圳市"
    assert reg.loc["CN-GD-4403", "parent"] == "CN-GD"
    assert reg.loc["CN-BJ-1100", "parent"] == "CN-BJ"  # province given by English name
    assert stored.tables["ingest_issues"].empty
    assert not any("No region list" in n for n in stored.metadata["notes"])


def test_v73_holds_matlab_column_major_arrays(tmp_path, blocks):
    path = write_mat(tmp_path / "2017.mat", blocks)
    with h5py.File(path) as f:
        assert f["MRIO/F"].shape == (5 * R, R * S)  # MATLAB's N x 5R, transposed
        assert f["MRIO/Export"].shape == (1, R * S)
    assert path.read_bytes()[:10] == b"MATLAB 7.3"


def test_two_years_with_import_field_named_import(tmp_path, blocks, regions):
    other = mrio(R, seed=7)
    files = [write_mat_v5(tmp_path / "2012_Chinese_City_MRIO.mat", other, imports="Import"),
             write_mat(tmp_path / "China city MRIO_2017.mat", blocks)]
    ds = read_dataset(write_dataset(load_ceads_mat(files, regions=regions), tmp_path / "c"))
    _assert_cell_for_cell(ds, other, 2012)
    _assert_cell_for_cell(ds, blocks, 2017)
    assert ds.metadata["classification"] == {"2012": "nbs2012_42", "2017": "nbs2017_42"}


def test_without_region_list_the_order_is_stated(tmp_path, blocks, capsys):
    ds = load_ceads_mat(write_mat_v5(tmp_path / "2015.mat", blocks))
    assert ds.tables["regions"]["code"].tolist() == ["CEADS001", "CEADS002", "CEADS003"]
    note = next(n for n in ds.metadata["notes"] if "No region list" in n)
    assert "CEADS001..CEADS003" in note and "order of the file's blocks" in note
    assert "No region list given" in capsys.readouterr().err


@pytest.mark.parametrize(("edit", "message"), [
    (lambda b: b.update(VA=b["VA"] + np.r_[0, 0, 0, 0, 1.0][:, None]),
     r"MRIO\.VA: rows 1-4 \(components\) sum to .* row 5 .* at \S+/01 .*va_components"),
    (lambda b: b.update(F=b["F"][:, :-1]),
     r"MRIO\.F: shape \(126, 14\), expected \(126, 15\) .*rule: shape"),
    (lambda b: b.update(Z=b["Z"][:-1, :-1]), r"MRIO\.Z: shape \(125, 125\).*rule: shape"),
    (lambda b: b.pop("Export"), r"struct MRIO has no field Export .*rule: missing_field"),
    (lambda b: b.update(IM=b["IM"][:, :-2]), r"MRIO\.IM: length .*rule: shape"),
])
@pytest.mark.parametrize("with_regions", [False, True])
def test_broken_struct_names_field_and_rule(tmp_path, blocks, regions, edit, message,
                                            with_regions):
    """With a region list too, the broken block is named, not the list."""
    bad = {k: v.copy() for k, v in blocks.items()}
    edit(bad)
    with pytest.raises(ContractError, match=message):
        load_ceads_mat(write_mat_v5(tmp_path / "2017.mat", bad),
                       regions=regions if with_regions else None)


def test_unbalanced_city_is_an_ingest_issue_naming_the_fields(tmp_path, blocks):
    bad = {k: v.copy() for k, v in blocks.items()}
    bad["VA"][:, S + 4] *= 2  # city 2, sector 05: inputs exceed output
    ds = load_ceads_mat(write_mat_v5(tmp_path / "2017.mat", bad))
    issues = ds.tables["ingest_issues"]
    assert issues[["region", "rule"]].values.tolist() == [["CEADS002", "column_balance"]]
    assert "sector 05" in issues["detail"][0] and "MRIO.VA row 5" in issues["detail"][0]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_region_list_in_utf16_without_bom_and_cr_line_ends(tmp_path, blocks, encoding):
    path = tmp_path / "cities.csv"
    path.write_bytes(CITIES.to_csv(index=False, lineterminator="\r").encode(encoding))
    ds = load_ceads_mat(write_mat_v5(tmp_path / "2017.mat", blocks), regions=path)
    assert ds.tables["regions"]["code"].tolist() == CODES
    assert ds.tables["regions"].set_index("code").loc["CN-GD-4403", "name_zh"] == "深圳市"


def test_region_list_must_cover_every_block(tmp_path, blocks):
    path = tmp_path / "cities.csv"
    CITIES.iloc[:2].to_csv(path, index=False)
    with pytest.raises(ContractError, match=r"cities\.csv: index must list 1\.\.3.*region_count"):
        load_ceads_mat(write_mat_v5(tmp_path / "2017.mat", blocks), regions=path)


def test_not_a_mat_file(tmp_path):
    path = tmp_path / "2017.mat"
    path.write_text("not matlab")
    with pytest.raises(ContractError, match=r"2017\.mat: not a readable MATLAB file"):
        load_ceads_mat(path)


def test_scratch_flows_file_does_not_outlive_the_dataset(tmp_path, blocks, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    ds = load_ceads_mat(write_mat_v5(tmp_path / "2017.mat", blocks))
    assert len(list((tmp_path / "scratch").iterdir())) == 1
    del ds
    assert not list((tmp_path / "scratch").iterdir())
    bad = {**blocks, "VA": blocks["VA"] * np.r_[1, 1, 1, 1, 2][:, None]}
    with pytest.raises(ContractError, match="va_components"):
        load_ceads_mat(write_mat_v5(tmp_path / "2015.mat", bad))
    assert not list((tmp_path / "scratch").iterdir())


def test_flows_of_a_column_major_z_are_those_of_a_row_major_one_user_by_user() -> None:
    rng = np.random.default_rng(2)
    Z = rng.random((6, 6)) * (rng.random((6, 6)) > 0.3)
    regions, sectors = ["A", "B", "C"], ["01", "02"]
    row_major, column_major = (
        pa.concat_tables(flows_chunks(z, 2017, regions, sectors)).to_pandas()
        for z in (np.ascontiguousarray(Z), np.asfortranarray(Z)))
    keys = ["from_region", "from_sector", "to_region", "to_sector"]
    assert len(row_major) == np.count_nonzero(Z)
    pd.testing.assert_frame_equal(row_major.sort_values(keys, ignore_index=True),
                                  column_major.sort_values(keys, ignore_index=True))
    users = column_major["to_region"].astype(str) + column_major["to_sector"].astype(str)
    assert users.is_monotonic_increasing
    first = row_major.iloc[0]
    assert (first["from_region"], first["from_sector"]) == ("A", "01")
    assert first["value"] == Z[0, np.flatnonzero(Z[0])[0]]


def test_chunks_written_behind_land_in_order_and_a_failed_write_is_raised(
        tmp_path: Path) -> None:
    """The ingest builds the next chunk of flows while one is written on a thread of its own:
    the file holds the chunks in the order given, and a write that failed is raised."""
    schema = pa.schema([("x", pa.int64())])
    with (ThreadPoolExecutor(max_workers=1) as pool,
          pq.ParquetWriter(tmp_path / "a.parquet", schema) as writer):
        behind = WrittenBehind(pool)
        for i in range(6):
            behind.write(writer, pa.table({"x": [i, 10 * i]}))
        behind.wait()
    assert pq.read_table(tmp_path / "a.parquet")["x"].to_pylist() == [
        v for i in range(6) for v in (i, 10 * i)]
    with (ThreadPoolExecutor(max_workers=1) as pool,
          pq.ParquetWriter(tmp_path / "b.parquet", schema) as writer):
        behind = WrittenBehind(pool)
        behind.write(writer, pa.table({"y": ["not the file's schema"]}))
        with pytest.raises(ValueError, match="schema"):
            behind.wait()
