"""The curated knowledge files (ontology/knowledge/*.yaml) as declared pydantic models, and
the rule by which a published result bears on its hypothesis.

A source file ``src_<id>.yaml`` holds ``source`` (bibliographic data and an ORKG-style
description), optional ``templates`` (YAML anchors only) and ``entries``; ``indicators.yaml``
holds ``indicators``. The models check each entry on its own;
:func:`nqpf.knowledge.load.load_knowledge` checks what spans entries.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from nqpf.mart_registry import indicator_marts

MECHANISM_TYPES = ("Mechanism", "Channel")
CONSTRAINT_TYPES = ("Constraint", "Dilemma")
CONCEPT_TYPES = (*MECHANISM_TYPES, "Outcome", "Method", "InputCategory", *CONSTRAINT_TYPES,
                 "Policy")
ENTRY_TYPES = (*CONCEPT_TYPES, "Hypothesis", "Evidence", "Statistic")
#: the marts an indicator's computed_by may name (the mart registry's indicator marts)
MODELS = indicator_marts()
SIGNIFICANCE = ("1%", "5%", "10%", "ns")
#: concept type -> the SKOS concept scheme it belongs to
SCHEMES = {"Mechanism": "MechanismScheme", "Channel": "MechanismScheme",
           "Outcome": "OutcomeScheme", "Method": "MethodScheme",
           "InputCategory": "InputCategoryScheme", "Constraint": "ConstraintScheme",
           "Dilemma": "ConstraintScheme", "Policy": "PolicyScheme"}

#: link field -> entry types a target may have ("Indicator" = an indicators.yaml entry)
LINK_TARGETS: dict[str, tuple[str, ...]] = {
    "broader": CONCEPT_TYPES,  # further restricted to the same concept scheme
    "related": CONCEPT_TYPES,
    "close_match": CONCEPT_TYPES,
    "constrains": MECHANISM_TYPES,
    "addresses": CONSTRAINT_TYPES,
    "strengthens": MECHANISM_TYPES,
    "tests": MECHANISM_TYPES,
    "about": CONCEPT_TYPES,
    "measures": (*MECHANISM_TYPES, "Outcome"),
    "input_category": ("InputCategory",),
    "method": ("Method",),
    "regressor": ("Indicator",),
    "outcome": ("Indicator",),
    "hypothesis": ("Hypothesis",),
}

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
#: a short exact quotation locating a claim (a W3C Web Annotation TextQuoteSelector):
#: a phrase to find, never a whole sentence
Quote = Annotated[str, StringConstraints(min_length=8, max_length=90)]
Sign = Literal["positive", "negative"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Label(_Strict):
    en: Text
    zh: Text | None = None


class AltLabels(_Strict):
    en: list[Text] = []
    zh: list[Text] = []


class LinkSpec(_Strict):
    """A link with its provenance: ``stated`` in the text (at ``section``/``quote``, by default
    the entry's own) or ``inferred`` by the curator (then ``justification`` says why)."""

    to: Id
    basis: Literal["stated", "inferred"] = "stated"
    #: the text the locator points into (default: the entry's own)
    source: Annotated[str, StringConstraints(pattern=r"^\d{3}$")] | None = None
    section: Text | None = None
    quote: Quote | None = None
    justification: Text | None = None

    @model_validator(mode="after")
    def _inferred_is_justified(self) -> LinkSpec:
        if self.basis == "inferred" and self.justification is None:
            raise ValueError(f"link to '{self.to}': an inferred link needs a justification")
        return self


LinkItem = Id | LinkSpec
Links = list[LinkItem]


class _Described(_Strict):
    """What every entry and indicator has: id, labels, definitions and an optional note."""

    id: Id
    label: Label
    alt_labels: AltLabels | None = None
    definition: Text
    definition_zh: Text | None = None
    note: Text | None = None


class _Entry(_Described):
    section: Text
    quote: Quote | None = None
    #: a finding the text reports from other studies: their ids in the source's
    #: ``cited_works``; the entry is attributed to them, not to the citing text
    reported_from: list[Id] = []


class _Concept(_Entry):
    broader: Links = []
    related: Links = []
    close_match: Links = []


class Mechanism(_Concept):
    type: Literal["Mechanism"]


class Channel(_Concept):
    type: Literal["Channel"]


class Outcome(_Concept):
    """What the theory wants to raise (the level of productive forces), not a mechanism."""

    type: Literal["Outcome"]


class Method(_Concept):
    """An assumption or procedure of the measurement (e.g. profit-rate equalisation)."""

    type: Literal["Method"]


class InputCategory(_Concept):
    """A kind of input the indicators count (digital devices, digital services)."""

    type: Literal["InputCategory"]


class Constraint(_Concept):
    type: Literal["Constraint"]
    constrains: Annotated[Links, Field(min_length=1)]


class Dilemma(_Concept):
    type: Literal["Dilemma"]
    constrains: Annotated[Links, Field(min_length=1)]


class Policy(_Concept):
    type: Literal["Policy"]
    addresses: Links = []
    strengthens: Links = []

    @model_validator(mode="after")
    def _linked(self) -> Policy:
        if not (self.addresses or self.strengthens):
            raise ValueError("a Policy needs 'addresses' or 'strengthens'")
        return self


class Prediction(_Strict):
    """The sign a text expects for one regressor on one outcome under a hypothesis
    (``none``: no effect expected).

    ``ex_ante``: stated by the theory before any estimate is seen (a section the source lists
    in ``theory_sections``); only these feed a verdict. ``ex_ante: false`` records what the
    authors read off their own results, kept as their interpretation."""

    regressor: Id
    outcome: Id
    sign: Literal["positive", "negative", "none"]
    ex_ante: bool
    #: the text the prediction cites (default: the hypothesis' own)
    source: Annotated[str, StringConstraints(pattern=r"^\d{3}$")] | None = None
    section: Text
    quote: Quote


VERDICTS = ("supported", "partly supported", "not supported", "untested")


class Verdict(_Strict):
    """The authors' own conclusion on a hypothesis, where they state it."""

    value: Literal["supported", "partly supported", "not supported"]
    section: Text
    quote: Quote


class Hypothesis(_Entry):
    type: Literal["Hypothesis"]
    code: Text
    tests: Annotated[Links, Field(min_length=1)]
    predictions: list[Prediction] = []
    verdict: Verdict


class Evidence(_Entry):
    """One published coefficient. How it bears on its hypothesis follows from ``role`` and
    the hypothesis' prediction for (regressor, outcome); see :func:`relation`."""

    type: Literal["Evidence"]
    table: int
    column: Text
    variable: Text
    coefficient: float
    standard_error: float | None = None
    n_obs: Annotated[int, Field(gt=0)] | None = None
    r_squared: Annotated[float, Field(ge=0, le=1)] | None = None
    sign: Sign
    significance: Literal["1%", "5%", "10%", "ns"]
    specification: Text
    regressor: Id | None = None
    outcome: Id | None = None
    hypothesis: Id
    #: regressor: the variable the column is about; control: a covariate next to it;
    #: first_stage: the instrument's coefficient of an IV first stage
    role: Literal["regressor", "control", "first_stage"] = "regressor"

    @model_validator(mode="after")
    def _sign_matches(self) -> Evidence:
        if (self.coefficient < 0) != (self.sign == "negative"):
            raise ValueError(f"sign '{self.sign}' disagrees with coefficient {self.coefficient}")
        return self


class Statistic(_Entry):
    type: Literal["Statistic"]
    value: float
    unit: Text
    year: int
    ref_area: Text | None = None
    about: Links = []


class Indicator(_Described):
    unit: Text
    formula: Text
    formula_ref: Text
    #: the mart that computes it, one of the mart registry's indicator marts (MODELS)
    computed_by: Text
    measures: Links = []
    input_category: list[Id] = []
    method: list[Id] = []
    source: Annotated[str, StringConstraints(pattern=r"^\d{3}$")] | None = None
    section: Text | None = None
    #: the words of that section that state what the indicator measures (the locator of its
    #: stated measures links)
    quote: Quote | None = None
    #: how the value speaks for what it measures: higher (more), lower (a higher lambda is
    #: less productivity) or none (a size or composition that ranks nothing)
    direction: Literal["higher", "lower", "none"] = "none"

    @model_validator(mode="after")
    def _placed(self) -> Indicator:
        if self.computed_by not in MODELS:
            raise ValueError(f"computed_by '{self.computed_by}' is not an indicator mart "
                             f"{MODELS}")
        if not (self.measures or self.method):
            raise ValueError("an indicator must measure a mechanism or outcome, or name its method")
        if (self.section is None) != (self.source is None):
            raise ValueError("source and section must be given together")
        return self


class SourceBlock(_Strict):
    """A source text: bibliographic data, and what it contributes in the way ORKG describes
    a paper (research problem, method, data, results)."""

    id: Annotated[str, StringConstraints(pattern=r"^\d{3}$")]
    file: Text
    title: Text
    title_note: Text | None = None
    creators: list[Text] = []
    date: Text | None = None
    doi: Text | None = None
    venue: Text | None = None
    license: Text | None = None
    research_problem: Text
    method: Text
    data: Text | None = None
    results: Text
    #: the sections holding the text's theory and hypotheses, written before its results:
    #: section numbers (a number covers its subsections) or headings. Only these can state
    #: an ex-ante prediction.
    theory_sections: list[Text] = []

    def is_theory(self, section: str) -> bool:
        """Whether ``section`` (as cited) lies in one of the theory sections."""
        cited = section.strip()
        number = cited.split()[0].rstrip(".") if cited else ""
        return any(cited == part or number == part or number.startswith(f"{part}.")
                   for part in self.theory_sections)


class CitedWork(_Strict):
    """A study a source cites for a finding it reports: authors and year as the text gives
    them."""

    id: Id
    authors: Annotated[list[Text], Field(min_length=1)]
    year: int
    #: the citation exactly as printed, e.g. "Shi Jin, Xu Minghao, and colleagues (2024)"
    cited_as: Text
    section: Text


class SourceFile(_Strict):
    source: dict[str, Any]
    templates: dict[str, Any] | None = None
    cited_works: list[CitedWork] = []
    entries: list[Any]


AnyEntry = Annotated[
    Mechanism | Channel | Outcome | Method | InputCategory | Constraint | Dilemma | Policy
    | Hypothesis | Evidence | Statistic,
    Field(discriminator="type"),
]
def scheme_of(kind: str) -> str | None:
    """Name of the concept scheme an entry type belongs to (None for non-concepts)."""
    return SCHEMES.get(kind)


def bearing(evidence: Evidence, hypothesis: Hypothesis) -> str:
    """How a result bears on an ex-ante prediction of its hypothesis: ``supports`` when it is
    significant with the predicted sign, ``contradicts`` when significant against it,
    ``insignificant`` when not significant; ``concerns`` when it tests no directional
    ex-ante prediction (controls, IV first stages, regressors the theory predicts nothing
    for)."""
    predicted = predicted_sign(hypothesis, evidence.regressor, evidence.outcome)
    if evidence.role != "regressor" or predicted in (None, "none"):
        return "concerns"
    if evidence.significance == "ns":
        return "insignificant"
    return "supports" if predicted == evidence.sign else "contradicts"


def relation(evidence: Evidence, hypothesis: Hypothesis) -> str:
    """The graph's link from a result to its hypothesis: ``supports``, ``contradicts`` or
    (for an insignificant result too) ``concerns``; see :func:`bearing`."""
    return relation_of(bearing(evidence, hypothesis))


def relation_of(found: str) -> str:
    """The graph link for a :func:`bearing`: an insignificant result only concerns."""
    return "concerns" if found == "insignificant" else found


def predicted_sign(hypothesis: Hypothesis, regressor: str | None,
                   outcome: str | None) -> str | None:
    """The sign ``hypothesis`` predicts ex ante for ``regressor`` on ``outcome`` (None if
    none); the authors' readings of their results never count."""
    for prediction in hypothesis.predictions:
        if prediction.ex_ante and (prediction.regressor, prediction.outcome) == (regressor,
                                                                                  outcome):
            return prediction.sign
    return None
