"""How otlp, the own-province shares and the ln otlp coefficients of Tables 3-5 move with
the distance decay beta of the provincial MRIO (``cn_provinces_mrio``).

    .venv/bin/python bench/bench_mrio_sensitivity.py [--betas 0.5 1 1.5 2]

Reads the warehouse built from the shipped data (``nqpf build --shipped``; NQPF_HOME picks
another). It estimates the MRIO again (nqpf.mrio) with the default decay per product group
and then with one beta for every group, computes otlp on it with the warehouse's values and
prices (nqpf.steps.network, as the dbt model does), puts it into the analysis panel and
re-estimates Tables 3-5; the own-province share is each province-year's share of its own
province in its domestic intermediate inputs (mean, lowest and highest over the 62). The
first row is cn_provinces (otlp over a province's own sectors) for comparison. Prints a
Markdown table and the seconds per run.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
import pyarrow as pa

from nqpf.adapters.registry import load
from nqpf.econometrics.catalogue import load_catalogue
from nqpf.econometrics.results import run_catalogue
from nqpf.ingest import DERIVED, SHIPPED
from nqpf.mrio.dataset import mrio_dataset
from nqpf.mrio.tradability import DEFAULT_BETAS, GROUPS
from nqpf.paths import SHIPPED_RAW
from nqpf.steps.network import compute_network
from nqpf.warehouse import connect

NAME = "cn_provinces_mrio"
SOURCE = DERIVED[NAME]


def harmonised_flows(flows: pd.DataFrame, con) -> pd.DataFrame:
    """The MRIO flows as int_mrio_flows has them: valid receiving region-years, common
    sector codes."""
    where = f"where dataset = '{NAME}'"
    sector_map = con.execute(f"select year, sector, out_sector from int_sector_map {where}"
                             ).fetchdf()
    valid = con.execute(f"select year, region as to_region from int_valid_region_years {where}"
                        ).fetchdf()
    out = flows.merge(valid, on=["year", "to_region"])
    for side in ("from", "to"):
        out = out.merge(sector_map.rename(columns={"sector": f"{side}_sector",
                                                   "out_sector": f"{side}_common"}),
                        on=["year", f"{side}_sector"])
    keys = ["year", "from_region", "from_common", "to_region", "to_common"]
    out = out.groupby(keys, as_index=False)["value"].sum()
    return out.rename(columns={"from_common": "from_sector", "to_common": "to_sector"}
                      ).assign(dataset=NAME)


def node_reader(flows: pd.DataFrame, nodes: pd.DataFrame):
    """The flows as the network step reads them (int_mrio_flows): integer node pairs of one
    dataset-year sorted by user, -1 for a region-sector without a node."""
    def read(dataset: str, year: int) -> list[pa.RecordBatch]:
        number = nodes[nodes["year"] == year].set_index(["region", "sector"])["node"]
        part = flows[flows["year"] == year]
        ends = [number.reindex(pd.MultiIndex.from_arrays(
            [part[f"{side}_region"], part[f"{side}_sector"]])).fillna(-1).to_numpy(np.int64)
            for side in ("from", "to")]
        order = np.argsort(ends[1], kind="stable")  # by user, as the step reads them
        return [pa.record_batch({"from_node": ends[0][order], "to_node": ends[1][order],
                                 "value": part["value"].to_numpy(float)[order]})]

    return read


def own_shares(flows: pd.DataFrame) -> dict[str, float]:
    """Mean, lowest and highest own-province share of domestic intermediate inputs."""
    own = flows["from_region"] == flows["to_region"]
    share = (flows["value"].where(own, 0.0).groupby([flows["year"], flows["to_region"]]).sum()
             / flows.groupby(["year", "to_region"])["value"].sum())
    return {"own share mean": share.mean(), "own share min": share.min(),
            "own share max": share.max()}


def coefficients(panel: pd.DataFrame) -> dict[str, float]:
    """ln otlp in Table 3 (5), and its mean over the four columns of Tables 4 and 5."""
    out = pd.concat([run_catalogue(panel, load_catalogue(), table=t) for t in (3, 4, 5)])
    otlp = out[(out["term"] == "ln_otlp") & (out["status"] == "ok")]
    by_table = otlp.groupby("table")["coefficient"].mean()
    return {"T3 (5)": float(by_table.get(3, np.nan)), "T4 mean": float(by_table.get(4, np.nan)),
            "T5 mean": float(by_table.get(5, np.nan))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--betas", type=float, nargs="+", default=[0.5, 1.0, 1.5, 2.0])
    args = parser.parse_args()
    with connect() as con:
        frames = {name: con.execute(f"select * from {name} where dataset = '{NAME}'").fetchdf()
                  for name in ("int_region_sectors", "int_values", "int_prices",
                               "int_region_flows", "int_network_nodes")}
        scale = con.execute("select any_value(currency_scale) from int_valid_region_years "
                            "where dataset = ?", [NAME]).fetchone()[0]
        panel = con.execute("select * from analysis_panel where dataset in (?, ?)",
                            [SOURCE, NAME]).fetchdf()
        fmt, folder = SHIPPED[SOURCE]
        source = load(SHIPPED_RAW / folder, fmt, dataset=SOURCE)
        keys = ["region", "year", "sector"]
        reference = panel[panel["dataset"] == NAME].set_index(keys)["otlp"]
        own = panel[panel["dataset"] == SOURCE]
        rows = [{"network": f"{SOURCE} (own sectors)", "mean otlp": own["otlp"].mean(),
                 "corr. with default": own.set_index(keys)["otlp"].reindex(reference.index)
                 .corr(reference), **coefficients(own), "seconds": 0.0}]
        default = ", ".join(f"{g} {b:g}" for g, b in DEFAULT_BETAS.items())
        runs = [(f"default ({default})", DEFAULT_BETAS)]
        runs += [(f"beta = {beta:g}", dict.fromkeys(GROUPS, beta)) for beta in args.betas]
        for label, betas in runs:
            started = time.perf_counter()
            mrio = mrio_dataset(source, name=NAME, betas=betas)
            flows = harmonised_flows(mrio.tables["flows"], con)
            network = compute_network(node_reader(flows, frames["int_network_nodes"]),
                                      frames["int_network_nodes"],
                                      frames["int_region_flows"].iloc[:0],
                                      frames["int_region_sectors"], frames["int_values"],
                                      frames["int_prices"]).to_pandas()
            assert not network["fallback"].any()
            otlp = network.set_index(keys)["otlp"] * scale  # yuan per hour, as the mart
            mine = panel[panel["dataset"] == NAME].drop(columns="otlp").join(otlp, on=keys)
            rows.append({"network": f"{NAME}, {label}", "mean otlp": mine["otlp"].mean(),
                         "corr. with default": otlp.reindex(reference.index).corr(reference),
                         **own_shares(mrio.tables["flows"]), **coefficients(mine),
                         "seconds": time.perf_counter() - started})
    table = pd.DataFrame(rows)
    print(table.to_markdown(index=False, floatfmt=".4f"))


if __name__ == "__main__":
    main()
