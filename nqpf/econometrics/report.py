"""Print regression results in the method paper's layout, ours next to the published figure.

One block per table and dataset: a row per column and term with our coefficient (stars, clustered
standard error), the paper's, and whether the signs agree; N ours / paper. Table 8 adds its
first stage and identification statistics. A second list says which models cannot run and why.
"""

from __future__ import annotations

import math

import pandas as pd

from nqpf.econometrics.catalogue import Catalogue

HEADER = ("column", "term", "ours", "paper", "sign", "N ours / paper")


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _cell(coefficient: object, stars: object, se: object) -> str:
    value = _number(coefficient)
    if value is None:
        return "-"
    text = f"{value:.4f}{stars if isinstance(stars, str) else ''}"
    error = _number(se)
    return f"{text} ({error:.4f})" if error is not None else text


def _sign(row: pd.Series) -> str:
    if row["status"] != "ok":
        return "n/a"
    if pd.isna(row["sign_agrees"]):
        return ""
    return "yes" if row["sign_agrees"] else "NO"


def _count(value: object) -> str:
    number = _number(value)
    return f"{int(number):,}" if number is not None else "-"


def _rows(block: pd.DataFrame) -> list[tuple[str, ...]]:
    rows = []
    for _, row in block.iterrows():
        term = row["term"] + (" (first stage)" if row["stage"] == "first" else "")
        ours = _cell(row["coefficient"], row["stars"], row["std_error"])
        if row["status"] != "ok":
            ours = row["status"].replace("_", " ")
        rows.append((row["column"], term, ours,
                     _cell(row["published_coefficient"], row["published_stars"],
                           row["published_se"]),
                     _sign(row), f"{_count(row['n'])} / {_count(row['published_n'])}"))
    return rows


def _diagnostics(block: pd.DataFrame, catalogue: Catalogue | None) -> list[str]:
    """Table 8's identification statistics, ours and (from the catalogue) the paper's."""
    lines = []
    published = {m.id: m.published_diagnostics for m in catalogue.models} if catalogue else {}
    for model, rows in block.groupby("model", sort=False):
        first = rows.iloc[0]
        paper = published.get(str(model), {})
        for key, label in (("first_stage_f", "first-stage partial F"),
                           ("cragg_donald_f", "Cragg-Donald Wald F"),
                           ("kp_rk_lm", "Kleibergen-Paap rk LM")):
            ours, theirs = _number(first[key]), paper.get(key)
            if ours is None and theirs is None:
                continue
            lines.append(f"  {label}: ours {'-' if ours is None else f'{ours:.2f}'}, "
                         f"paper {'-' if theirs is None else f'{theirs:.2f}'}")
    return lines


def _grid(rows: list[tuple[str, ...]], markdown: bool) -> list[str]:
    if markdown:
        lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        return lines + ["| " + " | ".join(r) + " |" for r in rows]
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in [HEADER, *rows]]


def format_tables(results: pd.DataFrame, *, catalogue: Catalogue | None = None,
                  markdown: bool = False) -> str:
    """The side-by-side tables, one block per table and dataset."""
    if results.empty:
        return "no regression results"
    blocks = []
    for (table, dataset), block in results.groupby(["table", "dataset"], sort=True):
        build = block["data_build"].dropna().iloc[0] if block["data_build"].notna().any() else ""
        title = f"Table {table} - {dataset}" + (f" (build {build})" if build else "")
        lines = [f"### {title}" if markdown else title, "", *_grid(_rows(block), markdown)]
        diagnostics = _diagnostics(block.loc[block["estimator"] == "iv_gmm"], catalogue)
        if diagnostics and markdown:
            diagnostics = ["", *(f"- {line.strip()}" for line in diagnostics)]
        lines += diagnostics
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def format_cannot_run(results: pd.DataFrame) -> str:
    """One line per dataset and model that could not be estimated, with the reason."""
    failed = results.loc[results["status"] != "ok",
                         ["dataset", "model", "status", "detail"]].drop_duplicates()
    if failed.empty:
        return "every model ran on every dataset"
    lines = ["models that cannot run:"]
    for (dataset, detail), group in failed.groupby(["dataset", "detail"], sort=True):
        models = ", ".join(group["model"])
        lines.append(f"  {dataset}: {models}: {detail}")
    return "\n".join(lines)
