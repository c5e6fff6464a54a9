"""Comparing two builds' marts: floats to 12 significant digits, residuals as zero."""

from __future__ import annotations

import duckdb

from nqpf.warehouse import mart_differences


def _build(rows: list[tuple[str, float]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create table m (region varchar, value double)")
    if rows:
        con.executemany("insert into m values (?, ?)", rows)
    return con


def test_last_bits_either_side_of_a_rounding_boundary_agree() -> None:
    # 12-digit rounding sends these two apart (...0225 vs ...0224); they differ by 7e-19
    a = _build([("A", 0.0009551773190225005), ("B", 1.554e-15), ("C", float("nan"))])
    b = _build([("A", 0.0009551773190224998), ("B", 1.845e-15), ("C", float("nan"))])
    assert f"{0.0009551773190225005:.12g}" != f"{0.0009551773190224998:.12g}"
    assert mart_differences(a, b, names=("m",)) == {}


def test_a_difference_in_the_twelfth_digit_is_found_with_its_row() -> None:
    a = _build([("A", 1.0), ("B", 123.456789012)])
    b = _build([("A", 1.0), ("B", 123.456789013)])
    assert mart_differences(a, b, names=("m",)) == {
        "m": "row 1, column value: 123.456789012 vs 123.456789013"}


def test_different_keys_or_row_counts_are_differences() -> None:
    a, b = _build([("A", 1.0)]), _build([("X", 1.0)])
    assert mart_differences(a, b, names=("m",)) == {"m": "row 0, column region: 'A' vs 'X'"}
    assert "1 rows" in mart_differences(a, _build([]), names=("m",))["m"]
