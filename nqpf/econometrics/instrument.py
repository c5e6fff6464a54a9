"""The shift-share instrument of Table 8 from a user-supplied file of region values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nqpf.econometrics.catalogue import Instrument
from nqpf.econometrics.sample import CannotRun


class InstrumentFileError(ValueError):
    """The instrument file cannot be read or lacks the region and value columns."""


def read_region_values(path: Path) -> pd.Series:
    """A CSV with columns ``region`` and ``value`` (e.g. a city's 1984 fixed telephones),
    as a numeric series indexed by region code."""
    try:
        frame = pd.read_csv(path, dtype={"region": str})
    except (OSError, ValueError) as exc:
        raise InstrumentFileError(f"cannot read instrument file {path}: {exc}") from exc
    if not {"region", "value"} <= set(frame.columns):
        raise InstrumentFileError(
            f"instrument file {path} needs the columns region and value, has "
            f"{', '.join(frame.columns)}")
    values = pd.to_numeric(frame["value"], errors="coerce")
    if frame["region"].duplicated().any():
        raise InstrumentFileError(f"instrument file {path} repeats a region")
    return pd.Series(values.to_numpy(), index=frame["region"].str.strip(), name="value")


def shift_share(frame: pd.DataFrame, spec: Instrument,
                region_values: pd.Series | None) -> pd.Series:
    """Mean of ``spec.variable`` over the regions of the same sector and year, times the
    region's value; rows of regions without a value are missing."""
    if region_values is None:
        raise CannotRun("cannot run: no instrument file (pass --instrument or the dbt var "
                        "iv_instrument_file)")
    share = frame.groupby(["sector", "year"])[spec.variable].transform("mean")
    value = frame["region"].map(region_values)
    if value.isna().all():
        raise CannotRun("no region of the panel is in the instrument file")
    return share * value
