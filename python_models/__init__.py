"""Numeric kernels of the indicator method (METHOD.md sections 1-7).

Pure functions on numpy arrays and scipy.sparse matrices: no I/O, no data frames. The dbt
Python models call them table by table; every docstring states its formula and shapes.
"""

from ._spectral import spectral_radius
from .agglomeration import digital_location_quotient, industrial_share, production_price_total
from .coefficients import (
    capital_coefficients,
    capital_coefficients_from_stock,
    depreciation_coefficients,
    input_coefficients,
    labour_coefficients,
    service_life,
    wage_basket,
)
from .digital import DigitalShares, digital_shares, relative_ratio, wage_consumption_matrix
from .errors import (
    InvalidInputError,
    KernelError,
    NoProfitRateError,
    NotProductiveError,
)
from .network import otlp, strongest_suppliers, supplier_links
from .prices import (
    ProductionPrices,
    prices_of_production,
    son_depreciation_rate,
    value_normalisation,
)
from .productivity import (
    deflate,
    living_labour_productivity,
    organic_composition,
    tlp,
)
from .values import labour_values

__all__ = [
    "DigitalShares",
    "InvalidInputError",
    "KernelError",
    "NoProfitRateError",
    "NotProductiveError",
    "ProductionPrices",
    "capital_coefficients",
    "capital_coefficients_from_stock",
    "deflate",
    "depreciation_coefficients",
    "digital_location_quotient",
    "digital_shares",
    "industrial_share",
    "input_coefficients",
    "labour_coefficients",
    "labour_values",
    "living_labour_productivity",
    "organic_composition",
    "otlp",
    "prices_of_production",
    "production_price_total",
    "relative_ratio",
    "service_life",
    "son_depreciation_rate",
    "spectral_radius",
    "strongest_suppliers",
    "supplier_links",
    "tlp",
    "value_normalisation",
    "wage_basket",
    "wage_consumption_matrix",
]
