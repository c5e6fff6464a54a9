"""`nqpf mrio` on a hand-made single-region dataset and on the shipped provincial tables: the
MRIO gives back every region's own table, meets the trade marginals and has no negative flow."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.cli import main
from nqpf.contract import CanonicalDataset, ContractError, read_dataset, write_dataset
from nqpf.mrio.assemble import trade_marginals
from nqpf.mrio.dataset import TRADE, mrio_dataset, year_tables

RTOL = 1e-9
REGIONS = ["R1", "R2", "R3"]


def _tiny() -> CanonicalDataset:
    """Three regions x two sectors, balanced: x = Z 1 + F 1 (inflow negative), x = 1'Z + va."""
    flows, fd, va, go = [], [], [], []
    rng = np.random.default_rng(3)
    for k, r in enumerate(REGIONS):
        Z = rng.uniform(1, 10, (2, 2))
        final = {"hh_urban": rng.uniform(5, 10, 2), "gfcf": rng.uniform(1, 5, 2),
                 "inventory": np.array([-0.5, 0.3]), "exports": rng.uniform(0, 3, 2),
                 "outflow": rng.uniform(2, 8, 2) * (k + 1), "inflow": -rng.uniform(1, 6, 2),
                 "other": np.array([0.1, -0.1])}
        x = Z.sum(axis=1) + sum(final.values())
        for i, si in enumerate("12"):
            flows += [(2017, r, si, r, sj, Z[i, j]) for j, sj in enumerate("12")]
            fd += [(2017, r, si, r, c, v[i]) for c, v in final.items()]
            go.append((2017, r, si, x[i]))
            va.append((2017, r, si, "compensation", x[i] - Z[:, i].sum()))
    cols = ["year", "from_region", "from_sector", "to_region"]
    tables = {
        "flows": pd.DataFrame(flows, columns=[*cols, "to_sector", "value"]),
        "final_demand": pd.DataFrame(fd, columns=[*cols, "category", "value"]),
        "value_added": pd.DataFrame(va, columns=["year", "region", "sector", "component",
                                                 "value"]),
        "gross_output": pd.DataFrame(go, columns=["year", "region", "sector", "value"]),
        "labour": pd.DataFrame([(2017, r, s, "hours", 100.0, "hours") for r in REGIONS
                                for s in "12"], columns=["year", "region", "sector",
                                                         "measure", "value", "unit"]),
    }
    meta = {"dataset": "tiny", "title": "Tiny", "publisher": "test", "monetary_unit": "CNY",
            "region_level": "province", "mrio": False, "classification": "my2",
            "notes": ["Not an MRIO: trade is known as totals only.", "Kept note."]}
    return CanonicalDataset(meta, tables)


@pytest.fixture(scope="module")
def coordinates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("geo") / "capitals.csv"
    path.write_text("region,latitude,longitude\nR1,39.9,116.4\nR2,31.2,121.5\nR3,23.1,113.3\n")
    return path


def check_mrio(source: CanonicalDataset, mrio: CanonicalDataset) -> None:
    """Every region's own table from the MRIO, the row balance and the trade marginals."""
    flows, fd = mrio.tables["flows"], mrio.tables["final_demand"]
    assert (flows["value"] >= 0).all()
    signed = fd["category"].isin(["inventory", "other"])
    assert (fd.loc[~signed, "value"] >= 0).all() and not fd["category"].isin(TRADE).any()
    keys = ["year", "to_region", "from_sector", "to_sector"]
    # intermediate use: the column of s summed over origins is s's own table
    own = source.tables["flows"].groupby(keys)["value"].sum()
    back = flows.groupby(keys)["value"].sum().reindex(own.index, fill_value=0.0)
    np.testing.assert_allclose(back, own, rtol=RTOL, atol=1e-12 * own.abs().max())
    # final demand: every local category and exports, summed over origins
    src = source.tables["final_demand"]
    keys = ["year", "to_region", "from_sector", "category"]
    own = src[~src["category"].isin([*TRADE, "other"])].groupby(keys)["value"].sum()
    back = fd.groupby(keys)["value"].sum().reindex(own.index, fill_value=0.0)
    np.testing.assert_allclose(back, own, rtol=RTOL, atol=1e-12 * own.abs().max())
    # output, value added, labour, imports and the rest: unchanged
    assert set(mrio.tables) == set(source.tables)
    for name in set(source.tables) - {"flows", "final_demand"}:
        pd.testing.assert_frame_equal(mrio.tables[name], source.tables[name])
    # rows: what each region-sector supplies (to all regions) is what it supplied in its own
    # table, its gross output
    keys = ["year", "from_region", "from_sector"]
    supplied = pd.concat([flows, fd]).groupby(keys)["value"].sum()
    own = pd.concat([source.tables["flows"], src]).groupby(keys)["value"].sum()
    np.testing.assert_allclose(supplied.reindex(own.index, fill_value=0.0), own, rtol=RTOL,
                               atol=1e-12 * own.abs().max())
    x = source.tables["gross_output"].set_index(["year", "region", "sector"])["value"]
    # trade marginals: shipments to other regions = supply a, receipts = demand b
    between = pd.concat([flows, fd])
    between = between[between["from_region"] != between["to_region"]]
    for year in sorted(x.index.get_level_values(0).unique()):
        t = year_tables(source, int(year))
        a, b = trade_marginals(t.use, t.extra["inflow"], t.extra["outflow"],
                               mrio.metadata["mrio_construction"]["trade_total"])
        here = between[between["year"] == year]
        shipped = here.groupby(["from_region", "from_sector"])["value"].sum()
        received = here.groupby(["to_region", "from_sector"])["value"].sum()
        idx = pd.MultiIndex.from_product([t.regions, t.sectors])
        np.testing.assert_allclose(shipped.reindex(idx, fill_value=0.0), a.ravel(), rtol=RTOL,
                                   atol=1e-9 * a.max())
        np.testing.assert_allclose(received.reindex(idx, fill_value=0.0), b.ravel(),
                                   rtol=RTOL, atol=1e-9 * b.max())
        assert (a > 0).any()


