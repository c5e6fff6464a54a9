"""Sensitivity of tlp and r* to the annual-hours assumption of the national tables.

The NBS national tables carry employees, not hours; hours are employees x 2,392 (46 hours a
week, the NBS labour force survey's average for urban employed persons, x 52 weeks, no
holidays). This script re-solves values and prices of ``cn_national`` on the assembly tables
of a built warehouse with other assumptions and prints, against the default, the mean tlp
over sectors (yuan per hour) and r*:

- a uniform change of hours per person scales every l, hence lambda, by the same factor:
  tlp moves inversely and r* does not move (b = consumption / hours and B = b l cancel it);
- hours that differ by sector (agriculture, about 30 % of employment and outside the urban
  survey, at 30 hours a week) move relative tlp and r*.

Run after a build: ``.venv/bin/python bench/hours_sensitivity.py [--year 2017]``
(``NQPF_HOME`` selects the warehouse).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nqpf.paths import DATABASE, warehouse_dir
from nqpf.steps.prices import PriceParameters, compute_prices
from nqpf.steps.values import compute_values
from nqpf.warehouse import connect

DEFAULT_WEEKLY = 46.0
AGRICULTURE = "01"  # farming, forestry, animal husbandry and fishery (NBS 42-sector code)
SCENARIOS: dict[str, dict[str, float]] = {
    # name: weekly hours per sector ("*" = every other sector), 52 weeks a year
    "default 46 h x 52 = 2,392 h": {"*": 46.0},
    "40 h x 52 = 2,080 h": {"*": 40.0},
    "46 h x 50 (two weeks off) = 2,300 h": {"*": 46.0 * 50 / 52},
    "agriculture 30 h, others 46 h": {"*": 46.0, AGRICULTURE: 30.0},
}


def _tables(year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    with connect(warehouse_dir() / DATABASE) as con:
        key = "dataset = 'cn_national' and year = ?"
        flows = con.execute(f"select * from int_region_flows where {key}", [year]).fetchdf()
        sectors = con.execute(f"select * from int_region_sectors where {key}",
                              [year]).fetchdf()
    if sectors.empty:
        raise SystemExit(f"the warehouse has no cn_national {year}: build it first")
    return flows, sectors


def _solve(flows: pd.DataFrame, sectors: pd.DataFrame) -> tuple[float, float, float]:
    """Mean tlp (yuan per hour), tlp of agriculture and r* of one scenario."""
    values = compute_values(flows, sectors)
    prices = compute_prices(flows, sectors, values, PriceParameters())
    ok = values[(values["region"] == values["economy"]) & (values["status"] == "ok")]
    tlp = ok.set_index("sector")["tlp"] * 10_000  # the tables are in CNY 10,000
    return float(tlp.mean()), float(tlp[AGRICULTURE]), float(prices["r_star"].iloc[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2017)
    year = parser.parse_args().year
    flows, sectors = _tables(year)
    rows = []
    for name, weekly in SCENARIOS.items():
        factor = sectors["sector"].map(lambda s, w=weekly: w.get(s, w["*"])) / DEFAULT_WEEKLY
        mean_tlp, farm_tlp, r_star = _solve(flows, sectors.assign(hours=sectors["hours"]
                                                                  * factor))
        rows.append((name, mean_tlp, farm_tlp, r_star))
    base = rows[0]
    print(f"cn_national {year}: tlp (yuan per hour) and r* by annual-hours assumption")
    print(f"{'hours per person':<38} {'mean tlp':>9} {'ratio':>6} {'tlp agri':>9} "
          f"{'r*':>7} {'r* - default':>12}")
    for name, mean_tlp, farm_tlp, r_star in rows:
        print(f"{name:<38} {mean_tlp:>9.2f} {mean_tlp / base[1]:>6.3f} {farm_tlp:>9.2f} "
              f"{r_star:>7.4f} {r_star - base[3]:>+12.4f}")


if __name__ == "__main__":
    main()
