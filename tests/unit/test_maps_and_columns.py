"""The map's boundaries and region join, and the column catalogue read from a manifest."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import shape

from nqpf import maps
from nqpf.columns import column_rows


@pytest.mark.parametrize("region, code", [
    ("CN-BJ", "110000"),       # the region seed's admin_prefix
    ("CN-GD", "440000"),
    ("CN-XJ", "650000"),
    ("CN-GD-4401", "440100"),  # a CEADs city: its four digits
    ("CN", None), ("USA", None), ("CN-XAB12CD34", None),
])
def test_adcode_joins_regions_to_boundaries(region, code):
    assert maps.adcode(region) == code


def test_provinces_are_the_34_provincial_units_and_simplified():
    units = maps.provinces()
    assert len(units) == 34 and len({unit.adcode for unit in units}) == 34
    assert {"110000", "650000", "710000", "810000", "820000"} <= {u.adcode for u in units}
    beijing = next(u for u in units if u.adcode == "110000")
    outline = shape(beijing.geometry)
    # Beijing lies at about 116.4 E, 40.2 N and covers about 16,400 km2 (~1.8 square degrees)
    assert 115.4 < outline.centroid.x < 117.5 and 39.4 < outline.centroid.y < 41.1
    assert 1.5 < outline.area < 2.1
    # simplified: the browser gets a fraction of the package's points
    assert len(json.dumps(beijing.geometry)) < 40_000
    assert maps.maritime_line()["type"] == "MultiLineString"


def test_cities_skip_codes_the_package_lacks():
    found = maps.cities(("440100", "999900"))
    assert [city.adcode for city in found] == ["440100"]


def test_column_rows_read_descriptions_types_and_tests():
    manifest = {"nodes": {
        "model.p.values": {"resource_type": "model", "name": "values",
                           "original_file_path": "models/marts/values/values.sql",
                           "columns": {"tlp": {"description": " Output per hour. ",
                                               "data_type": "double"},
                                       "region": {"description": "Region code."}}},
        "seed.p.regions": {"resource_type": "seed", "name": "regions",
                           "original_file_path": "seeds/regions.csv",
                           "columns": {"code": {"description": "ISO code."}}},
        "test.p.nn": {"resource_type": "test", "name": "not_null_values_tlp",
                      "attached_node": "model.p.values", "column_name": "tlp",
                      "test_metadata": {"name": "not_null", "kwargs": {}}},
        "test.p.u": {"resource_type": "test", "name": "u", "attached_node": "model.p.values",
                     "column_name": None,
                     "test_metadata": {"name": "unique_combination_of_columns",
                                       "namespace": "dbt_utils",
                                       "kwargs": {"combination_of_columns": ["region", "tlp"]}}},
    }}
    rows = {(row["table"], row["column"]): row for row in column_rows(manifest)}
    assert rows["values", "tlp"] == {
        "table": "values", "column": "tlp", "data_type": "double",
        "description": "Output per hour.", "layer": "marts",
        "tests": "dbt_utils.unique_combination_of_columns, not_null"}
    assert rows["values", "region"]["tests"] == "dbt_utils.unique_combination_of_columns"
    assert rows["regions", "code"]["layer"] == "seed" and rows["regions", "code"]["tests"] == ""
