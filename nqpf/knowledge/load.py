"""Load the knowledge folder: read the YAML files, validate each entry with the models of
:mod:`nqpf.knowledge.schema`, then check what spans entries (unique ids, link targets and
their types, no stated link across texts). Every problem is reported as
``<file>: entry '<id>': <rule broken>``, all problems of a load together in one
:class:`KnowledgeError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from nqpf.knowledge.schema import (
    ENTRY_TYPES,
    LINK_TARGETS,
    AnyEntry,
    CitedWork,
    Indicator,
    LinkSpec,
    SourceBlock,
    SourceFile,
    scheme_of,
)


class KnowledgeError(ValueError):
    """A knowledge file breaks the schema; the message names file, entry id and rule."""


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


@dataclass(frozen=True)
class Work:
    """A study a source cites for a finding it reports (``cited_works`` of its file)."""

    model: CitedWork
    source_id: str

    @property
    def id(self) -> str:
        return self.model.id


@dataclass
class Knowledge:
    """Everything loaded from the knowledge folder, checked."""

    sources: list[SourceDoc] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)

    def by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}

    def source(self, source_id: str) -> SourceBlock:
        return next(doc.model for doc in self.sources if doc.id == source_id)


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
        parsed = SourceFile.model_validate(data)
        source = SourceBlock.model_validate(parsed.source)
    except ValidationError as err:
        problems.add_validation(path.name, "source" if "source" in data else None, err)
        return
    expected = path.stem.removeprefix("src_")
    if source.id != expected:
        problems.add(path.name, "source", f"id must be '{expected}' to match the file name")
        return
    knowledge.sources.append(SourceDoc(source, path.name))
    knowledge.works.extend(Work(work, expected) for work in parsed.cited_works)
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
        for name in _TEXT_LINKS:
            for link in entry.links(name):
                if link.basis == "stated" and link.quote is None:
                    problems.add(entry.file, entry.id,
                                 f"{name}: the stated link to '{link.target}' needs the quote "
                                 "that states it, or basis: inferred and a justification")
        _check_reported_from(knowledge, entry, problems)
        if entry.kind == "Hypothesis":
            _check_predictions(knowledge, entry, seen, problems)


def _check_reported_from(knowledge: Knowledge, entry: Entry, problems: _Problems) -> None:
    cited = {work.id for work in knowledge.works if work.source_id == entry.source_id}
    for work in entry.get("reported_from", []):
        if work not in cited:
            problems.add(entry.file, entry.id,
                         f"reported_from: '{work}' is not a cited work of source "
                         f"{entry.source_id}")


def _check_predictions(knowledge: Knowledge, entry: Entry, seen: dict[str, Entry],
                       problems: _Problems) -> None:
    """Targets are indicators, one prediction per regressor, outcome and kind; an ex-ante
    prediction cites a theory section of its text."""
    sources = {doc.id for doc in knowledge.sources}
    made: set[tuple[str, str, bool]] = set()
    for prediction in entry.model.predictions:  # type: ignore[attr-defined]
        key = (prediction.regressor, prediction.outcome, prediction.ex_ante)
        if key in made:
            problems.add(entry.file, entry.id,
                         f"predictions: {key[0]} -> {key[1]} (ex_ante: {str(key[2]).lower()}) "
                         "is predicted twice")
        made.add(key)
        for target in (prediction.regressor, prediction.outcome):
            _check_target(entry, Link("predictions", target, "stated", None, None, None, None),
                          seen, problems, allowed=("Indicator",))
        cited = prediction.source or entry.source_id
        if cited not in sources:
            problems.add(entry.file, entry.id, f"predictions: source '{cited}' has no src file")
        elif prediction.ex_ante and not knowledge.source(cited).is_theory(prediction.section):
            problems.add(entry.file, entry.id,
                         f"predictions: the ex-ante prediction {prediction.regressor} -> "
                         f"{prediction.outcome} cites '{prediction.section}', which is not a "
                         f"theory section of text {cited} "
                         f"({', '.join(knowledge.source(cited).theory_sections) or 'none'})")


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
