"""Reading one dataset-year's MRIO flows for the network step as integer arrays, and the
matrix they make."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from nqpf.steps.network import flow_arrays, summed_matrix


def _batch(rows: list[int], cols: list[int], values: list[float | None]) -> pa.RecordBatch:
    return pa.record_batch({"from_node": pa.array(rows, pa.int32()),
                            "to_node": pa.array(cols, pa.int32()),
                            "value": pa.array(values, pa.float64())})


def test_batches_are_joined_in_order_with_their_types() -> None:
    rows, cols, values = flow_arrays([_batch([0, 1], [1, 0], [2.5, 4.0]),
                                      _batch([-1], [2], [None])])
    assert rows.tolist() == [0, 1, -1] and cols.tolist() == [1, 0, 2]
    assert values[:2].tolist() == [2.5, 4.0] and np.isnan(values[2])
    assert (rows.dtype, cols.dtype, values.dtype) == (np.int32, np.int32, np.float64)


def test_no_flows_give_empty_arrays() -> None:
    arrays = flow_arrays([])
    assert [a.dtype for a in arrays] == [np.int32, np.int32, np.float64]
    assert all(len(a) == 0 for a in arrays)


def test_a_duckdb_stream_in_many_batches_gives_every_row() -> None:
    with duckdb.connect() as con:
        relation = con.sql("select cast(i % 7 as integer) as from_node, "
                           "cast(i % 5 as integer) as to_node, i * 0.5 as value "
                           "from range(5000) t(i)")
        rows, cols, values = flow_arrays(relation.to_arrow_reader(1024))
    assert len(rows) == 5000 and int(rows.sum()) == sum(i % 7 for i in range(5000))
    assert int(cols.sum()) == sum(i % 5 for i in range(5000))
    assert float(values.sum()) == 0.5 * sum(range(5000))


def test_cells_met_twice_sum_to_the_same_bits_in_any_order() -> None:
    """Three flows into one cell whose float sum depends on the order of addition
    ((1e16 + 1) + 1 loses both ones, (1 + 1) + 1e16 keeps them): every order of the flows
    gives the sum in the one fixed order, smallest value first."""
    rows = np.array([0, 0, 0, 1], np.int32)
    cols = np.array([1, 1, 1, 0], np.int32)
    values = np.array([1e16, 1.0, 1.0, 3.0])
    sums = set()
    for order in ([0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]):
        Z = summed_matrix(rows[order], cols[order], values[order], 2)
        assert Z.nnz == 2 and Z[1, 0] == 3.0
        sums.add(Z[0, 1])
    assert (1e16 + 1.0) + 1.0 != (1.0 + 1.0) + 1e16
    assert sums == {(1.0 + 1.0) + 1e16}


def test_distinct_cells_are_taken_as_they_come() -> None:
    Z = summed_matrix(np.array([1, 0], np.int32), np.array([0, 1], np.int32),
                      np.array([2.5, 4.0]), 2)
    assert Z.toarray().tolist() == [[0.0, 4.0], [2.5, 0.0]]
