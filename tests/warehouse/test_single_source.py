"""Each fact lives in one place: a one-line change there reaches every layer.

Each test edits one line of a copy of the dbt project and runs Python against the copy
(``NQPF_DBT_DIR``) in a fresh process, so module-level constants are read from the copy.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nqpf.paths import DBT_DIR, PROJECT_ROOT


def _project_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "dbt_project"
    shutil.copytree(DBT_DIR, copy, ignore=shutil.ignore_patterns("target", "dbt_packages",
                                                                 "logs", ".user.yml"))
    return copy


def _run(script: str, project: Path, home: Path) -> dict:
    """Run ``script`` (which prints one JSON object last) against the project copy."""
    env = {**os.environ, "NQPF_DBT_DIR": str(project), "NQPF_HOME": str(home),
           "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT / "app"),
                                          os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, check=False, cwd=home)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


MARTS_SCRIPT = """
import json
from rdflib import SH
from rdflib.collection import Collection
import store
from nqpf.knowledge.marts import MART_CUBES
from nqpf.knowledge.schema import MODELS
from nqpf.knowledge.shacl import shapes_graph
from nqpf.warehouse import MARTS
shapes = shapes_graph()
sh_in = [str(m) for node in shapes.objects(None, SH["in"]) for m in Collection(shapes, node)
         if str(m) in MODELS or str(m) == "network_links"]
print(json.dumps({"warehouse": list(MARTS), "schema": list(MODELS), "shacl": sh_in,
                  "export": list(MART_CUBES), "app": list(store.REGION_MARTS),
                  "links_dims": list(MART_CUBES["network_links"].dimensions
                                     if "network_links" in MART_CUBES else [])}))
"""


def _layers_here() -> dict:
    """The lists of MARTS_SCRIPT, read in this process from the project itself."""
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        sys.path.insert(0, str(PROJECT_ROOT / "app"))
        try:
            exec(MARTS_SCRIPT, namespace)
        finally:
            sys.path.remove(str(PROJECT_ROOT / "app"))
    return json.loads(out.getvalue())


#: one added line that makes network_links an indicator mart listed in the summary
NEW_MART = ("as in otlp.\n  config:\n",
            "as in otlp.\n  config:\n"
            "    meta: {nqpf: {summary: 7, cube: [dataset, region, year, sector, rank]}}\n")


def test_adding_a_mart_is_one_line_every_layer_follows(tmp_path: Path) -> None:
    before = _layers_here()
    assert "network_links" not in before["warehouse"] + before["schema"] + before["export"]
    assert before["schema"] == before["shacl"] == before["export"]
    assert before["app"] == ["values", "digital_inputs", "agglomeration", "network"]

    project = _project_copy(tmp_path)
    _edit(project / "models" / "marts" / "network" / "_network__models.yml", *NEW_MART)
    after = _run(MARTS_SCRIPT, project, tmp_path)
    assert set(after["warehouse"]) - set(before["warehouse"]) == {"network_links"}
    for layer in ("schema", "shacl", "export"):
        assert set(after[layer]) - set(before[layer]) == {"network_links"}, layer
    assert after["links_dims"] == ["dataset", "region", "year", "sector", "rank"]
    assert after["app"] == before["app"]  # its rows are not (dataset, region, year, sector)


VOCABULARY_AND_TOLERANCE_SCRIPT = """
import json, sys
from pathlib import Path
import duckdb
from nqpf import balance
from nqpf.adapters.canonical import load_canonical
from nqpf.dbt_runner import run_dbt
from nqpf.contract import FINAL_DEMAND_CATEGORIES, write_dataset
from nqpf.synth import synthetic_dataset

ds = synthetic_dataset(3, 5, [2017], seed=7, name="edited")
t = ds.tables
# one final-demand row of SYN0002 in the new category; SYN0002's output 10 % off balance
fd = t["final_demand"].index[t["final_demand"]["from_region"] == "SYN0002"][0]
t["final_demand"].loc[fd, "category"] = "tourism"
go = t["gross_output"].index[t["gross_output"]["region"] == "SYN0002"][0]
t["gross_output"].loc[go, "value"] *= 1.1
folder = Path("csv")
folder.mkdir()
(folder / "metadata.json").write_text(json.dumps(ds.metadata))
for name, frame in t.items():
    frame.to_csv(folder / f"{name}.csv", index=False)
