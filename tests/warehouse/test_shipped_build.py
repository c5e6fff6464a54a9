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
    for dataset in ("cn_national", "cn_provinces", "wiod_aus_usa", "cn_provinces_mrio"):
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
    """Total price equals total value, and every economy-year solved p = p G(r*) tightly."""
    p = frame(con, 'select dataset, year, economy, sum(production_price * gross_output)'
              ' as price_total, sum(coalesce("lambda", 0) * gross_output) as value_total'
              ' from prices group by all')
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
    # ratios of the aggregate, of the single-region national table and of a country that is
    # its own economy are exactly 1
    own = d.is_aggregate | d.dataset.isin(["cn_national", "wiod_aus_usa"])
    ones = d[own][["ddr", "dsr", "dir", "indir"]]
    assert np.allclose(ones.dropna().to_numpy(), 1.0)


def test_agglomeration_shares(con: duckdb.DuckDBPyConnection) -> None:
    totals = frame(con, "select dataset, year, economy, sector, sum(pri) as total "
                   "from agglomeration group by all")
    np.testing.assert_allclose(totals.total, 1.0, rtol=1e-12)
    # a single-region dataset is its own nation
    cn = frame(con, "select pri, dlq from agglomeration where dataset = 'cn_national'")
    assert np.allclose(cn.pri, 1.0) and np.allclose(cn.dlq, 1.0)


def test_network_falls_back_for_single_region_tables(con: duckdb.DuckDBPyConnection) -> None:
    n = frame(con, "select dataset, bool_and(fallback) as fallback, bool_or(fallback) as some "
              "from network group by all").set_index("dataset")
    # the provincial MRIO is the one shipped dataset whose network runs between regions
    assert n.fallback.to_dict() == {"cn_national": True, "cn_provinces": True,
                                    "wiod_aus_usa": True, "cn_provinces_mrio": False}
    assert not n.loc["cn_provinces_mrio", "some"]
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


def test_units_agree_across_marts(con: duckdb.DuckDBPyConnection) -> None:
    """prices.lambda is values.lambda of the reference table (both hours per currency unit),
    and pp in 1e8 hours is the region's output valued at the prices mart's prices."""
    both = frame(con, 'select p."lambda" as p_lambda, v."lambda" as v_lambda from prices p'
                 ' join "values" v on v.dataset = p.dataset and v.year = p.year'
                 ' and v.region = p.economy and v.sector = p.sector')
    assert len(both) > 1000
    np.testing.assert_allclose(both.p_lambda, both.v_lambda, rtol=1e-12)
    pp = frame(con, """
        select any_value(a.pp) as pp, any_value(a.pp_unit) as unit,
               sum(p.production_price * v.gross_output * u.currency_scale) / 1e8 as expected
        from agglomeration a
        join int_region_sectors v using (dataset, region, year, sector)
        join prices p on p.dataset = a.dataset and p.year = a.year
            and p.economy = a.economy and p.sector = a.sector
        join (select distinct dataset, year, currency_scale from int_valid_region_years) u
            on u.dataset = a.dataset and u.year = a.year
        where a.dataset = 'cn_provinces' and a.year = 2017 and a.region = 'CN-GD'""")
    assert pp.unit[0] == "1e8 hours"
    assert pp.pp[0] == pytest.approx(pp.expected[0], rel=1e-12)
    currencies = frame(con, "select distinct dataset, currency from network order by all")
    assert currencies.to_numpy().tolist() == [
        ["cn_national", "CNY"], ["cn_provinces", "CNY"], ["cn_provinces_mrio", "CNY"],
        ["wiod_aus_usa", "USD"]]


def test_each_country_is_its_own_economy(con: duckdb.DuckDBPyConnection) -> None:
    """WIOD's two countries get one price system each; the Chinese provinces share one."""
    rates = frame(con, "select dataset, economy, count(*) as years from profit_rates "
                  "group by all order by all")
    assert rates.to_numpy().tolist() == [
        ["cn_national", "ALL", 4], ["cn_provinces", "ALL", 2], ["cn_provinces_mrio", "ALL", 2],
        ["wiod_aus_usa", "AUS", 15],
        ["wiod_aus_usa", "USA", 15]]
    wiod = frame(con, "select region, economy, tlpr from \"values\" where dataset = 'wiod_aus_usa'")
    assert (wiod.region == wiod.economy).all() and np.allclose(wiod.tlpr, 1.0, rtol=1e-15)
    pri = frame(con, "select pri, dlq from agglomeration where dataset = 'wiod_aus_usa'")
    assert np.allclose(pri.pri, 1.0) and np.allclose(pri.dlq, 1.0)


