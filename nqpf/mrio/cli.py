"""``nqpf mrio``: a multi-regional dataset from an ingested single-region one.

SOURCE is a dataset id in the warehouse's canonical folder (or the path of a canonical
dataset folder); the result is stored beside it as ``<SOURCE>_mrio`` (or --name) for the next
``nqpf build``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``mrio`` subcommand."""
    p = subparsers.add_parser(
        "mrio", help="estimate a multi-regional table from single-region tables with "
                     "inflow/outflow (gravity + RAS)", description=__doc__)
    p.add_argument("source", help="ingested dataset id, or a canonical dataset folder")
    p.add_argument("--name", help="dataset id of the result (default: <source>_mrio)")
    p.add_argument("--beta", type=float, help="distance decay of the gravity model "
                   "(default 1.0; see docs/METHOD.md section 11)")
    p.add_argument("--trade-total", choices=["mean", "inflow", "outflow"], default="mean",
                   help="trade total of a product when total outflow and inflow differ")
    p.add_argument("--distances", type=Path, help="CSV of region, latitude, longitude "
                   "(default: the shipped Chinese provincial capitals)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from nqpf.contract import ContractError, read_dataset
    from nqpf.ingest import store
    from nqpf.mrio.dataset import mrio_dataset
    from nqpf.paths import canonical_dir

    folder = Path(args.source)
    if not (folder / "metadata.json").exists():
        folder = canonical_dir() / args.source
    if not (folder / "metadata.json").exists():
        raise ContractError(f"{args.source}: neither an ingested dataset nor a canonical "
                            f"folder (looked in {canonical_dir()}) (rule: missing_file)")
    options = {k: v for k, v in (("beta", args.beta), ("distances", args.distances))
               if v is not None}
    try:
        built = mrio_dataset(read_dataset(folder), name=args.name, total=args.trade_total,
                             **options)
    except (ValueError, OSError) as exc:  # bad coordinates, marginals RAS cannot meet
        print(f"nqpf mrio: {exc}", file=sys.stderr)
        return 2
    store(built)
    return 0
