"""``nqpf mrio``: a multi-regional dataset from an ingested single-region one, and
``nqpf mrio compare``: such an estimate beside a published MRIO.

``nqpf mrio SOURCE``: SOURCE is a dataset id in the warehouse's canonical folder (or the path
of a canonical dataset folder); the result is stored beside it as ``<SOURCE>_mrio`` (or
--name) for the next ``nqpf build``.

``nqpf mrio compare PUBLISHED``: PUBLISHED is a published provincial MRIO (a CEADs workbook, or
a folder of them), an ingested dataset id or a canonical folder; it is compared with --ours
(default cn_provinces_mrio) year by year.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nqpf.mrio.tradability import GROUPS

COMPARE = "compare"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``mrio`` subcommand."""
    p = subparsers.add_parser(
        "mrio", help="estimate a multi-regional table from single-region tables with "
                     "inflow/outflow (gravity + RAS), or compare one with a published MRIO",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", help="ingested dataset id, or a canonical dataset folder; or "
                                  f"'{COMPARE}' followed by the published MRIO")
    p.add_argument("published", nargs="?", help=f"with '{COMPARE}': the published MRIO "
                   "(CEADs workbook or folder, dataset id or canonical folder)")
    p.add_argument("--name", help="dataset id of the result (default: <source>_mrio)")
    p.add_argument("--beta", action="append", metavar="[GROUP=]VALUE",
                   help=f"distance decay, for every product group or for one of {GROUPS} "
                        "(repeatable; defaults in docs/METHOD.md section 11)")
    p.add_argument("--trade-total", choices=["larger", "geomean"], default="larger",
                   help="trade total of a tradable product when its origin supply and "
                        "absorbable inflow differ")
    p.add_argument("--distances", type=Path, help="CSV of region, latitude, longitude "
                   "(default: the shipped Chinese provincial capitals)")
    p.add_argument("--ours", default="cn_provinces_mrio",
                   help=f"with '{COMPARE}': our MRIO (dataset id or canonical folder)")
    p.add_argument("--year", type=int, action="append",
                   help=f"with '{COMPARE}': compare this year only (repeatable)")
    p.set_defaults(func=run)


def _canonical(name: str) -> Path:
    """The canonical folder of a dataset id or folder path."""
    from nqpf.contract import ContractError
    from nqpf.paths import canonical_dir

    folder = Path(name)
    if not (folder / "metadata.json").exists():
        folder = canonical_dir() / name
    if not (folder / "metadata.json").exists():
        raise ContractError(f"{name}: neither an ingested dataset nor a canonical folder "
                            f"(looked in {canonical_dir()}) (rule: missing_file)")
    return folder


def run(args: argparse.Namespace) -> int:
    if args.source == COMPARE:
        return compare(args)
    if args.published:
        print(f"nqpf mrio: unexpected argument {args.published!r} (only '{COMPARE}' takes a "
              "second one)", file=sys.stderr)
        return 2
    from nqpf.stopping import stops_cleanly

    with stops_cleanly():
        return _estimate(args)


def _estimate(args: argparse.Namespace) -> int:
    from nqpf.canonical_store import store
    from nqpf.contract import read_dataset
    from nqpf.mrio.dataset import mrio_dataset
    from nqpf.mrio.tradability import parse_betas

    folder = _canonical(args.source)
    try:
        options = {"distances": args.distances} if args.distances else {}
        built = mrio_dataset(read_dataset(folder), name=args.name,
                             betas=parse_betas(args.beta), total=args.trade_total, **options)
    except (ValueError, OSError) as exc:  # bad coordinates or --beta, marginals RAS cannot meet
        print(f"nqpf mrio: {exc}", file=sys.stderr)
        return 2
    store(built)
    return 0


def compare(args: argparse.Namespace) -> int:
    """``nqpf mrio compare``: print the comparison of every common year."""
    from nqpf.contract import read_dataset
    from nqpf.mrio.compare import compare as compare_mrios

    if not args.published:
        print(f"nqpf mrio {COMPARE}: name the published MRIO to compare with", file=sys.stderr)
        return 2
    path = Path(args.published)
    if path.exists() and not (path / "metadata.json").exists():
        from nqpf.adapters.registry import load

        published = load(path, "ceads")
    else:
        published = read_dataset(_canonical(args.published))
    ours = read_dataset(_canonical(args.ours))
    unit = ours.metadata.get("monetary_unit", "")
    print(f"{published.name} (published) and {ours.name} (ours)")
    for year in compare_mrios(published, ours, args.year):
        print(year.report(unit))
    return 0
