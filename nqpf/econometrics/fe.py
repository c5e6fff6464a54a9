"""Two-way (or any) fixed-effects OLS with CRV1 clustered standard errors, via pyfixest.

pyfixest keeps N and the R² of a fit in private attributes (``_N``, ``_r2``, ``_r2_within``);
:func:`fit_statistics` is the one place that reads them.
"""

from __future__ import annotations

import warnings
from typing import Any

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
    n, r2, r2_within = fit_statistics(fit)
    return Estimate(terms=terms, n=n, n_clusters=sample.n_clusters, r2=r2, r2_within=r2_within)


class PyfixestChanged(RuntimeError):
    """The installed pyfixest no longer keeps the statistics where this module reads them."""


def fit_statistics(fit: Any) -> tuple[int, float, float]:
    """``(N, R², within R²)`` of a pyfixest ``feols`` fit."""
    try:
        return int(fit._N), float(fit._r2), float(fit._r2_within)
    except AttributeError as exc:
        raise PyfixestChanged(
            f"pyfixest {pf.__version__}: a feols fit has no {exc.name}; update "
            "nqpf/econometrics/fe.py:fit_statistics") from exc
