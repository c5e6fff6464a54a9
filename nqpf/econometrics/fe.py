"""Two-way (or any) fixed-effects OLS with CRV1 clustered standard errors, via pyfixest."""

from __future__ import annotations

import warnings

import pyfixest as pf

from nqpf.econometrics.estimate import Estimate, TermEstimate
from nqpf.econometrics.sample import CannotRun, Sample


def estimate_fe(sample: Sample) -> Estimate:
    """``feols`` of the dependent on the exogenous terms, absorbing the fixed effects;
    standard errors CRV1 by cluster with pyfixest's default small-sample factor."""
    formula = f"{sample.dependent} ~ {' + '.join(sample.exogenous)}"
    if sample.fixed_effects:
        formula += " | " + " + ".join(sample.fixed_effects)
    with warnings.catch_warnings():
        # The sample has no singletons left; pyfixest would still warn on edge cases.
        warnings.simplefilter("ignore", UserWarning)
        fit = pf.feols(formula, data=sample.frame, vcov={"CRV1": "cluster"})
    tidy = fit.tidy()
    dropped = [t for t in sample.exogenous if t not in tidy.index]
    if dropped:
        raise CannotRun(f"collinear with the other regressors and fixed effects: "
                        f"{', '.join(dropped)}")
    terms = [TermEstimate(term, float(row["Estimate"]), float(row["Std. Error"]),
                          float(row["t value"]), float(row["Pr(>|t|)"]))
             for term, row in tidy.loc[sample.exogenous].iterrows()]
    return Estimate(terms=terms, n=int(fit._N), n_clusters=sample.n_clusters,
                    r2=float(fit._r2), r2_within=float(fit._r2_within))
