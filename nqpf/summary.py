"""The one-screen summary printed after a build and by `nqpf info`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nqpf.warehouse import connect, row_counts, tables


def summary_lines(database: Path) -> list[str]:
    with connect(database) as con:
        built_at, seconds, datasets = con.execute(
            "select built_at, seconds, datasets from build_info").fetchone()
        lines = [f"warehouse {database}",
                 f"built {built_at:%Y-%m-%d %H:%M:%S %Z} in {seconds:.1f} s"]
        coverage = con.execute("""
            select ry.dataset, count(*) as region_years,
                   count(distinct ry.region) as regions,
                   string_agg(distinct ry.year::varchar, ', ' order by ry.year::varchar) as years,
                   count(*) filter (where v.region is null) as quarantined
            from int_region_years as ry
            left join int_valid_region_years as v using (dataset, region, year)
            group by ry.dataset order by ry.dataset
        """).fetchall()
        lines.append("datasets:")
        for name, n, regions, years, quarantined in coverage:
            lines.append(f"  {name:<18} {regions:>3} regions, years {years}: "
                         f"{n - quarantined} region-years built, {quarantined} quarantined")
        for name, meta in json.loads(datasets).items():
            lines += [f"  note ({name}): {note}" for note in meta.get("notes", [])]
        lines += _profit_rate_lines(con)
        lines.append("tables (rows):")
        lines += [f"  {t:<16} {n:>10,}" for t, n in row_counts(con).items()]
        rules = con.execute("""
            select dataset, rule, count(*) as n,
                   min(region || coalesce(' ' || year, '')) as example
            from quarantine group by all order by dataset, n desc
        """).fetchall()
        if rules:
            lines.append("quarantine (region-years by rule; `nqpf query \"from quarantine\"`):")
            lines += [f"  {d:<18} {rule:<21} {n:>4}  e.g. {ex}" for d, rule, n, ex in rules]
        if "int_warnings" in tables(con):
            warnings = con.execute("""
                select dataset, rule, count(*) as n, min(region || ' ' || year || ': ' || detail)
                from int_warnings group by all order by dataset, rule
            """).fetchall()
            if warnings:
                lines.append("warnings (built, but check; `nqpf query \"from int_warnings\"`):")
                lines += [f"  {d:<18} {rule:<21} {n:>4}  e.g. {ex}"
                          for d, rule, n, ex in warnings]
    return lines


#: how each consumption basis of the wage basket reads in the summary
_BASES = {
    "hh_rural_urban": "households (rural + urban)",
    "hh_total": "households",
    "consumption_total_split": "total consumption x household share of {year} (flagged)",
    "consumption_total": "total consumption incl. government (flagged)",
}


def _profit_rate_lines(con: Any) -> list[str]:
    """r* per economy, one line per run of years on the same wage-basket basis (bases other
    than household consumption are flagged)."""
    rates = con.execute("""
        select dataset, economy, year, r_star, consumption_basis, consumption_share_year
        from profit_rates order by dataset, economy, year""").fetchall()
    runs: list[list[Any]] = []
    for dataset, economy, year, r_star, basis, share_year in rates:
        words = " + ".join(_BASES.get(b, b).format(year=share_year) for b in basis.split("+"))
        key = (dataset, economy, words)
        if runs and runs[-1][0] == key:
            runs[-1][1].append((year, r_star))
        else:
            runs.append([key, [(year, r_star)]])
    lines = ["uniform profit rate r* (wage basket):"] if runs else []
    for (dataset, economy, words), points in runs:
        years = sorted(y for y, _ in points)
        low, high = min(r for _, r in points), max(r for _, r in points)
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        value = f"{low:.4f}" if len(points) == 1 else f"{low:.4f}-{high:.4f}"
        where = "" if economy == "ALL" else f" {economy}"
        lines.append(f"  {dataset + where:<18} {span:<9} {value:<13} {words}")
    return lines


def print_summary(database: Path) -> None:
    print("\n".join(summary_lines(database)))
