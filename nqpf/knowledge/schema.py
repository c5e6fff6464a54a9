"""The schema of the curated knowledge files (ontology/knowledge/*.yaml) and its checks.

A source file ``src_<id>.yaml`` holds ``source`` (id, file, title, optional creators, date,
doi, title_note), optional ``templates`` (YAML anchors only) and ``entries``; ``indicators.yaml``
holds ``indicators``. Every problem is reported as ``<file>: entry '<id>': <rule broken>`` and
all problems of a load are raised together in one :class:`KnowledgeError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nqpf.mart_registry import indicator_marts


class KnowledgeError(ValueError):
    """A knowledge file breaks the schema; the message names file, entry id and rule."""


CONCEPT_TYPES = ("Mechanism", "Channel", "Constraint", "Dilemma", "Policy")
MECHANISM_TYPES = ("Mechanism", "Channel")
CONSTRAINT_TYPES = ("Constraint", "Dilemma")
ENTRY_TYPES = (*CONCEPT_TYPES, "Hypothesis", "Evidence", "Statistic")
#: the marts an indicator's computed_by may name (the mart registry's indicator marts)
MODELS = indicator_marts()
SIGNIFICANCE = ("1%", "5%", "10%", "ns")

#: link field -> entry types a target may have ("Indicator" = an indicators.yaml entry)
LINK_TARGETS: dict[str, tuple[str, ...]] = {
    "broader": CONCEPT_TYPES,  # further restricted to the same concept scheme
    "related": CONCEPT_TYPES,
    "constrains": MECHANISM_TYPES,
    "addresses": CONSTRAINT_TYPES,
    "strengthens": MECHANISM_TYPES,
    "tests": MECHANISM_TYPES,
    "supports": ("Hypothesis",),
    "contradicts": ("Hypothesis",),
    "concerns": ("Hypothesis",),
    "about": CONCEPT_TYPES,
    "measures": MECHANISM_TYPES,
    "regressor": ("Indicator",),
    "outcome": ("Indicator",),
}
SCALAR_LINKS = ("regressor", "outcome")

_TEXT = str
_NUMBER = (int, float)
_RECORDS = (list,)  # a list of mappings (a plain ``list`` means a list of ids)
_COMMON_REQUIRED = {
    "id": _TEXT, "type": _TEXT, "label": dict, "definition": _TEXT, "section": _TEXT,
}
_COMMON_OPTIONAL = {"note": _TEXT}
_CONCEPT_LINKS = {"broader": list, "related": list}
#: entry type -> (required fields, optional fields), each field -> expected Python type
_FIELDS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "Mechanism": ({}, _CONCEPT_LINKS),
    "Channel": ({}, _CONCEPT_LINKS),
    "Constraint": ({"constrains": list}, _CONCEPT_LINKS),
    "Dilemma": ({"constrains": list}, _CONCEPT_LINKS),
    "Policy": ({}, {**_CONCEPT_LINKS, "addresses": list, "strengthens": list}),
    "Hypothesis": ({"code": _TEXT, "tests": list}, {}),
    "Evidence": (
        {"table": int, "column": _TEXT, "variable": _TEXT, "coefficient": _NUMBER,
         "sign": _TEXT, "significance": _TEXT, "specification": _TEXT},
        {"standard_error": _NUMBER, "n_obs": int, "r_squared": _NUMBER, "regressor": _TEXT,
         "outcome": _TEXT, "supports": list, "contradicts": list, "concerns": list},
    ),
    "Statistic": (
        {"value": _NUMBER, "unit": _TEXT, "year": int},
        {"ref_area": _TEXT, "about": list},
    ),
}
_INDICATOR_REQUIRED = {
    "id": _TEXT, "label": dict, "definition": _TEXT, "unit": _TEXT, "formula": _TEXT,
    "formula_ref": _TEXT, "computed_by": _TEXT, "measures": list,
}
_INDICATOR_OPTIONAL = {"source": _TEXT, "section": _TEXT, "note": _TEXT}
_SOURCE_REQUIRED = {"id": _TEXT, "file": _TEXT, "title": _TEXT}
_SOURCE_OPTIONAL = {"creators": list, "date": _TEXT, "doi": _TEXT, "title_note": _TEXT}
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


@dataclass
class Entry:
    """One checked entry (a knowledge entry or an indicator) with the file it came from."""

    data: dict[str, Any]
    file: str
    kind: str  # an ENTRY_TYPES member or "Indicator"
    source_id: str | None

    @property
    def id(self) -> str:
        return self.data["id"]

    def links(self, name: str) -> list[str]:
        value = self.data.get(name)
        if value is None:
            return []
        return [value] if name in SCALAR_LINKS else list(value)


@dataclass
class SourceDoc:
    """The ``source`` block of a source file."""

    data: dict[str, Any]
    file: str

    @property
    def id(self) -> str:
        return self.data["id"]


@dataclass
class Knowledge:
    """Everything loaded from the knowledge folder, checked."""

    sources: list[SourceDoc] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)


class _Problems:
    """Collects schema violations so that one load reports all of them."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, file: str, entry_id: str | None, rule: str) -> None:
        where = f"{file}: entry '{entry_id}'" if entry_id is not None else file
        self.messages.append(f"{where}: {rule}")

    def raise_if_any(self) -> None:
        if self.messages:
            raise KnowledgeError(
                f"{len(self.messages)} problem(s) in the knowledge files:\n  "
                + "\n  ".join(self.messages)
            )


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
    _check_keys(path.name, None, data, {"source": dict, "entries": _RECORDS},
                {"templates": dict}, problems)
    source = data.get("source")
    if not isinstance(source, dict):
        return
    _check_keys(path.name, "source", source, _SOURCE_REQUIRED, _SOURCE_OPTIONAL, problems)
    expected = path.stem.removeprefix("src_")
    if source.get("id") != expected:
        problems.add(path.name, "source", f"id must be '{expected}' to match the file name")
        return
    knowledge.sources.append(SourceDoc(source, path.name))
    for position, raw in enumerate(data.get("entries") or []):
        entry = _check_entry(path.name, position, raw, problems)
        if entry is not None:
            knowledge.entries.append(Entry(entry, path.name, entry["type"], expected))


