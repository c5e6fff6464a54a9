"""What a build rebuilds, and how a build of some datasets joins the served warehouse.

Every table a build writes is keyed by ``dataset`` except the seeds, the knowledge tables and
a few tables of codes (regions and sector classifications) that list what all datasets bring.
A dataset's rows depend on its own canonical files, the code, the seeds and the vars, and on
no other dataset unless two datasets bring the same region code or sector classification that
the seeds lack (the first dataset by id then defines it for both).

So when the code and vars are those of the served build (equal :func:`code_fingerprint`), a
build reads only the datasets whose files changed (:func:`plan`), into a file of their own;
:func:`merge` puts their rows in place of the old ones in a copy of the served warehouse and
the code tables are rebuilt there from the merged staging tables. Anything else, or
``nqpf build --full``, rebuilds every dataset.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from nqpf.fingerprints import dataset_fingerprint


@dataclass(frozen=True)
class Plan:
    """``build``: the datasets to build; ``drop``: datasets whose rows leave the warehouse
    (the rebuilt and the removed ones); ``full``: build every dataset into a new file."""

    build: list[str]
    full: bool
    reason: str
    fingerprints: dict[str, str] = field(default_factory=dict)
    drop: list[str] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return not self.full and not self.build and not self.drop


def _recorded(database: Path) -> tuple[str, dict[str, str]] | None:
    """The code and dataset fingerprints the served build recorded (None: none recorded)."""
    if not database.exists():
        return None
    with duckdb.connect(str(database), read_only=True) as con:
        columns = {r[0] for r in con.execute(
            "select column_name from information_schema.columns "
            "where table_name = 'build_info'").fetchall()}
        if "code_fingerprint" not in columns:
            return None
        code, datasets = con.execute(
            "select code_fingerprint, dataset_fingerprints from build_info").fetchone()
    return code, json.loads(datasets)


def plan(database: Path, canonical: Path, datasets: list[str], code: str, *,
         refused: Mapping[str, str] | None = None, full: bool = False) -> Plan:
    """What to build of ``datasets`` (the readable ones under ``canonical``; ``refused``: the
    unreadable ones with the reason), given the served warehouse ``database`` and the
    fingerprint ``code`` of this build's code and vars."""
    prints = {name: dataset_fingerprint(canonical / name) for name in datasets}
    # an unreadable dataset is recorded by its reason: it changes when that does
    prints.update({name: f"unreadable: {why}" for name, why in (refused or {}).items()})

    def everything(reason: str) -> Plan:
        return Plan(list(datasets), True, reason, prints)

    if full:
        return everything("a full build was asked for")
    recorded = _recorded(database)
    if recorded is None:
        return everything("no earlier build recorded what it read")
    old_code, old = recorded
    if old_code != code:
        return everything("the code, seeds, library versions or vars changed")
    changed = [d for d in datasets if old.get(d) != prints[d]]
    # gone, or unreadable where they were not (or not for the same reason) before
    removed = sorted(d for d in (set(old) | set(prints)) - set(datasets)
                     if old.get(d) != prints.get(d))
    if removed and not changed:
        return everything(f"{', '.join(removed)} left the build or cannot be read")
    if len(changed) == len(datasets):
        return everything("every dataset changed")
    shared = _shared_codes(database, canonical, changed + removed, changed)
    if shared:
        return everything(shared)
    return Plan(changed, False, f"{len(changed)} of {len(datasets)} datasets changed", prints,
                drop=changed + removed)


def _brought_now(canonical: Path, names: Iterable[str]) -> dict[str, set[str]]:
    """Region codes and sector schemes each dataset's canonical files bring."""
    found = {}
    for name in names:
        regions = pq.read_table(canonical / name / "regions.parquet", columns=["code"])
        schemes = pq.read_table(canonical / name / "sectors.parquet", columns=["scheme"])
        found[name] = ({f"region {c}" for c in regions.column("code").to_pylist()}
                       | {f"sector scheme {s}" for s in schemes.column("scheme").to_pylist()})
    return found


