"""The balance rule: one identity check, one tolerance setting and one set of rule names,
wherever it runs (the adapters at ingest, ``int_checks__balance`` in the build).

A sector's row (uses), column (inputs) or published total input balances with its gross output
x when ``|residual| <= max(balance_abs_tolerance, balance_rel_tolerance * |x|)``. The two
tolerances are the dbt vars of that name in ``dbt_project/dbt_project.yml``; the adapters read
the project's defaults from there.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import yaml

from nqpf.paths import DBT_DIR

#: uses of a sector's output (intermediate and final) against its gross output
ROW = "row_balance"
#: inputs of a sector (domestic, imported, value added) against its gross output
COLUMN = "column_balance"
#: the table's own total-input row against gross output
TOTAL_INPUT = "total_input_balance"


@dataclass(frozen=True)
class Tolerance:
    absolute: float
    relative: float

    def of(self, gross_output: pd.Series) -> pd.Series:
        """The allowed residual of each sector."""
        return np.maximum(self.absolute, self.relative * gross_output.abs())


@cache
def project_tolerance() -> Tolerance:
    """The balance tolerance the dbt project sets (``vars`` of ``dbt_project.yml``)."""
    project = yaml.safe_load((DBT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return Tolerance(absolute=float(project["vars"]["balance_abs_tolerance"]),
                     relative=float(project["vars"]["balance_rel_tolerance"]))


@dataclass(frozen=True)
class Failure:
    rule: str
    key: Hashable  # the sector (or region-sector) whose identity fails
    residual: float
    tolerance: float
    gross_output: float

    def detail(self, sector: str) -> str:
        return (f"sector {sector}: residual {self.residual:.6g} exceeds tolerance "
                f"{self.tolerance:.6g} (gross output {self.gross_output:.6g})")


def failures(residuals: Mapping[str, pd.Series], gross_output: pd.Series,
             tolerance: Tolerance | None = None) -> Iterator[Failure]:
    """Every (rule, key) whose residual (indexed like ``gross_output``) exceeds the tolerance.
    A null residual is no failure here: the missing_value rule reports it."""
    tol = (tolerance or project_tolerance()).of(gross_output)
    for rule, residual in residuals.items():
        residual = residual.reindex(gross_output.index)
        bad = residual.abs() > tol
        for key in gross_output.index[bad.to_numpy()]:
            yield Failure(rule, key, float(residual[key]), float(tol[key]),
                          float(gross_output[key]))
