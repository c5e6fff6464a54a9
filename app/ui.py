"""Page helpers shared by every page: guards with friendly notes, pickers, captioned charts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

import kgraph
import store
from i18n import RULES_ZH, header, language, pick_name, t, unit_label
from nqpf.paths import database_path

NOT_BUILT = ("The warehouse is not built yet (no file at `{path}`). Build it with "
             "`nqpf ingest --shipped` and `nqpf build`, then reload this page.")
MART_MISSING = ("The `{name}` table is not built yet in this warehouse: it appears once "
                "`nqpf build` makes it. Reload this page after that build.")


def require_warehouse() -> None:
    """Stop the page with a note when no warehouse has been built."""
    if store.build_key() is None:
        st.info(t(NOT_BUILT).format(path=database_path()))
        st.stop()


def has_table(name: str) -> bool:
    return name in store.tables()


def table_ready(name: str) -> bool:
    """Whether table ``name`` is built; when not, a note on the page says so."""
    if has_table(name):
        return True
    st.info(t(MART_MISSING).format(name=name))
    return False


def require_tables(*names: str) -> None:
    """Stop the page with a note naming the first of ``names`` that is not built."""
    if not all(table_ready(name) for name in names):
        st.stop()


def require_rows(frame: pd.DataFrame, what: str) -> None:
    """Stop the page with a note when a query found nothing to show."""
    if frame.empty:
        st.info(t("No rows for {what} in this build.").format(what=what))
        st.stop()


def literal_sql(sql: str, params: Sequence = ()) -> str:
    """``sql`` with its ``?`` placeholders replaced by SQL literals of ``params``, to be run as
    typed on the SQL page (the app's queries hold no ``?`` inside string literals)."""
    def literal(value: Any) -> str:
        if value is None:
            return "null"
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        return str(value)

    parts = sql.split("?")
    if len(parts) != len(params) + 1:
        raise ValueError(f"{len(parts) - 1} placeholders for {len(params)} parameters")
    return parts[0] + "".join(literal(value) + part
                              for value, part in zip(params, parts[1:], strict=True))


def data_actions(frame: pd.DataFrame, sql: str, params: Sequence, name: str) -> None:
    """Under a chart: open its query on the SQL page, or download exactly the rows it draws."""
    cols = st.columns([1, 3])
    link = "sql?" + urlencode({"sql": literal_sql(sql, params), "lang": language()})
    cols[0].link_button(t("Open in SQL"), link, icon=":material/terminal:")
    cols[1].download_button(t("Download the data of this chart (CSV)"),
                            frame.to_csv(index=False).encode("utf-8"),
                            file_name=f"{name}.csv", mime="text/csv", key=f"download_{name}",
                            icon=":material/download:")


def source_of(dataset: str | None) -> str:
    """Where a dataset's tables come from (its metadata's ``source``), for chart notes."""
    if dataset is None or not has_table("build_info"):
        return t("the nqpf warehouse")
    if language() == "zh":  # the sources are recorded in English: the dataset names them
        return t("the {dataset} dataset of the nqpf warehouse").format(dataset=dataset)
    import json

    datasets = json.loads(store.query("select datasets from build_info")["datasets"][0])
    return (datasets.get(dataset) or {}).get("source") or t("the nqpf warehouse")


def chart(figure: alt.Chart, caption: str, title: str, unit: str = "",
          dataset: str | None = None) -> None:
    """An altair chart across the page with the caption that says what it shows. The chart
    carries its title, unit and source, so a PNG saved from its menu says what it shows."""
    notes = [t("Unit: {unit}").format(unit=unit)] if unit else []
    notes.append(t("Source: {source}").format(source=source_of(dataset)))
    titled = figure.properties(title=alt.TitleParams(
        title, subtitle=notes, anchor="start", subtitleColor="#555555", limit=900))
    st.altair_chart(titled, width="stretch")
    st.caption(caption)


def ranked_bars(frame: pd.DataFrame, value: str, label: str, title: str, caption: str,
                highlight: str | None = None, tooltip: list | None = None, *,
                heading: str, unit: str = "", dataset: str | None = None) -> None:
    """Horizontal bars of ``value`` per ``label``, largest on top, with full-length labels;
    rows where the boolean column ``highlight`` is true are drawn in red; ``heading``, ``unit``
    and ``dataset`` title the chart (see :func:`chart`)."""
    colour = (alt.condition(f"datum.{highlight}", alt.value("#d62728"), alt.value("#6baed6"))
              if highlight else alt.value("#3182bd"))
    chart(
        alt.Chart(frame).mark_bar().encode(
            x=alt.X(f"{value}:Q", title=title),
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360)),
            color=colour,
            tooltip=tooltip or [label, f"{value}:Q"]),
        caption, heading, unit, dataset)


