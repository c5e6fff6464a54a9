"""The docs site's generated sections: read from their one source, rendered exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqpf import docsite

RULES_CSV = """rule,severity,scope,meaning,what_to_do
row_balance,quarantine,region-year,"Uses differ from output | by more than the tolerance.",\
Check the final demand.
inputs_exceed_output,warning,region-year,Negative value added.,Nothing.
"""

MART_YAML = """version: 2
models:
  - name: values
    description: >
      Labour values
      per region-year.
    config:
      contract: {enforced: true}
    data_tests:
      - unique_combination: {arguments: {columns: [dataset, year]}}
    columns:
      - {name: dataset, data_type: varchar, description: Dataset id., data_tests: [not_null]}
      - name: tlp
        data_type: double
        description: Total labour productivity.
        data_tests: [not_null, {in_range: {arguments: {min_value: 0}}}]
"""


def test_rules_render_an_overview_and_one_section_per_rule(tmp_path: Path) -> None:
    seed = tmp_path / "validation_rules.csv"
    seed.write_text(RULES_CSV, encoding="utf-8")
    assert docsite.rules_markdown(seed) == (
        "| rule | severity | leaves out |\n"
        "|---|---|---|\n"
        "| [`row_balance`](#row_balance) | quarantine | region-year |\n"
        "| [`inputs_exceed_output`](#inputs_exceed_output) | warning | region-year |\n"
        "\n"
        "### `row_balance` {#row_balance}\n\n"
        "*quarantine, region-year.* Uses differ from output | by more than the tolerance.\n\n"
        "**What to do:** Check the final demand.\n"
        "\n"
        "### `inputs_exceed_output` {#inputs_exceed_output}\n\n"
        "*warning, region-year.* Negative value added.\n\n"
        "**What to do:** Nothing.\n")


def test_marts_render_grain_contract_units_and_tests(tmp_path: Path) -> None:
    area = tmp_path / "values"
    area.mkdir()
    (area / "_values__models.yml").write_text(MART_YAML, encoding="utf-8")
    assert docsite.marts_markdown(tmp_path) == (
        "### `values`\n\n"
        "Area `values`; one row per `dataset`, `year`; enforced contract.\n\n"
        "Labour values per region-year.\n\n"
        "| column | type | unit | description | tests |\n"
        "|---|---|---|---|---|\n"
        "| `dataset` | varchar |  | Dataset id. | not_null |\n"
        "| `tlp` | double | currency per hour | Total labour productivity. "
        "| not_null, in_range |\n")


def test_a_unique_column_is_the_grain_without_a_key_test(tmp_path: Path) -> None:
    area = tmp_path / "core"
    area.mkdir()
    (area / "_core__models.yml").write_text(
        "models:\n  - name: dim_regions\n    columns:\n"
        "      - {name: code, data_tests: [not_null, unique]}\n", encoding="utf-8")
    assert docsite.marts_markdown(tmp_path).splitlines()[2] == "Area `core`; one row per `code`."


def test_queries_render_their_leading_comment_and_text(tmp_path: Path) -> None:
    (tmp_path / "count.sparql").write_text("# How many triples.\n# Parameter: none.\n"
                                           "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n",
                                           encoding="utf-8")
    assert docsite.queries_markdown(tmp_path) == (
        "### `count`\n\nHow many triples. Parameter: none.\n\n"
        "```sparql\n# How many triples.\n# Parameter: none.\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n```\n")


def test_expand_replaces_whole_marker_lines_only() -> None:
    page = "# Rules\n\n<!-- nqpf:validation_rules -->\n\nInline `<!-- nqpf:marts -->` stays.\n"
    expanded = docsite.expand(page)
    assert expanded.startswith("# Rules\n\n| rule | severity | leaves out |\n")
    assert expanded.endswith("\n\nInline `<!-- nqpf:marts -->` stays.\n")
    assert "<!-- nqpf:validation_rules -->" not in expanded


def test_an_unknown_marker_fails_the_site_build() -> None:
    with pytest.raises(ValueError, match="unknown generated section 'colums'"):
        docsite.expand("<!-- nqpf:colums -->\n")


def test_readme_links_into_docs_become_relative(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("See [data](docs/data.md) and ![x](docs/screenshots/a.png).\n",
                      encoding="utf-8")
    assert docsite.readme_markdown(readme) == "See [data](data.md) and ![x](screenshots/a.png).\n"

