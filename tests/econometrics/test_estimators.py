"""The estimators on synthetic panels with known coefficients and two-way fixed effects."""

import re

import numpy as np
import pandas as pd
import pytest
from synthetic_panel import BETA_DDR, BETA_DT, BETA_LN_OTLP, fe_panel, iv_panel

from nqpf.econometrics.catalogue import parse_catalogue
from nqpf.econometrics.results import estimate, run_catalogue
from nqpf.econometrics.sample import CannotRun, with_derived

CATALOGUE = parse_catalogue({
    "defaults": {"fixed_effects": ["region*sector", "year"], "cluster": "region*sector",
                 "estimator": "ols_fe", "min_clusters": 10},
    "derived": {"dt": "dd + ds"},
    "models": [
        {"id": "fe", "table": 4, "dependent": "tlpr", "regressors": ["ddr", "otlp"],
         "log": ["tlpr", "otlp"],
         "published": {"terms": {"ddr": {"coefficient": 0.1}, "ln_otlp": {"coefficient": 0.2}}}},
        {"id": "iv", "table": 8, "estimator": "iv_gmm", "dependent": "pri", "regressors": [],
         "endogenous": "dt", "log": ["pri"],
         "instrument": {"kind": "sector_mean_times_region_value", "variable": "dt",
                        "name": "z"}},
        {"id": "ols", "table": 8, "dependent": "pri", "regressors": ["dt"], "log": ["pri"]},
    ]})
FE, IV, OLS = CATALOGUE.models


def coefficients(fit):
    return {t.term: t for t in fit.terms}


def test_fixed_effects_ols_recovers_the_coefficients():
    fit, notes = estimate(fe_panel(), FE)
    terms = coefficients(fit)
    assert terms["ddr"].coefficient == pytest.approx(BETA_DDR, abs=0.04)
    assert terms["ln_otlp"].coefficient == pytest.approx(BETA_LN_OTLP, abs=0.06)
    assert fit.n == 40 * 8 * 4 and fit.n_clusters == 40 * 8 and notes == []
    assert 0 < fit.r2_within < fit.r2 < 1


def test_clustered_standard_errors_match_a_numpy_sandwich():
    """Within-transformed OLS by explicit dummies, CRV1 with pyfixest's small-sample factor
    G/(G-1) * (N-1)/(N-K), K = regressors + year levels (the region-sector effects are nested
    in the clusters and do not count)."""
    panel = fe_panel(regions=20, sectors=5)
    fit, _ = estimate(panel, FE)
    y = np.log(panel["tlpr"].to_numpy())
    x = np.column_stack([panel["ddr"], np.log(panel["otlp"])])
    cell = pd.factorize(panel["region"] + "|" + panel["sector"])[0]
    year = pd.factorize(panel["year"])[0]
    dummies = np.column_stack([np.eye(cell.max() + 1)[cell], np.eye(year.max() + 1)[year][:, 1:]])

    def within(v):
        return v - dummies @ np.linalg.lstsq(dummies, v, rcond=None)[0]

    xw, yw = within(x), within(y)
    beta = np.linalg.solve(xw.T @ xw, xw.T @ yw)
    resid = yw - xw @ beta
    bread = np.linalg.inv(xw.T @ xw)
    scores = np.array([xw[cell == g].T @ resid[cell == g] for g in range(cell.max() + 1)])
    n, groups, k = len(y), cell.max() + 1, 2 + (year.max() + 1)
    factor = groups / (groups - 1) * (n - 1) / (n - k)
    se = np.sqrt(np.diag(bread @ scores.T @ scores @ bread) * factor)
    terms = coefficients(fit)
    np.testing.assert_allclose([terms["ddr"].coefficient, terms["ln_otlp"].coefficient], beta,
                               rtol=1e-8)
    np.testing.assert_allclose([terms["ddr"].std_error, terms["ln_otlp"].std_error], se,
                               rtol=1e-6)


