"""The curated knowledge files (ontology/knowledge/*.yaml) as declared pydantic models.

A source file ``src_<id>.yaml`` holds ``source`` (bibliographic data and an ORKG-style
description), optional ``templates`` (YAML anchors only) and ``entries``; ``indicators.yaml``
holds ``indicators``. The models check each entry on its own; :func:`load_knowledge` then
checks what spans entries (unique ids, link targets and their types). Every problem is
reported as ``<file>: entry '<id>': <rule broken>``, all problems of a load together in one
:class:`KnowledgeError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)


class KnowledgeError(ValueError):
    """A knowledge file breaks the schema; the message names file, entry id and rule."""


MECHANISM_TYPES = ("Mechanism", "Channel")
CONSTRAINT_TYPES = ("Constraint", "Dilemma")
CONCEPT_TYPES = (*MECHANISM_TYPES, "Outcome", "Method", "InputCategory", *CONSTRAINT_TYPES,
                 "Policy")
ENTRY_TYPES = (*CONCEPT_TYPES, "Hypothesis", "Evidence", "Statistic")
MODELS = ("values", "prices", "profit_rates", "digital_inputs", "network", "agglomeration")
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
    """The sign the text expects for one regressor on one outcome under a hypothesis
    (``none``: no effect expected or no direction stated)."""

    regressor: Id
    outcome: Id
    sign: Literal["positive", "negative", "none"]
    section: Text
    quote: Quote | None = None


class Verdict(_Strict):
    """The authors' own conclusion on a hypothesis, where they state it."""

    value: Literal["supported", "partly supported", "not supported"]
    section: Text
    quote: Quote | None = None


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
    computed_by: Literal["values", "prices", "profit_rates", "digital_inputs", "network",
                         "agglomeration"]
    measures: Links = []
    input_category: list[Id] = []
    method: list[Id] = []
    source: Annotated[str, StringConstraints(pattern=r"^\d{3}$")] | None = None
    section: Text | None = None

    @model_validator(mode="after")
    def _placed(self) -> Indicator:
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


class _SourceFile(_Strict):
    source: dict[str, Any]
    templates: dict[str, Any] | None = None
    entries: list[Any]


AnyEntry = Annotated[
    Mechanism | Channel | Outcome | Method | InputCategory | Constraint | Dilemma | Policy
    | Hypothesis | Evidence | Statistic,
    Field(discriminator="type"),
]
_ENTRY = TypeAdapter(AnyEntry)
_INDICATOR = TypeAdapter(Indicator)
_SECTION = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")


@dataclass(frozen=True)
class Section:
    """A cited section: its number as printed (may be empty) and its heading."""

    number: str
    heading: str

    @classmethod
    def parse(cls, text: str) -> Section:
        match = _SECTION.match(text.strip())
        return cls(match.group(1), match.group(2)) if match else cls("", text.strip())

    @property
    def key(self) -> str:
        """Stable path segment for the section node: its number, or a slug of its heading."""
        return self.number or re.sub(r"[^a-z0-9]+", "-", self.heading.lower()).strip("-")


@dataclass(frozen=True)
class Link:
    """One link of an entry with its provenance resolved (section and quote default to the
    entry's own)."""

    relation: str
    target: str
    basis: str
    source: str | None
    section: str | None
    quote: str | None
    justification: str | None


_CLOSE_MATCH = "Near-duplicate concepts of different texts, joined by the curator."


