"""The metadata flag that decides whether a dataset's regions form one economy."""

import pytest

from nqpf.contract import ContractError, single_economy, validate_metadata
from nqpf.metadata import parse_metadata

META = {"dataset": "d", "title": "t", "publisher": "p", "monetary_unit": "USD million",
        "mrio": True, "classification": "s"}


@pytest.mark.parametrize(("level", "flag", "expected"), [
    ("country", None, False),  # countries do not equalise profit rates with each other
    ("province", None, True),
    ("city", None, True),
    ("country", True, True),  # e.g. a single national table
    ("city", False, False),
])
def test_single_economy_follows_the_flag_else_the_region_level(level, flag, expected):
    meta = {**META, "region_level": level}
    if flag is not None:
        meta["single_economy"] = flag
    assert single_economy(parse_metadata(meta)) is expected


def test_single_economy_must_be_a_boolean():
    with pytest.raises(ContractError,
                       match="field single_economy: expected true or false, not 'maybe'"):
        validate_metadata({**META, "region_level": "country", "single_economy": "maybe"})
