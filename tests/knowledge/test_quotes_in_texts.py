"""Every quote of the knowledge files is found verbatim in the section it cites, and only
once in its text (a Web Annotation TextQuoteSelector must locate one passage); every cited
work appears in its section as the knowledge files give it.

The five source texts are not shipped with the warehouse; point NQPF_SOURCE_TEXTS at the
folder that holds them (the files named in each ``source: file:``) to run this test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from nqpf.knowledge.load import Knowledge, load_knowledge
from nqpf.knowledge.namespaces import KNOWLEDGE_DIR

TEXTS = os.environ.get("NQPF_SOURCE_TEXTS")
pytestmark = pytest.mark.skipif(not TEXTS, reason="NQPF_SOURCE_TEXTS is not set")

#: a numbered heading ("3.2.1 Channels", "1. Mechanism analysis.") or a named one
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+([A-Z].*)$")
_NAMED = ("Abstract", "Introduction", "Conclusions", "Notes", "References")


def _heading(line: str) -> tuple[str, str] | None:
    """(number, title) of a heading line, None for body text."""
    text = line.strip().lstrip("#").strip().strip("*").strip()
    if (match := _NUMBERED.match(text)) and len(text) < 300:
        return match.group(1), match.group(2).strip().rstrip(".").strip("*")
    for name in _NAMED:
        if text.startswith(name) and len(text.split(":")[0]) == len(name):
            return "", name
    return None


def section_text(text: str, cited: str) -> str:
    """The body of the section ``cited`` names (number and/or heading as printed), down to
    the next heading of the same or a higher level."""
    lines = text.splitlines()
    heads = [(i, h) for i, line in enumerate(lines) if (h := _heading(line))]
    parsed = _heading(cited) or ("", cited.strip())
    number, title = parsed
    title = re.sub(r"\s+", " ", title)
    for position, (start, (n, t)) in enumerate(heads):
        if (n == number or not number) and re.sub(r"\s+", " ", t).startswith(title[:60]):
            level = len(n.split(".")) if n else 1
            end = next((i for i, (m, _) in heads[position + 1:]
                        if (len(m.split(".")) if m else 1) <= level or not number),
                       len(lines))
            return "\n".join(lines[start:end])
    raise AssertionError(f"section '{cited}' not found")


def quotes(knowledge: Knowledge) -> Iterator[tuple[str, str, str, str]]:
    """(where, source id, cited section, quote) of every quote in the knowledge files."""
    for entry in knowledge.entries:
        if entry.get("quote") is not None:
            yield entry.id, entry.source_id, entry.get("section"), entry.get("quote")
        for name in ("broader", "related", "constrains", "addresses", "strengthens", "tests",
                     "measures"):
            for link in entry.links(name):
                if link.quote is not None:
                    yield (f"{entry.id} {name} {link.target}", link.source, link.section,
                           link.quote)
        if entry.kind == "Hypothesis":
            model = entry.model
            for p in model.predictions:  # type: ignore[attr-defined]
                yield (f"{entry.id} predicts {p.regressor} -> {p.outcome}",
                       p.source or entry.source_id, p.section, p.quote)
            verdict = model.verdict  # type: ignore[attr-defined]
            yield f"{entry.id} verdict", entry.source_id, verdict.section, verdict.quote


def test_every_quote_is_verbatim_in_its_section() -> None:
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    texts = {doc.id: (Path(TEXTS) / doc.model.file).read_text(encoding="utf-8")
             for doc in knowledge.sources}
    found = list(quotes(knowledge))
    missing = [f"{where}: '{quote}' not in {source} {section}"
               for where, source, section, quote in found
               if quote not in section_text(texts[source], section)]
    repeated = sorted({f"{source}: '{quote}' occurs {texts[source].count(quote)} times"
                       for _, source, _, quote in found if texts[source].count(quote) > 1})
    assert not missing, "\n".join(missing)
    assert not repeated, "\n".join(repeated)
    assert len(found) > 250
    unknown = [work.id for work in knowledge.works if work.model.cited_as
               not in section_text(texts[work.source_id], work.model.section)]
    assert not unknown and len(knowledge.works) == 9