def _shared_codes(database: Path, canonical: Path, leaving: list[str],
                  arriving: list[str]) -> str:
    """Why the datasets ``leaving`` (their old rows) and ``arriving`` (their files now) cannot
    be rebuilt alone: a region code or sector scheme that no seed defines and that another
    dataset of the warehouse brings too; "" when there is none."""
    with duckdb.connect(str(database), read_only=True) as con:
        seeded = {f"region {r}" for (r,) in con.execute(
            "select region from stg_seeds__regions").fetchall()} | {
            f"sector scheme {s}" for (s,) in con.execute(
                "select distinct scheme from stg_seeds__sectors").fetchall()}
        rows = con.execute(
            "select dataset, 'region ' || region from stg_canonical__regions union "
            "select dataset, 'sector scheme ' || scheme from stg_canonical__sectors").fetchall()
    before: dict[str, set[str]] = {}
    for dataset, code in rows:
        before.setdefault(dataset, set()).add(code)
    moving = set().union(*(before.get(d, set()) for d in leaving),
                         *_brought_now(canonical, arriving).values()) - seeded
    for dataset, codes in sorted(before.items()):
        if dataset not in leaving and (common := sorted(codes & moving)):
            return f"{dataset} shares {common[0]} with a changed dataset"
    return ""


def _keyed_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> tuple[list[str], list[str]]:
    """The base tables of ``catalog``: those with a ``dataset`` column, and the others."""
    rows = con.execute(
        "select t.table_name, count(c.column_name) filter (where c.column_name = 'dataset') "
        "from information_schema.tables t join information_schema.columns c "
        "on c.table_catalog = t.table_catalog and c.table_schema = t.table_schema "
        "and c.table_name = t.table_name "
        "where t.table_catalog = ? and t.table_schema = 'main' and t.table_type = 'BASE TABLE' "
        "group by all order by 1", [catalog]).fetchall()
    return [n for n, k in rows if k], [n for n, k in rows if not k]


def merge(partial: Path, merged: Path, drop: list[str]) -> list[str]:
    """Put every dataset-keyed table of the build ``partial`` into the warehouse ``merged``
    (a copy of the served one) in place of the rows of the datasets ``drop``, and its views in
    place of the old ones; return the tables without a dataset column, which it leaves
    alone."""
    with duckdb.connect(str(merged)) as con:
        con.execute(f"attach '{partial}' as part (read_only)")
        keyed, other = _keyed_tables(con, "part")
        for name in keyed:
            con.execute(f'delete from main."{name}" where dataset in (select unnest(?))',
                        [drop])
            con.execute(f'insert into main."{name}" by name select * from part.main."{name}"')
        _replace_views(con)
        con.execute("detach part")
        con.execute("checkpoint")
    return other


def _replace_views(con: duckdb.DuckDBPyConnection) -> None:
    """Give the warehouse of ``con`` the views of the build attached as ``part``: the staging
    views read every dataset of the build's snapshot folder (nqpf.snapshots), where the
    served warehouse's read the served build's."""
    views = con.execute("select view_name, sql from duckdb_views() where database_name = "
                        "'part' and schema_name = 'main' and not internal").fetchall()
    for name, sql in views:
        con.execute(f'drop view if exists main."{name}"')
        con.execute(sql)


def code_tables(manifest: Mapping[str, Any], unkeyed: Iterable[str]) -> list[str]:
    """The models among ``unkeyed`` (tables without a dataset column) that read the canonical
    datasets, from dbt's ``manifest.json``: the tables of codes every dataset brings to."""
    children: dict[str, list[str]] = manifest["child_map"]
    reached: set[str] = set()
    todo = [n for n in children if n.startswith("source.") and ".canonical." in n]
    while todo:
        node = todo.pop()
        for child in children.get(node, []):
            if child not in reached:
                reached.add(child)
                todo.append(child)
    names = {manifest["nodes"][n]["name"] for n in reached
             if n.startswith("model.") and n in manifest["nodes"]}
    return sorted(names & set(unkeyed))
