"""Kleibergen-Paap rk LM and Cragg-Donald F on cases checked by hand."""

import numpy as np
import pytest

from nqpf.econometrics.diagnostics import canonical_r2, cragg_donald_f, kp_rk_lm


def test_kp_rk_lm_by_hand_one_instrument():
    # scores z_i x_i: 1, 0 | 3, 0 -> cluster sums 1 and 3; LM = (1 + 3)^2 / (1^2 + 3^2) = 1.6
    x = np.array([1.0, 2.0, 3.0, 4.0])
    z = np.array([1.0, 0.0, 1.0, 0.0])
    assert kp_rk_lm(x, z, np.array([0, 0, 1, 1])) == pytest.approx(1.6)


def test_kp_rk_lm_by_hand_two_instruments():
    # x = 1, so the scores are the rows of z; cluster sums a (1, 0), b (0, 2), c (1, 1):
    # s = (2, 3), S = sum s_g s_g' = [[2, 1], [1, 5]], S^-1 = [[5, -1], [-1, 2]] / 9,
    # LM = (5*2*2 - 2*2*3 + 2*3*3) / 9 = 26 / 9
    x = np.ones(4)
    z = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 1.0]])
    assert kp_rk_lm(x, z, np.array(["a", "b", "b", "c"])) == pytest.approx(26 / 9)


def test_kp_rk_lm_equals_the_cragg_donald_lm_when_homoskedastic():
    """With one observation per cluster and |x| constant, sum_i z_i z_i' x_i^2 equals
    (x'x / n) z'z exactly, so the KP LM is Anderson's n r2, and r2 follows from the CD F:
    r2 = CD / (dof + CD) with one instrument."""
    rng = np.random.default_rng(0)
    n = 200
    z = rng.normal(size=n)
    x = np.sign(z + rng.normal(size=n))
    dof = n - 1
    cd = cragg_donald_f(x, z, dof)
    assert kp_rk_lm(x, z, np.arange(n)) == pytest.approx(n * cd / (dof + cd), rel=1e-12)
    assert canonical_r2(x, z) == pytest.approx(cd / (dof + cd), rel=1e-12)


def test_cragg_donald_f_is_the_first_stage_f_with_one_instrument():
    rng = np.random.default_rng(1)
    z = rng.normal(size=100)
    x = 0.3 * z + rng.normal(size=100)
    pi = z @ x / (z @ z)
    resid = x - pi * z
    se2 = resid @ resid / 99 / (z @ z)
    assert cragg_donald_f(x, z, dof=99) == pytest.approx(pi ** 2 / se2)
