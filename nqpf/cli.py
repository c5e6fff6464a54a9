"""The `nqpf` command line: ingest, build, query, info, synth, export, sparql."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

from nqpf.contract import ContractError

#: ingest options beyond --name that each format takes
FORMAT_OPTIONS: dict[str, set[str]] = {
    "ceads": {"labour", "hourly_wage", "scheme", "monetary_unit", "regions"},
    "pymrio": {"year", "monetary_unit"},
}


def _cmd_ingest(args: argparse.Namespace) -> int:
    from nqpf.ingest import SHIPPED, ingest_path, ingest_shipped

    if args.shipped:
        ingest_shipped(args.only or None)
        return 0
    if not args.path:
        print(f"nqpf ingest: give a PATH or --shipped (shipped: {', '.join(SHIPPED)})",
              file=sys.stderr)
        return 2
    from nqpf.adapters.registry import detect_format

    path = Path(args.path)
    fmt = args.format or detect_format(path)
    given = {name: value for name, value in (
        ("year", args.year), ("scheme", args.scheme), ("monetary_unit", args.monetary_unit),
        ("labour", args.labour and Path(args.labour)),
        ("hourly_wage", args.hourly_wage and Path(args.hourly_wage)),
        ("regions", args.regions and Path(args.regions))) if value}
    wrong = sorted(set(given) - FORMAT_OPTIONS.get(fmt, set()))
    if wrong:
        flags = ", ".join("--" + w.replace("_", "-") for w in wrong)
        raise ContractError(f"{flags} does not apply to format {fmt}")
    ingest_path(path, fmt, dataset=args.name, **given)
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from nqpf.build import build
    from nqpf.summary import print_summary

    if args.shipped:
        from nqpf.ingest import ingest_shipped

        ingest_shipped()
    result = build(vars=json.loads(args.vars) if args.vars else None)
    print_summary(result.database)
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from nqpf.warehouse import connect

    with connect() as con:
        frame = con.execute(args.sql).fetchdf()
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(frame.to_json(orient="records", force_ascii=False))
    else:
        print(frame.to_string(index=False, max_rows=args.max_rows))
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from nqpf.paths import database_path
    from nqpf.summary import print_summary
    from nqpf.warehouse import connect, mart_checksums

    print_summary(database_path())
    if args.checksums:
        with connect() as con:
            for name, digest in mart_checksums(con).items():
                print(f"  {name:<16} {digest}")
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from nqpf.ingest import store
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


def _cmd_app(args: argparse.Namespace) -> int:
    import subprocess

    from nqpf.paths import PROJECT_ROOT

    script = PROJECT_ROOT / "app" / "streamlit_app.py"
    print(f"serving the app at http://localhost:{args.port} (Ctrl+C stops it)", file=sys.stderr)
    return subprocess.call([
        sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(args.port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
    ])


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
    from pyparsing import ParseBaseException

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
            answer = queries.ask_store(text, load_store(path), **bindings)
        else:
            from nqpf.knowledge.graph import build_graph

            answer = queries.ask_graph(text, build_graph(), **bindings)
    except (KeyError, ValueError, SyntaxError, ParseBaseException) as exc:
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
    ing.add_argument("--shipped", action="store_true", help="ingest the shipped real datasets")
    ing.add_argument("--only", nargs="*", help="with --shipped: only these datasets")
    ing.set_defaults(func=_cmd_ingest)

    b = sub.add_parser("build", help="run dbt build into a new warehouse file and swap it in")
    b.add_argument("--shipped", action="store_true", help="ingest the shipped datasets first")
    b.add_argument("--vars", help='dbt vars as JSON, e.g. \'{"depreciation": "straight"}\'')
    b.set_defaults(func=_cmd_build)

    q = sub.add_parser("query", help="run read-only SQL against the warehouse")
    q.add_argument("sql")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--max-rows", type=int, default=60)
    q.set_defaults(func=_cmd_query)

    i = sub.add_parser("info", help="what the warehouse holds")
    i.add_argument("--checksums", action="store_true",
                   help="also print a SHA-256 per mart (equal checksums: identical marts)")
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

    a = sub.add_parser("app", help="browse the warehouse and the knowledge graph (Streamlit)")
    a.add_argument("--port", type=int, default=8501)
    a.set_defaults(func=_cmd_app)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from nqpf.build import BuildError
    from nqpf.warehouse import WarehouseMissing

    try:
        return int(args.func(args))
    except (BuildError, WarehouseMissing, ContractError, FileNotFoundError, duckdb.Error) as exc:
        print(f"nqpf {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