@pytest.mark.parametrize("total", ["mean", "inflow", "outflow"])
def test_tiny_mrio_gives_back_every_region(total: str, coordinates: Path) -> None:
    source = _tiny()
    mrio = mrio_dataset(source, total=total, distances=coordinates)
    check_mrio(source, mrio)
    assert mrio.name == "tiny_mrio" and mrio.metadata["mrio"] is True
    notes = mrio.metadata["notes"]
    assert "Kept note." in notes and not any(n.startswith("Not an MRIO") for n in notes)
    assert mrio.metadata["mrio_construction"] == {
        "source": "tiny", "beta": 1.0, "trade_total": total, "distances": "capitals.csv"}


def test_shipped_provinces_give_back_every_province() -> None:
    from nqpf.adapters.registry import load
    from nqpf.ingest import DERIVED, SHIPPED
    from nqpf.paths import SHIPPED_RAW

    fmt, folder = SHIPPED[DERIVED["cn_provinces_mrio"]]
    source = load(SHIPPED_RAW / folder, fmt, dataset="cn_provinces")
    mrio = mrio_dataset(source, name="cn_provinces_mrio")
    check_mrio(source, mrio)
    flows = mrio.tables["flows"]
    between = flows[flows["from_region"] != flows["to_region"]]
    # a real network: every province buys intermediate inputs from most other provinces
    origins = between.groupby(["year", "to_region"])["from_region"].nunique()
    # ... except Hubei 2012, whose table reports no inflow and no outflow at all
    everyone = pd.MultiIndex.from_product([[2012, 2017], sorted(set(flows["to_region"]))])
    assert set(everyone) - set(origins.index) == {(2012, "CN-HB")}
    assert origins.min() >= 25


def test_bad_sources_are_refused(coordinates: Path) -> None:
    source = _tiny()
    source.metadata["mrio"] = True
    with pytest.raises(ContractError, match="already multi-regional"):
        mrio_dataset(source, distances=coordinates)
    source = _tiny()
    source.tables["final_demand"] = source.tables["final_demand"].query("category != 'inflow'")
    with pytest.raises(ContractError, match=r"no inflow category.*rule: no_trade"):
        mrio_dataset(source, distances=coordinates)
    source = _tiny()
    source.tables["flows"].loc[0, "to_region"] = "R2"
    with pytest.raises(ContractError, match=r"a flow from R1 to R2 .*not_single_region"):
        mrio_dataset(source, distances=coordinates)
    with pytest.raises(ValueError, match=r"no coordinates for region\(s\) \['R1', 'R2', 'R3'\]"):
        mrio_dataset(_tiny())  # the shipped capitals know no R1..R3


def test_cli_stores_the_mrio_beside_its_source(tmp_path: Path, coordinates: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NQPF_HOME", str(tmp_path))
    write_dataset(_tiny(), tmp_path / "canonical")
    assert main(["mrio", "tiny", "--name", "tiny_net", "--beta", "2", "--trade-total",
                 "inflow", "--distances", str(coordinates)]) == 0
    meta = json.loads((tmp_path / "canonical" / "tiny_net" / "metadata.json").read_text())
    assert meta["mrio"] is True and meta["mrio_construction"]["beta"] == 2.0
    check_mrio(read_dataset(tmp_path / "canonical" / "tiny"),
               read_dataset(tmp_path / "canonical" / "tiny_net"))
    assert main(["mrio", "tiny"]) == 2  # no coordinates for R1..R3 in the shipped file
    assert "no coordinates for region(s)" in capsys.readouterr().err
    assert main(["mrio", "nowhere"]) == 2
    assert "neither an ingested dataset nor a canonical folder" in capsys.readouterr().err
    twice = tmp_path / "twice.csv"
    twice.write_text(coordinates.read_text() + coordinates.read_text().splitlines()[1] + "\n")
    assert main(["mrio", "tiny", "--distances", str(twice)]) == 2
    region = coordinates.read_text().splitlines()[1].split(",")[0]
    assert capsys.readouterr().err == (
        f"nqpf mrio: {twice}: region(s) ['{region}'] on more than one row; give each region "
        "one row (rule: duplicate_key)\n")