def _load_indicator_file(path: Path, knowledge: Knowledge, problems: _Problems) -> None:
    data = _read_yaml(path, problems)
    if data is None:
        return
    _check_keys(path.name, None, data, {"indicators": _RECORDS}, {}, problems)
    for position, raw in enumerate(data.get("indicators") or []):
        entry_id = _entry_id(raw, position)
        if not isinstance(raw, dict):
            problems.add(path.name, entry_id, "must be a mapping")
            continue
        if _check_keys(path.name, entry_id, raw, _INDICATOR_REQUIRED, _INDICATOR_OPTIONAL,
                       problems):
            continue
        _check_label(path.name, entry_id, raw["label"], problems)
        if raw["computed_by"] not in MODELS:
            problems.add(path.name, entry_id,
                         f"computed_by '{raw['computed_by']}' is not a mart model {MODELS}")
        if not raw["measures"]:
            problems.add(path.name, entry_id, "measures must name at least one mechanism")
        if ("section" in raw) != ("source" in raw):
            problems.add(path.name, entry_id, "source and section must be given together")
        knowledge.entries.append(Entry(raw, path.name, "Indicator", raw.get("source")))


def _entry_id(raw: Any, position: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return raw["id"]
    return f"#{position + 1} (no id)"


def _check_entry(file: str, position: int, raw: Any, problems: _Problems) -> dict | None:
    entry_id = _entry_id(raw, position)
    if not isinstance(raw, dict):
        problems.add(file, entry_id, "must be a mapping")
        return None
    kind = raw.get("type")
    if kind not in ENTRY_TYPES:
        problems.add(file, entry_id, f"type '{kind}' is not one of {ENTRY_TYPES}")
        return None
    required, optional = _FIELDS[kind]
    if _check_keys(file, entry_id, raw, {**_COMMON_REQUIRED, **required},
                   {**_COMMON_OPTIONAL, **optional}, problems):
        return None
    _check_label(file, entry_id, raw["label"], problems)
    if kind == "Policy" and not (raw.get("addresses") or raw.get("strengthens")):
        problems.add(file, entry_id, "a Policy needs 'addresses' or 'strengthens'")
    if kind == "Evidence":
        _check_evidence(file, entry_id, raw, problems)
    return raw


def _check_keys(file: str, entry_id: str | None, data: dict, required: dict, optional: dict,
                problems: _Problems) -> bool:
    """Check presence, emptiness and types of fields; True when something is wrong."""
    before = len(problems.messages)
    for name in required:
        if name not in data or data[name] in (None, "", [], {}):
            problems.add(file, entry_id, f"missing required field '{name}'")
    for name, value in data.items():
        expected = required.get(name, optional.get(name))
        if expected is None:
            problems.add(file, entry_id, f"unknown field '{name}'")
        elif value is not None and not _is_type(value, expected):
            problems.add(file, entry_id, f"field '{name}' must be {_type_name(expected)}")
    return len(problems.messages) > before


def _is_type(value: Any, expected: Any) -> bool:
    if isinstance(value, bool):  # YAML yes/no must not pass as a number
        return False
    if expected is list:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, expected)


