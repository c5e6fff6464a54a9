"""A CEADs city .mat file from ingest to the network marts, in one real dbt build: the city
MRIO enters the network step as one matrix, and otlp and the links match the source blocks."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "adapters"))
from ceads_files import S, mrio, write_mat

from nqpf.build import build
from nqpf.cli import main

pytestmark = pytest.mark.slow
R = 3
CITIES = ["CN-GD-4401", "CN-GD-4403", "CN-BJ-1100"]


@pytest.fixture(scope="module")
def blocks() -> dict[str, np.ndarray]:
    return mrio(R, seed=11)


@pytest.fixture(scope="module")
def con(home: Path, tmp_path_factory: pytest.TempPathFactory, blocks) -> duckdb.DuckDBPyConnection:
    raw = tmp_path_factory.mktemp("raw")
    mat = write_mat(raw / "China city MRIO_2017.mat", blocks)
    (raw / "cities.csv").write_text(
        "index,code,name_zh,name_en,province\n" + "".join(
            f"{k + 1},{c},城市{k + 1},City {k + 1},{c[:5]}\n" for k, c in enumerate(CITIES)),
        encoding="utf-8")
    (raw / "wages.csv").write_text("year,sector,value\n" + "".join(
        f"2017,{s + 1:02d},{20 + s}\n" for s in range(S)), encoding="utf-8")
    assert main(["ingest", str(mat), "--regions", str(raw / "cities.csv"), "--hourly-wage",
                 str(raw / "wages.csv"), "--name", "ceads_cities"]) == 0
    db = build(vars={"harmonise_sectors": False}, emit=lambda _line: None).database
    with duckdb.connect(str(db), read_only=True) as c:
        yield c


def test_every_city_builds(con) -> None:
    assert con.execute("select count(*) from quarantine").fetchone()[0] == 0
    regions = con.execute("select distinct region from network order by 1").fetchall()
    assert [r[0] for r in regions] == sorted(CITIES)
    assert con.execute("select bool_or(fallback) from network").fetchone()[0] is False


def test_otlp_and_links_follow_the_source_blocks(con, blocks) -> None:
    Z = blocks["Z"]
    x = Z.sum(axis=1) + blocks["F"].sum(axis=1) + blocks["Export"][:, 0]
    p = dict(con.execute("select sector, production_price from prices").fetchall())
    tlp = {(r, s): v for r, s, v in con.execute(
        "select region, sector, tlp from \"values\" where region <> 'ALL'").fetchall()}
    keys = [(c, f"{s + 1:02d}") for c in CITIES for s in range(S)]
    price = np.array([p[s] for _, s in keys])
    t = np.array([tlp.get(k, np.nan) for k in keys])
    user = CITIES.index("CN-GD-4403") * S + 19  # Shenzhen, sector 20
    a = price * Z[:, user] / (price[user] * x[user])
    others = np.arange(R * S) != user
    known = others & np.isfinite(t)
    want = (a[known] * t[known]).sum() / a[known].sum()
    got = con.execute("select otlp from network where region = 'CN-GD-4403' and "
                      "sector = '20'").fetchone()[0]
    assert got == pytest.approx(want, rel=1e-9)
    links = con.execute("select supplier_region, supplier_sector, weight from network_links "
                        "where region = 'CN-GD-4403' and sector = '20' order by rank").fetchall()
    a[~others] = -1
    top = np.argsort(-a, kind="stable")[:10]
    assert [(r, s) for r, s, _ in links] == [keys[k] for k in top]
    np.testing.assert_allclose([w for _, _, w in links], a[top], rtol=1e-12)
