"""The same build on Apache Spark (local[2]): every mart equals the DuckDB build's.

Both engines build the shipped cn_provinces dataset and the inter-provincial MRIO derived from
it (cn_provinces_mrio, whose network step reads the MRIO flows piecewise) from the same
canonical files; the marts are compared with `nqpf info --checksums` (floats to 12
significant digits).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from spark_builds import SPARK_DATASETS as DATASETS
from spark_builds import build_provinces, require_spark

from nqpf.spark.session import SPARK_TABLES
from nqpf.warehouse import MARTS, connect, mart_differences, tables

pytestmark = [pytest.mark.slow, pytest.mark.spark]

require_spark()


@pytest.fixture(scope="module")
def spark_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_provinces(tmp_path_factory.mktemp("spark"), "spark")


def test_every_mart_equals_the_duckdb_build(spark_warehouse: Path,
                                            provinces_on_duckdb: Path) -> None:
    """Floats to 12 significant digits: the engines hand the Python steps their rows in a
    different order, so sums may differ in the last bits, never in the first twelve digits."""
    with connect(spark_warehouse) as on_spark, connect(provinces_on_duckdb) as on_duckdb:
        assert set(MARTS) <= set(tables(on_spark))
        differing = mart_differences(on_spark, on_duckdb)
    assert not differing, f"marts that differ between Spark and DuckDB: {differing}"


def test_a_quarantined_region_year_is_quarantined_on_spark(spark_warehouse: Path) -> None:
    with connect(spark_warehouse) as con:
        negative = con.execute(
            "select dataset, region, year from quarantine where rule = 'negative_value' "
            "order by all").fetchall()
        assert negative == [(d, r, y) for d in DATASETS for r, y in (("CN-GZ", 2012),
                                                                    ("CN-QH", 2017))]
        assert con.execute("select count(*) from \"values\" where region = 'CN-GZ' "
                           "and year = 2012").fetchone()[0] == 0
        assert con.execute("select count(*) from \"values\" where region = 'CN-GZ' "
                           "and year = 2017").fetchone()[0] > 0


def test_the_mrio_network_is_built_on_spark(spark_warehouse: Path) -> None:
    """Every region-sector of the MRIO gets otlp over the inter-provincial network (no
    fallback to its own province) and its supplier links, as on DuckDB."""
    with connect(spark_warehouse) as con:
        rows = con.execute("select count(*), count(*) filter (where fallback), "
                           "count(*) filter (where supplier_region <> region) from network "
                           "join network_links using (dataset, year, region, sector) "
                           "where dataset = 'cn_provinces_mrio'").fetchone()
    assert rows[0] > 0 and rows[1] == 0 and rows[2] > 0


def test_the_spark_tables_stay_as_parquet(spark_warehouse: Path) -> None:
    """The Spark build's tables are Parquet files beside the warehouse, readable as they are."""
    files = sorted((spark_warehouse.parent / SPARK_TABLES).glob("*/values/*.parquet"))
    assert files
    with duckdb.connect(str(spark_warehouse), read_only=True) as con:
        expected = con.execute('select count(*) from "values"').fetchone()[0]
    with duckdb.connect() as con:
        rows = con.execute("select count(*) from read_parquet(?)", [[str(f) for f in files]])
        assert rows.fetchone()[0] == expected
