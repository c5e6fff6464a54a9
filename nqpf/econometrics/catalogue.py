"""Load and validate the regression catalogue (``catalogue.yaml``): which models to estimate,
how, and what the method paper published for them.

Every problem is reported as a :class:`CatalogueError` naming the model id and the field, so a
user adding a model sees at once what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: The catalogue shipped with the package (the paper's Tables 3-10).
DEFAULT_CATALOGUE = Path(__file__).with_name("catalogue.yaml")

ESTIMATORS = ("ols_fe", "iv_gmm")
INSTRUMENT_KINDS = ("sector_mean_times_region_value",)
STARS = ("***", "**", "*", "")


class CatalogueError(ValueError):
    """The catalogue is malformed; the message names the model id and the field."""


@dataclass(frozen=True)
class PublishedTerm:
    """The paper's figures for one term of one model."""

    coefficient: float
    std_error: float | None
    stars: str
    evidence: str | None
    stage: str = "second"


@dataclass(frozen=True)
class Instrument:
    """A shift-share instrument: the sector-year mean of ``variable`` times a region value."""

    kind: str
    variable: str
    name: str


@dataclass(frozen=True)
class Model:
    """One regression of the catalogue."""

    id: str
    table: int
    column: str
    dependent: str
    regressors: tuple[str, ...]
    log: frozenset[str]
    fixed_effects: tuple[str, ...]
    cluster: str
    estimator: str
    min_clusters: int
    sample: str | None = None
    endogenous: str | None = None
    instrument: Instrument | None = None
    published_n: int | None = None
    published_r2: float | None = None
    published_diagnostics: dict[str, float] = field(default_factory=dict)
    published: dict[str, PublishedTerm] = field(default_factory=dict)

    def term(self, variable: str) -> str:
        """The name of ``variable``'s term: ``ln_<name>`` when it enters in logs."""
        return f"ln_{variable}" if variable in self.log else variable

    @property
    def variables(self) -> tuple[str, ...]:
        """Every variable the model reads, dependent first."""
        extra = (self.endogenous,) if self.endogenous else ()
        return (self.dependent, *self.regressors, *extra)

    @property
    def key_term(self) -> str:
        """The term the paper's table is about: the first published term, else the first
        regressor's (the endogenous one for IV)."""
        if self.published:
            return next(iter(self.published))
        return self.term(self.endogenous or self.regressors[0])


