"""Units of the marts' measures: a kind from the method, the currency from the data."""

import pytest

from nqpf.units import DATA_UNIT_BASE, QUDT, needs_currency, unit_of


@pytest.mark.parametrize(("measure", "currency", "code", "label"), [
    ("tlp", "USD", "USD-PER-HR", "USD per hour"),
    ("otlp", "CNY", "CNY-PER-HR", "CNY per hour"),
    ("lambda", "CNY", "HR-PER-CNY", "hours per CNY"),
    ("production_price", "EUR", "HR-PER-EUR", "hours per EUR"),
    ("pp", None, "HR-E8", "1e8 hours"),
])
def test_units_are_built_from_the_kind_and_the_currency(measure, currency, code, label):
    unit = unit_of(measure, currency)
    assert (unit.code, unit.label, unit.iri) == (code, label, DATA_UNIT_BASE + code)


def test_qudt_units_where_qudt_has_them():
    assert unit_of("c").iri == QUDT + "HR"
    assert unit_of("r_star").iri == QUDT + "PER-YR"
    assert unit_of("dsr", "USD").iri == QUDT + "UNITLESS"  # a ratio has no currency


def test_money_units_need_the_currency_and_unknown_measures_fail():
    assert needs_currency("lp") and not needs_currency("occ")
    with pytest.raises(ValueError, match="needs the dataset's currency"):
        unit_of("tlp")
    with pytest.raises(ValueError, match=r"add it to nqpf\.units\.MEASURE_KINDS"):
        unit_of("nonsense")