def table(frame: pd.DataFrame, dataset: str | None = None, units: dict[str, str] | None = None,
          wide: tuple[str, ...] = (), **kwargs: Any) -> None:
    """A table with headers in the chosen language carrying their units (an indicator's from
    its dataset, others from ``units``) and numbers formatted: large ones with thousands
    separators, small ones to four significant digits; ``wide`` text columns get room."""
    units = dict(units or {})
    if dataset is not None:
        units |= {column: indicator_unit(column, dataset) for column in frame.columns
                  if column not in units}
    config = {}
    for column in frame.columns:
        label = header(str(column), units.get(column, ""))
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            big = values.abs().max() >= 10_000 if values.notna().any() else False
            integral = pd.api.types.is_integer_dtype(values)
            number = "localized" if big or integral else "%.4g"
            if column == "year":
                number = "%d"
            config[column] = st.column_config.NumberColumn(label, format=number)
        else:
            config[column] = st.column_config.Column(
                label, width="large" if column in wide else None)
    if frame.index.name:
        config["_index"] = st.column_config.Column(header(frame.index.name))
    st.dataframe(frame, column_config=config, **kwargs)


def rule_text(rule: str) -> str:
    """What a quarantine rule means in the chosen language: the English meaning of the
    seed validation_rules (as built), its Chinese from the translation layer; the rule's id
    where neither is recorded."""
    if language() == "zh":
        return RULES_ZH.get(rule, rule)
    if not has_table("validation_rules"):
        return rule
    meanings = store.query("select rule, meaning from validation_rules")
    return dict(zip(meanings["rule"], meanings["meaning"], strict=True)).get(rule, rule)


def widget_key(key: str) -> str:
    """The widget's key in the chosen language: the browser keeps a picker's choice as its
    shown text, so a switch of language starts new pickers, set from the URL."""
    return key if language() == "en" else f"{key}_{language()}"


def select(label: str, options: list, key: str, index: int = 0,
           format_func: Callable[[Any], str] = str, slider: bool = False) -> Any:
    """A selectbox (a slider with ``slider``) whose choice lives in the URL (``?key=value``):
    a view can be shared as a link and survives a reload. A URL value that is not an option
    is named in a warning and the default shown instead."""
    wanted = st.query_params.get(key)
    texts = [str(option) for option in options]
    if wanted in texts:
        index = texts.index(wanted)
    elif wanted is not None and options:
        st.warning(t("The link asks for {key} = {value}, which is not one of the choices: "
                     "showing {shown} instead.").format(key=key, value=wanted,
                                                        shown=format_func(options[index])))
    if slider and len(options) > 1:
        value = st.select_slider(t(label), options, value=options[index],
                                 format_func=format_func, key=widget_key(key))
    else:
        value = st.selectbox(t(label), options, index=index, format_func=format_func,
                             key=widget_key(key))
    if value is not None:
        st.query_params[key] = str(value)
    return value


def multiselect(label: str, options: list, key: str, default: list,
                format_func: Callable[[Any], str] = str) -> list:
    """A multiselect whose choices live in the URL as a comma-separated list."""
    wanted = st.query_params.get(key)
    if wanted is not None:
        texts = {str(option): option for option in options}
        asked = [w for w in wanted.split(",") if w]
        default = [texts[w] for w in asked if w in texts]
        unknown = [w for w in asked if w not in texts]
        if unknown:
            st.warning(t("The link asks for {key} = {value}, which is not one of the choices: "
                         "showing {shown} instead.").format(
                key=key, value=",".join(unknown),
                shown=", ".join(map(format_func, default)) or "-"))
    chosen = st.multiselect(t(label), options, default=default, format_func=format_func,
                            key=widget_key(key))
    st.query_params[key] = ",".join(map(str, chosen))
    return chosen


def pick_dataset(key: str) -> str:
    """Dataset selector; the dataset with the most regions comes preselected."""
    frame = store.query('select dataset, count(distinct region) as regions from "values" '
                        "group by dataset order by dataset")
    if frame.empty:
        st.info(t("The `values` table is empty: no region-year passed the checks."))
        st.stop()
    return select("Dataset", list(frame["dataset"]), key,
                  index=int(frame["regions"].to_numpy().argmax()))


