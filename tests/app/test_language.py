"""Every page under 中文 shows no English word: page text, widget labels and options, table
headers and chart titles all go through the translation layer. Ids, codes and units (tlp,
cn_provinces, CN-GD, CNY) are no English words."""

from __future__ import annotations

import re

import pytest
from apphelpers import PAGES, shown_text

pytestmark = pytest.mark.slow

#: a word: letters only, at least three of them (codes such as CN-GD, ids such as tlp_ic or
#: cn_provinces hold a digit, underscore or hyphen and are taken whole, see ``TOKEN``)
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_\-.*]*")
WORD = re.compile(r"[A-Za-z]{3,}")
#: text that names something rather than saying it: code spans, URLs, file names
QUOTED = re.compile(r"`[^`]*`|https?://\S+|\S+\.(?:csv|parquet|ttl|json|duckdb)\b")
#: names of products and formats, the same in both languages
NAMES = {"DuckDB", "SQL", "CSV", "Parquet", "Turtle", "RDF", "nqpf", "dbt", "UTC", "Table",
         "NQPF", "CNY", "USD", "MRIO", "WIOD", "CEADs", "LIMIT", "SPARQL"}


def english_words(text: str, ids: set[str]) -> list[str]:
    """Words of ``text`` that are English: not an id, code, unit or product name."""
    found = []
    for token in TOKEN.findall(QUOTED.sub(" ", text)):
        if token in ids or token in NAMES or not WORD.fullmatch(token) or token.isupper():
            continue
        found.append(token)
    return found


@pytest.fixture(scope="module")
def ids(warehouse_sql) -> set[str]:
    """Ids, codes and units the pages may show as they are: indicator ids, column and table
    names, datasets, currencies and money units (CNY 10,000, USD million)."""
    indicators = warehouse_sql("select indicator_id from dim_indicator")
    columns = warehouse_sql("select distinct table_name, column_name "
                            "from information_schema.columns")
    datasets = warehouse_sql('select distinct dataset, currency, monetary_unit from "values"')
    money = {word for unit in datasets["monetary_unit"] for word in unit.split()}
    return {*indicators["indicator_id"], *columns["table_name"], *columns["column_name"],
            *datasets["dataset"], *datasets["currency"], *money}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_chinese_has_no_english_word(app, ids, page):
    run = app(page, lang="zh")
    assert not run.exception, run.exception
    english = {word: text for text in shown_text(run) for word in english_words(text, ids)}
    assert not english, "English on the 中文 page: " + "; ".join(
        f"{word!r} in {text[:80]!r}" for word, text in list(english.items())[:20])


def test_english_words_are_found_and_ids_are_not():
    ids = {"tlp", "cn_provinces"}
    assert english_words("全劳动生产率 (tlp)，cn_provinces，CN-GD，CNY/小时", ids) == []
    assert english_words("Mean tlp of `values` in 广东", ids) == ["Mean"]
