"""Streaming one dataset-year's MRIO flows for the network step into column blocks of Z,
and the matrix they make."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pytest
import scipy.sparse as sp

from nqpf.steps.network import column_blocks, summed_matrix


def _batch(rows: list[int], cols: list[int], values: list[float]) -> pa.RecordBatch:
    return pa.record_batch({"from_node": pa.array(rows, pa.int32()),
                            "to_node": pa.array(cols, pa.int32()),
                            "value": pa.array(values, pa.float64())})


def _whole(blocks) -> sp.csc_matrix:
    return sum(blocks[1:], blocks[0]).tocsc()


def _sorted_batches(rows: np.ndarray, cols: np.ndarray, values: np.ndarray,
                    size: int) -> list[pa.RecordBatch]:
    order = np.argsort(cols, kind="stable")
    rows, cols, values = rows[order], cols[order], values[order]
    return [_batch(rows[i:i + size].tolist(), cols[i:i + size].tolist(),
                   values[i:i + size].tolist()) for i in range(0, len(rows), size)]


def test_each_block_holds_its_own_columns_and_together_they_are_z() -> None:
    rng = np.random.default_rng(7)
    rows, cols = rng.integers(0, 9, 60), rng.integers(0, 9, 60)
    cells = np.unique(np.c_[rows, cols], axis=0)
    values = rng.random(len(cells))
    batches = _sorted_batches(cells[:, 0], cells[:, 1], values, 7)
    position = np.arange(9)
    blocks = list(column_blocks(batches, position, width=4))
    assert len(blocks) == 3 and all(b.shape == (9, 9) for b in blocks)
    for b, block in enumerate(blocks):
        filled = np.flatnonzero(np.diff(block.indptr))
        assert set(filled) <= set(range(4 * b, 4 * b + 4))
    expected = sp.csc_matrix((values, (cells[:, 0], cells[:, 1])), shape=(9, 9)).toarray()
    assert (_whole(blocks).toarray() == expected).all()
    (one,) = column_blocks(batches, position, width=9)
    assert (one.toarray() == expected).all()


def test_a_block_is_built_before_the_flows_of_later_blocks_are_read() -> None:
    """Only one block's flows are held: block 0 (columns 0-1) is handed over as soon as the
    second batch brings a flow of a later block, before the third batch is read; block 1
    (columns 2-3), without flows, still comes, empty, in its place."""
    read: list[int] = []

    def stream():
        for i, (rows, cols) in enumerate([([0, 1], [0, 1]), ([2, 0], [1, 4]), ([3], [5])]):
            read.append(i)
            yield _batch(rows, cols, [1.0] * len(rows))

    seen = []
    for block in column_blocks(stream(), np.arange(6), width=2):
        seen.append((len(read), block.nnz))
    assert seen == [(2, 3), (2, 0), (3, 2)]


def test_flows_out_of_user_order_are_refused() -> None:
    batches = [_batch([0], [3], [1.0]), _batch([1], [0], [1.0])]
    with pytest.raises(ValueError, match="ascending to_node order"):
        list(column_blocks(batches, np.arange(4), width=2))


def test_flows_of_left_out_nodes_are_dropped_and_the_others_renumbered() -> None:
    """Node 1 did not solve (position -1) and -1 is outside the valid region-years: Z is
    over nodes 0 and 2, as rows and columns 0 and 1."""
    batch = _batch([0, 1, 2, -1, 2], [2, 0, 0, 2, 2], [1.5, 9.0, 2.5, 9.0, 4.0])
    (Z,) = column_blocks([batch], np.array([0, -1, 1]))
    assert Z.toarray().tolist() == [[0.0, 1.5], [2.5, 4.0]]
    # every node kept: only the flows of node -1 go
    (Z,) = column_blocks([_batch([0, -1, 1], [0, 1, 1], [1.5, 9.0, 4.0])], np.arange(2))
    assert Z.toarray().tolist() == [[1.5, 0.0], [0.0, 4.0]]


def test_merged_cells_sum_to_the_same_bits_in_any_order_of_arrival() -> None:
    """Three flows into one cell of a merged node whose float sum depends on the order of
    addition ((1e16 + 1) + 1 loses both ones, (1 + 1) + 1e16 keeps them): every order in
    which the engine hands them over gives the sum in the one fixed order."""
    rows, cols = [0, 0, 0, 1], [1, 1, 1, 0]
    values = [1e16, 1.0, 1.0, 3.0]
    sums = set()
    for order in ([0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]):
        batches = [_batch([rows[i]], [cols[i]], [values[i]]) for i in order]
        (Z,) = column_blocks(batches, np.arange(2))
        assert Z.nnz == 2 and Z[1, 0] == 3.0
        sums.add(Z[0, 1])
    assert (1e16 + 1.0) + 1.0 != (1.0 + 1.0) + 1e16
    assert sums == {(1.0 + 1.0) + 1e16}


def test_a_duckdb_stream_in_many_batches_gives_every_flow() -> None:
    with duckdb.connect() as con:
        relation = con.sql("select cast(i % 70 as integer) as from_node, "
                           "cast(i // 70 as integer) as to_node, (i + 1) * 0.5 as value "
                           "from range(4900) t(i) order by to_node")
        blocks = list(column_blocks(relation.to_arrow_reader(1024), np.arange(70), width=16))
    Z = _whole(blocks)
    assert Z.nnz == 4900 and Z.sum() == 0.5 * sum(range(1, 4901))
    assert Z[3, 2] == (2 * 70 + 3 + 1) * 0.5


def test_cells_met_twice_sum_in_one_fixed_order() -> None:
    rows = np.array([0, 0, 0, 1], np.int32)
    cols = np.array([1, 1, 1, 0], np.int32)
    values = np.array([1e16, 1.0, 1.0, 3.0])
    sums = {summed_matrix(rows[o], cols[o], values[o], 2)[0, 1]
            for o in ([0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2])}
    assert sums == {(1.0 + 1.0) + 1e16}


def test_cells_met_twice_in_column_order_sum_in_the_same_fixed_order() -> None:
    """Flows already in column order (the network reader's) are cut into columns directly;
    cells met twice still sum in the one order, whatever the order within a column."""
    rows = np.array([1, 0, 0, 0, 2], np.int32)
    cols = np.array([0, 1, 1, 1, 2], np.int32)
    values = np.array([3.0, 1e16, 1.0, 1.0, 5.0])
    sums = set()
    for within in ([1, 2, 3], [3, 2, 1], [2, 1, 3]):
        o = [0, *within, 4]
        Z = summed_matrix(rows[o].copy(), cols[o].copy(), values[o].copy(), 3)
        assert Z.has_canonical_format and Z.nnz == 3
        assert (Z[1, 0], Z[2, 2]) == (3.0, 5.0)
        sums.add(Z[0, 1])
    assert sums == {(1.0 + 1.0) + 1e16}


def test_flows_in_column_order_make_the_same_matrix_as_in_any_order() -> None:
    rng = np.random.default_rng(11)
    cells = np.unique(rng.integers(0, 30, (200, 2)), axis=0)
    values = rng.random(len(cells))
    by_column = np.lexsort((rng.random(len(cells)), cells[:, 1]))  # rows shuffled within
    shuffled = rng.permutation(len(cells))
    a, b = (summed_matrix(cells[o, 0].astype(np.int32), cells[o, 1].astype(np.int32),
                          values[o], 30) for o in (by_column, shuffled))
    assert a.has_canonical_format and b.has_canonical_format
    assert (a.indptr == b.indptr).all() and (a.indices == b.indices).all()
    assert (a.data == b.data).all()


def test_distinct_cells_are_taken_as_they_come() -> None:
    Z = summed_matrix(np.array([1, 0], np.int32), np.array([0, 1], np.int32),
                      np.array([2.5, 4.0]), 2)
    assert Z.toarray().tolist() == [[0.0, 4.0], [2.5, 0.0]]


def test_every_cell_met_many_times_is_the_left_to_right_sum_of_its_sorted_values() -> None:
    """Cells met up to a dozen times, in columns next to one another and empty ones: each
    is the sum of its values in ascending order, added left to right, whatever the order of
    arrival."""
    rng = np.random.default_rng(13)
    rows, cols = rng.integers(0, 6, 300), rng.integers(0, 12, 300)
    cols[cols == 4] = 5  # column 4 stays empty
    values = rng.choice([1e16, 1.0, -3.5, 0.25, 7e-3], 300)
    expected = np.zeros((6, 12))
    for r, c in {(r, c) for r, c in zip(rows, cols, strict=True)}:
        total = 0.0
        for v in sorted(values[(rows == r) & (cols == c)]):
            total += v
        expected[r, c] = total
    by_column = np.lexsort((rng.random(300), cols))
    for order in (by_column, rng.permutation(300)):
        Z = summed_matrix(rows[order].astype(np.int32), cols[order].astype(np.int32),
                          values[order], 12)
        assert Z.shape == (12, 12) and Z.has_canonical_format
        assert (Z.toarray()[:6] == expected).all() and not Z.toarray()[6:].any()