def test_iv_gmm_recovers_the_coefficient_that_ols_gets_wrong():
    panel, values = iv_panel()
    panel = with_derived(panel, CATALOGUE.derived)
    iv, _ = estimate(panel, IV, values)
    ols, _ = estimate(panel, OLS)
    second, first = coefficients(iv)["dt"], coefficients(iv)["z"]
    assert second.coefficient == pytest.approx(BETA_DT, abs=2.5 * second.std_error)
    assert abs(coefficients(ols)["dt"].coefficient - BETA_DT) > 10 * second.std_error
    assert first.stage == "first" and first.coefficient > 0 and first.p < 0.01
    assert iv.diagnostics["first_stage_f"] == pytest.approx(first.t ** 2)
    assert iv.diagnostics["cragg_donald_f"] > 10 and iv.diagnostics["kp_rk_lm"] > 10


def test_iv_without_an_instrument_file_cannot_run():
    panel, _ = iv_panel()
    results = run_catalogue(panel, CATALOGUE)
    iv = results.loc[results["model"] == "iv"]
    assert set(iv["status"]) == {"cannot_run"}
    assert iv["detail"].str.contains("no instrument file").all()


def test_results_frame_carries_published_figures_and_sign_agreement():
    results = run_catalogue(fe_panel(), CATALOGUE, data_build="b1", table=4)
    rows = results.set_index("term")
    assert list(rows["status"]) == ["ok", "ok"]
    assert rows.loc["ddr", "published_coefficient"] == 0.1
    assert bool(rows.loc["ddr", "sign_agrees"]) and not bool(rows.loc["ln_otlp", "sign_agrees"])
    assert rows.loc["ddr", "stars"] == "***" and rows.loc["ddr", "is_key_term"]
    assert set(results["data_build"]) == {"b1"}


@pytest.mark.parametrize(("change", "reason"), [
    (lambda p: p.assign(ddr=np.nan), "ddr is missing on every row"),
    (lambda p: p.loc[p["year"] == 2012], "one year only (2012)"),
    (lambda p: p.loc[p["region"] == "R00"], "too few clusters: 8 groups"),
    (lambda p: p.assign(ddr=p["year"] * 0.1), "no variation within the fixed effects in ddr"),
    (lambda p: p.assign(otlp=-1.0), "no row has every variable: dropped 1280 rows with otlp"),
])
def test_models_that_cannot_run_say_why(change, reason):
    with pytest.raises(CannotRun, match=re.escape(reason)):
        estimate(change(fe_panel()), FE)


def test_non_positive_values_under_a_log_are_dropped_and_counted():
    panel = fe_panel()
    panel.loc[panel.index[:10], "otlp"] = 0.0
    fit, notes = estimate(panel, FE)
    assert "dropped 10 rows with otlp <= 0 for its log" in notes
    assert fit.n < len(panel) - 10 + 1


def test_a_sample_filter_restricts_the_rows_and_a_bad_one_says_why():
    entry = {"id": "later", "table": 4, "dependent": "tlpr", "regressors": ["ddr"],
             "log": ["tlpr"], "fixed_effects": ["region*sector", "year"],
             "cluster": "region*sector", "estimator": "ols_fe", "sample": "year >= 2013"}
    fit, _ = estimate(fe_panel(), parse_catalogue({"models": [entry]}).models[0])
    assert fit.n == 40 * 8 * 3
    broken = parse_catalogue({"models": [{**entry, "sample": "no_such_column > 1"}]}).models[0]
    with pytest.raises(CannotRun, match="sample filter 'no_such_column > 1' failed"):
        estimate(fe_panel(), broken)


def test_fit_statistics_read_n_and_both_r2_from_pyfixest():
    """N, R² and within R² of a one-way FE fit, recomputed by hand from least squares."""
    import pyfixest as pf

    from nqpf.econometrics.fe import fit_statistics

    rng = np.random.default_rng(3)
    df = pd.DataFrame({"g": np.repeat(np.arange(6), 5), "x": rng.normal(size=30)})
    df["y"] = 0.5 * df["x"] + df["g"] + rng.normal(size=30)
    n, r2, r2_within = fit_statistics(pf.feols("y ~ x | g", data=df))
    design = np.column_stack([df["x"], pd.get_dummies(df["g"]).to_numpy(float)])
    resid = df["y"] - design @ np.linalg.lstsq(design, df["y"], rcond=None)[0]
    within = df["y"] - df.groupby("g")["y"].transform("mean")
    assert n == 30
    assert r2 == pytest.approx(1 - resid @ resid / ((df["y"] - df["y"].mean()) ** 2).sum())
    assert r2_within == pytest.approx(1 - resid @ resid / (within @ within))
