"""One bad dataset or region-year never fails the build nor touches another: each case below is
a dataset of its own in ONE real dbt build, next to a clean one, and lands in `quarantine` (or is
scoped to itself) while everything else builds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from nqpf.adapters.canonical import load_canonical
from nqpf.build import build
from nqpf.contract import CanonicalDataset, write_dataset
from nqpf.summary import summary_lines
from nqpf.warehouse import connect

BAD = "SYN0002"
GOOD = {"SYN0001", "SYN0003"}


def _rows(df: pd.DataFrame, **match: str) -> np.ndarray:
    mask = np.ones(len(df), dtype=bool)
    for col, value in match.items():
        mask &= df[col].to_numpy() == value
    return np.flatnonzero(mask)


def supplier_phantom(t: dict[str, pd.DataFrame]) -> None:
    """Flows into BAD from a region nobody defines."""
    extra = t["flows"].iloc[_rows(t["flows"], to_region=BAD)[:2]].assign(from_region="XX-99")
    t["flows"] = pd.concat([t["flows"], extra], ignore_index=True)


def final_demand_phantom(t: dict[str, pd.DataFrame]) -> None:
    t["final_demand"].loc[_rows(t["final_demand"], from_region=BAD)[0], "to_region"] = "XX-98"


def sector_without_labour(t: dict[str, pd.DataFrame]) -> None:
    t["labour"] = t["labour"].drop(index=_rows(t["labour"], region=BAD, sector="03")[0])


def hours_per_employee(t: dict[str, pd.DataFrame]) -> None:
    """0.4 hours per employee a year: the slip of a wage in yuan on a table in CNY 10,000."""
    lab = t["labour"]
    row = lab.iloc[[_rows(lab, region=BAD, sector="01")[0]]]
    t["labour"] = pd.concat([lab, row.assign(measure="employees", unit="persons",
                                             value=row["value"] / 0.4)], ignore_index=True)


def wage_above_output(t: dict[str, pd.DataFrame]) -> None:
    """An hourly wage ten times output per hour."""
    lab, out = t["labour"], t["gross_output"]
    row = lab.iloc[[_rows(lab, region=BAD, sector="02")[0]]]
    x = out["value"].iloc[_rows(out, region=BAD, sector="02")[0]]
    wage = 10 * x / row["value"].iloc[0]
    t["labour"] = pd.concat([lab, row.assign(measure="hourly_wage",
                                             unit="monetary_unit_per_hour", value=wage)],
                            ignore_index=True)


def keyless_row(t: dict[str, pd.DataFrame]) -> None:
    """A gross-output row of BAD without a year."""
    out = t["gross_output"]
    t["gross_output"] = pd.concat([out, out.iloc[[_rows(out, region=BAD)[0]]].assign(year=None)],
                                  ignore_index=True)


def integer_codes(t: dict[str, pd.DataFrame]) -> None:
    """Sector codes 1..5 instead of 01..05 everywhere, its own sectors table included."""
    for name, cols in {"flows": ["from_sector", "to_sector"], "final_demand": ["from_sector"],
                       "value_added": ["sector"], "gross_output": ["sector"],
                       "imported_inputs": ["sector"],
                       "labour": ["sector"], "sectors": ["code", "common_code"]}.items():
        for col in cols:
            t[name][col] = t[name][col].astype(int).astype(str)


def other_flags(t: dict[str, pd.DataFrame]) -> None:
    """The same scheme id with another digital-device sector."""
    t["sectors"]["digital_device"] = t["sectors"]["code"] == "04"


# case -> (mutation, rules expected for BAD); no other region may be quarantined
REGION_CASES: dict[str, tuple[Callable[[dict[str, pd.DataFrame]], None], set[str]]] = {
    "supplier_phantom": (supplier_phantom, {"unknown_region"}),
    "final_demand_phantom": (final_demand_phantom, {"unknown_region"}),
    "sector_without_labour": (sector_without_labour, {"sector_without_labour"}),
    "hours_per_employee": (hours_per_employee, {"implausible_hours"}),
    "wage_above_output": (wage_above_output, {"implausible_wage"}),
    "keyless_row": (keyless_row, {"missing_key"}),
}
SCOPED = {"integer_codes": integer_codes, "other_flags": other_flags}


def _csv_with_text_year(tmp: Path, ds: CanonicalDataset) -> CanonicalDataset:
    """The dataset as the user's CSV files, one year cell of BAD written as text, read back."""
    import json

    folder = tmp / "csv_text_year"
    folder.mkdir()
    (folder / "metadata.json").write_text(json.dumps(ds.metadata), encoding="utf-8")
    for name, df in ds.tables.items():
        if len(df):
            df.to_csv(folder / f"{name}.csv", index=False)
    text = (folder / "gross_output.csv").read_text(encoding="utf-8").splitlines()
    i = next(n for n, line in enumerate(text) if f",{BAD}," in line)
    text[i] = text[i].replace("2017", "twenty-seventeen", 1)
    (folder / "gross_output.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    return load_canonical(folder)


def _rewrite(folder: Path, table: str, column: str, values: pa.Array) -> None:
    path = folder / f"{table}.parquet"
    t = pq.read_table(path)
    i = t.schema.get_field_index(column)
    pq.write_table(t.set_column(i, column, values), path)


@pytest.fixture(scope="module")
def built(home: Path, small_dataset: Callable[..., CanonicalDataset],
          tmp_path_factory: pytest.TempPathFactory) -> Path:
    canonical = home / "canonical"
    write_dataset(small_dataset("clean"), canonical)
    for name, mutate in {**{k: m for k, (m, _) in REGION_CASES.items()}, **SCOPED}.items():
        ds = small_dataset(name)
        mutate(ds.tables)
        write_dataset(ds, canonical)
    ds = small_dataset("csv_text_year")
    write_dataset(_csv_with_text_year(tmp_path_factory.mktemp("csv"), ds), canonical)
    # folders written by hand, past `nqpf ingest`: a scale of 0, a year column of text
    zero = write_dataset(small_dataset("zero_scale"), canonical)
    _rewrite(zero, "dataset_info", "currency_scale", pa.array([0.0]))
    text = write_dataset(small_dataset("text_year_parquet"), canonical)
    n = pq.read_metadata(text / "flows.parquet").num_rows
    _rewrite(text, "flows", "year", pa.array(["2017"] * (n - 1) + ["2O17"]))
    return build(emit=lambda _line: None).database


@pytest.fixture(scope="module")
def quarantine(built: Path) -> pd.DataFrame:
    with connect(built) as con:
        return con.execute("select * from quarantine").fetchdf()


def _built_regions(built: Path, dataset: str) -> set[str]:
    with connect(built) as con:
        return {r[0] for r in con.execute(
            'select distinct region from "values" where dataset = ? and not is_aggregate',
            [dataset]).fetchall()}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(REGION_CASES))
