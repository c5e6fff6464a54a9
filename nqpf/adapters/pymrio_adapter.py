"""A pymrio ``IOSystem`` (EXIOBASE, WIOD, OECD ICIO, Eora, or one built by hand) -> canonical.

What is read:

- ``flows`` from ``io.Z`` (rows and columns ``(region, sector)``), ``gross_output`` from
  ``io.x`` (computed by ``io.calc_all()`` when missing).
- ``final_demand`` from ``io.Y`` (columns ``(region, category)``). Category names are mapped by
  :data:`CATEGORY_RULES` (first keyword found in the lower-cased name wins: NPISH before
  households, and so on); names no rule matches go to ``other`` and are listed in the
  metadata notes.
- ``value_added`` from the extension ``value_added_extension`` (default ``factor_inputs``)
  when the system has it: each row of its ``F`` is mapped to a component by
  :data:`VALUE_ADDED_RULES` (compensation, consumption of fixed capital, net taxes on
  production, operating surplus; summed per component). A row that is only a total ("Value
  Added") is stored as ``operating_surplus`` with a note, so the column balance is kept but no
  compensation split is claimed. Rows no rule matches (e.g. taxes on products) are left out
  and named in the notes. Pass ``value_added_map`` (row name -> component) to override.
- ``labour`` from the extension ``labour_extension`` if given: its ``F`` rows are summed,
  multiplied by ``labour_scale`` (e.g. 1e6 for EXIOBASE's "M.hr") and stored as
  ``labour_measure`` (default ``hours``).
- ``sectors`` (scheme ``classification``, default the dataset name; ``productive`` true unless
  listed in ``non_productive``; digital flags from ``digital_device`` / ``digital_service``)
  and ``regions`` (code = pymrio region name, level ``region_level``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from nqpf.adapters._frames import final_demand_long, flows_long, per_sector_long
from nqpf.adapters.wiod import FINAL_DEMAND_MAP
from nqpf.contract import LABOUR_UNITS, CanonicalDataset, ContractError

#: (keyword in the lower-cased category name, our category); first match wins. WIOD's short
#: codes (CONS_h, ..., EXP) are matched exactly first, see :data:`EXACT_CATEGORIES`.
CATEGORY_RULES: tuple[tuple[str, str], ...] = (
    ("non-profit", "npish"), ("npish", "npish"),
    ("rural", "hh_rural"), ("urban", "hh_urban"), ("household", "hh_total"),
    ("government", "government"), ("fixed capital", "gfcf"), ("inventor", "inventory"),
    ("export", "exports"),
)
EXACT_CATEGORIES: dict[str, str] = {k.lower(): v for k, v in FINAL_DEMAND_MAP.items()}
#: (keyword in the lower-cased factor-input row name, value-added component)
VALUE_ADDED_RULES: tuple[tuple[str, str], ...] = (
    ("compensation", "compensation"), ("wages", "compensation"),
    ("consumption of fixed capital", "depreciation"), ("depreciation", "depreciation"),
    ("other net taxes", "net_taxes"), ("net taxes on production", "net_taxes"),
    ("operating surplus", "operating_surplus"), ("value added", "operating_surplus"),
)


def from_pymrio(
    io,
    *,
    dataset: str,
    year: int,
    monetary_unit: str | None = None,
    labour_extension: str | None = None,
    labour_measure: str = "hours",
    labour_scale: float = 1.0,
    value_added_extension: str = "factor_inputs",
    value_added_map: Mapping[str, str] | None = None,
    classification: str | None = None,
    region_level: str = "country",
    title: str | None = None,
    publisher: str = "unknown (pymrio IOSystem)",
    non_productive: Collection[str] = (),
    digital_device: Collection[str] = (),
    digital_service: Collection[str] = (),
) -> CanonicalDataset:
    """Convert ``io`` (one year) to a CanonicalDataset named ``dataset``."""
    if io.Z is None or io.Y is None:
        raise ContractError(f"pymrio system {io.name!r}: Z and Y are required "
                            "(rule: missing_table)")
    if io.x is None:
        io.calc_all()
    notes: list[str] = []
    y = io.Y.copy()
    categories, unknown = _map_names(y.columns.get_level_values(1), CATEGORY_RULES, "other",
                                     EXACT_CATEGORIES)
    y.columns = pd.MultiIndex.from_arrays([y.columns.get_level_values(0), categories])
    if unknown:
        notes.append(f"final-demand categories without a match, stored as 'other': {unknown}")
    tables = {
        "flows": flows_long(io.Z, year),
        "final_demand": final_demand_long(y, year),
        "gross_output": per_sector_long(io.x.iloc[:, 0], year),
        "value_added": _value_added(io, value_added_extension, value_added_map, year, notes),
        "labour": _labour(io, labour_extension, labour_measure, labour_scale, year),
        "sectors": _sectors(io, classification or dataset, non_productive, digital_device,
                            digital_service),
        "regions": pd.DataFrame({"code": io.get_regions().astype(str),
                                 "name_en": io.get_regions().astype(str), "name_zh": None,
                                 "parent": None, "level": region_level}),
    }
    meta = {
        "dataset": dataset,
        "title": title or f"pymrio system {io.name} {year}",
        "publisher": publisher,
        "monetary_unit": monetary_unit or _unit(io),
        "region_level": region_level,
        "mrio": True,
        "classification": classification or dataset,
        "source": f"pymrio IOSystem {io.name!r}",
        "notes": notes,
    }
    return CanonicalDataset(meta, tables)


def _map_names(names, rules, fallback: str | None, exact: Mapping[str, str] | None = None
               ) -> tuple[list[str | None], list[str]]:
    """Map each name by exact (lower-cased) match, else by the first keyword rule it contains."""
    out: list[str | None] = []
    unknown: list[str] = []
    for name in names:
        low = str(name).lower()
        hit = (exact or {}).get(low) or next((ours for key, ours in rules if key in low), None)
        if hit is None and str(name) not in unknown:
            unknown.append(str(name))
        out.append(hit or fallback)
    return out, unknown


def _value_added(io, extension: str, mapping: Mapping[str, str] | None, year: int,
                 notes: list[str]) -> pd.DataFrame:
    ext = getattr(io, extension, None)
    if ext is None or getattr(ext, "F", None) is None:
        notes.append(f"no extension {extension!r}: value added is empty")
        return pd.DataFrame(columns=["year", "region", "sector", "component", "value"])
    f = ext.F
    names = [r if isinstance(r, str) else " ".join(map(str, r)) for r in f.index]
    if mapping is None:
        components, unknown = _map_names(names, VALUE_ADDED_RULES, None)
        if unknown:
            notes.append(f"{extension} rows not mapped to a value-added component, left "
                         f"out: {unknown}")
        if components == ["operating_surplus"] and "value added" in names[0].lower():
            notes.append(f"{extension} has value added only as a total ({names[0]!r}): "
                         "stored as operating_surplus; no compensation split is available")
    else:
        components = [mapping.get(n) for n in names]
    keep = [c is not None for c in components]
    summed = f[keep].groupby([c for c in components if c is not None]).sum()
    frames = [per_sector_long(summed.loc[c], year, component=c) for c in summed.index]
    return pd.concat(frames, ignore_index=True)


def _labour(io, extension: str | None, measure: str, scale: float, year: int) -> pd.DataFrame:
    if extension is None:
        return pd.DataFrame(columns=["year", "region", "sector", "measure", "value", "unit"])
    ext = getattr(io, extension, None)
    if ext is None or getattr(ext, "F", None) is None:
        raise ContractError(f"pymrio system {io.name!r}: no extension {extension!r} with F "
                            "(rule: missing_extension)")
    if measure not in LABOUR_UNITS:
        raise ContractError(f"labour measure {measure!r} is not one of {list(LABOUR_UNITS)} "
                            "(rule: unknown_measure)")
    return per_sector_long(ext.F.sum(axis=0) * scale, year, measure=measure,
                           unit=LABOUR_UNITS[measure])


def _sectors(io, scheme: str, non_productive: Collection[str], device: Collection[str],
             service: Collection[str]) -> pd.DataFrame:
    codes = [str(s) for s in io.get_sectors()]
    return pd.DataFrame({
        "scheme": scheme, "code": codes, "name_en": codes, "name_zh": None,
        "productive": [c not in non_productive for c in codes],
        "digital_device": [c in device for c in codes],
        "digital_service": [c in service for c in codes],
        "common_code": codes,
    })


def _unit(io) -> str:
    units = set(io.unit["unit"]) if io.unit is not None else set()
    if len(units) != 1:
        raise ContractError(f"pymrio system {io.name!r}: monetary unit not given and io.unit "
                            f"holds {sorted(units)} (rule: monetary_unit)")
    return str(units.pop())
