"""Which products cross regions, and how fast their trade decays with distance.

The seed ``sector_tradability.csv`` marks each sector of a classification tradable or not and
puts it in a product group (goods, energy, services), with the source of the choice; the
distance decay of the gravity estimate is a parameter per group (:data:`DEFAULT_BETAS`).
Sectors of a classification the seed does not list are tradable goods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nqpf.paths import SEEDS_DIR

if TYPE_CHECKING:  # numpy is loaded by the estimate, not by the command line's parser
    import numpy as np

TRADABILITY_SEED = SEEDS_DIR / "sector_tradability.csv"
#: Distance decay beta of each product group (``d^-beta``). Goods: 1, the classical gravity
#: form, near the mean 0.9 of 1,467 published estimates (Disdier and Head 2008). Services:
#: 1.5, since distance deters trade in services more than in goods (Kimura and Lee 2006).
#: Energy: 0.5, since coal, oil, gas and power move far by rail, pipeline and grid (the CEADs
#: tables calibrate them on rail freight and power transmission, Zheng et al. 2021).
DEFAULT_BETAS: dict[str, float] = {"goods": 1.0, "energy": 0.5, "services": 1.5}
GROUPS = tuple(DEFAULT_BETAS)


@dataclass(frozen=True)
class ProductClasses:
    """Per product (the order of ``sectors``): tradable or not, and its group."""

    sectors: list[str]
    tradable: np.ndarray
    group: list[str]
    unlisted: list[str]

    def betas(self, betas: Mapping[str, float]) -> np.ndarray:
        """The distance decay of every product from the decay of its group."""
        import numpy as np

        return np.array([betas[g] for g in self.group], dtype=float)


def product_classes(scheme: str | None, sectors: Sequence[str]) -> ProductClasses:
    """The tradability and group of ``sectors`` of classification ``scheme``."""
    import pandas as pd

    seed = pd.read_csv(TRADABILITY_SEED, dtype=str)
    rows = seed[seed["scheme"] == scheme].set_index("code")
    unlisted = [s for s in sectors if s not in rows.index]
    listed = rows.reindex(list(sectors))
    tradable = listed["tradable"].fillna("true").str.lower().eq("true").to_numpy()
    group = listed["product_group"].fillna("goods").tolist()
    return ProductClasses(list(sectors), tradable, group, unlisted)


def parse_betas(values: Sequence[str] | None) -> dict[str, float]:
    """``--beta`` values: one number for every group, or ``group=number`` for one group."""
    betas = dict(DEFAULT_BETAS)
    for value in values or []:
        group, sep, number = value.rpartition("=")
        groups = [group] if sep else list(GROUPS)
        if sep and group not in GROUPS:
            raise ValueError(f"--beta {value}: group {group!r} is not one of {GROUPS}")
        try:
            beta = float(number)
        except ValueError:
            raise ValueError(f"--beta {value}: not a number") from None
        betas.update(dict.fromkeys(groups, beta))
    return betas
