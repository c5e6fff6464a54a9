"""The side-by-side report: our estimate, the paper's, the sign flag and the cannot-run list."""

from synthetic_panel import fe_panel

from nqpf.econometrics.catalogue import parse_catalogue
from nqpf.econometrics.report import format_cannot_run, format_tables
from nqpf.econometrics.results import run_catalogue

CATALOGUE = parse_catalogue({
    "defaults": {"fixed_effects": ["region*sector", "year"], "cluster": "region*sector",
                 "estimator": "ols_fe"},
    "models": [
        {"id": "a", "table": 3, "column": "(1)", "dependent": "tlpr", "regressors": ["ddr"],
         "log": ["tlpr"], "published": {"n": 100, "terms": {
             "ddr": {"coefficient": -0.25, "std_error": 0.01, "stars": "**"}}}},
        {"id": "b", "table": 3, "column": "(2)", "dependent": "tlpr", "regressors": ["pp"],
         "log": ["tlpr", "pp"]},
    ]})


def test_tables_put_ours_next_to_the_paper_and_flag_the_sign():
    results = run_catalogue(fe_panel(), CATALOGUE, data_build="b7")
    text = format_tables(results)
    lines = text.splitlines()
    assert lines[0] == "Table 3 - synthetic (build b7)"
    row = next(line for line in lines if line.startswith("(1)"))
    assert "-0.2500** (0.0100)" in row and row.split()[-4] == "NO"
    assert row.endswith("1,280 / 100")
    cannot = next(line for line in lines if line.startswith("(2)"))
    assert "cannot run" in cannot and "n/a" in cannot


def test_markdown_tables_and_the_cannot_run_list():
    results = run_catalogue(fe_panel(), CATALOGUE)
    markdown = format_tables(results, markdown=True)
    assert "### Table 3 - synthetic" in markdown
    assert "| column | term | ours | paper | sign | N ours / paper |" in markdown
    assert format_cannot_run(results) == (
        "models that cannot run:\n  synthetic: b: not in the panel: pp")
    assert format_cannot_run(results.loc[results["model"] == "a"]) == (
        "every model ran on every dataset")