def _type_name(expected: Any) -> str:
    if expected is list:
        return "a list of ids"
    if expected is _RECORDS:
        return "a list of entries"
    if expected is _NUMBER:
        return "a number"
    return {str: "text", int: "an integer", dict: "a mapping"}[expected]


def _check_label(file: str, entry_id: str, label: dict, problems: _Problems) -> None:
    if not isinstance(label.get("en"), str) or not label["en"].strip():
        problems.add(file, entry_id, "label needs an English text under 'en'")
    unknown = set(label) - {"en", "zh"}
    if unknown:
        problems.add(file, entry_id, f"label languages must be 'en'/'zh', not {sorted(unknown)}")


def _check_evidence(file: str, entry_id: str, raw: dict, problems: _Problems) -> None:
    if raw["sign"] not in ("positive", "negative"):
        problems.add(file, entry_id, "sign must be 'positive' or 'negative'")
    elif (raw["coefficient"] < 0) != (raw["sign"] == "negative"):
        problems.add(file, entry_id,
                     f"sign '{raw['sign']}' disagrees with coefficient {raw['coefficient']}")
    if raw["significance"] not in SIGNIFICANCE:
        problems.add(file, entry_id, f"significance must be one of {SIGNIFICANCE}")
    relations = [name for name in ("supports", "contradicts", "concerns") if raw.get(name)]
    if not relations:
        problems.add(file, entry_id, "needs one of supports / contradicts / concerns")
    if raw["significance"] == "ns" and {"supports", "contradicts"} & set(relations):
        problems.add(file, entry_id,
                     "an insignificant result can only 'concern' a hypothesis")


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
            for target in entry.links(name):
                _check_target(entry, name, target, seen, problems)


def _check_target(entry: Entry, name: str, target: str, seen: dict[str, Entry],
                  problems: _Problems) -> None:
    allowed = LINK_TARGETS[name]
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


def scheme_of(kind: str) -> str | None:
    """Name of the concept scheme an entry type belongs to (None for non-concepts)."""
    if kind in MECHANISM_TYPES:
        return "MechanismScheme"
    if kind in CONSTRAINT_TYPES:
        return "ConstraintScheme"
    return "PolicyScheme" if kind == "Policy" else None

