"""Fixed-effects IV by two-step efficient GMM (linearmodels IVGMM) with its diagnostics.

The fixed effects are absorbed by the within transformation of every variable (the dependent,
the exogenous and endogenous regressors and the instrument); the GMM weight matrix and the
covariance are clustered. Inference is asymptotic (no small-sample factor), like ivreg2
without ``small``; fixed effects nested in the clusters cost no degrees of freedom there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from linearmodels.iv import IVGMM

from nqpf.econometrics.diagnostics import cragg_donald_f, kp_rk_lm
from nqpf.econometrics.estimate import Estimate, TermEstimate
from nqpf.econometrics.fe import estimate_fe
from nqpf.econometrics.sample import Sample
from nqpf.econometrics.within import demean


def _residuals(a: np.ndarray, on: np.ndarray) -> np.ndarray:
    if on.shape[1] == 0:
        return a
    return a - on @ np.linalg.lstsq(on, a, rcond=None)[0]


def estimate_iv(sample: Sample) -> Estimate:
    """Second stage (exogenous and endogenous terms), the first-stage coefficient of the
    instrument (stage "first"), and first-stage partial F, Cragg-Donald F and KP rk LM."""
    endog, instrument = sample.endogenous, sample.instrument
    if endog is None or instrument is None:
        raise ValueError("an IV sample needs an endogenous regressor and an instrument")
    names = [sample.dependent, *sample.exogenous, endog, instrument]
    fe = sample.fe_codes()
    within = pd.DataFrame(demean(sample.frame[names].to_numpy(float), fe), columns=names)
    clusters = pd.factorize(sample.frame["cluster"])[0]
    exog = within[sample.exogenous] if sample.exogenous else None
    fit = IVGMM(within[sample.dependent], exog, within[[endog]], within[[instrument]],
                weight_type="clustered", clusters=clusters).fit(
                    cov_type="clustered", clusters=clusters)
    terms = [TermEstimate(t, float(fit.params[t]), float(fit.std_errors[t]),
                          float(fit.tstats[t]), float(fit.pvalues[t]))
             for t in [*sample.exogenous, endog]]
    first = estimate_fe(Sample(
        frame=sample.frame, dependent=endog, exogenous=[*sample.exogenous, instrument],
        endogenous=None, instrument=None, fixed_effects=sample.fixed_effects))
    z_term = next(t for t in first.terms if t.term == instrument)
    terms.append(TermEstimate(instrument, z_term.coefficient, z_term.std_error, z_term.t,
                              z_term.p, stage="first"))
    controls = within[sample.exogenous].to_numpy(float)
    x = _residuals(within[[endog]].to_numpy(float), controls)
    z = _residuals(within[[instrument]].to_numpy(float), controls)
    fe_levels = sum(len(np.unique(fe[:, j])) for j in range(fe.shape[1])) - max(fe.shape[1] - 1, 0)
    dof = len(x) - fe_levels - len(sample.exogenous) - 1
    return Estimate(
        terms=terms, n=len(sample.frame), n_clusters=sample.n_clusters,
        r2_within=float(fit.rsquared),
        diagnostics={"first_stage_f": z_term.t ** 2, "cragg_donald_f": cragg_donald_f(x, z, dof),
                     "kp_rk_lm": kp_rk_lm(x, z, clusters)})
