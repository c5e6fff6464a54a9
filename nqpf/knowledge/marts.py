"""Which warehouse marts are exported as Data Cube, with which dimensions and measures.

The exported marts are the indicator marts of :mod:`nqpf.mart_registry` (their dbt YAML's
``meta: nqpf: cube:``). Their measures are not listed here:
a mart's measures are the indicators of ``ontology/knowledge/indicators.yaml`` whose
``computed_by`` is that mart (each indicator is exported once, from the mart that computes
it), so adding an indicator to the YAML adds it to the export. ``analysis_panel`` is left
out on purpose: it re-joins columns of the other marts and would duplicate their
observations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nqpf.knowledge.datacube import MeasureSpec
from nqpf.knowledge.load import load_knowledge
from nqpf.knowledge.namespaces import KNOWLEDGE_DIR
from nqpf.mart_registry import marts


@dataclass(frozen=True)
class MartCube:
    """How one mart becomes Data Cube data sets.

    ``dimensions`` is the key of the mart's rows. ``coarser`` gives the dimensions of a
    measure that the mart repeats on finer rows (say a city-level figure on every sector row
    of the city): its observations are the distinct values over those dimensions.
    ``attributes`` are columns attached to every observation when the mart has them.
    """

    dimensions: tuple[str, ...]
    coarser: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    attributes: tuple[str, ...] = ("monetary_unit",)

    def dimensions_of(self, measure: str) -> tuple[str, ...]:
        return self.coarser.get(measure, self.dimensions)


#: the indicator marts of the mart registry with their dimensions
MART_CUBES: dict[str, MartCube] = {
    mart.name: MartCube(mart.cube, coarser=mart.coarser)
    for mart in marts() if mart.cube is not None
}


def mart_measures(knowledge_dir: Path = KNOWLEDGE_DIR) -> dict[str, dict[str, MeasureSpec]]:
    """Mart -> {indicator column -> its measure metadata}, from indicators.yaml."""
    knowledge = load_knowledge(knowledge_dir)
    measures: dict[str, dict[str, MeasureSpec]] = {mart: {} for mart in MART_CUBES}
    for entry in knowledge.entries:
        if entry.kind != "Indicator" or entry.data["computed_by"] not in measures:
            continue
        data = entry.data
        measures[data["computed_by"]][entry.id] = MeasureSpec(
            label=data["label"]["en"], unit=data["unit"],
            definition=" ".join(data["definition"].split()), indicator=entry.id)
    return measures