@dataclass
class Entry:
    """One checked entry (a knowledge entry or an indicator) with the file it came from."""

    model: BaseModel
    file: str
    kind: str  # an ENTRY_TYPES member or "Indicator"
    source_id: str | None

    @property
    def id(self) -> str:
        return self.model.id  # type: ignore[attr-defined]

    @property
    def data(self) -> dict[str, Any]:
        """The entry's fields (unset optional ones omitted)."""
        return self.model.model_dump(exclude_none=True)

    def get(self, name: str, default: Any = None) -> Any:
        value = getattr(self.model, name, None)
        return default if value is None else value

    def links(self, name: str) -> list[Link]:
        """The links of one field, each with its provenance."""
        value = getattr(self.model, name, None)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        section, quote = getattr(self.model, "section", None), getattr(self.model, "quote", None)
        out = []
        for item in items:
            if isinstance(item, LinkSpec):
                own = item.section is not None or item.source is not None
                out.append(Link(name, item.to, item.basis, item.source or self.source_id,
                                item.section if own else section,
                                item.quote if own else item.quote or quote,
                                item.justification))
            elif name == "close_match":
                out.append(Link(name, item, "inferred", None, None, None, _CLOSE_MATCH))
            else:
                out.append(Link(name, item, "stated", self.source_id, section, quote, None))
        return out

    def targets(self, name: str) -> list[str]:
        return [link.target for link in self.links(name)]


@dataclass
class SourceDoc:
    """The ``source`` block of a source file."""

    model: SourceBlock
    file: str

    @property
    def id(self) -> str:
        return self.model.id


@dataclass
class Knowledge:
    """Everything loaded from the knowledge folder, checked."""

    sources: list[SourceDoc] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    def by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}


