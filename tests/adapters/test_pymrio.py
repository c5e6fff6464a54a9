"""from_pymrio on pymrio's bundled 6-region x 8-sector test system."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pymrio
import pytest

from nqpf.adapters.pymrio_adapter import from_pymrio
from nqpf.contract import ContractError, read_dataset, write_dataset


@pytest.fixture(scope="module")
def io():
    system = pymrio.load_test()
    system.calc_all()
    return system


@pytest.fixture(scope="module")
def ds(io):
    return from_pymrio(io, dataset="pymrio_test", year=2010, digital_service=["trade"],
                       non_productive=["other"])


def test_shapes_and_tables(ds):
    t = ds.tables
    assert len(t["flows"]) == 48 * 48
    assert len(t["gross_output"]) == 48
    assert len(t["final_demand"]) == 48 * 6 * 7  # 7 Y categories, valuables -> "other"
    assert len(t["regions"]) == 6 and (t["regions"]["level"] == "country").all()
    s = t["sectors"].set_index("code")
    assert len(s) == 8 and (s["scheme"] == "pymrio_test").all()
    assert not s.loc["other", "productive"] and s.loc["food", "productive"]
    assert s.loc["trade", "digital_service"] and not s["digital_device"].any()
    assert ds.metadata["mrio"] is True and ds.metadata["monetary_unit"] == "Mill USD"
    assert t["labour"].empty


def test_flows_equal_io_z_exactly(ds, io):
    f = ds.tables["flows"].set_index(["from_region", "from_sector", "to_region", "to_sector"])
    z = io.Z.stack(["region", "sector"], future_stack=True)
    assert len(f) == len(z)
    got = f["value"].loc[list(z.index)].to_numpy()
    assert np.array_equal(got, z.to_numpy())
    assert (ds.tables["flows"]["year"] == 2010).all()


def test_categories_mapped(ds, io):
    fd = ds.tables["final_demand"]
    assert set(fd["category"]) == {"hh_total", "npish", "government", "gfcf", "inventory",
                                   "exports", "other"}
    got = fd.query("from_region == 'reg2' and from_sector == 'mining' and to_region == 'reg3' "
                   "and category == 'other'")["value"].item()
    assert got == io.Y.loc[("reg2", "mining"), ("reg3", "Changes in valuables")]
    assert any("Changes in valuables" in n for n in ds.metadata["notes"])


def test_row_balance(ds, io):
    """x = Z 1 + Y 1 for every region-sector."""
    keys = ["from_region", "from_sector"]
    z = ds.tables["flows"].groupby(keys)["value"].sum()
    y = ds.tables["final_demand"].groupby(keys)["value"].sum()
    x = ds.tables["gross_output"].set_index(["region", "sector"])["value"]
    x.index = x.index.set_names(keys)
    np.testing.assert_allclose((z + y).loc[x.index], x, rtol=1e-9)


def test_value_added_total_is_operating_surplus(ds, io):
    va = ds.tables["value_added"]
    assert set(va["component"]) == {"operating_surplus"}
    got = va.set_index(["region", "sector"])["value"]
    exp = io.factor_inputs.F.loc["Value Added"]
    assert np.array_equal(got.loc[list(exp.index)].to_numpy(), exp.to_numpy())
    assert any("only as a total" in n for n in ds.metadata["notes"])


def test_labour_extension_and_explicit_map(io):
    ds = from_pymrio(io, dataset="pymrio_test", year=2010, labour_extension="factor_inputs",
                     labour_scale=2.0, value_added_map={"Value Added": "compensation"})
    lab = ds.tables["labour"]
    assert set(lab["unit"]) == {"hours"} and len(lab) == 48
    assert lab["value"].sum() == pytest.approx(2.0 * io.factor_inputs.F.sum().sum())
    assert set(ds.tables["value_added"]["component"]) == {"compensation"}


def test_missing_labour_extension(io):
    with pytest.raises(ContractError, match="no extension 'workers'"):
        from_pymrio(io, dataset="pymrio_test", year=2010, labour_extension="workers")


def test_writes_through_contract(ds, tmp_path):
    back = read_dataset(write_dataset(ds, tmp_path))
    pd.testing.assert_series_equal(back.tables["flows"]["value"], ds.tables["flows"]["value"])
