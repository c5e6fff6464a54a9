"""The gravity estimate, RAS and the trade marginals on cases small enough to do by hand."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.mrio.assemble import (
    balance_error,
    estimate_trade,
    origin_shares,
    scale_capped,
    split_by_origin,
    trade_marginals,
)
from nqpf.mrio.distance import great_circle_km, region_distances
from nqpf.mrio.gravity import deterrence, gravity_seed
from nqpf.mrio.ras import MarginalsError, ras

# Three regions A, B, C on a line: A-B 100 km, B-C 100 km, A-C 200 km.
D3 = np.array([[0.0, 100.0, 200.0], [100.0, 0.0, 100.0], [200.0, 100.0, 0.0]])
SUPPLY = np.array([5.0, 2.0, 5.0])  # outflow of A, B, C
DEMAND = np.array([4.0, 4.0, 4.0])  # inflow of A, B, C; both sum to 12


def test_gravity_seed_by_hand() -> None:
    # T0[r, s] = O_r D_s / d_rs (beta = 1): A->B 5*4/100 = 0.2, A->C 5*4/200 = 0.1,
    # B->A 2*4/100 = 0.08, B->C 0.08, C->A 5*4/200 = 0.1, C->B 5*4/100 = 0.2; no self-trade
    expected = np.array([[0.0, 0.2, 0.1], [0.08, 0.0, 0.08], [0.1, 0.2, 0.0]])
    np.testing.assert_allclose(gravity_seed(SUPPLY, DEMAND, D3, beta=1.0), expected, rtol=1e-15)
    # beta = 2 squares the deterrence: A->C 20 / 200^2 = 0.0005
    assert gravity_seed(SUPPLY, DEMAND, D3, beta=2.0)[0, 2] == pytest.approx(5e-4, rel=1e-15)
    # beta = 0: no distance decay, T0 = O_r D_s off the diagonal
    np.testing.assert_array_equal(deterrence(D3, 0.0), 1.0 - np.eye(3))


def test_ras_by_hand() -> None:
    # RAS keeps the cyclic ratio T_AB T_BC T_CA / (T_AC T_CB T_BA) of the seed, here
    # 0.2 * 0.08 * 0.1 / (0.1 * 0.2 * 0.08) = 1. The matrix with zero diagonal, row sums
    # (5, 2, 5), column sums (4, 4, 4) and that ratio is A->B 2, A->C 3, B->A 1, B->C 1,
    # C->A 3, C->B 2: rows 2+3, 1+1, 3+2; columns 1+3, 2+2, 3+1; ratio 2*1*3 / (3*2*1) = 1.
    result = ras(gravity_seed(SUPPLY, DEMAND, D3, beta=1.0), SUPPLY, DEMAND)
    expected = np.array([[0.0, 2.0, 3.0], [1.0, 0.0, 1.0], [3.0, 2.0, 0.0]])
    np.testing.assert_allclose(result.matrix, expected, rtol=1e-11)
    assert 1 < result.iterations < 100 and result.gap <= 1e-12
    assert "converged in" in result.report()


def test_ras_keeps_the_seeds_cross_ratios_with_four_regions() -> None:
    lat, lon = np.array([39.9, 31.2, 23.1, 30.6]), np.array([116.4, 121.5, 113.3, 104.1])
    d = great_circle_km(lat, lon)
    a, b = np.array([3.0, 5.0, 4.0, 1.0]), np.array([2.0, 4.0, 3.0, 4.0])
    seed = gravity_seed(a, b, d, beta=1.0)
    t = ras(seed, a, b).matrix
    np.testing.assert_allclose(t.sum(axis=1), a, rtol=1e-12)
    np.testing.assert_allclose(t.sum(axis=0), b, rtol=1e-12)
    # T = diag(r) T0 diag(s): every 2x2 cross ratio off the diagonal is the seed's
    for (i, j), (k, l_) in (((0, 1), (2, 3)), ((1, 0), (3, 2)), ((0, 2), (3, 1))):
        np.testing.assert_allclose(t[i, j] * t[k, l_] / (t[i, l_] * t[k, j]),
                                   seed[i, j] * seed[k, l_] / (seed[i, l_] * seed[k, j]),
                                   rtol=1e-10)
    # distance matters with four regions: a stronger decay ships more to the neighbours
    near = ras(gravity_seed(a, b, d, beta=3.0), a, b).matrix
    assert near[0, 1] > t[0, 1]  # Beijing-Shanghai (1,070 km) gains over Beijing-Chengdu


def test_ras_says_when_marginals_cannot_be_met() -> None:
    seed = gravity_seed(SUPPLY, DEMAND, D3, beta=1.0)
    with pytest.raises(MarginalsError, match="row totals sum to 12 but column totals to 13"):
        ras(seed, SUPPLY, DEMAND + np.array([0.0, 0.0, 1.0]))
    with pytest.raises(MarginalsError, match="row B needs 2 but its seed is all zero"):
        ras(np.array([[0, 1, 1], [0, 0, 0], [1, 1, 0]], float), SUPPLY, DEMAND,
            labels=["A", "B", "C"])
    # A ships 3 of 4 and takes in 3 of 4: with no self-trade it would have to ship to
    # and receive from B alone, which only supplies 1 and takes 1
    a = b = np.array([3.0, 1.0, 0.0])
    with pytest.raises(MarginalsError, match="did not converge"):
        ras(1.0 - np.eye(3), a, b, max_iter=500)
    with pytest.raises(MarginalsError, match="finite and >= 0"):
        ras(seed, -SUPPLY, -DEMAND)


def test_distances_of_the_shipped_capitals() -> None:
    d = region_distances(["CN-BJ", "CN-SH", "CN-GD"])
    assert np.allclose(d, d.T) and np.all(np.diag(d) == 0)
    # Beijing-Shanghai about 1,070 km, Beijing-Guangzhou about 1,890 km by great circle
    assert d[0, 1] == pytest.approx(1067, abs=5) and d[0, 2] == pytest.approx(1888, abs=5)
    with pytest.raises(ValueError, match=r"no coordinates for region\(s\) \['XX'\]"):
        region_distances(["CN-BJ", "XX"])


def test_scale_capped_by_hand() -> None:
    # scaling (5, 6, 2) to 14.5 would give 5.58 to the first entry, above its cap 5: it gets 5,
    # the other two share 9.5 in proportion 6:2 -> 7.125, 2.375
    np.testing.assert_allclose(scale_capped(np.array([5.0, 6, 2]), np.array([5.0, 10, 10]),
                                            14.5), [5.0, 7.125, 2.375], rtol=1e-15)
    # more than every cap allows: the caps
    np.testing.assert_array_equal(scale_capped(np.array([1.0, 1.0, 0.0]),
                                               np.array([2.0, 3.0, 9.0]), 10.0), [2, 3, 0])


def test_trade_marginals_and_the_balance_error_by_hand() -> None:
    # one product; A produces 4, uses 5, takes in 8 and ships 8: it can originate at most
    # cap = x - EX - U + min(IF, U) = 4 - 0 - 5 + 5 = 4, so 4 of its outflow is re-export
    # of its inflow, taken off both (through); B: cap 20 - 10 + 6 = 16, C: 20 - 10 + 2 = 12
    output = np.array([[4.0], [20.0], [20.0]])
    use = np.array([[5.0], [10.0], [10.0]])
    exports = np.zeros((3, 1))
    inflow = np.array([[8.0], [6.0], [2.0]])
    outflow = np.array([[8.0], [0.0], [10.0]])
    tradable = np.array([True])
    m = trade_marginals(output, use, exports, inflow, outflow, tradable, "larger")
    np.testing.assert_allclose(m.through[:, 0], [4.0, 0.0, 0.0])
    # origin O = (4, 0, 10), sum 14; absorbable M = (min(8 - 4, 5), 6, 2) = (4, 6, 2), sum
    # 12; the larger total 14: a = O, b = M * 14 / 12
    np.testing.assert_allclose(m.supply[:, 0], [4.0, 0.0, 10.0], rtol=1e-15)
    np.testing.assert_allclose(m.demand[:, 0], [14 / 3, 7.0, 7 / 3], rtol=1e-15)
    # balance error (OF - IF) - (a - b): A 0 - (4 - 14/3), B -6 - (0 - 7), C 8 - (10 - 7/3);
    # over the regions it is total outflow less total inflow, 18 - 16
    error = balance_error(inflow, outflow, m)[:, 0]
    np.testing.assert_allclose(error, [2 / 3, 1.0, 1 / 3], rtol=1e-14)
    assert error.sum() == pytest.approx(outflow.sum() - inflow.sum(), rel=1e-14)
    # the geometric mean sqrt(14 * 12) meets both sides halfway (in logs)
    m = trade_marginals(output, use, exports, inflow, outflow, tradable, "geomean")
    total = np.sqrt(14 * 12)
    np.testing.assert_allclose(m.supply[:, 0], np.array([4.0, 0, 10]) * total / 14, rtol=1e-14)
    np.testing.assert_allclose(m.demand[:, 0], np.array([4.0, 6, 2]) * total / 12, rtol=1e-14)
    # non-tradable: cross-hauling netted (through = min(OF, IF) = 8, 0, 2), only net
    # positions trade: C ships 8, B takes 6, the smaller total 6 is traded
    m = trade_marginals(output, use, exports, inflow, outflow, ~tradable)
    np.testing.assert_allclose(m.through[:, 0], [8.0, 0.0, 2.0])
    np.testing.assert_allclose(m.supply[:, 0], [0.0, 0.0, 6.0])
    np.testing.assert_allclose(m.demand[:, 0], [0.0, 6.0, 0.0])
    np.testing.assert_allclose(balance_error(inflow, outflow, m)[:, 0], [0.0, 0.0, 2.0])
    # a region ships at most what it can originate, whatever the total
    assert np.all(m.supply <= output)
    # trade seen from one side only: nothing allocated
    m = trade_marginals(output, use, exports, inflow, np.zeros_like(outflow), tradable)
    assert not m.supply.any() and not m.demand.any()
    with pytest.raises(ValueError, match="one of"):
        trade_marginals(output, use, exports, inflow, outflow, tradable, "max")


def test_origin_shares_split_every_use_cell() -> None:
    use = np.array([[5.0], [10.0], [10.0]])
    supply, demand = np.array([[7.25], [0.0], [7.25]]), np.array([[5.0], [7.125], [2.375]])
    trade, iterations = estimate_trade(supply, demand, D3, np.array([1.0]))
    h = origin_shares(trade, use)
    # A takes its whole use from B and C (5 of 5): own share 0; B's own share 1 - 7.125/10
    assert h[0, 0, 0] == 0.0 and h[0, 1, 1] == pytest.approx(0.2875, rel=1e-12)
    np.testing.assert_allclose(h.sum(axis=1), 1.0, rtol=1e-12)
    block = np.array([[[1.0, 4.0]], [[6.0, 4.0]], [[2.0, 8.0]]])  # (m, n, k): 2 users
    split = split_by_origin(block, h)
    np.testing.assert_allclose(split.sum(axis=0), block, rtol=1e-12)
    # B's intermediate use from C: h[C -> B] 6 = trade[C, B] / 10 * 6
    assert split[2, 1, 0, 0] == pytest.approx(trade[0, 2, 1] / 10 * 6, rel=1e-12)
    assert len(iterations) == 1
