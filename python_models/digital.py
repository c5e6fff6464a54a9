"""Digital input shares of one region's sectors, weighted by national prices (METHOD §5).

``device`` and ``service`` are boolean masks over sectors; a classification with several
digital-service (or device) sectors sums over the flagged rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._arrays import Matrix, mask, non_negative, ratio, square, vector
from .errors import InvalidInputError


@dataclass(frozen=True)
class DigitalShares:
    """Digital input shares per sector, each (n,): direct ``ddd`` (devices) and ``dds``
    (services) in production, indirect ``idd`` and ``ids`` through workers' consumption."""

    ddd: np.ndarray
    dds: np.ndarray
    idd: np.ndarray
    ids: np.ndarray

    @property
    def dd(self) -> np.ndarray:
        """Digital devices, direct plus indirect: ``dd = ddd + idd``."""
        return self.ddd + self.idd

    @property
    def ds(self) -> np.ndarray:
        """Digital services, direct plus indirect: ``ds = dds + ids``."""
        return self.dds + self.ids

    @property
    def di(self) -> np.ndarray:
        """Direct digital inputs: ``di = ddd + dds``."""
        return self.ddd + self.dds

    @property
    def indi(self) -> np.ndarray:
        """Indirect digital inputs: ``indi = idd + ids``."""
        return self.idd + self.ids

    @property
    def dt(self) -> np.ndarray:
        """Total digital input: ``dt = dd + ds``."""
        return self.dd + self.ds

    def as_dict(self) -> dict[str, np.ndarray]:
        """Every share and aggregate by its METHOD name."""
        names = ("ddd", "dds", "idd", "ids", "dd", "ds", "di", "indi", "dt")
        return {name: getattr(self, name) for name in names}


def wage_consumption_matrix(household_consumption: np.ndarray,
                            compensation: np.ndarray) -> np.ndarray:
    """Wage consumption matrix ``C[k,i] = f_k * w_i / sum_j w_j``.

    ``household_consumption`` ``f`` (n,): rural plus urban household consumption by good;
    ``compensation`` ``w`` (n,) by employing sector, >= 0. Returns (n, n).
    """
    f = vector("household_consumption", household_consumption)
    w = non_negative("compensation", vector("compensation", compensation, f.shape[0]))
    total = w.sum()
    if total <= 0:
        raise InvalidInputError("compensation: total compensation is 0; cannot split "
                                "household consumption across employing sectors")
    return np.outer(f, w / total)


def digital_shares(p: np.ndarray, Z: Matrix, C: np.ndarray, x: np.ndarray,
                   device: np.ndarray, service: np.ndarray) -> DigitalShares:
    """Direct and indirect digital input shares of a region's sectors.

    ``ddd_i = sum_{k in dev} p_k Z[k,i] / (p_i x_i)``, ``dds_i`` likewise over service rows;
    ``idd_i``, ``ids_i`` the same with the wage consumption matrix ``C`` in place of ``Z``.
    Shapes: ``p`` national prices (n,), ``Z`` and ``C`` (n, n), ``x`` regional output (n,),
    ``device``, ``service`` boolean (n,). Shares are NaN where ``p_i x_i = 0``.
    """
    p = vector("p", p)
    n = p.shape[0]
    Z, C = square("Z", Z, n), square("C", C, n)
    x = vector("x", x, n)
    dev, srv = mask("device", device, n), mask("service", service, n)
    value = p * x

    def share(M: Matrix, rows: np.ndarray) -> np.ndarray:
        weights = np.where(rows, p, 0.0)
        return ratio(np.asarray(M.T @ weights).ravel(), value)

    return DigitalShares(ddd=share(Z, dev), dds=share(Z, srv), idd=share(C, dev),
                         ids=share(C, srv))


def relative_ratio(share: np.ndarray, national_share: np.ndarray) -> np.ndarray:
    """Relative ratio ``share_ic / share_i^nat`` (e.g. ``ddr``, ``dsr``, ``dir``, ``indir``);
    broadcasts; NaN where the national share is 0 or NaN."""
    return ratio(share, national_share)
