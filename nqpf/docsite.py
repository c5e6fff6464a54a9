"""MkDocs hook: fills the docs site's generated sections from the files that hold the facts.

``mkdocs.yml`` names this module under ``hooks:``. A page marks a generated section with a
line ``<!-- nqpf:NAME -->``; at site build the line is replaced by the Markdown below, so the
marts' columns, the validation rules and the saved SPARQL queries are read from their one
place (the marts' dbt YAML, ``seeds/validation_rules.csv``, ``ontology/queries/``) and the
site never repeats them in a committed file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from nqpf.mart_registry import MARTS_DIR
from nqpf.paths import PROJECT_ROOT, SEEDS_DIR
from nqpf.units import MEASURE_KINDS, unit_of

RULES_SEED = SEEDS_DIR / "validation_rules.csv"
QUERIES_DIR = PROJECT_ROOT / "ontology" / "queries"
_MARKER = re.compile(r"^<!-- nqpf:([a-z_]+) -->$", re.MULTILINE)


def _cell(text: Any) -> str:
    """One Markdown table cell: a single line with its pipes escaped."""
    return " ".join(str(text if text is not None else "").split()).replace("|", "\\|")


def _table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _grain(model: dict[str, Any]) -> list[str]:
    """The columns of the model's unique-key test, the grain of its rows (empty if none)."""
    for test in model.get("data_tests") or []:
        if isinstance(test, dict) and "unique_combination" in test:
            return list(test["unique_combination"]["arguments"]["columns"])
    return [c["name"] for c in model.get("columns", []) if "unique" in (c.get("data_tests") or [])]


def _test_names(column: dict[str, Any]) -> str:
    return ", ".join(t if isinstance(t, str) else next(iter(t))
                     for t in column.get("data_tests") or [])


def _unit(column: str) -> str:
    """The unit ``nqpf.units`` gives a measure; money-based ones in the row's ``currency``."""
    return unit_of(column, "currency").label if column in MEASURE_KINDS else ""


def marts_markdown(folder: Path = MARTS_DIR) -> str:
    """Every mart with its grain, description and columns, from the marts' dbt YAML."""
    sections = []
    for path in sorted(folder.glob("*/_*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in document.get("models", []):
            contract = ((model.get("config") or {}).get("contract") or {}).get("enforced")
            facts = [f"Area `{path.parent.name}`"]
            if grain := _grain(model):
                facts.append("one row per " + ", ".join(f"`{c}`" for c in grain))
            if contract:
                facts.append("enforced contract")
            columns = _table(
                ["column", "type", "unit", "description", "tests"],
                ([f"`{c['name']}`", c.get("data_type", ""), _unit(c["name"]),
                  c.get("description", ""), _test_names(c)]
                 for c in model.get("columns", [])))
            sections.append(f"### `{model['name']}`\n\n{'; '.join(facts)}.\n\n"
                            f"{_cell(model.get('description', ''))}\n\n{columns}\n")
    return "\n".join(sections)


def rules_markdown(seed: Path = RULES_SEED) -> str:
    """One section per validation rule, from the seed ``validation_rules.csv``."""
    with seed.open(encoding="utf-8", newline="") as handle:
        rules = list(csv.DictReader(handle))
    overview = _table(["rule", "severity", "leaves out"],
                      ([f"[`{r['rule']}`](#{r['rule']})", r["severity"], r["scope"]]
                       for r in rules))
    sections = [f"### `{r['rule']}` {{#{r['rule']}}}\n\n*{r['severity']}, "
                f"{r['scope']}.* {r['meaning']}\n\n**What to do:** {r['what_to_do']}\n"
                for r in rules]
    return overview + "\n\n" + "\n".join(sections)


def queries_markdown(folder: Path = QUERIES_DIR) -> str:
    """Each saved SPARQL query: its leading comment as prose, then the query."""
    sections = []
    for path in sorted(folder.glob("*.sparql")):
        text = path.read_text(encoding="utf-8")
        lead = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            lead.append(line.removeprefix("#").strip())
        sections.append(f"### `{path.stem}`\n\n{' '.join(lead)}\n\n"
                        f"```sparql\n{text.rstrip()}\n```\n")
    return "\n".join(sections)


def readme_markdown(readme: Path = PROJECT_ROOT / "README.md") -> str:
    """The README as the site's home page: its links into ``docs/`` made relative to it."""
    return readme.read_text(encoding="utf-8").replace("](docs/", "](")


GENERATORS: dict[str, Callable[[], str]] = {
    "readme": readme_markdown,
    "marts": marts_markdown,
    "validation_rules": rules_markdown,
    "sparql_queries": queries_markdown,
}


def expand(markdown: str) -> str:
    """``markdown`` with each ``<!-- nqpf:NAME -->`` line replaced by its generated section."""
    def generated(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise ValueError(f"unknown generated section {name!r} "
                             f"(known: {', '.join(GENERATORS)})")
        return GENERATORS[name]()
    return _MARKER.sub(generated, markdown)


def on_page_markdown(markdown: str, **_: Any) -> str:
    """MkDocs hook: expand the generated sections of every page."""
    return expand(markdown)
