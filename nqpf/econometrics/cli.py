"""``nqpf regress``: print the paper's regressions, ours next to the published coefficients.

Without --catalogue or --instrument it prints the ``regression_results`` mart of the built
warehouse. With either, it re-estimates on the built ``analysis_panel`` in memory and prints;
the warehouse is opened read-only and never written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas and the estimators load inside the command, not with the parser
    import pandas as pd


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``regress`` subcommand."""
    p = subparsers.add_parser(
        "regress", help="the paper's regressions (Tables 3-10) next to the published ones",
        description="Print the paper's regressions, ours next to the published coefficients. "
                    "Without --catalogue or --instrument it prints the regression_results mart "
                    "of the built warehouse; with either, it re-estimates on the built "
                    "analysis_panel in memory (the warehouse is never written).")
    p.add_argument("--table", type=int, help="only this table of the paper (3-10)")
    p.add_argument("--dataset", help="only this dataset")
    p.add_argument("--catalogue", type=Path,
                   help="re-estimate with this catalogue YAML instead of reading the mart")
    p.add_argument("--instrument", type=Path,
                   help="re-estimate with this CSV (region,value) for Table 8's instrument")
    p.add_argument("--markdown", action="store_true", help="print Markdown tables")
    p.set_defaults(func=run)


def _from_mart(args: argparse.Namespace) -> pd.DataFrame:
    from nqpf.warehouse import WarehouseMissing, connect, tables

    with connect() as con:
        if "regression_results" not in tables(con):
            raise WarehouseMissing("the warehouse has no regression_results: rebuild it with "
                                   "`nqpf build`")
        frame = con.execute("select * from regression_results").fetchdf()
    if args.table is not None:
        frame = frame.loc[frame["table"] == args.table]
    return frame


def _estimated(args: argparse.Namespace) -> pd.DataFrame:
    from nqpf.econometrics.catalogue import load_catalogue
    from nqpf.econometrics.instrument import read_region_values
    from nqpf.econometrics.results import run_catalogue
    from nqpf.warehouse import connect

    with connect() as con:
        panel = con.execute("select * from analysis_panel").fetchdf()
        build = con.execute(
            "select build_id from build_info order by built_at desc limit 1").fetchall()
    region_values = read_region_values(args.instrument) if args.instrument else None
    return run_catalogue(panel, load_catalogue(args.catalogue), region_values=region_values,
                         data_build=build[0][0] if build else "", table=args.table,
                         datasets=[args.dataset] if args.dataset else None)


def run(args: argparse.Namespace) -> int:
    from nqpf.econometrics.catalogue import CatalogueError, load_catalogue
    from nqpf.econometrics.instrument import InstrumentFileError
    from nqpf.econometrics.report import format_cannot_run, format_tables

    try:
        catalogue = load_catalogue(args.catalogue)
        rerun = args.catalogue is not None or args.instrument is not None
        frame = _estimated(args) if rerun else _from_mart(args)
    except (CatalogueError, InstrumentFileError) as exc:
        print(f"nqpf regress: {exc}", file=sys.stderr)
        return 2
    if args.dataset:
        frame = frame.loc[frame["dataset"] == args.dataset]
        if frame.empty:
            print(f"nqpf regress: no results for dataset {args.dataset}", file=sys.stderr)
            return 2
    print(format_tables(frame, catalogue=catalogue, markdown=args.markdown))
    print()
    print(format_cannot_run(frame))
    return 0
