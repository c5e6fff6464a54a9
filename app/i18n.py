"""The app's two languages: the language switch and the Chinese of the page text.

Pages write their text in English and pass it through :func:`t`; a text without a
translation here stays English. Region and sector names come from the warehouse (`name_zh`
of `dim_regions` and `dim_sectors`), indicator names from the indicator catalogue's `zh`
labels, falling back to English where none is recorded.
"""

from __future__ import annotations

import streamlit as st

#: language code -> its name in the switch
LANGUAGES: dict[str, str] = {"en": "English", "zh": "中文"}
#: the URL parameter and session key of the language
KEY = "lang"

ZH: dict[str, str] = {
    # menu and page titles
    "Overview": "概览", "Indicators": "指标", "Regions": "地区", "Sectors": "部门",
    "Network": "生产网络", "Knowledge graph": "知识图谱", "SQL": "SQL 查询",
    "Export": "导出", "Map": "地图", "Compare": "比较", "Columns": "字段目录",
    # pickers and buttons
    "Dataset": "数据集", "Year": "年份", "Region": "地区", "Sector": "部门",
    "Indicator": "指标", "Regions compared": "比较的地区", "Compared with": "对比年份",
    "Links shown": "显示的联系数", "Table": "表", "Format": "格式", "Run": "运行",
    "Open in SQL": "在 SQL 中打开", "Download the data of this chart (CSV)": "下载此图的数据 (CSV)",
    "Column": "字段", "Search": "搜索",
    # headings
    "Datasets": "数据集", "Marts": "数据集市", "Quarantined region-years": "隔离的地区-年份",
    "Headline figures": "主要数字", "Distribution": "分布",
    "Rank among regions": "在各地区中的排名", "Change between years": "年际变化",
    "Mechanism scorecard": "机制评分卡", "Values and prices": "价值与价格",
    "Panel summary vs the paper's Table 2": "面板统计与论文表 2 对比",
    "Regressions on this warehouse vs the paper": "本数据仓库的回归与论文对比",
    "Indicators of {place} in {year} by sector": "{place} {year} 年各部门指标",
    "{indicator} by region, {year}": "{year} 年各地区 {indicator}",
    "{indicator} across sectors": "{indicator}：各部门比较",
    "{place} over the years": "{place} 历年变化",
    # notes
    "No data": "无数据",
    "Regions without data are drawn in grey (missing, not zero).":
        "灰色地区无数据（缺失，而非零）。",
    "The map shows Chinese provinces and cities; {dataset} has no region with a Chinese "
    "administrative code.": "地图只显示中国的省份和城市；{dataset} 没有带中国行政区划代码的地区。",
    "{dataset} has a single region, so it equals the dataset aggregate: every ratio to the "
    "aggregate (tlpr, ddr, dsr, dir, indir, dlq) is 1 and there is nothing to rank it "
    "against.": "{dataset} 只有一个地区，与数据集总体相同：相对总体的比率（tlpr、ddr、dsr、dir、"
    "indir、dlq）都等于 1，也没有可以比较的地区。",
    "{place} is not built in {year}: it was quarantined ({rules}). Pick another year, or "
    "another region.":
        "{place} 在 {year} 年未计算：该地区-年份被隔离（{rules}）。请选择其他年份或地区。",
}


def language() -> str:
    """The language of this run: the switch's, else the URL's, else English."""
    chosen = st.session_state.get(KEY) or st.query_params.get(KEY)
    return chosen if chosen in LANGUAGES else "en"


def t(text: str) -> str:
    """``text`` in the chosen language (English when no translation is recorded)."""
    return ZH.get(text, text) if language() == "zh" else text


def switch() -> None:
    """The language switch in the sidebar, kept in the URL like every picker."""
    current = language()
    st.session_state.setdefault(KEY, current)
    st.sidebar.radio("Language / 语言", list(LANGUAGES), format_func=LANGUAGES.__getitem__,
                     horizontal=True, key=KEY)
    st.query_params[KEY] = st.session_state[KEY]


def pick_name(english: str | None, chinese: str | None) -> str:
    """A name in the chosen language, the other language after it (both searchable)."""
    english = english or chinese or ""
    if not chinese or chinese == english:
        return english
    return f"{chinese} {english}" if language() == "zh" else f"{english} {chinese}"
