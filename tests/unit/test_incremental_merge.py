"""Joining a build of some datasets into a copy of the served warehouse, on tables small
enough to check by eye."""

from __future__ import annotations

from pathlib import Path

import duckdb

from nqpf.incremental import code_tables, merge


def _warehouse(path: Path, *statements: str) -> Path:
    with duckdb.connect(str(path)) as con:
        for sql in statements:
            con.execute(sql)
    return path


def test_rows_of_the_rebuilt_and_removed_datasets_are_replaced(tmp_path: Path) -> None:
    served = _warehouse(
        tmp_path / "served.duckdb",
        "create table v (dataset varchar, region varchar, tlp double)",
        "insert into v values ('a', 'X', 1.0), ('b', 'X', 2.0), ('b', 'Y', 3.0), ('c', 'X', 4.0)",
        "create table dim_regions (region varchar, name varchar)",
        "insert into dim_regions values ('X', 'old')")
    partial = _warehouse(
        tmp_path / "partial.duckdb",
        "create table v (tlp double, region varchar, dataset varchar)",  # other column order
        "insert into v values (5.0, 'Z', 'b')",
        "create table dim_regions (region varchar, name varchar)",
        "insert into dim_regions values ('Z', 'new')")
    unkeyed = merge(partial, served, ["b", "c"])
    assert unkeyed == ["dim_regions"]
    with duckdb.connect(str(served), read_only=True) as con:
        assert con.execute("select * from v order by all").fetchall() == [
            ("a", "X", 1.0), ("b", "Z", 5.0)]
        assert con.execute("from dim_regions").fetchall() == [("X", "old")]


def test_code_tables_are_the_unkeyed_models_reading_the_datasets() -> None:
    manifest = {
        "nodes": {f"model.nqpf.{n}": {"name": n} for n in
                  ("stg_regions", "int_regions", "dim_regions", "dim_indicator", "values")},
        "child_map": {
            "source.nqpf.canonical.regions": ["model.nqpf.stg_regions"],
            "model.nqpf.stg_regions": ["model.nqpf.int_regions", "model.nqpf.values"],
            "model.nqpf.int_regions": ["model.nqpf.dim_regions",
                                       "test.nqpf.not_null_int_regions"],
            "seed.nqpf.indicators": ["model.nqpf.dim_indicator"],
        },
    }
    unkeyed = ["dim_indicator", "dim_regions", "int_regions"]
    assert code_tables(manifest, unkeyed) == ["dim_regions", "int_regions"]