read = load_canonical(folder)
write_dataset(read, Path("canonical"))
database, canonical = Path("checks.duckdb").resolve(), Path("canonical").resolve()
# the rules seed too (the tests on int_checks' rule column read it), not the tests of the
# models downstream of the seed
ok, reporter, _ = run_dbt(["build", "--select", "+int_checks", "validation_rules",
                           "--indirect-selection", "buildable",
                           "--vars", json.dumps({"datasets": ["edited"]})],
                          database=database, canonical=canonical)
assert ok, reporter.failures
with duckdb.connect(str(database), read_only=True) as con:
    rules = sorted({r[0] for r in con.execute("select rule from int_checks").fetchall()})
# dbt's side of the mart registry: the test on dim_indicator.computed_by, compiled
ok, reporter, _ = run_dbt(["compile", "--select", "test_name:is_indicator_mart"],
                          database=database, canonical=canonical)
assert ok, reporter.failures
compiled = next((database.parent / "dbt_target").rglob("is_indicator_mart_*.sql")).read_text()
issues = read.tables.get("ingest_issues")
print(json.dumps({"python_categories": list(FINAL_DEMAND_CATEGORIES),
                  "python_issues": [] if issues is None else sorted(set(issues["rule"])),
                  "tolerance": balance.project_tolerance().relative, "sql_rules": rules,
                  "dbt_indicator_marts_test": compiled}))
"""


@pytest.mark.slow
def test_a_category_a_tolerance_and_a_mart_are_one_line_dbt_follows(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    _edit(project / "models" / "marts" / "network" / "_network__models.yml", *NEW_MART)
    seed = project / "seeds" / "contract_vocabulary.csv"
    seed.write_text(seed.read_text(encoding="utf-8")
                    + "final_demand,category,tourism,,false,true,false,spending of visitors\n",
                    encoding="utf-8")
    _edit(project / "dbt_project.yml", "balance_rel_tolerance: 0.001", "balance_rel_tolerance: 0.2")
    out = _run(VOCABULARY_AND_TOLERANCE_SCRIPT, project, tmp_path)
    assert out["python_categories"][-1] == "tourism"
    assert out["python_issues"] == []  # the adapter accepts the category
    assert out["tolerance"] == 0.2
    # the SQL checks accept the category and the 10 % imbalance (both quarantined by the
    # shipped project: tests/warehouse/test_quarantine.py, unknown_category and unbalanced)
    assert out["sql_rules"] == []
    assert "'network_links'" in out["dbt_indicator_marts_test"]
    assert "'values'" in out["dbt_indicator_marts_test"]


UNLISTED_RULE_SCRIPT = """
import json
from pathlib import Path
from nqpf.dbt_runner import run_dbt
from nqpf.contract import write_dataset
from nqpf.synth import synthetic_dataset

ds = synthetic_dataset(3, 5, [2017], seed=7, name="unlisted")
go = ds.tables["gross_output"]
go.loc[go.index[go["region"] == "SYN0002"][0], "value"] *= 1.1  # breaks both balance rules
write_dataset(ds, Path("canonical"))
ok, reporter, _ = run_dbt(["build", "--select", "+int_checks", "validation_rules",
                           "--indirect-selection", "buildable",
                           "--vars", json.dumps({"datasets": ["unlisted"]})],
                          database=Path("checks.duckdb").resolve(),
                          canonical=Path("canonical").resolve())
print(json.dumps({"ok": ok, "failures": reporter.failures}))
"""


@pytest.mark.slow
def test_a_rule_missing_from_the_rules_seed_fails_the_build(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    _edit(project / "seeds" / "validation_rules.csv", "\nrow_balance,", "\nrow_balance_gone,")
    out = _run(UNLISTED_RULE_SCRIPT, project, tmp_path)
    assert not out["ok"]
    # the tests on the rule column fail where row_balance is emitted (and in the union), only there
    assert sorted(f.split(":")[0] for f in out["failures"]) == [
        f"test relationships_{model}_rule__rule__ref_validation_rules_"
        for model in ("int_checks__balance", "int_checks")]