def test_total_consumption_is_split_with_the_benchmark_shares(
        con: duckdb.DuckDBPyConnection) -> None:
    """2018 publishes only total consumption: the wage basket takes each product's household
    share of 2017, h_2018 = total_2018 x hh_2017 / (hh_2017 + government_2017), by sector of
    the common scheme."""
    rate = frame(con, "select consumption_basis, consumption_share_year from profit_rates"
                 " where dataset = 'cn_national' and year = 2018")
    assert rate.to_numpy().tolist() == [["consumption_total_split", 2017]]
    fd = frame(con, """
        select f.year, m.out_sector as sector,
            sum(value) filter (where category in ('hh_rural', 'hh_urban')) as hh,
            sum(value) filter (where category = 'government') as gov,
            sum(value) filter (where category = 'consumption_total') as total
        from stg_canonical__final_demand f
        join int_sector_map m on m.dataset = f.dataset and m.year = f.year
            and m.sector = f.from_sector
        where f.dataset = 'cn_national' and f.year in (2017, 2018)
        group by all""")
    bench = fd[fd.year == 2017].set_index("sector")
    share = bench.hh / (bench.hh + bench.gov)
    total = fd[fd.year == 2018].set_index("sector").total
    got = frame(con, "select sector, household_consumption from int_region_sectors"
                " where dataset = 'cn_national' and year = 2018").set_index("sector")
    expected = (total * share.reindex(total.index)).dropna()
    np.testing.assert_allclose(got.household_consumption.reindex(expected.index), expected,
                               rtol=1e-12)


def test_build_info_names_both_ids(con: duckdb.DuckDBPyConnection,
                                   shipped_warehouse: Path) -> None:
    """build_id is nqpf's id of the build; dbt_invocation_id is the id of dbt's run (the one
    in its run_results.json)."""
    import json

    build_id, dbt_id = con.execute("select build_id, dbt_invocation_id from build_info"
                                   ).fetchone()
    results = json.loads((shipped_warehouse.parent / "dbt_target" / "run_results.json")
                         .read_text(encoding="utf-8"))
    assert dbt_id == results["metadata"]["invocation_id"] != build_id
    assert len(build_id) == 32


def test_provincial_mrio_keeps_the_provinces_and_links_them(
        con: duckdb.DuckDBPyConnection) -> None:
    """cn_provinces_mrio gives back each province's table: the same values and prices as
    cn_provinces; its otlp runs over suppliers in other provinces."""
    pair = frame(con, 'select a."lambda" as mrio, b."lambda" as own from "values" a join '
                 '"values" b using (region, year, sector) where a.dataset = \'cn_provinces_mrio\''
                 " and b.dataset = 'cn_provinces'")
    assert len(pair) > 1800  # productive sectors: the others have no value
    np.testing.assert_allclose(pair.mrio, pair.own, rtol=1e-9)
    prices = frame(con, "select a.production_price as mrio, b.production_price as own from "
                   "prices a join prices b using (year, sector) where a.dataset = "
                   "'cn_provinces_mrio' and b.dataset = 'cn_provinces'")
    np.testing.assert_allclose(prices.mrio, prices.own, rtol=1e-9)
    links = frame(con, "select * from network_links where dataset = 'cn_provinces_mrio' and "
                  "year = 2017 and region = 'CN-GD' and sector = '20' order by rank")
    assert len(links) == 10 and links.weight.is_monotonic_decreasing
    assert {"CN-GD", "CN-JS"} <= set(links.supplier_region)
    otlp = frame(con, "select a.otlp as mrio, b.otlp as own from network a join network b "
                 "using (region, year, sector) where a.dataset = 'cn_provinces_mrio' and "
                 "b.dataset = 'cn_provinces'")
    assert len(otlp) > 2000 and not np.allclose(otlp.mrio, otlp.own)
