"""The unit of every measure the warehouse reports: the one place the marts' descriptions, the
linked-data export and the app take units from.

A unit is a kind fixed by the method (hours per currency unit, currency units per hour,
hours, 1e8 hours, per year, dimensionless) and, for the money-based kinds, the currency of
the dataset the row comes from (the marts' ``currency`` column, from the dataset's metadata),
never a currency written into the indicator catalogue. Each unit has a stable code built from
the kind and the ISO 4217 currency code (``HR-PER-CNY``, ``USD-PER-HR``) and an IRI: QUDT's
where QUDT has the unit, else ``<data base>unit/<code>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUDT = "http://qudt.org/vocab/unit/"
DATA_UNIT_BASE = "https://w3id.org/nqpf/data/unit/"

#: kind -> (code, label, QUDT local name); "{ccy}" stands for the row's currency
_KINDS: dict[str, tuple[str, str, str | None]] = {
    # kind: (code, label, QUDT local name)
    "hours_per_money": ("HR-PER-{ccy}", "hours per {ccy}", None),
    "money_per_hour": ("{ccy}-PER-HR", "{ccy} per hour", None),
    "hours": ("HR", "hours", "HR"),
    "hours_1e8": ("HR-E8", "1e8 hours", None),
    "per_year": ("PER-YR", "per year", "PER-YR"),
    "dimensionless": ("UNITLESS", "dimensionless", "UNITLESS"),
}

MEASURE_KINDS: dict[str, str] = {
    "lambda": "hours_per_money", "production_price": "hours_per_money",
    "melt": "money_per_hour", "tlp": "money_per_hour", "lp": "money_per_hour",
    "otlp": "money_per_hour",
    "c": "hours", "v": "hours", "hours": "hours",
    "pp": "hours_1e8",
    "r_star": "per_year",
    **dict.fromkeys(("tlpr", "occ", "price_value_ratio", "ddd", "dds", "idd", "ids", "dd", "ds",
                     "di", "indi", "dt", "ddr", "dsr", "dir", "indir", "pri", "dlq"),
                    "dimensionless"),
}


@dataclass(frozen=True)
class Unit:
    """A unit with its stable ``code``, English ``label`` and ``iri``."""

    code: str
    label: str
    iri: str


def needs_currency(measure: str) -> bool:
    """Whether the unit of ``measure`` depends on the dataset's currency."""
    return "{ccy}" in _KINDS[_kind(measure)][0]


def unit_of(measure: str, currency: str | None = None) -> Unit:
    """The unit of ``measure`` in a dataset whose currency is ``currency``."""
    code, label, qudt = _KINDS[_kind(measure)]
    if "{ccy}" in code:
        if not currency:
            raise ValueError(f"the unit of {measure!r} needs the dataset's currency")
        ccy = re.sub(r"[^A-Z0-9]+", "_", str(currency).upper()).strip("_")
        code, label = code.format(ccy=ccy), label.format(ccy=currency)
    return Unit(code, label, QUDT + qudt if qudt else DATA_UNIT_BASE + code)


def _kind(measure: str) -> str:
    try:
        return MEASURE_KINDS[measure]
    except KeyError:
        raise ValueError(f"no unit for measure {measure!r}: add it to "
                         "nqpf.units.MEASURE_KINDS") from None