def pick_year(dataset: str, key: str, label: str = "Year", index: int = -1,
              slider: bool = False) -> int:
    options = store.years(dataset)
    return select(label, options, key, index=index % len(options), slider=slider)


def region_names(dataset: str, year: int | None = None) -> dict[str, str]:
    """Region code -> 'Name 名称 (code)' in the chosen language, aggregate excluded."""
    frame = store.regions(dataset, year)
    return {code: f"{pick_name(en, zh)} ({code})" if en or zh else code
            for code, en, zh in zip(frame["region"], frame["name_en"], frame["name_zh"],
                                    strict=True)}


def pick_region(dataset: str, year: int | None, key: str) -> str:
    names = region_names(dataset, year)
    if not names:
        require_rows(pd.DataFrame(), f"regions of {dataset} in {year}")
    return select("Region", list(names), key, format_func=names.__getitem__)


def region_label(dataset: str, region: str) -> str:
    """'Name (code)' of a region, or its code when it has no name."""
    return region_names(dataset).get(region, region)


def pick_sector(dataset: str, key: str) -> str:
    frame = sector_names(dataset)
    names = dict(zip(frame["sector"], frame["label"], strict=True))
    return select("Sector", list(names), key, format_func=names.__getitem__)


def labelled_sectors(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (with a ``sector`` column) with the sector's name and 'code name' label in
    the chosen language; a sector without a name keeps its code."""
    names = frame["name_en"].where(frame["name_en"].notna(), None)
    frame["name"] = [pick_name(en, zh) or code for code, en, zh in
                     zip(frame["sector"], names, frame["name_zh"], strict=True)]
    frame["label"] = frame["sector"] + " " + frame["name"]
    return frame


def classification(dataset: str) -> pd.DataFrame:
    """Every sector of the dataset's common scheme with its name and label, including those
    without labour values (non-productive sectors, which still supply and buy)."""
    return labelled_sectors(store.sectors(dataset)[["sector", "name_en", "name_zh"]].copy())


def sector_names(dataset: str) -> pd.DataFrame:
    """Sectors that have values in the dataset, with their common-scheme names."""
    present = store.query('select distinct sector from "values" where dataset = ?', (dataset,))
    frame = present.merge(classification(dataset), on="sector", how="left")
    frame["label"] = frame["label"].fillna(frame["sector"])
    return frame.sort_values("sector", ignore_index=True)


def sector_label(dataset: str, sector: str) -> str:
    """'code name' of a sector of the dataset in the chosen language."""
    names = sector_names(dataset)
    return dict(zip(names["sector"], names["label"], strict=True)).get(sector, sector)


def single_region_note(dataset: str) -> bool:
    """Say why a single-region dataset's comparisons are trivial; True when it has one."""
    if len(store.regions(dataset)) != 1:
        return False
    st.info(t("{dataset} has a single region, so it equals the dataset aggregate: every ratio "
              "to the aggregate (tlpr, ddr, dsr, dir, indir, dlq) is 1 and there is nothing "
              "to rank it against.").format(dataset=dataset))
    return True


def indicators_in(mart: str) -> list[str]:
    """Catalogue indicators computed by ``mart`` that are columns of its built table."""
    if not has_table(mart):
        return []
    catalogue = kgraph.indicator_catalogue()
    present = set(store.columns(mart))
    return [i for i in catalogue.loc[catalogue["mart"] == mart, "id"] if i in present]


#: indicators that are transforms of one quantity (docs/METHOD.md sections 2-4): melt = tlp = 1
#: / lambda, tlpr = tlp over the aggregate's, and each digital ratio (ddr, dsr, dir, indir) its
#: share over the aggregate's; a ranking counts each quantity once
QUANTITY: dict[str, str] = {"lambda": "tlp", "melt": "tlp", "tlpr": "tlp", "ddr": "dd",
                            "dsr": "ds", "dir": "di", "indir": "indi"}
#: indicators equal to another by definition (melt = tlp = 1 / lambda): offered once
SAME_AS: dict[str, str] = {"melt": "tlp"}


def region_indicators() -> dict[str, str]:
    """Indicator -> mart for every built indicator with one value per region-sector (one of
    two indicators equal by definition left out)."""
    return {indicator: mart for mart in store.REGION_MARTS for indicator in indicators_in(mart)
            if indicator not in SAME_AS}


def indicator_label(indicator: str) -> str:
    """'Name (id)' of an indicator in the chosen language (English where no Chinese label is
    recorded in the catalogue)."""
    catalogue = kgraph.indicator_catalogue().set_index("id")
    if indicator not in catalogue.index:
        return indicator
    zh = catalogue.at[indicator, "label_zh"]
    name = zh if language() == "zh" and isinstance(zh, str) else catalogue.at[indicator, "label"]
    return f"{name} ({indicator})"


def indicator_unit(indicator: str, dataset: str) -> str:
    """The unit of an indicator in a dataset ('' when it has none): money-based units carry the
    dataset's currency from the data (nqpf.units), never a currency written in the catalogue."""
    from nqpf.units import MEASURE_KINDS, needs_currency

    if indicator not in MEASURE_KINDS:
        return ""
    currency = None
    if needs_currency(indicator):
        found = store.query('select any_value(currency) as c from "values" where dataset = ?',
                            (dataset,))
        currency = found["c"].iloc[0] if len(found) else None
        if not isinstance(currency, str):
            return ""
    return unit_label(indicator, currency)


def pick_indicator(options: list[str], key: str, default: str = "tlp") -> str:
    index = options.index(default) if default in options else 0
    return select("Indicator", options, key, index=index, format_func=indicator_label)


class IndicatorView(NamedTuple):
    """What a page showing one indicator of one dataset-year has picked."""

    dataset: str
    year: int
    sector: str | None
    indicator: str
    mart: str  # the mart the indicator is a column of


def pick_indicator_view(page: str, *, sector: bool = True,
                        year_slider: bool = False) -> IndicatorView:
    """One row of pickers, kept in the URL as ``<page>_dataset``, ``<page>_year`` (a slider
    with ``year_slider``), ``<page>_sector`` (with ``sector``) and ``<page>_indicator``: an
    indicator with one value per region-sector."""
    cols = iter(st.columns(4 if sector else 3))
    with next(cols):
        dataset = pick_dataset(f"{page}_dataset")
    with next(cols):
        year = pick_year(dataset, f"{page}_year", slider=year_slider)
    chosen_sector = None
    if sector:
        with next(cols):
            chosen_sector = pick_sector(dataset, f"{page}_sector")
    available = region_indicators()
    with next(cols):
        indicator = pick_indicator(list(available), key=f"{page}_indicator")
    return IndicatorView(dataset, year, chosen_sector, indicator, available[indicator])


class RegionSectorView(NamedTuple):
    """What a page about one region-sector in one dataset-year has picked."""

    dataset: str
    year: int
    region: str
    sector: str


def pick_region_sector(page: str, extra: int = 0) -> tuple[RegionSectorView, list]:
    """One row of pickers, kept in the URL as ``<page>_dataset``, ``<page>_year``,
    ``<page>_region`` and ``<page>_sector``; returns the choice and ``extra`` more columns of
    the row for the page's own pickers."""
    cols = st.columns(4 + extra)
    with cols[0]:
        dataset = pick_dataset(f"{page}_dataset")
    with cols[1]:
        year = pick_year(dataset, f"{page}_year")
    with cols[2]:
        region = pick_region(dataset, year, f"{page}_region")
    with cols[3]:
        sector = pick_sector(dataset, f"{page}_sector")
    return RegionSectorView(dataset, year, region, sector), cols[4:]


def region_sector_sql(mart: str, indicators: list[str], dataset: str, year: int | None,
                      region: str | None = None, sector: str | None = None) -> tuple[str, tuple]:
    """The query (and its parameters) of :func:`region_sector_values`: only the filters that
    are set are written, so the SQL opened from a chart reads as a person would type it."""
    cols = ", ".join(store.quote(i) for i in indicators)
    where, params = ["dataset = ?", "region <> ?"], [dataset, store.AGGREGATE]
    for column, value in (("year", year), ("region", region), ("sector", sector)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    keys = "region, sector" if year is not None else "region, sector, year"
    return (f"select {keys}, {cols} from {store.quote(mart)} where {' and '.join(where)}",
            tuple(params))


def region_sector_values(mart: str, indicators: list[str], dataset: str, year: int | None,
                         region: str | None = None, sector: str | None = None) -> pd.DataFrame:
    """dataset rows of ``mart`` (aggregate excluded; one year, region or sector where given)
    with the region and sector keys (and year when no year is given) and the chosen
    indicator columns."""
    return store.query(*region_sector_sql(mart, indicators, dataset, year, region, sector))
