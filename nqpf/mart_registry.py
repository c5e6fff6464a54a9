"""The list of marts, kept once: the ``meta: nqpf:`` block of each mart in its dbt YAML.

``dbt_project/models/marts/<area>/_<area>__models.yml`` declares per mart model::

    config:
      meta:
        nqpf:
          summary: 3                                  # position in the summary (MARTS)
          cube: [dataset, region, year, sector]       # an indicator mart and its dimensions
          coarser: {dlq: [dataset, region, year]}     # measures repeated on finer rows

Every list of marts derives from it: ``warehouse.MARTS`` (summary, checksums, the app's
overview and export pages), the indicator marts (``knowledge.schema.MODELS``, the SHACL
``sh:in`` of ``computedBy``, the Data Cube export, the dbt test on ``dim_indicator``) and the
app's region marts. dbt reads the same blocks from its graph (macro ``indicator_marts``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from nqpf.paths import DBT_DIR

MARTS_DIR = DBT_DIR / "models" / "marts"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: faster
#: the full key of a region-sector-year table
REGION_SECTOR_YEAR: tuple[str, ...] = ("dataset", "region", "year", "sector")


@dataclass(frozen=True)
class Mart:
    name: str
    #: position in the summary list, None for marts the summary leaves out
    summary: int | None = None
    #: Data Cube dimensions (the key of its rows); set exactly for the indicator marts
    cube: tuple[str, ...] | None = None
    #: measure -> the coarser dimensions it is repeated over
    coarser: dict[str, tuple[str, ...]] = field(default_factory=dict)


@cache
def marts(folder: Path = MARTS_DIR) -> tuple[Mart, ...]:
    """Every mart model with an ``nqpf`` meta block, in summary order (others after, by name)."""
    found = []
    for path in sorted(folder.glob("**/_*.yml")):
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        for model in document.get("models", []):
            meta = ((model.get("config") or {}).get("meta") or {}).get("nqpf")
            if meta is None:
                continue
            cube = meta.get("cube")
            found.append(Mart(
                name=model["name"], summary=meta.get("summary"),
                cube=tuple(cube) if cube else None,
                coarser={k: tuple(v) for k, v in (meta.get("coarser") or {}).items()}))
    return tuple(sorted(found, key=lambda m: (m.summary is None, m.summary or 0, m.name)))


def summary_marts(folder: Path = MARTS_DIR) -> tuple[str, ...]:
    """The tables users query, in the order the summary lists them."""
    return tuple(m.name for m in marts(folder) if m.summary is not None)


def indicator_marts(folder: Path = MARTS_DIR) -> tuple[str, ...]:
    """The marts whose columns are indicators (``computed_by`` of indicators.yaml)."""
    return tuple(m.name for m in marts(folder) if m.cube is not None)


def region_marts(folder: Path = MARTS_DIR) -> tuple[str, ...]:
    """Indicator marts whose rows are (dataset, region, year, sector)."""
    return tuple(m.name for m in marts(folder) if m.cube == REGION_SECTOR_YEAR)
