"""The fast command line: `nqpf --help` loads no heavy module, `--version`, and `nqpf query`
under the time and memory limits with hints on common slips."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from nqpf import __version__
from nqpf.paths import DATABASE
from nqpf.warehouse import QueryLimits, QueryTimeout, connect, run_limited, sql_hint

#: modules the parser must not load (each takes a large part of a second or more)
HEAVY = ("pandas", "pyarrow", "pyfixest", "linearmodels", "rdflib", "scipy", "streamlit",
         "dbt", "duckdb")
RUNAWAY = "select count(*) from range(1000000000000)"
#: a join whose distinct values need far more than 64 MB of hash table
HUNGRY = ("select count(distinct a.range * 1000003 + b.range) "
          "from range(100000) a, range(100000) b")


@pytest.fixture(scope="module")
def tiny_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse folder whose DuckDB file holds one small table."""
    home = tmp_path_factory.mktemp("tiny")
    with duckdb.connect(str(home / DATABASE)) as con:
        con.execute('create table "values" as select 1 as region, 0.5 as "lambda"')
    return home


def _nqpf(*args: str, home: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, **env, **({"NQPF_HOME": str(home)} if home else {})}
    return subprocess.run([sys.executable, "-m", "nqpf.cli", *args], env=full,
                          capture_output=True, text=True, timeout=120)


def test_help_loads_no_heavy_module() -> None:
    code = ("import sys\nfrom nqpf.cli import main\ntry:\n    main(['--help'])\n"
            "except SystemExit:\n    pass\n"
            f"print('loaded:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.splitlines()[-1] == "loaded:"
    regress = _nqpf("regress", "--help")
    assert regress.returncode == 0 and "``" not in regress.stdout


def test_version() -> None:
    out = _nqpf("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"nqpf {__version__}"


def test_query_answers(tiny_home: Path) -> None:
    out = _nqpf("query", 'select "lambda" * 4 as x from "values"', home=tiny_home)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["x", "2.0"]


def test_query_stops_a_runaway_query_at_the_time_limit(tiny_home: Path) -> None:
    started = time.monotonic()
    out = _nqpf("query", RUNAWAY, home=tiny_home, NQPF_QUERY_SECONDS="1")
    assert out.returncode == 1
    assert out.stderr.startswith("nqpf query: the query ran longer than the limit of 1 s")
    assert time.monotonic() - started < 60  # counting to 1e12 would take hours


def test_query_hints_to_quote_lambda(tiny_home: Path) -> None:
    out = _nqpf("query", 'select lambda from "values"', home=tiny_home)
    assert out.returncode == 1
    assert "Parser Error" in out.stderr
    assert 'hint: `lambda` is a keyword in DuckDB SQL: quote the column' in out.stderr


def test_run_limited_interrupts_only_after_the_limit(tiny_home: Path) -> None:
    with connect(tiny_home / DATABASE) as con:
        cur = con.cursor()
        assert run_limited(cur, "select 41 + 1", 5, lambda c: c.fetchone()) == (42,)
        with pytest.raises(QueryTimeout, match=r"limit of 0\.5 s"):
            run_limited(cur, RUNAWAY, 0.5, lambda c: c.fetchone())
        # the cursor answers again after the interrupt
        assert run_limited(cur, "select 7", 5, lambda c: c.fetchone()) == (7,)


def test_memory_limit_stops_a_hungry_join_and_cannot_be_lifted(tiny_home: Path) -> None:
    limits = QueryLimits(memory="64MB", threads=1, seconds=60)
    with connect(tiny_home / DATABASE, limits) as con:
        with pytest.raises(duckdb.OutOfMemoryException) as caught:
            con.execute(HUNGRY).fetchall()
        assert "needs more memory" in sql_hint(HUNGRY, caught.value)
        with pytest.raises(duckdb.Error, match="lock"):
            con.execute("set memory_limit = '10GB'")
        assert con.execute("select current_setting('threads')").fetchone() == (1,)


def test_sql_hint_only_for_unquoted_lambda() -> None:
    parser_error = duckdb.ParserException("syntax error")
    assert sql_hint('select lambda from "values"', parser_error)
    assert sql_hint('select "lambda" from "values"', parser_error) is None
    assert sql_hint("select lambda from x", duckdb.CatalogException("no x")) is None


def test_query_output_formats(tiny_home: Path) -> None:
    sql = "select * from (values ('a', 1.5, null), ('bb', 'nan'::double, 2)) t(k, x, n)"
    table = _nqpf("query", sql, home=tiny_home).stdout.splitlines()
    assert table == [" k   x    n", " a 1.5 NULL", "bb nan    2"]
    assert _nqpf("query", sql, "--max-rows", "1", home=tiny_home).stdout.splitlines()[-1] == (
        "[the first 1 rows; add a LIMIT, or --max-rows]")
    assert _nqpf("query", sql, "--format", "csv", home=tiny_home).stdout == (
        "k,x,n\na,1.5,\nbb,nan,2\n")
    assert json.loads(_nqpf("query", sql, "--format", "json", home=tiny_home).stdout) == [
        {"k": "a", "x": 1.5, "n": None}, {"k": "bb", "x": None, "n": 2}]


def _home_with_values(root: Path, value: float) -> Path:
    root.mkdir()
    with duckdb.connect(str(root / DATABASE)) as con:
        con.execute('create table "values" as select 1 as region, ? as tlp', [value])
    return root


def test_info_compares_two_builds_to_twelve_digits(tmp_path: Path) -> None:
    """Last bits either side of a 12-digit rounding boundary agree; the tenth digit does not."""
    home = _home_with_values(tmp_path / "a", 0.0009551773190225005)
    same = _home_with_values(tmp_path / "b", 0.0009551773190224998)
    other = _home_with_values(tmp_path / "c", 0.0009551773191)
    out = _nqpf("info", "--compare", str(same), home=home)
    assert out.returncode == 0 and "every mart equals" in out.stdout, out.stderr
    out = _nqpf("info", "--compare", str(other / DATABASE), home=home)
    assert out.returncode == 1
    assert "values           differs from" in out.stdout and "column tlp" in out.stdout
    assert _nqpf("info", "--compare", str(tmp_path / "none"), home=home).returncode == 2
