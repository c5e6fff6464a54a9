"""CEADs provincial MRIO workbook -> canonical tables, cell for cell; blocks found by labels."""

from __future__ import annotations

import numpy as np
import pytest
from ceads_files import S, mrio, write_provincial
from openpyxl import load_workbook

from nqpf.adapters.ceads_mrio import FINAL_DEMAND_ORDER, VA_ORDER
from nqpf.adapters.ceads_provincial import load_ceads_provincial
from nqpf.contract import ContractError, read_dataset, write_dataset

PROVINCES = ["广东", "内蒙", "北京"]
CODES = ["CN-GD", "CN-NM", "CN-BJ"]
R = len(PROVINCES)


@pytest.fixture(scope="module")
def blocks() -> dict[str, np.ndarray]:
    return mrio(R, seed=3)


def _pivot(df, index, columns, order_rows, order_cols):
    table = df.pivot_table(index=index, columns=columns, values="value", aggfunc="sum",
                           fill_value=0.0, observed=True)
    return table.reindex(index=order_rows, columns=order_cols, fill_value=0.0).to_numpy()


def _assert_equal(ds, blocks) -> None:
    keys = [(c, f"{s + 1:02d}") for c in CODES for s in range(S)]
    t = ds.tables
    flows = t["flows"].astype({c: str for c in ("from_region", "from_sector", "to_region",
                                                "to_sector")})
    Z = _pivot(flows, ["from_region", "from_sector"], ["to_region", "to_sector"], keys, keys)
    np.testing.assert_array_equal(Z, blocks["Z"])
    fd = t["final_demand"]
    F = _pivot(fd[fd["category"] != "exports"], ["from_region", "from_sector"],
               ["to_region", "category"], keys,
               [(c, k) for c in CODES for k in FINAL_DEMAND_ORDER])
    np.testing.assert_array_equal(F, blocks["F"])
    exp = fd[fd["category"] == "exports"].set_index(["from_region", "from_sector"])["value"]
    np.testing.assert_array_equal(exp.reindex(keys, fill_value=0.0), blocks["Export"][:, 0])
    va = t["value_added"].set_index(["region", "sector", "component"])["value"]
    for k, comp in enumerate(VA_ORDER):
        np.testing.assert_array_equal(va.reindex([(*key, comp) for key in keys]),
                                      blocks["VA"][k])
    imports = t["imported_inputs"].set_index(["region", "sector"])["value"]
    np.testing.assert_array_equal(imports.reindex(keys), blocks["IM"][0, :R * S])
    x = t["gross_output"].set_index(["region", "sector"])["value"].reindex(keys)
    np.testing.assert_array_equal(x, blocks["Z"].sum(1) + blocks["F"].sum(1)
                                  + blocks["Export"][:, 0])


def test_workbook_reads_cell_for_cell(tmp_path, blocks):
    path = write_provincial(tmp_path / "2017_provincial_MRIO.xlsx", blocks, PROVINCES)
    ds = read_dataset(write_dataset(load_ceads_provincial(path), tmp_path / "canonical"))
    _assert_equal(ds, blocks)
    assert ds.metadata["classification"] == {"2017": "nbs2017_42"}
    assert ds.metadata["region_level"] == "province"
    assert ds.tables["ingest_issues"].empty


def test_sectors_found_by_code_not_position(tmp_path, blocks):
    order = list(range(S))[::-1]
    path = write_provincial(tmp_path / "x.xlsx", blocks, PROVINCES, sheet="Table_2015",
                            sector_order=order)
    ds = load_ceads_provincial(path)
    assert set(ds.tables["gross_output"]["year"]) == {2015}
    _assert_equal(read_dataset(write_dataset(ds, tmp_path / "c")), blocks)


def test_year_from_file_name_for_sheet_table(tmp_path, blocks):
    path = write_provincial(tmp_path / "CEADs_MRIO_2012.xlsx", blocks, PROVINCES, sheet="Table")
    ds = load_ceads_provincial(path)
    assert ds.metadata["classification"] == {"2012": "nbs2012_42"}


def _edit(path, cells):
    wb = load_workbook(path)
    for ref, value in cells.items():
        wb.active[ref] = value
    wb.save(path)
    return path


def test_total_output_that_breaks_the_row_identity(tmp_path, blocks):
    path = write_provincial(tmp_path / "2017.xlsx", blocks, PROVINCES)
    wb = load_workbook(path)
    ws = wb.active
    col = next(c.column for c in ws[3] if c.value == "总产出")
    ws.cell(5 + S + 1, col, ws.cell(5 + S + 1, col).value + 10)  # 内蒙 sector 02
    wb.save(path)
    with pytest.raises(ContractError, match=r"column .*: total output .* at CN-NM/02 is not "
                                            r"Z 1 \+ F 1 \+ Export .*rule: row_identity"):
        load_ceads_provincial(path)


def test_missing_code_row_names_the_file(tmp_path, blocks):
    path = write_provincial(tmp_path / "2017.xlsx", blocks, PROVINCES)
    wb = load_workbook(path)
    wb.active.delete_rows(4)
    wb.save(path)
    with pytest.raises(ContractError, match=r"2017\.xlsx \[Table_2017_consistent\]: no row of "
                                            r"sector codes.*missing_code_row"):
        load_ceads_provincial(path)


def test_unknown_province_and_text_cell(tmp_path, blocks):
    path = write_provincial(tmp_path / "2017.xlsx", blocks, ["广东", "火星", "北京"])
    with pytest.raises(ContractError, match=r"'火星' is not a province.*unknown_region"):
        load_ceads_provincial(path)
    path = _edit(write_provincial(tmp_path / "b.xlsx", blocks, PROVINCES), {"E6": "n/a"})
    with pytest.raises(ContractError, match=r"cell E6: 'n/a' is not a number.*not_a_number"):
        load_ceads_provincial(path)


def test_total_use_label_in_the_province_row_is_read(tmp_path, blocks):
    """A total-intermediate-use label between Z and final demand, in the province row."""
    path = write_provincial(tmp_path / "2017.xlsx", blocks, PROVINCES)
    first_fd = 4 + R * S + 1
    wb = load_workbook(path)
    wb.active.cell(3, first_fd - 1).value = None
    wb.active.cell(2, first_fd - 1).value = "中间使用合计"
    wb.save(path)
    _assert_equal(read_dataset(write_dataset(load_ceads_provincial(path), tmp_path / "c")),
                  blocks)


def test_missing_province_label_is_named(tmp_path, blocks):
    path = write_provincial(tmp_path / "2017.xlsx", blocks, PROVINCES)
    wb = load_workbook(path)
    wb.active.cell(2, 4 + S).value = None  # 内蒙's label over its intermediate columns
    wb.save(path)
    with pytest.raises(ContractError, match=(
            r"2017\.xlsx \[Table_2017_consistent\], row 2: the province labels head '广东' "
            rf"over {2 * S}, '北京' over {S} coded columns, not {S} each: a province label is "
            r"missing or misplaced \(rule: missing_province\)")):
        load_ceads_provincial(path)


def test_no_table_sheet(tmp_path, blocks):
    path = write_provincial(tmp_path / "2017.xlsx", blocks, PROVINCES, sheet="Sheet1")
    with pytest.raises(ContractError, match=r"no sheet named Table.*\(sheets: Sheet1\)"):
        load_ceads_provincial(path)