def test_bad_region_year_is_quarantined_alone(case: str, built: Path,
                                              quarantine: pd.DataFrame) -> None:
    rows = quarantine[(quarantine.dataset == case) & quarantine.region.str.startswith("SYN")]
    assert set(rows.region) == {BAD}, rows
    assert REGION_CASES[case][1] <= set(rows.rule), set(rows.rule)
    assert _built_regions(built, case) == GOOD


@pytest.mark.slow
def test_quarantine_details_give_the_figures(quarantine: pd.DataFrame) -> None:
    def detail(case: str, rule: str) -> str:
        row = quarantine[(quarantine.dataset == case) & (quarantine.rule == rule)
                         & (quarantine.region == BAD)]
        return row.detail.iloc[0]

    assert "supplier region XX-99" in detail("supplier_phantom", "unknown_region")
    assert "goes to region XX-98" in detail("final_demand_phantom", "unknown_region")
    assert detail("sector_without_labour", "sector_without_labour").startswith("sector 03 ")
    assert "0.4 hours per employee per year" in detail("hours_per_employee", "implausible_hours")
    assert "exceeds output per hour" in detail("wage_above_output", "implausible_wage")
    assert "has no year" in detail("keyless_row", "missing_key")


@pytest.mark.slow
def test_clean_dataset_and_scoped_classifications_build_everything(
        built: Path, quarantine: pd.DataFrame) -> None:
    for name in ("clean", *SCOPED):
        assert name not in set(quarantine.dataset), name
        assert _built_regions(built, name) == GOOD | {BAD}
    with connect(built) as con:
        schemes = dict(con.execute("select dataset, effective_scheme from int_sector_schemes "
                                   "where dataset in ('clean', 'integer_codes', 'other_flags')"
                                   ).fetchall())
        devices = dict(con.execute("select scheme, string_agg(sector, ',' order by sector) "
                                   "from dim_sectors where digital_device group by scheme"
                                   ).fetchall())
    assert schemes == {"clean": "synth5", "integer_codes": "synth5@integer_codes",
                       "other_flags": "synth5@other_flags"}
    assert devices["synth5"] == "02" and devices["synth5@other_flags"] == "04"
    assert devices["synth5@integer_codes"] == "2"


@pytest.mark.slow
def test_text_year_in_a_csv_quarantines_its_region(built: Path,
                                                   quarantine: pd.DataFrame) -> None:
    rows = quarantine[quarantine.dataset == "csv_text_year"]
    assert set(rows.region) == {BAD} and set(rows.rule) >= {"not_a_number"}
    unparsed = " ".join(rows[rows.rule == "not_a_number"].detail)
    assert "gross_output.csv row" in unparsed and "twenty-seventeen" in unparsed
    assert _built_regions(built, "csv_text_year") == GOOD


@pytest.mark.slow
def test_unreadable_or_unscaled_dataset_is_quarantined_whole(built: Path,
                                                             quarantine: pd.DataFrame) -> None:
    zero = quarantine[quarantine.dataset == "zero_scale"]
    assert set(zero.rule) == {"invalid_metadata"} and set(zero.region) == GOOD | {BAD}
    assert "currency_scale 0" in zero.detail.iloc[0]
    text = quarantine[quarantine.dataset == "text_year_parquet"]
    assert list(zip(text.region, text.rule, strict=True)) == [("ALL", "unreadable_dataset")]
    assert "flows.parquet: column 'year' is text" in text.detail.iloc[0]
    lines = "\n".join(summary_lines(built))
    assert "text_year_parquet unreadable_dataset" in lines.replace("  ", " ").replace(
        "  ", " ")


@pytest.mark.slow
def test_only_dataset_quarantined_entirely_still_builds(
        tmp_path: Path, small_dataset: Callable[..., CanonicalDataset]) -> None:
    ds = small_dataset("everything_bad")
    ds.tables["labour"] = ds.tables["labour"].iloc[0:0]
    write_dataset(ds, tmp_path / "canonical")
    result = build(home=tmp_path, emit=lambda _line: None)
    lines = "\n".join(summary_lines(result.database))
    assert "0 region-years built, 3 quarantined" in lines
    with connect(result.database) as con:
        assert con.execute('select count(*) from "values"').fetchone()[0] == 0
