"""Turn the analysis panel into one model's estimation sample, or say why the model cannot run.

The sample has one column per term (``ln_<v>`` for logged variables), the fixed-effect columns
``fe0, fe1, ...`` and the cluster column ``cluster``; singletons are dropped as in pyfixest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pandas.errors import UndefinedVariableError

from nqpf.econometrics.catalogue import Model
from nqpf.econometrics.within import codes, demean, non_singletons

#: A variable whose within standard deviation is below this share of its raw one (or of 1)
#: is treated as constant within the fixed effects.
WITHIN_TOLERANCE = 1e-9


class CannotRun(Exception):
    """The model cannot be estimated on this dataset; the message says why."""


@dataclass
class Sample:
    """An estimation sample ready for feols or the IV estimator."""

    frame: pd.DataFrame
    dependent: str
    exogenous: list[str]
    endogenous: str | None
    instrument: str | None
    fixed_effects: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def n_clusters(self) -> int:
        return int(self.frame["cluster"].nunique())

    def fe_codes(self) -> np.ndarray:
        return codes(self.frame, self.fixed_effects)


def interaction(frame: pd.DataFrame, spec: str) -> pd.Series:
    """The column ``spec`` names: a panel column, or ``a*b`` for the interaction of two."""
    parts = [p.strip() for p in spec.split("*")]
    missing = [p for p in parts if p not in frame.columns]
    if missing:
        raise CannotRun(f"'{spec}' needs the column(s) {', '.join(missing)}, not in the panel")
    series = frame[parts[0]].astype(str)
    for part in parts[1:]:
        series = series + "|" + frame[part].astype(str)
    return series.where(frame[parts].notna().all(axis=1))


def with_derived(panel: pd.DataFrame, derived: dict[str, str]) -> pd.DataFrame:
    """The panel plus the catalogue's derived variables."""
    frame = panel.copy()
    for name, expression in derived.items():
        try:
            frame[name] = frame.eval(expression)
        except UndefinedVariableError:
            continue  # a model that needs it reports it as not in the panel
        except Exception as exc:  # pandas raises many types for a bad expression
            raise CannotRun(f"derived variable {name} = {expression} failed: {exc}") from exc
    return frame


def prepare(frame: pd.DataFrame, model: Model) -> Sample:
    """The estimation sample of ``model`` from ``frame`` (the panel with derived variables and,
    for IV, the instrument column)."""
    if model.sample:
        try:
            frame = frame.query(model.sample)
        except Exception as exc:  # pandas raises many types for a bad expression
            raise CannotRun(f"sample filter '{model.sample}' failed: {exc}") from exc
    instrument = model.instrument.name if model.instrument else None
    needed = [*model.variables, *([instrument] if instrument else [])]
    missing = [v for v in needed if v not in frame.columns]
    if missing:
        raise CannotRun(f"not in the panel: {', '.join(missing)}")
    for variable in needed:
        if frame[variable].isna().all():
            raise CannotRun(f"{variable} is missing on every row")
    out = pd.DataFrame(index=frame.index)
    notes: list[str] = []
    for variable in needed:
        values = frame[variable].astype(float)
        if variable in model.log:
            bad = int((values <= 0).sum())
            if bad:
                notes.append(f"dropped {bad} rows with {variable} <= 0 for its log")
            values = np.log(values.where(values > 0))
        out[model.term(variable) if variable != instrument else variable] = values
    fixed_effects = [f"fe{i}" for i in range(len(model.fixed_effects))]
    for name, spec in zip(fixed_effects, model.fixed_effects, strict=True):
        out[name] = interaction(frame, spec)
    out["cluster"] = interaction(frame, model.cluster)
    for key in ("region", "sector", "year"):  # kept for diagnostics and messages
        if key in frame.columns:
            out[key] = frame[key]
    out = out.dropna()
    if out.empty:
        raise CannotRun("no row has every variable: " + "; ".join(notes or ["all incomplete"]))
    _check_years(frame, out, model)
    keep = non_singletons(codes(out, fixed_effects)) if fixed_effects else np.ones(len(out), bool)
    if not keep.any():
        raise CannotRun("no within variation: every fixed-effect group has a single observation"
                        " (one observation per region-sector)")
    if (~keep).sum():
        notes.append(f"dropped {int((~keep).sum())} singleton observations")
    sample = Sample(
        frame=out[keep], dependent=model.term(model.dependent),
        exogenous=[model.term(v) for v in model.regressors],
        endogenous=model.term(model.endogenous) if model.endogenous else None,
        instrument=instrument, fixed_effects=fixed_effects, notes=notes)
    _check_clusters(sample, model)
    _check_within_variation(sample)
    return sample


def _check_years(panel: pd.DataFrame, kept: pd.DataFrame, model: Model) -> None:
    if not any("year" in spec.split("*") for spec in model.fixed_effects):
        return
    years = sorted(kept["year"].unique())
    if len(years) < 2:
        offered = panel["year"].nunique()
        raise CannotRun(f"one year only ({years[0]}): year fixed effects leave no variation"
                        + (f" (the panel has {offered} years; rows missing a variable of the "
                           "model were dropped)" if offered > 1 else ""))


def _check_clusters(sample: Sample, model: Model) -> None:
    if sample.n_clusters < model.min_clusters:
        raise CannotRun(f"too few clusters: {sample.n_clusters} groups of {model.cluster}, "
                        f"at least {model.min_clusters} needed")


def _check_within_variation(sample: Sample) -> None:
    columns = [sample.dependent, *sample.exogenous,
               *[c for c in (sample.endogenous, sample.instrument) if c]]
    values = sample.frame[columns].to_numpy(float)
    within = demean(values, sample.fe_codes()).std(axis=0)
    scale = np.maximum(values.std(axis=0), 1.0)
    flat = [c for c, w, s in zip(columns, within, scale, strict=True)
            if w <= WITHIN_TOLERANCE * s]
    if flat:
        single = (" (the dataset has one region, so its ratios to the dataset aggregate are 1)"
                  if sample.frame.get("region", pd.Series()).nunique() == 1 else "")
        raise CannotRun(f"no variation within the fixed effects in {', '.join(flat)}{single}")
