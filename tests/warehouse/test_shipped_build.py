"""The warehouse built from the shipped real data: staging holds it, every mart is filled, and
the identities of METHOD.md hold on the marts (checked with plain numpy, independently of the
kernels that computed them)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from nqpf.warehouse import MARTS, connect, tables

pytestmark = pytest.mark.slow  # every test here runs dbt


@pytest.fixture(scope="module")
def con(shipped_warehouse: Path) -> duckdb.DuckDBPyConnection:
    with connect(shipped_warehouse) as c:
        yield c


def frame(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> pd.DataFrame:
    return con.execute(sql, list(params)).fetchdf()


def test_staging_holds_every_shipped_row(con: duckdb.DuckDBPyConnection,
                                         shipped_warehouse: Path) -> None:
    canonical = shipped_warehouse.parent / "canonical"
    for dataset in ("cn_national", "cn_provinces", "wiod_aus_usa"):
        for table in ("flows", "final_demand", "value_added", "gross_output", "labour"):
            expected = pq.read_metadata(canonical / dataset / f"{table}.parquet").num_rows
            got = con.execute(f"select count(*) from stg_canonical__{table} where dataset = ?",
                              [dataset]).fetchone()[0]
            assert got == expected > 0, (dataset, table)


def test_every_mart_is_filled(con: duckdb.DuckDBPyConnection) -> None:
    assert set(MARTS) <= set(tables(con))
    for mart in MARTS:
        if mart != "quarantine":
            assert con.execute(f'select count(*) from "{mart}"').fetchone()[0] > 0, mart


def test_known_anomalies_are_quarantined(con: duckdb.DuckDBPyConnection) -> None:
    q = frame(con, "select dataset, region, year, rule from quarantine order by all")
    assert ("cn_national", "CN", 2020, "labour_missing") in set(map(tuple, q.to_numpy()))
    # the raw provincial tables report negative depreciation in two province-years
    neg = q[q["rule"] == "negative_value"]
    assert set(zip(neg.region, neg.year, strict=True)) == {("CN-GZ", 2012), ("CN-QH", 2017)}
    # a quarantined region-year has no indicator rows
    assert con.execute("select count(*) from \"values\" where region = 'CN-GZ' and year = 2012"
                       ).fetchone()[0] == 0


def test_labour_values_solve_their_equation(con: duckdb.DuckDBPyConnection) -> None:
    """lambda = lambda (A + D) + l for Guangdong 2017, rebuilt from the assembly tables."""
    key = ("cn_provinces", 2017, "CN-GD")
    s = frame(con, "select * from int_region_sectors where dataset = ? and year = ? and region = ?"
              " order by sector", *key)
    f = frame(con, "select * from int_region_flows where dataset = ? and year = ? and region = ?",
              *key)
    idx = {c: i for i, c in enumerate(s.sector)}
    Z = np.zeros((len(idx), len(idx)))
    Z[f.from_sector.map(idx), f.to_sector.map(idx)] = f.value
    x = s.gross_output.to_numpy()
    keep = (x > 0) & s.productive.to_numpy()
    A = Z[np.ix_(keep, keep)] / x[keep]
    gfcf = s.gfcf.to_numpy()
    D = np.outer(gfcf / gfcf.sum(), s.depreciation.to_numpy() / np.where(x > 0, x, 1))
    D = D[np.ix_(keep, keep)]
    l_ = s.hours.to_numpy()[keep] / x[keep]
    v = frame(con, 'select sector, "lambda", currency from "values" where dataset = ? and year = ?'
              " and region = ? order by sector", *key)
    lam = v.set_index("sector")["lambda"].reindex(s.sector[keep]).to_numpy() * 10_000
    assert v.currency.unique().tolist() == ["CNY"]
    np.testing.assert_allclose(lam, lam @ (A + D) + l_, rtol=1e-9)


def test_prices_are_the_left_eigenvector(con: duckdb.DuckDBPyConnection) -> None:
    """Total price equals total value, and every dataset-year solved p = p G(r*) tightly."""
    p = frame(con, 'select dataset, year, sum(production_price * gross_output) as price_total,'
              ' sum(coalesce("lambda", 0) * gross_output) as value_total from prices group by all')
    np.testing.assert_allclose(p.price_total, p.value_total, rtol=1e-9)
    r = frame(con, "select * from profit_rates")
    assert (r.residual < 1e-10).all() and np.allclose(r.eigenvalue, 1.0, atol=1e-9)
    assert ((r.r_star > 0.05) & (r.r_star < 0.4)).all()


def test_digital_share_identities(con: duckdb.DuckDBPyConnection) -> None:
    d = frame(con, "select * from digital_inputs")
    np.testing.assert_allclose(d.dd, d.ddd + d.idd, rtol=1e-12)
    np.testing.assert_allclose(d.ds, d.dds + d.ids, rtol=1e-12)
    np.testing.assert_allclose(d.di, d.ddd + d.dds, rtol=1e-12)
    np.testing.assert_allclose(d.indi, d.idd + d.ids, rtol=1e-12)
    np.testing.assert_allclose(d.dt, d.dd + d.ds, rtol=1e-12)
    # ratios of the aggregate, and of the single-region national table, are exactly 1
    ones = d[d.is_aggregate | (d.dataset == "cn_national")][["ddr", "dsr", "dir", "indir"]]
    assert np.allclose(ones.dropna().to_numpy(), 1.0)


def test_agglomeration_shares(con: duckdb.DuckDBPyConnection) -> None:
    totals = frame(con, "select dataset, year, sector, sum(pri) as total from agglomeration "
                   "group by all")
    np.testing.assert_allclose(totals.total, 1.0, rtol=1e-12)
    # a single-region dataset is its own nation
    cn = frame(con, "select pri, dlq from agglomeration where dataset = 'cn_national'")
    assert np.allclose(cn.pri, 1.0) and np.allclose(cn.dlq, 1.0)


def test_network_falls_back_for_single_region_tables(con: duckdb.DuckDBPyConnection) -> None:
    n = frame(con, "select dataset, bool_and(fallback) as fallback from network group by all")
    assert n.fallback.all()  # none of the shipped tables is an MRIO
    top = frame(con, "select * from network_links where dataset = 'cn_provinces' and year = 2017"
                " and region = 'CN-GD' and sector = '20' order by rank")
    assert len(top) == 10 and top.weight.is_monotonic_decreasing
    assert (top.supplier_region == "CN-GD").all() and "20" not in set(top.supplier_sector)


def test_panel_and_its_summary(con: duckdb.DuckDBPyConnection) -> None:
    panel = frame(con, "select * from analysis_panel where dataset = 'cn_provinces'")
    assert panel.region.nunique() == 31 and set(panel.year) == {2012, 2017}
    nxt = panel[panel.year == 2012].dropna(subset=["lp_next"])
    later = panel[panel.year == 2017].set_index(["region", "sector"]).lp
    np.testing.assert_allclose(nxt.lp_next, later.reindex(
        pd.MultiIndex.from_frame(nxt[["region", "sector"]])).to_numpy())
    summary = frame(con, "select * from panel_summary where dataset = 'cn_provinces'"
                    " and variable = 'tlp'").iloc[0]
    assert summary.n == panel.tlp.notna().sum()
    assert summary["mean"] == pytest.approx(panel.tlp.mean())
    assert summary.paper_mean == pytest.approx(65.0887)
