"""The synthetic MRIOs: balanced, productive, and (dense mode) gravity-shaped."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqpf.adapters.ceads_mrio import SECTORS
from nqpf.synth import gravity_mrio, synthetic_dataset, write_gravity_files


def test_dense_mrio_is_balanced_and_dense_where_the_nation_trades() -> None:
    R = 4
    b = gravity_mrio(np.random.default_rng(3), R)
    n = R * SECTORS
    Z = b["Z"]
    x = Z.sum(axis=1) + b["F"].sum(axis=1) + b["Export"][:, 0]
    inputs = Z.sum(axis=0) + b["IM"][0, :n] + b["VA"][4]
    np.testing.assert_allclose(inputs, x, rtol=1e-10)
    np.testing.assert_allclose(b["VA"][:4].sum(axis=0), b["VA"][4], rtol=1e-12)
    assert (b["VA"] > 0).all() and (b["F"] >= 0).all()
    # every city supplies every city where the national coefficient is non-zero
    national = Z.reshape(R, SECTORS, R, SECTORS).sum(axis=(0, 2)) != 0
    pattern = np.kron(np.ones((R, R), dtype=bool), national)
    np.testing.assert_array_equal(Z != 0, pattern)
    assert 0.8 < pattern.mean() < 0.95
    assert (Z.sum(axis=0) / x).max() < 1  # productive: every column's inputs below output


def test_dense_files_read_back_through_the_ceads_adapter(tmp_path) -> None:
    from nqpf.synth import gravity_dataset

    ds = gravity_dataset(tmp_path, 3, [2017], seed=1)
    assert ds.metadata["synthetic"] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2017.mat", "cities.csv",
                                                          "wages.csv"]
    labour = ds.tables["labour"]
    assert set(labour["measure"]) == {"hourly_wage"} and len(labour) == 3 * SECTORS
    wages = pd.read_csv(tmp_path / "wages.csv")
    assert labour["value"].max() == wages["value"].max() / 1e4  # yuan/h in CNY 10,000/h
    assert len(ds.tables["flows"]) == np.count_nonzero(
        gravity_mrio(np.random.default_rng(1), 3)["Z"])


def test_write_gravity_files_only(tmp_path) -> None:
    files = write_gravity_files(tmp_path / "raw", 2, [2012, 2015])
    assert [f.name for f in files] == ["2012.mat", "2015.mat"]


def test_sparse_mrio_row_identity_holds() -> None:
    ds = synthetic_dataset(3, 5, [2017], seed=2)
    t = ds.tables
    flows = t["flows"].groupby(["from_region", "from_sector"])["value"].sum()
    fd = t["final_demand"].groupby(["from_region", "from_sector"])["value"].sum()
    x = t["gross_output"].set_index(["region", "sector"])["value"]
    np.testing.assert_allclose((flows + fd).reindex(x.index), x, rtol=1e-12)
