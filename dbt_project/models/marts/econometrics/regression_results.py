"""The method paper's regressions (Tables 3-10) on every dataset of the analysis panel.

Thin model: nqpf.econometrics runs the catalogue (nqpf/econometrics/catalogue.yaml) and returns
one row per dataset, model and term, with the published figure beside each estimate."""

from pathlib import Path

from nqpf.econometrics.catalogue import load_catalogue
from nqpf.econometrics.instrument import read_region_values
from nqpf.econometrics.results import run_catalogue


def model(dbt, session):
    dbt.config(materialized="table")
    instrument_file = dbt.config.get("iv_instrument_file") or ""
    region_values = read_region_values(Path(instrument_file)) if instrument_file else None
    build = dbt.config.get("build_id") or "manual"
    return run_catalogue(dbt.ref("analysis_panel").df(), load_catalogue(),
                         region_values=region_values, data_build=build)
