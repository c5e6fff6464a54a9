"""The `nqpf` command line: ingest, build, query, info, synth, export, sparql."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from nqpf import __version__

# Heavy modules (pandas, dbt, rdflib, pyfixest ...) are imported inside the commands that use
# them, so `nqpf --help` and `nqpf query` answer at once.

#: ingest options beyond --name that each format takes
FORMAT_OPTIONS: dict[str, set[str]] = {
    "ceads": {"labour", "hourly_wage", "scheme", "monetary_unit", "regions"},
    "pymrio": {"year", "monetary_unit"},
    "nbs": {"annual_hours", "weekly_hours"},
}


def _cmd_ingest(args: argparse.Namespace) -> int:
    from nqpf.contract import ContractError
    from nqpf.ingest import DERIVED, SHIPPED, ingest_path, ingest_shipped

    if args.shipped:
        ingest_shipped(args.only or None)
        return 0
    if not args.path:
        shipped = ", ".join([*SHIPPED, *DERIVED])
        print(f"nqpf ingest: give a PATH or --shipped (shipped: {shipped})", file=sys.stderr)
        return 2
    from nqpf.adapters.registry import detect_format

    if args.name is not None:
        from nqpf.metadata import check_dataset_id

        try:
            check_dataset_id(args.name)
        except ValueError as exc:
            raise ContractError(f"--name: {exc} (rule: invalid_dataset_id)") from None
    path = Path(args.path)
    fmt = args.format or detect_format(path)
    given = {name: value for name, value in (
        ("year", args.year), ("scheme", args.scheme), ("monetary_unit", args.monetary_unit),
        ("labour", args.labour and Path(args.labour)),
        ("hourly_wage", args.hourly_wage and Path(args.hourly_wage)),
        ("annual_hours", args.annual_hours),
        ("weekly_hours", args.weekly_hours and Path(args.weekly_hours)),
        ("regions", args.regions and Path(args.regions))) if value}
    wrong = sorted(set(given) - FORMAT_OPTIONS.get(fmt, set()))
    if wrong:
        flags = ", ".join("--" + w.replace("_", "-") for w in wrong)
        raise ContractError(f"{flags} does not apply to format {fmt}")
    ingest_path(path, fmt, dataset=args.name, wait=args.wait, **given)
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from nqpf.build import build
    from nqpf.summary import print_summary

    if args.shipped:
        from nqpf.ingest import ingest_shipped

        ingest_shipped()
    result = build(vars=json.loads(args.vars) if args.vars else None, wait=args.wait,
                   engine=args.engine, target=args.target, full=args.full)
    print_summary(result.database)
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from nqpf import textable
    from nqpf.warehouse import QueryLimits, connect, run_limited, sql_hint

    def fetch(cur: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple], bool]:
        names = [column[0] for column in cur.description or []]
        if args.format != "table":
            return names, cur.fetchall(), False
        rows = cur.fetchmany(args.max_rows + 1)
        return names, rows[:args.max_rows], len(rows) > args.max_rows

    limits = QueryLimits.from_env()
    with connect(limits=limits) as con:
        try:
            names, rows, more = run_limited(con, args.sql, limits.seconds, fetch)
        except duckdb.Error as exc:
            hint = sql_hint(args.sql, exc)
            print(f"nqpf query: {exc}" + (f"\nhint: {hint}" if hint else ""), file=sys.stderr)
            return 1
    if args.format == "csv":
        sys.stdout.write(textable.csv_text(names, rows))
    elif args.format == "json":
        print(textable.json_records(names, rows))
    else:
        print(textable.table(names, rows, more))
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from nqpf.paths import DATABASE, database_path
    from nqpf.summary import print_summary
    from nqpf.warehouse import connect, mart_checksums, mart_differences

    if args.compare:  # the answer to one question: do two builds hold the same marts?
        other = Path(args.compare)
        other = other / DATABASE if other.is_dir() else other
        if not other.is_file():
            print(f"nqpf info: --compare {args.compare}: no warehouse file there",
                  file=sys.stderr)
            return 2
        with connect() as con, connect(other) as con_other:
            differing = mart_differences(con, con_other)
        for name, first in differing.items():
            print(f"  {name:<16} differs from {other}: {first}")
        if differing:
            return 1
        print(f"every mart equals {other}'s to 12 significant digits")
        return 0
    print_summary(database_path())
    if args.checksums:
        with connect() as con:
            for name, digest in mart_checksums(con).items():
                print(f"  {name:<16} {digest}")
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from nqpf.stopping import stops_cleanly

    with stops_cleanly():
        return _synth(args)


def _synth(args: argparse.Namespace) -> int:
    from nqpf.canonical_store import store
    from nqpf.synth import synthetic_dataset

    years = [int(y) for y in args.year_list.split(",")] if args.year_list else [
        2012 + 3 * i for i in range(args.years)]
    if args.dense:
        import tempfile

        from nqpf.synth import gravity_dataset, write_gravity_files

        if args.files:
            write_gravity_files(Path(args.files), args.cities, years, seed=args.seed)
            return 0
        with tempfile.TemporaryDirectory(prefix="nqpf-synth-") as folder:
            store(gravity_dataset(Path(folder), args.cities, years, seed=args.seed,
                                  name=args.name), Path(args.out) if args.out else None)
        return 0
    store(synthetic_dataset(args.cities, args.sectors, years, seed=args.seed, name=args.name),
          Path(args.out) if args.out else None)
    return 0


def _cmd_app(args: argparse.Namespace) -> NoReturn:
    from nqpf.paths import PROJECT_ROOT

    script = PROJECT_ROOT / "app" / "streamlit_app.py"
    print(f"serving the app at http://localhost:{args.port} (Ctrl+C stops it)", file=sys.stderr,
          flush=True)
    # the process becomes Streamlit's: a SIGTERM or SIGHUP (a service manager, `docker stop`)
    # reaches the server itself instead of leaving it running as an orphan on its port
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port",
               str(args.port), "--server.headless", "true", "--browser.gatherUsageStats",
               "false", "--client.toolbarMode", "viewer"]
    os.execv(sys.executable, command)


def _cmd_export(args: argparse.Namespace) -> int:
    from nqpf.export import default_export_path, export_warehouse
    from nqpf.paths import database_path

    out = Path(args.out) if args.out else default_export_path(args.format)
    try:
        report = export_warehouse(database_path(), out, fmt=args.format, marts=args.marts)
    except ValueError as exc:
        print(f"nqpf export: {exc}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    return 0


def _cmd_sparql(args: argparse.Namespace) -> int:
    from nqpf.knowledge import display, queries

    if bool(args.query) == bool(args.saved):
        print("nqpf sparql: give a QUERY or --saved NAME (one of them)", file=sys.stderr)
        return 2
    try:
        text = queries.saved_text(args.saved) if args.saved else args.query
        bindings = dict(_binding(item) for item in args.bind)
        if args.data or args.export:
            from nqpf.export import latest_export
            from nqpf.knowledge.integrity import load_store

            path = Path(args.export) if args.export else latest_export()
            store = load_store(path)
        else:
            store = queries.knowledge_store()
        answer = queries.ask(text, store, **bindings)
    except (KeyError, ValueError, SyntaxError) as exc:
        print(f"nqpf sparql: {exc}", file=sys.stderr)
        return 2
    print(display.table(answer, max_rows=args.max_rows))
    return 0


def _binding(item: str) -> tuple[str, str | int | float]:
    """``var=value``: a number becomes a literal; other text is an entry id or an IRI."""
    name, sep, value = item.partition("=")
    if not sep or not name:
        raise ValueError(f"--bind needs var=value, not '{item}'")
    for number in (int, float):
        try:
            return name.lstrip("?"), number(value)
        except ValueError:
            pass
    return name.lstrip("?"), value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="nqpf",
        description="Indicator warehouse for input-output analysis of digitalization and new "
                    "quality productive forces.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="read raw tables into the canonical contract")
    ing.add_argument("path", nargs="?", help="raw file or folder")
    ing.add_argument("--format", choices=["canonical", "ceads", "pymrio", "nbs",
                                          "cn_provincial", "wiod"],
                     help="input format (detected from the path when omitted)")
    ing.add_argument("--name", help="dataset id to store it under")
    ing.add_argument("--labour", help="ceads: labour CSV in the contract's labour layout")
    ing.add_argument("--hourly-wage", help="ceads: CSV of hourly wages (year, region, "
                     "sector, value in yuan per hour) for the compensation route")
    ing.add_argument("--scheme", help="ceads: sector classification (nbs2012_42, nbs2017_42)")
    ing.add_argument("--monetary-unit", help="ceads: the tables' unit (default CNY 10,000)")
    ing.add_argument("--regions", help="ceads city .mat: region list CSV (index, code, "
                     "name_zh, name_en, province); without it regions are numbered")
    ing.add_argument("--year", type=int, help="pymrio: the table's year")
    ing.add_argument("--annual-hours", type=float,
                     help="nbs: hours per person and year (default 2392 = 46 h x 52 weeks)")
    ing.add_argument("--weekly-hours", help="nbs: CSV of weekly hours per person by year and "
                     "IO sector (year, sector, value), overriding --annual-hours there")
    ing.add_argument("--shipped", action="store_true", help="ingest the shipped real datasets")
    ing.add_argument("--only", nargs="*", help="with --shipped: only these datasets")
    ing.add_argument("--wait", action="store_true",
                     help="wait for a build or ingest running on the warehouse to finish")
    ing.set_defaults(func=_cmd_ingest)

    b = sub.add_parser("build", help="run dbt build into a new warehouse file and swap it in "
                                     "(only the datasets that changed since the last build)")
    b.add_argument("--shipped", action="store_true", help="ingest the shipped datasets first")
    b.add_argument("--full", action="store_true",
                   help="rebuild every dataset, even those unchanged since the last build")
    b.add_argument("--vars", help='dbt vars as JSON, e.g. \'{"depreciation": "straight"}\'')
    b.add_argument("--wait", action="store_true",
                   help="wait for a build or ingest running on the warehouse to finish")
    b.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                   help="run the build on DuckDB (default) or on Apache Spark (needs the "
                        "'spark' extra and Java 17+)")
    b.add_argument("--target", default="spark",
                   help="with --engine spark: the dbt profile target (spark: a local session; "
                        "cluster: a Spark Connect server; thrift, http: a cluster's SQL "
                        "endpoint)")
    b.set_defaults(func=_cmd_build)

    q = sub.add_parser("query", help="run read-only SQL against the warehouse")
    q.add_argument("sql")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--max-rows", type=int, default=60)
    q.set_defaults(func=_cmd_query)

    i = sub.add_parser("info", help="what the warehouse holds")
    i.add_argument("--checksums", action="store_true",
                   help="also print a SHA-256 per mart (equal checksums: identical marts)")
    i.add_argument("--compare", metavar="WAREHOUSE",
                   help="instead: compare every mart with another build's (a warehouse file "
                        "or its folder) to 12 significant digits; exit 1 if one differs")
    i.set_defaults(func=_cmd_info)

    s = sub.add_parser("synth", help="write a synthetic CEADs-shaped dataset (benchmarks)")
    s.add_argument("--cities", type=int, default=313)
    s.add_argument("--sectors", type=int, default=42)
    s.add_argument("--years", type=int, default=3)
    s.add_argument("--year-list", help="comma-separated years (overrides --years)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--name", default="synthetic")
    s.add_argument("--out", help="canonical folder to write into (default: the warehouse's)")
    s.add_argument("--dense", action="store_true", help="a dense gravity-shaped city MRIO "
                   "(42 sectors, every city supplying every other), read in as CEADs files")
    s.add_argument("--files", help="with --dense: only write the CEADs files (<year>.mat, "
                   "cities.csv, wages.csv) into this folder, for `nqpf ingest`")
    s.set_defaults(func=_cmd_synth)

    e = sub.add_parser("export", help="write the knowledge graph and the marts as linked data")
    e.add_argument("--format", choices=["ttl", "jsonld", "nt"], default="ttl",
                   help="ttl or jsonld (built in memory) or nt (streamed; for large exports)")
    e.add_argument("--marts", nargs="+", help="only these marts (default: every exportable "
                                              "mart of the build)")
    e.add_argument("--out", help="file to write (default: <warehouse>/export/nqpf.<format>)")
    e.set_defaults(func=_cmd_export)

    sp = sub.add_parser("sparql", help="run SPARQL on the knowledge graph (or on an export)")
    sp.add_argument("query", nargs="?", help="query text")
    sp.add_argument("--saved", help="name of a saved query in ontology/queries/")
    sp.add_argument("--bind", nargs="+", default=[], metavar="VAR=VALUE",
                    help="bind a variable to an entry/indicator id, an IRI or a number")
    sp.add_argument("--data", action="store_true",
                    help="query the newest export under <warehouse>/export/ (knowledge graph "
                         "plus data) instead of the knowledge graph")
    sp.add_argument("--export", metavar="PATH", help="with --data: query this export file")
    sp.add_argument("--max-rows", type=int, default=60)
    sp.set_defaults(func=_cmd_sparql)

    from nqpf.econometrics.cli import add_parser as add_regress

    add_regress(sub)

    from nqpf.mrio.cli import add_parser as add_mrio

    add_mrio(sub)

    a = sub.add_parser("app", help="browse the warehouse and the knowledge graph (Streamlit)")
    a.add_argument("--port", type=int, default=8501)
    a.set_defaults(func=_cmd_app)
    return p


#: (module, error) -> exit code of a command it ends with a one-line message, the first match
#: in this order; ContractError is bad input (the message names the file and the rule),
#: ClusterConfigError a Spark cluster setting that does not work (it names the setting)
_ERRORS = {("nqpf.contract", "ContractError"): 2, ("nqpf.spark.remote", "ClusterConfigError"): 2,
           ("nqpf.dbt_runner", "BuildError"): 1,
           ("nqpf.lock", "WarehouseBusy"): 1, ("nqpf.warehouse", "WarehouseMissing"): 1,
           ("duckdb", "Error"): 1}


def _exit_code(exc: BaseException) -> int | None:
    """The exit code for ``exc`` (None: not an error of ours, let it raise). Only the modules
    the command loaded are looked at: a module never imported raised nothing, and importing it
    only to catch would cost the fast commands their speed (nqpf.contract loads pandas)."""
    stopping = sys.modules.get("nqpf.stopping")
    if stopping is not None and isinstance(exc, stopping.Stopped):
        return 128 + exc.signum
    for (module, name), code in _ERRORS.items():
        if module in sys.modules and isinstance(exc, getattr(sys.modules[module], name)):
            return code
    return 1 if isinstance(exc, FileNotFoundError) else None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BaseException as exc:
        code = _exit_code(exc)
        if code is None:
            raise
        print(f"nqpf {args.command}: {exc}", file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
