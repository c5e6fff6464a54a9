"""Facts of the region seed (``dbt_project/seeds/regions.csv``) that Python needs outside dbt."""

from __future__ import annotations

import csv
from functools import cache

from nqpf.paths import SEEDS_DIR


@cache
def province_prefixes() -> dict[str, str]:
    """Province code -> its GB/T 2260 two-digit prefix (``CN-GD`` -> ``44``), in seed order,
    from the seed's ``admin_prefix`` column."""
    with (SEEDS_DIR / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["admin_prefix"] for row in csv.DictReader(handle)
                if row["admin_prefix"]}
