"""Reading one dataset-year's MRIO flows for the network step as integer arrays."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from nqpf.steps.network import flow_arrays


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
