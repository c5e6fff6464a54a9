"""Load and validate the regression catalogue (``catalogue.yaml``): which models to estimate,
how, and what the method paper published for them.

The shape of the document is declared once with pydantic (the ``*Spec`` classes and
:class:`PublishedTerm`, :class:`Instrument`); the rules between fields (an IV model needs an
instrument, logs only of variables the model uses, ...) are checked after it. Every problem is
reported as a :class:`CatalogueError` naming the model id and the field, so a user adding a
model sees at once what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, ValidationError

#: The catalogue shipped with the package (the paper's Tables 3-10).
DEFAULT_CATALOGUE = Path(__file__).with_name("catalogue.yaml")

Name = Annotated[str, StringConstraints(pattern=r"\S")]  # a non-blank string
Number = Annotated[float, Strict()]  # an int or a float, not a bool or a numeric string
Count = Annotated[int, Strict()]


class CatalogueError(ValueError):
    """The catalogue is malformed; the message names the model id and the field."""


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PublishedTerm(_Spec):
    """The paper's figures for one term of one model."""

    coefficient: Number
    std_error: Number | None = None
    stars: Literal["***", "**", "*", ""] = ""
    evidence: Name | None = None
    stage: Literal["first", "second"] = "second"


class Instrument(_Spec):
    """A shift-share instrument: the sector-year mean of ``variable`` times a region value."""

    kind: Literal["sector_mean_times_region_value"]
    variable: Name
    name: Name


class PublishedSpec(_Spec):
    """The ``published`` block of a model: N, R², IV diagnostics and the terms' figures."""

    n: Count | None = None
    r2: Number | None = None
    kp_rk_lm: Number | None = None
    cragg_donald_f: Number | None = None
    terms: dict[str, PublishedTerm] = Field(default_factory=dict)


class ModelSpec(_Spec):
    """One model entry of the catalogue (after the defaults are applied)."""

    id: Name
    table: Count
    column: Annotated[str, Field(coerce_numbers_to_str=True)] = ""
    dependent: Name
    regressors: tuple[Name, ...] = ()
    log: tuple[Name, ...] = ()
    fixed_effects: tuple[Name, ...] = ()
    cluster: Name
    estimator: Literal["ols_fe", "iv_gmm"]
    min_clusters: Annotated[Count, Field(ge=2)] = 2
    sample: Name | None = None
    endogenous: Name | None = None
    instrument: Instrument | None = None
    published: PublishedSpec = Field(default_factory=PublishedSpec)


class CatalogueSpec(_Spec):
    """The document: ``defaults`` merged into every model, ``derived`` variables, ``models``."""

    defaults: dict[str, Any] = Field(default_factory=dict)
    derived: dict[str, str] = Field(default_factory=dict)
    models: list[dict[str, Any]]


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
    try:
        spec = CatalogueSpec.model_validate(raw)
    except ValidationError as exc:
        raise CatalogueError(f"{source}: {_problem(exc)}") from exc
    models: list[Model] = []
    for index, entry in enumerate(spec.models):
        label = str(entry.get("id", f"#{index + 1}"))
        try:
            model = ModelSpec.model_validate({**spec.defaults, **entry})
        except ValidationError as exc:
            raise CatalogueError(f"model {label}: {_problem(exc)}") from exc
        models.append(_model(model))
    ids = [m.id for m in models]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogueError(f"{source}: duplicate model id(s): {', '.join(duplicates)}")
    return Catalogue(tuple(models), dict(spec.derived))


def _problem(exc: ValidationError) -> str:
    """The first error of ``exc`` as "field 'a.b' <message>"."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"field '{where}': {error['msg']}" if where else error["msg"]


def _fail(label: str, name: str, problem: str) -> CatalogueError:
    return CatalogueError(f"model {label}: field '{name}' {problem}")


def _model(spec: ModelSpec) -> Model:
    """The model of a validated entry, after the rules that relate its fields."""
    label = spec.id
    if spec.estimator == "iv_gmm" and spec.endogenous is None:
        raise _fail(label, "endogenous", "is required for iv_gmm")
    if spec.estimator == "iv_gmm" and spec.instrument is None:
        raise _fail(label, "instrument", "is required for iv_gmm")
    if spec.estimator == "ols_fe" and (spec.endogenous or spec.instrument):
        raise _fail(label, "estimator", "must be iv_gmm for a model with an instrument")
    if spec.estimator == "ols_fe" and not spec.regressors:
        raise _fail(label, "regressors", "must list at least one variable")
    used = {spec.dependent, *spec.regressors, *((spec.endogenous,) if spec.endogenous else ())}
    unknown = sorted(set(spec.log) - used)
    if unknown:
        raise _fail(label, "log", f"names variables the model does not use: {', '.join(unknown)}")
    published = spec.published
    model = Model(
        id=spec.id, table=spec.table, column=spec.column, dependent=spec.dependent,
        regressors=spec.regressors, log=frozenset(spec.log), fixed_effects=spec.fixed_effects,
        cluster=spec.cluster, estimator=spec.estimator, min_clusters=spec.min_clusters,
        sample=spec.sample, endogenous=spec.endogenous, instrument=spec.instrument,
        published_n=published.n, published_r2=published.r2,
        published_diagnostics={k: v for k in ("kp_rk_lm", "cragg_donald_f")
                               if (v := getattr(published, k)) is not None},
        published=dict(published.terms),
    )
    known = {model.term(v) for v in used} | ({spec.instrument.name} if spec.instrument else set())
    stray = sorted(set(model.published) - known)
    if stray:
        raise _fail(label, "published.terms",
                    f"names terms the model does not estimate: {', '.join(stray)} "
                    f"(terms: {', '.join(sorted(known))})")
    return model
