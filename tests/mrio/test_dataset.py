"""`nqpf mrio` on a hand-made single-region dataset and on the shipped provincial tables: the
MRIO gives back every region's own table, meets the trade marginals and has no negative flow."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from mrio_checks import check_mrio

from nqpf.cli import main
from nqpf.contract import CanonicalDataset, ContractError, read_dataset, write_dataset
from nqpf.mrio.dataset import mrio_dataset
from nqpf.mrio.tradability import DEFAULT_BETAS

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


@pytest.mark.parametrize("total", ["larger", "geomean"])
def test_tiny_mrio_gives_back_every_region(total: str, coordinates: Path) -> None:
    source = _tiny()
    mrio = mrio_dataset(source, total=total, distances=coordinates)
    check_mrio(source, mrio)
    assert mrio.name == "tiny_mrio" and mrio.metadata["mrio"] is True
    notes = mrio.metadata["notes"]
    assert "Kept note." in notes and not any(n.startswith("Not an MRIO") for n in notes)
    assert mrio.metadata["mrio_construction"] == {
        "source": "tiny", "betas": DEFAULT_BETAS, "trade_total": total,
        "distances": "capitals.csv"}
    # the tiny classification is not in the tradability seed: tradable goods, and said so
    assert "Sectors without a row in sector_tradability, treated as tradable goods: 1, 2." in notes


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
    assert main(["mrio", "tiny", "--name", "tiny_net", "--beta", "2", "--beta", "energy=0.3",
                 "--trade-total", "geomean", "--distances", str(coordinates)]) == 0
    meta = json.loads((tmp_path / "canonical" / "tiny_net" / "metadata.json").read_text())
    assert meta["mrio"] is True and meta["mrio_construction"]["betas"] == {
        "goods": 2.0, "energy": 0.3, "services": 2.0}
    check_mrio(read_dataset(tmp_path / "canonical" / "tiny"),
               read_dataset(tmp_path / "canonical" / "tiny_net"))
    assert main(["mrio", "tiny"]) == 2  # no coordinates for R1..R3 in the shipped file
    assert "no coordinates for region(s)" in capsys.readouterr().err
    assert main(["mrio", "tiny", "--beta", "roads=1"]) == 2
    assert "group 'roads' is not one of" in capsys.readouterr().err
    assert main(["mrio", "tiny", "tiny_net"]) == 2  # only 'compare' takes a second argument
    assert "unexpected argument 'tiny_net'" in capsys.readouterr().err
    assert main(["mrio", "nowhere"]) == 2
    assert "neither an ingested dataset nor a canonical folder" in capsys.readouterr().err
    twice = tmp_path / "twice.csv"
    twice.write_text(coordinates.read_text() + coordinates.read_text().splitlines()[1] + "\n")
    assert main(["mrio", "tiny", "--distances", str(twice)]) == 2
    region = coordinates.read_text().splitlines()[1].split(",")[0]
    assert capsys.readouterr().err == (
        f"nqpf mrio: {twice}: region(s) ['{region}'] on more than one row; give each region "
        "one row (rule: duplicate_key)\n")
