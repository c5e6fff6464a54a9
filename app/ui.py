"""Page helpers shared by every page: guards with friendly notes, pickers, captioned charts."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import kgraph
import store
from nqpf.paths import database_path

NOT_BUILT = ("The warehouse is not built yet (no file at `{path}`). Build it with "
             "`nqpf ingest --shipped` and `nqpf build`, then reload this page.")
MART_MISSING = ("The `{name}` table is not built yet in this warehouse: it appears once "
                "`nqpf build` makes it. Reload this page after that build.")


def require_warehouse() -> None:
    """Stop the page with a note when no warehouse has been built."""
    if store.build_key() is None:
        st.info(NOT_BUILT.format(path=database_path()))
        st.stop()


def has_table(name: str) -> bool:
    return name in store.tables()


def table_ready(name: str) -> bool:
    """Whether table ``name`` is built; when not, a note on the page says so."""
    if has_table(name):
        return True
    st.info(MART_MISSING.format(name=name))
    return False


def require_tables(*names: str) -> None:
    """Stop the page with a note naming the first of ``names`` that is not built."""
    if not all(table_ready(name) for name in names):
        st.stop()


def require_rows(frame: pd.DataFrame, what: str) -> None:
    """Stop the page with a note when a query found nothing to show."""
    if frame.empty:
        st.info(f"No rows for {what} in this build.")
        st.stop()


def chart(figure: alt.Chart, caption: str) -> None:
    """An altair chart across the page with the caption that says what it shows."""
    st.altair_chart(figure, width="stretch")
    st.caption(caption)


def ranked_bars(frame: pd.DataFrame, value: str, label: str, title: str, caption: str,
                highlight: str | None = None, tooltip: list | None = None) -> None:
    """Horizontal bars of ``value`` per ``label``, largest on top, with full-length labels;
    rows where the boolean column ``highlight`` is true are drawn in red."""
    colour = (alt.condition(f"datum.{highlight}", alt.value("#d62728"), alt.value("#6baed6"))
              if highlight else alt.value("#3182bd"))
    chart(
        alt.Chart(frame).mark_bar().encode(
            x=alt.X(f"{value}:Q", title=title),
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360)),
            color=colour,
            tooltip=tooltip or [label, f"{value}:Q"]),
        caption)


def pick_dataset(key: str) -> str:
    """Dataset selector; the dataset with the most regions comes preselected."""
    frame = store.query('select dataset, count(distinct region) as regions from "values" '
                        "group by dataset order by dataset")
    if frame.empty:
        st.info("The `values` table is empty: no region-year passed the checks.")
        st.stop()
    return st.selectbox("Dataset", list(frame["dataset"]),
                        index=int(frame["regions"].to_numpy().argmax()), key=key)


def pick_year(dataset: str, key: str, label: str = "Year", index: int = -1) -> int:
    options = store.years(dataset)
    return st.selectbox(label, options, index=index % len(options), key=key)


def pick_region(dataset: str, year: int | None, key: str) -> str:
    frame = store.regions(dataset, year)
    require_rows(frame, f"regions of {dataset} in {year}")
    names = dict(zip(frame["region"], frame["label"], strict=True))
    return st.selectbox("Region", list(names), format_func=names.__getitem__, key=key)


def region_label(dataset: str, region: str) -> str:
    """'Name (code)' of a region, or its code when it has no name."""
    frame = store.regions(dataset)
    return dict(zip(frame["region"], frame["label"], strict=True)).get(region, region)


def pick_sector(dataset: str, key: str) -> str:
    frame = sector_names(dataset)
    names = dict(zip(frame["sector"], frame["label"], strict=True))
    return st.selectbox("Sector", list(names), format_func=names.__getitem__, key=key)


def sector_names(dataset: str) -> pd.DataFrame:
    """Sectors that have values in the dataset, with their common-scheme names."""
    present = store.query('select distinct sector from "values" where dataset = ?', (dataset,))
    names = store.sectors(dataset)[["sector", "name_en", "label"]]
    frame = present.merge(names, on="sector", how="left")
    frame["name_en"] = frame["name_en"].fillna(frame["sector"])
    frame["label"] = frame["label"].fillna(frame["sector"])
    return frame.sort_values("sector", ignore_index=True)


def indicators_in(mart: str) -> list[str]:
    """Catalogue indicators computed by ``mart`` that are columns of its built table."""
    if not has_table(mart):
        return []
    catalogue = kgraph.indicator_catalogue()
    present = set(store.columns(mart))
    return [i for i in catalogue.loc[catalogue["mart"] == mart, "id"] if i in present]


def region_indicators() -> dict[str, str]:
    """Indicator -> mart for every built indicator with one value per region-sector."""
    return {indicator: mart for mart in store.REGION_MARTS for indicator in indicators_in(mart)}


def indicator_label(indicator: str) -> str:
    catalogue = kgraph.indicator_catalogue().set_index("id")
    if indicator not in catalogue.index:
        return indicator
    return f"{catalogue.at[indicator, 'label']} ({indicator})"


def pick_indicator(options: list[str], key: str, default: str = "tlp") -> str:
    index = options.index(default) if default in options else 0
    return st.selectbox("Indicator", options, index=index, format_func=indicator_label, key=key)


def region_sector_values(mart: str, indicators: list[str], dataset: str, year: int,
                         region: str | None = None) -> pd.DataFrame:
    """dataset-year rows of ``mart`` (aggregate excluded; one region if given) with the
    region and sector keys and the chosen indicator columns."""
    cols = ", ".join(store.quote(i) for i in indicators)
    return store.query(
        f"select region, sector, {cols} from {store.quote(mart)} "
        "where dataset = ? and year = ? and region <> ? and (? is null or region = ?)",
        (dataset, year, store.AGGREGATE, region, region))
