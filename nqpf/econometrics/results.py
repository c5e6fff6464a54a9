"""Run the catalogue on every dataset of the panel and collect one results frame.

One row per dataset, model and term: our estimate next to the paper's figure. A model that
cannot run on a dataset gets one row per published term (or its key term) with status
``cannot_run`` and the reason in ``detail``; an unexpected numerical failure is ``error``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from nqpf.econometrics.catalogue import Catalogue, Model
from nqpf.econometrics.estimate import Estimate, stars
from nqpf.econometrics.fe import estimate_fe
from nqpf.econometrics.instrument import shift_share
from nqpf.econometrics.iv import estimate_iv
from nqpf.econometrics.sample import CannotRun, prepare, with_derived

_TEXT = frozenset({
    "dataset", "model", "column", "term", "stage", "stars", "fixed_effects", "cluster",
    "estimator", "evidence_id", "published_stars", "status", "detail", "data_build"})

#: The columns of the results frame, in order.
COLUMNS = (
    "dataset", "model", "table", "column", "term", "stage", "is_key_term", "coefficient",
    "std_error", "t", "p", "stars", "n", "n_clusters", "r2", "r2_within", "first_stage_f",
    "cragg_donald_f", "kp_rk_lm", "fixed_effects", "cluster", "estimator", "evidence_id",
    "published_coefficient", "published_se", "published_stars", "published_n", "published_r2",
    "sign_agrees", "status", "detail", "estimated_at", "data_build",
)


def estimate(frame: pd.DataFrame, model: Model,
             region_values: pd.Series | None = None) -> tuple[Estimate, list[str]]:
    """Estimate one model on one dataset's panel (with derived variables); returns the
    estimate and notes on dropped rows. Raises CannotRun with the reason."""
    if model.instrument:
        frame = frame.assign(**{
            model.instrument.name: shift_share(frame, model.instrument, region_values)})
    sample = prepare(frame, model)
    fit = estimate_iv(sample) if model.estimator == "iv_gmm" else estimate_fe(sample)
    return fit, sample.notes


def run_catalogue(panel: pd.DataFrame, catalogue: Catalogue, *,
                  region_values: pd.Series | None = None, data_build: str = "",
                  table: int | None = None, datasets: list[str] | None = None,
                  ) -> pd.DataFrame:
    """Every model of ``catalogue`` (or of one table) on every dataset of ``panel``."""
    stamp = datetime.now(UTC)
    models = catalogue.select(table)
    rows: list[dict[str, Any]] = []
    for dataset, part in panel.groupby("dataset", sort=True):
        if datasets and dataset not in datasets:
            continue
        base = {"dataset": dataset, "estimated_at": stamp, "data_build": data_build}
        try:
            frame = with_derived(part.reset_index(drop=True), catalogue.derived)
        except CannotRun as exc:
            rows += [row for m in models for row in _failed(m, "cannot_run", str(exc), base)]
            continue
        for model in models:
            try:
                fit, notes = estimate(frame, model, region_values)
            except CannotRun as exc:
                rows += _failed(model, "cannot_run", str(exc), base)
            except (ArithmeticError, ValueError, np.linalg.LinAlgError) as exc:
                rows += _failed(model, "error", f"{type(exc).__name__}: {exc}", base)
            else:
                rows += _estimated(model, fit, notes, base)
    return _typed(pd.DataFrame(rows, columns=list(COLUMNS)))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Fixed column types, so a column that is empty on every row keeps its type in DuckDB."""
    kinds = {"table": "Int64", "n": "Int64", "n_clusters": "Int64", "published_n": "Int64",
             "is_key_term": "boolean", "sign_agrees": "boolean", "estimated_at": None}
    for name in COLUMNS:
        kind = kinds.get(name, "string" if name in _TEXT else "float64")
        if kind:
            frame[name] = frame[name].astype(kind)
    return frame


def _model_fields(model: Model) -> dict[str, Any]:
    return {"model": model.id, "table": model.table, "column": model.column,
            "fixed_effects": " + ".join(model.fixed_effects), "cluster": model.cluster,
            "estimator": model.estimator, "published_n": model.published_n,
            "published_r2": model.published_r2}


def _published(model: Model, term: str) -> dict[str, Any]:
    paper = model.published.get(term)
    return {"term": term, "is_key_term": term == model.key_term,
            "stage": paper.stage if paper else "second",
            "evidence_id": paper.evidence if paper else None,
            "published_coefficient": paper.coefficient if paper else None,
            "published_se": paper.std_error if paper else None,
            "published_stars": paper.stars if paper else None}


def _failed(model: Model, status: str, detail: str, base: dict) -> list[dict[str, Any]]:
    terms = list(model.published) or [model.key_term]
    return [{**base, **_model_fields(model), **_published(model, t), "status": status,
             "detail": detail} for t in terms]


def _estimated(model: Model, fit: Estimate, notes: list[str],
               base: dict) -> list[dict[str, Any]]:
    rows = []
    for term in fit.terms:
        row = {**base, **_model_fields(model), **_published(model, term.term),
               "stage": term.stage, "coefficient": term.coefficient,
               "std_error": term.std_error, "t": term.t, "p": term.p, "stars": stars(term.p),
               "n": fit.n, "n_clusters": fit.n_clusters, "r2": fit.r2,
               "r2_within": fit.r2_within, **fit.diagnostics, "status": "ok",
               "detail": "; ".join(notes) or None}
        paper = row["published_coefficient"]
        row["sign_agrees"] = (None if paper is None or math.isnan(term.coefficient)
                              else bool(np.sign(term.coefficient) == np.sign(paper)))
        rows.append(row)
    return rows
