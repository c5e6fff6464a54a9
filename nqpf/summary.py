"""The one-screen summary printed after a build and by `nqpf info`."""

from __future__ import annotations

import json
from pathlib import Path

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
            lines.append(f"  {name:<14} {regions:>3} regions, years {years}: "
                         f"{n - quarantined} region-years built, {quarantined} quarantined")
        for name, meta in json.loads(datasets).items():
            lines += [f"  note ({name}): {note}" for note in meta.get("notes", [])]
        lines.append("tables (rows):")
        lines += [f"  {t:<16} {n:>10,}" for t, n in row_counts(con).items()]
        rules = con.execute("""
            select dataset, rule, count(*) as n,
                   min(region || coalesce(' ' || year, '')) as example
            from quarantine group by all order by dataset, n desc
        """).fetchall()
        if rules:
            lines.append("quarantine (region-years by rule; `nqpf query \"from quarantine\"`):")
            lines += [f"  {d:<14} {rule:<18} {n:>4}  e.g. {ex}" for d, rule, n, ex in rules]
        if "int_warnings" in tables(con):
            warnings = con.execute("""
                select dataset, rule, count(*) as n, min(region || ' ' || year || ': ' || detail)
                from int_warnings group by all order by dataset, rule
            """).fetchall()
            if warnings:
                lines.append("warnings (built, but check; `nqpf query \"from int_warnings\"`):")
                lines += [f"  {d:<14} {rule:<18} {n:>4}  e.g. {ex}"
                          for d, rule, n, ex in warnings]
    return lines


def print_summary(database: Path) -> None:
    print("\n".join(summary_lines(database)))
