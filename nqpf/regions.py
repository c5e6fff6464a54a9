"""Facts of the region seed (``dbt_project/seeds/regions.csv``) that Python needs outside dbt,
and the rule that a region code names one region for every dataset."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from nqpf.paths import SEEDS_DIR

#: what a region code defines: the columns of a regions table beyond the code
REGION_FIELDS = ("name_en", "name_zh", "level", "parent")


@cache
def province_prefixes() -> dict[str, str]:
    """Province code -> its GB/T 2260 two-digit prefix (``CN-GD`` -> ``44``), in seed order,
    from the seed's ``admin_prefix`` column."""
    with (SEEDS_DIR / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["admin_prefix"] for row in csv.DictReader(handle)
                if row["admin_prefix"]}


@cache
def seed_regions() -> dict[str, dict[str, str]]:
    """Code -> its fields (:data:`REGION_FIELDS`) in the region seed."""
    with (SEEDS_DIR / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: {f: row[f] for f in REGION_FIELDS} for row in csv.DictReader(handle)}


def region_conflicts(brought: Iterable[Mapping[str, Any]],
                     standing: Mapping[str, tuple[str, Mapping[str, Any]]]) -> list[str]:
    """One line for each field of a brought region (rows with ``code`` and
    :data:`REGION_FIELDS`) that differs from the standing definition of its code (code ->
    where it comes from, its fields); a field either side leaves empty does not conflict. The
    build applies the same rule as ``conflicting_region`` (``int_checks__regions``)."""
    lines = []
    for row in brought:
        where, fields = standing.get(row["code"], ("", {}))
        for field in REGION_FIELDS:
            given, defined = row.get(field) or "", fields.get(field) or ""
            if given and defined and given != defined:
                lines.append(f"code {row['code']}: {field} {given!r}, but {defined!r} in {where}")
    return lines
