"""Great-circle distances between regions from the coordinates of their capitals."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nqpf.paths import SHIPPED_RAW

#: The 31 provincial capitals of mainland China (GeoNames coordinates, data/README.md).
CN_CAPITALS = SHIPPED_RAW / "china_provincial_capitals.csv"
#: Mean Earth radius in km (IUGG: R1 = (2a + b) / 3).
EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """(m, m) great-circle distances in km between points given in decimal degrees.

    Haversine formula: ``d = 2 R asin(sqrt(sin^2(dphi/2) + cos phi1 cos phi2 sin^2(dlam/2)))``.
    """
    phi, lam = np.radians(np.asarray(lat, float)), np.radians(np.asarray(lon, float))
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    h = np.sin(dphi / 2) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def region_distances(regions: Sequence[str], path: Path = CN_CAPITALS) -> np.ndarray:
    """(m, m) distances in km between ``regions`` from a CSV with columns region, latitude,
    longitude (one row per region); raises ValueError naming the file and any region it lacks."""
    import pandas as pd

    coords = pd.read_csv(path, dtype={"region": str})
    lacking = [c for c in ("region", "latitude", "longitude") if c not in coords.columns]
    if lacking:
        raise ValueError(f"{path}: no column(s) {lacking} (rule: missing_column)")
    twice = sorted(set(coords["region"][coords["region"].duplicated()]))
    if twice:
        raise ValueError(f"{path}: region(s) {twice} on more than one row; give each region "
                         "one row (rule: duplicate_key)")
    coords = coords.set_index("region")
    missing = [r for r in regions if r not in coords.index]
    if missing:
        raise ValueError(f"{path}: no coordinates for region(s) {missing} (rule: "
                         "unknown_region); add a row region,latitude,longitude for each")
    at = coords.loc[list(regions)]
    return great_circle_km(at["latitude"].to_numpy(), at["longitude"].to_numpy())
