"""The targets of the shipped provincial MRIO (``cn_provinces_mrio``), as queries on the
canonical tables that ``nqpf ingest --shipped`` writes (no dbt build needed)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from mrio_checks import check_mrio

from nqpf.contract import read_dataset
from nqpf.paths import SEEDS_DIR

SOURCE, ESTIMATE = "cn_provinces", "cn_provinces_mrio"
#: the published tables of 2018 and 2020 put the own-province share of purchases at 58-66%
OWN_MEAN, OWN_RANGE = (0.55, 0.75), (0.30, 0.95)


@pytest.fixture(scope="module")
def canonical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from nqpf.ingest import ingest_shipped

    root = tmp_path_factory.mktemp("shipped") / "canonical"
    ingest_shipped([SOURCE, ESTIMATE], root=root)
    return root


@pytest.fixture(scope="module")
def con(canonical: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Views src_<table> and est_<table> on the two datasets' canonical tables; purchases:
    every flow and final demand of the estimate with its origin and destination; sectors:
    both classifications' sector names."""
    con = duckdb.connect()
    for prefix, name in (("src", SOURCE), ("est", ESTIMATE)):
        for table in ("flows", "final_demand", "gross_output"):
            path = canonical / name / f"{table}.parquet"
            con.execute(f"create view {prefix}_{table} as select * from read_parquet('{path}')")
    con.execute("""create view purchases as
        select year, from_region, from_sector, to_region, value from est_flows
        union all select year, from_region, from_sector, to_region, value from est_final_demand""")
    con.execute(f"""create view sectors as
        select 2012 as year, code, name_en from read_csv('{SEEDS_DIR}/sectors_nbs2012_42.csv',
                                                         all_varchar = true)
        union all select 2017, code, name_en from read_csv('{SEEDS_DIR}/sectors_nbs2017_42.csv',
                                                            all_varchar = true)""")
    yield con
    con.close()


def test_no_province_sector_ships_more_than_it_produces(con) -> None:
    ratios = con.execute("""
        select s.shipped / g.value from (
            select year, from_region, from_sector, sum(value) as shipped from purchases
            where from_region <> to_region group by all) s
        join est_gross_output g on g.year = s.year and g.region = s.from_region
                               and g.sector = s.from_sector""").fetchnumpy()
    shipped = next(iter(ratios.values()))
    assert len(shipped) > 1900 and shipped.max() <= 1.01


def test_other_stays_the_source_discrepancy_and_the_balance_error_is_explicit(con) -> None:
    rows = con.execute("""
        select year,
               sum(abs(value)) filter (where category = 'other') as other,
               (select sum(abs(value)) from src_final_demand s
                where s.year = e.year and category = 'other') as source_other
        from est_final_demand e group by year order by year""").fetchall()
    assert [r[0] for r in rows] == [2012, 2017]
    for _year, other, source_other in rows:
        assert other <= 3 * source_other
    # each product's balance error over the provinces is what the source's rows report as net
    # trade (exports + outflow - inflow) less the estimate's exports: what no allocation places
    gap = con.execute("""
        with est as (select year, from_sector, sum(value) as v from est_final_demand
                     where category in ('balance_error', 'exports') group by all),
             src as (select year, from_sector, sum(value) as v from src_final_demand
                     where category in ('exports', 'outflow', 'inflow') group by all)
        select max(abs(est.v - src.v) / greatest(abs(src.v), 1)), count(*)
        from est join src using (year, from_sector)""").fetchone()
    assert gap[0] < 1e-9 and gap[1] == 84


def test_real_estate_and_public_administration_stay_home(con) -> None:
    shares = con.execute("""
        with output as (select year, sector, sum(value) as value from est_gross_output
                        group by all)
        select s.year, s.name_en, sum(p.value) filter (where p.from_region <> p.to_region)
               / any_value(o.value)
        from sectors s join purchases p on p.year = s.year and p.from_sector = s.code
        join output o on o.year = s.year and o.sector = s.code
        where s.name_en = 'Real estate' or s.name_en like 'Public administration%'
        group by s.year, s.name_en""").fetchall()
    assert len(shares) == 4 and all(share <= 0.05 for *_, share in shares)


def test_every_province_buys_inputs_from_other_provinces(con) -> None:
    missing = con.execute("""
        select distinct year, region from est_gross_output
        except select distinct year, to_region from est_flows
        where from_region <> to_region and value > 0""").fetchall()
    assert missing == []


def test_own_province_share_of_domestic_intermediate_inputs(con) -> None:
    shares = con.execute("""
        select year, to_region, sum(value) filter (where from_region = to_region) / sum(value)
        as own from est_flows group by all""").fetchdf()
    assert len(shares) == 62
    means = shares.groupby("year")["own"].mean()
    assert means.between(*OWN_MEAN).all(), means
    assert shares["own"].between(*OWN_RANGE).all(), shares.sort_values("own")


def test_each_province_gets_its_own_table_back(canonical: Path) -> None:
    check_mrio(read_dataset(canonical / SOURCE), read_dataset(canonical / ESTIMATE))


def test_the_build_note_names_the_split_provinces(canonical: Path) -> None:
    notes = json.loads((canonical / ESTIMATE / "metadata.json").read_text())["notes"]
    year_2012 = next(n for n in notes if n.startswith("2012 (CNY 10,000): "))
    assert "no domestic trade reported, split from exports: CN-HB, CN-QH" in year_2012
    assert not any("split from exports" in n for n in notes if n.startswith("2017 "))
    assert all("non-tradables ship" in n for n in notes if n[:4] in ("2012", "2017"))