class _Problems:
    """Collects violations so that one load reports all of them."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, file: str, entry_id: str | None, rule: str) -> None:
        where = f"{file}: entry '{entry_id}'" if entry_id is not None else file
        self.messages.append(f"{where}: {rule}")

    def add_validation(self, file: str, entry_id: str | None, error: ValidationError) -> None:
        for item in error.errors():
            path = ".".join(str(part) for part in item["loc"] if not _is_union_tag(part))
            message = item["msg"].removeprefix("Value error, ")
            if item["type"] == "missing":
                self.add(file, entry_id, f"missing required field '{path}'")
            elif item["type"] == "extra_forbidden":
                self.add(file, entry_id, f"unknown field '{path}'")
            elif item["type"] == "union_tag_invalid":
                self.add(file, entry_id, f"type {item['input'].get('type')!r} is not one of "
                                         f"{ENTRY_TYPES}")
            else:
                self.add(file, entry_id, f"{path}: {message}" if path else message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise KnowledgeError(
                f"{len(self.messages)} problem(s) in the knowledge files:\n  "
                + "\n  ".join(self.messages)
            )


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and part in ENTRY_TYPES


def load_knowledge(folder: Path) -> Knowledge:
    """Read and check ``src_*.yaml`` and ``indicators.yaml`` in ``folder``."""
    problems = _Problems()
    knowledge = Knowledge()
    source_files = sorted(folder.glob("src_*.yaml"))
    if not source_files:
        problems.add(str(folder), None, "no src_*.yaml knowledge file found")
    for path in source_files:
        _load_source_file(path, knowledge, problems)
    indicators = folder / "indicators.yaml"
    if indicators.exists():
        _load_indicator_file(indicators, knowledge, problems)
    else:
        problems.add(str(indicators), None, "file is missing")
    problems.raise_if_any()
    _check_links(knowledge, problems)
    problems.raise_if_any()
    return knowledge


def _read_yaml(path: Path, problems: _Problems) -> dict[str, Any] | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        problems.add(path.name, None, f"is not valid YAML ({err})")
        return None
    if not isinstance(data, dict):
        problems.add(path.name, None, "top level must be a mapping")
        return None
    return data


def _load_source_file(path: Path, knowledge: Knowledge, problems: _Problems) -> None:
    data = _read_yaml(path, problems)
    if data is None:
        return
    try:
        parsed = _SourceFile.model_validate(data)
        source = SourceBlock.model_validate(parsed.source)
    except ValidationError as err:
        problems.add_validation(path.name, "source" if "source" in data else None, err)
        return
    expected = path.stem.removeprefix("src_")
    if source.id != expected:
        problems.add(path.name, "source", f"id must be '{expected}' to match the file name")
        return
    knowledge.sources.append(SourceDoc(source, path.name))
    for model in _validated(parsed.entries, _ENTRY, path.name, problems):
        knowledge.entries.append(Entry(model, path.name, model.type, expected))


def _load_indicator_file(path: Path, knowledge: Knowledge, problems: _Problems) -> None:
    data = _read_yaml(path, problems)
    if data is None:
        return
    for model in _validated(data.get("indicators") or [], _INDICATOR, path.name, problems):
        knowledge.entries.append(Entry(model, path.name, "Indicator", model.source))


def _validated(raws: list[Any], adapter: TypeAdapter, file: str,
               problems: _Problems) -> Iterator[Any]:
    """The models of the raw entries that pass; each problem of the others is recorded."""
    for position, raw in enumerate(raws):
        try:
            yield adapter.validate_python(raw)
        except ValidationError as err:
            problems.add_validation(file, _entry_id(raw, position), err)


def _entry_id(raw: Any, position: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return raw["id"]
    return f"#{position + 1} (no id)"


def _check_links(knowledge: Knowledge, problems: _Problems) -> None:
    seen: dict[str, Entry] = {}
    for entry in knowledge.entries:
        if entry.id in seen:
            problems.add(entry.file, entry.id, f"id already used in {seen[entry.id].file}")
        seen.setdefault(entry.id, entry)
    source_ids = {source.id for source in knowledge.sources}
    for entry in knowledge.entries:
        if entry.kind == "Indicator" and entry.source_id and entry.source_id not in source_ids:
            problems.add(entry.file, entry.id, f"source '{entry.source_id}' has no src file")
        for name in LINK_TARGETS:
            for link in entry.links(name):
                _check_target(entry, link, seen, problems)
        if entry.kind == "Hypothesis":
            for prediction in entry.model.predictions:  # type: ignore[attr-defined]
                for target in (prediction.regressor, prediction.outcome):
                    _check_target(entry, Link("predictions", target, "stated", None, None, None,
                                                       None),
                                  seen, problems, allowed=("Indicator",))


def _check_target(entry: Entry, link: Link, seen: dict[str, Entry], problems: _Problems,
                  allowed: tuple[str, ...] | None = None) -> None:
    name, target = link.relation, link.target
    allowed = allowed or LINK_TARGETS[name]
    if target not in seen:
        problems.add(entry.file, entry.id, f"{name}: unknown link target '{target}'")
    elif seen[target].kind not in allowed:
        problems.add(entry.file, entry.id,
                     f"{name}: target '{target}' is a {seen[target].kind}, expected {allowed}")
    elif name == "broader" and scheme_of(seen[target].kind) != scheme_of(entry.kind):
        problems.add(entry.file, entry.id,
                     f"broader: target '{target}' is in another concept scheme")
    elif target == entry.id:
        problems.add(entry.file, entry.id, f"{name}: an entry cannot link to itself")
    elif (link.basis == "stated" and name in _TEXT_LINKS
          and seen[target].source_id != entry.source_id):
        problems.add(entry.file, entry.id,
                     f"{name}: a link to '{target}' of another text cannot be stated in this "
                     "one; give it basis: inferred and a justification")


#: links a text can state only between its own entries
_TEXT_LINKS = ("broader", "related", "constrains", "addresses", "strengthens", "tests",
               "measures")


def scheme_of(kind: str) -> str | None:
    """Name of the concept scheme an entry type belongs to (None for non-concepts)."""
    return SCHEMES.get(kind)


def relation(evidence: Evidence, hypothesis: Hypothesis) -> str:
    """How a published result bears on its hypothesis: ``supports`` when it is significant
    with the predicted sign, ``contradicts`` when significant against it, else ``concerns``
    (controls, IV first stages, insignificant results, no directional prediction)."""
    if evidence.role != "regressor" or evidence.significance == "ns":
        return "concerns"
    predicted = predicted_sign(hypothesis, evidence.regressor, evidence.outcome)
    if predicted in (None, "none"):
        return "concerns"
    return "supports" if predicted == evidence.sign else "contradicts"


def predicted_sign(hypothesis: Hypothesis, regressor: str | None,
                   outcome: str | None) -> str | None:
    """The sign ``hypothesis`` predicts for ``regressor`` on ``outcome`` (None if none)."""
    for prediction in hypothesis.predictions:
        if (prediction.regressor, prediction.outcome) == (regressor, outcome):
            return prediction.sign
    return None