@dataclass(frozen=True)
class Catalogue:
    models: tuple[Model, ...]
    derived: dict[str, str]

    def select(self, table: int | None = None) -> tuple[Model, ...]:
        return tuple(m for m in self.models if table is None or m.table == table)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate a catalogue file (default: the shipped one)."""
    path = Path(path) if path else DEFAULT_CATALOGUE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"cannot read catalogue {path}: {exc}") from exc
    return parse_catalogue(raw, source=str(path))


def parse_catalogue(raw: Any, source: str = "catalogue") -> Catalogue:
    """Validate a parsed catalogue document and build the models."""
    if not isinstance(raw, dict) or not isinstance(raw.get("models"), list):
        raise CatalogueError(f"{source}: expected a mapping with a 'models' list")
    defaults = raw.get("defaults") or {}
    derived = raw.get("derived") or {}
    if not isinstance(derived, dict) or not all(
            isinstance(v, str) for v in derived.values()):
        raise CatalogueError(f"{source}: 'derived' must map names to expressions")
    models: list[Model] = []
    for index, entry in enumerate(raw["models"]):
        if not isinstance(entry, dict):
            raise CatalogueError(f"{source}: model #{index + 1} is not a mapping")
        models.append(_model({**defaults, **entry}, label=str(entry.get("id", f"#{index + 1}"))))
    ids = [m.id for m in models]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogueError(f"{source}: duplicate model id(s): {', '.join(duplicates)}")
    return Catalogue(tuple(models), dict(derived))


def _fail(label: str, name: str, problem: str) -> CatalogueError:
    return CatalogueError(f"model {label}: field '{name}' {problem}")


def _text(entry: dict, label: str, name: str, *, required: bool = True) -> str | None:
    value = entry.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(label, name, "must be a non-empty string")
    return value


def _names(entry: dict, label: str, name: str) -> tuple[str, ...]:
    value = entry.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(label, name, "must be a list of variable names")
    return tuple(value)


def _model(entry: dict, label: str) -> Model:
    estimator = entry.get("estimator")
    if estimator not in ESTIMATORS:
        raise _fail(label, "estimator", f"must be one of {', '.join(ESTIMATORS)}")
    table = entry.get("table")
    if not isinstance(table, int):
        raise _fail(label, "table", "must be an integer")
    min_clusters = entry.get("min_clusters", 2)
    if not isinstance(min_clusters, int) or min_clusters < 2:
        raise _fail(label, "min_clusters", "must be an integer of at least 2")
    regressors = _names(entry, label, "regressors")
    log = _names(entry, label, "log")
    fixed_effects = _names(entry, label, "fixed_effects")
    endogenous = _text(entry, label, "endogenous", required=estimator == "iv_gmm")
    instrument = _instrument(entry, label) if estimator == "iv_gmm" else None
    if estimator == "ols_fe" and (endogenous or entry.get("instrument")):
        raise _fail(label, "estimator", "must be iv_gmm for a model with an instrument")
    if estimator == "ols_fe" and not regressors:
        raise _fail(label, "regressors", "must list at least one variable")
    dependent = _text(entry, label, "dependent")
    used = {dependent, *regressors, *((endogenous,) if endogenous else ())}
    unknown = sorted(set(log) - used)
    if unknown:
        raise _fail(label, "log", f"names variables the model does not use: {', '.join(unknown)}")
    published = entry.get("published") or {}
    if not isinstance(published, dict):
        raise _fail(label, "published", "must be a mapping")
    model = Model(
        id=_text(entry, label, "id"), table=table, column=str(entry.get("column", "")),
        dependent=dependent, regressors=regressors, log=frozenset(log),
        fixed_effects=fixed_effects, cluster=_text(entry, label, "cluster"),
        estimator=estimator, min_clusters=min_clusters,
        sample=_text(entry, label, "sample", required=False), endogenous=endogenous,
        instrument=instrument, published_n=_number(published, label, "n", int),
        published_r2=_number(published, label, "r2", float),
        published_diagnostics={k: float(published[k]) for k in ("kp_rk_lm", "cragg_donald_f")
                               if k in published},
        published=_terms(published.get("terms") or {}, label),
    )
    known = {model.term(v) for v in used} | ({instrument.name} if instrument else set())
    stray = sorted(set(model.published) - known)
    if stray:
        raise _fail(label, "published.terms",
                    f"names terms the model does not estimate: {', '.join(stray)} "
                    f"(terms: {', '.join(sorted(known))})")
    return model


def _instrument(entry: dict, label: str) -> Instrument:
    spec = entry.get("instrument")
    if not isinstance(spec, dict):
        raise _fail(label, "instrument", "is required for iv_gmm and must be a mapping")
    if spec.get("kind") not in INSTRUMENT_KINDS:
        raise _fail(label, "instrument.kind", f"must be one of {', '.join(INSTRUMENT_KINDS)}")
    return Instrument(kind=spec["kind"], variable=_text(spec, label, "variable"),
                      name=_text(spec, label, "name"))


def _number(mapping: dict, label: str, name: str, kind: type) -> Any:
    value = mapping.get(name)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _fail(label, f"published.{name}", "must be a number")
    return kind(value)


def _terms(raw: Any, label: str) -> dict[str, PublishedTerm]:
    if not isinstance(raw, dict):
        raise _fail(label, "published.terms", "must map term names to figures")
    terms: dict[str, PublishedTerm] = {}
    for term, spec in raw.items():
        where = f"published.terms.{term}"
        if not isinstance(spec, dict) or not isinstance(spec.get("coefficient"), int | float):
            raise _fail(label, where, "needs a numeric 'coefficient'")
        stars = spec.get("stars", "")
        if stars not in STARS:
            raise _fail(label, f"{where}.stars", "must be one of '***', '**', '*', ''")
        se = spec.get("std_error")
        terms[term] = PublishedTerm(
            coefficient=float(spec["coefficient"]),
            std_error=float(se) if se is not None else None, stars=stars,
            evidence=spec.get("evidence"), stage=spec.get("stage", "second"))
    return terms
