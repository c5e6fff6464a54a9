"""What an estimator returns: coefficients per term and the fit statistics."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TermEstimate:
    """One coefficient with its clustered standard error; ``stage`` is first for the
    instrument's coefficient in an IV first stage."""

    term: str
    coefficient: float
    std_error: float
    t: float
    p: float
    stage: str = "second"


@dataclass
class Estimate:
    terms: list[TermEstimate]
    n: int
    n_clusters: int
    r2: float | None = None
    r2_within: float | None = None
    diagnostics: dict[str, float] = field(default_factory=dict)


def stars(p: float | None) -> str:
    """Significance stars as the paper prints them: 1%, 5% and 10%."""
    if p is None or math.isnan(p):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.10 else ""
