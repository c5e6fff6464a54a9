"""`nqpf mrio compare` on a small published workbook (three provinces, the CEADs layout) and
an estimate that doubles every flow between provinces: every figure is known by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ceads_files import S, mrio, write_provincial

from nqpf.adapters.ceads_provincial import load_ceads_provincial
from nqpf.cli import main
from nqpf.contract import CanonicalDataset, read_dataset, write_dataset

PROVINCES = ["北京", "天津", "河北"]
CODES = ["CN-BJ", "CN-TJ", "CN-HE"]


@pytest.fixture(scope="module")
def blocks() -> dict[str, np.ndarray]:
    return mrio(len(CODES), seed=11)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, blocks) -> Path:
    path = tmp_path_factory.mktemp("ceads") / "2017_provincial_MRIO.xlsx"
    return write_provincial(path, blocks, PROVINCES)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, workbook: Path) -> CanonicalDataset:
    """The workbook as read and stored by ``nqpf ingest``."""
    root = tmp_path_factory.mktemp("published")
    return read_dataset(write_dataset(load_ceads_provincial(workbook), root))


def doubled(published: CanonicalDataset, name: str) -> CanonicalDataset:
    """``published`` with every flow and final demand between two provinces doubled."""
    tables = dict(published.tables)
    for table in ("flows", "final_demand"):
        t = tables[table].copy()
        t.loc[t["from_region"] != t["to_region"], "value"] *= 2
        tables[table] = t
    return CanonicalDataset({**published.metadata, "dataset": name}, tables)


def purchases(blocks: dict[str, np.ndarray]) -> np.ndarray:
    """(origin, destination) purchases of the blocks: intermediate plus final use."""
    m = len(CODES)
    Z = blocks["Z"].reshape(m, S, m, S).sum(axis=(1, 3))
    F = blocks["F"].reshape(m, S, m, 5).sum(axis=(1, 3))
    return Z + F


@pytest.fixture()
def home(tmp_path: Path, published: CanonicalDataset, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NQPF_HOME", str(tmp_path))
    write_dataset(doubled(published, "ours_mrio"), tmp_path / "canonical")
    return tmp_path


def test_compare_reports_our_estimate_beside_the_published_table(
        home: Path, workbook: Path, blocks, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mrio", "compare", str(workbook), "--ours", "ours_mrio"]) == 0
    out = capsys.readouterr().out
    P = purchases(blocks)
    off = ~np.eye(len(CODES), dtype=bool)
    trade = P[off].sum()
    assert (f"trade between regions (CNY 10,000): published {trade:,.6g}, ours "
            f"{2 * trade:,.6g} (ours / published 2.000)") in out
    # own shares: own / all purchases of the destination, ours with the others doubled
    own = np.diag(P) / P.sum(axis=0)
    ours = np.diag(P) / (np.diag(P) + 2 * (P.sum(axis=0) - np.diag(P)))
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()
            if line.strip().startswith(tuple(CODES)) and len(line.split()) == 3}
    for code, a, b in zip(CODES, own, ours, strict=True):
        assert rows[code] == [f"{a:.3f}", f"{b:.3f}"]
    # the six pairs in the published order, our rank the same; log flows correlate exactly
    lines = out.splitlines()
    start = next(k for k, line in enumerate(lines) if "region pairs of the published" in line)
    pairs = [line.split() for line in lines[start + 2:start + 8]]
    order = sorted(((P[r, s], CODES[r], CODES[s]) for r in range(3) for s in range(3) if r != s),
                   reverse=True)
    assert [(p[0], p[1]) for p in pairs] == [(r, s) for _, r, s in order]
    assert [int(p[-1]) for p in pairs] == [1, 2, 3, 4, 5, 6]
    assert "top 6 region pairs" in out and "(median 1.000)" in out


def test_compare_computes_by_hand(published: CanonicalDataset, blocks) -> None:
    from nqpf.mrio.compare import compare

    (year,) = compare(published, doubled(published, "ours_mrio"))
    P = purchases(blocks)
    own = pd.Series(np.diag(P) / P.sum(axis=0), index=CODES)
    np.testing.assert_allclose(year.own_share["published"].reindex(CODES), own, rtol=1e-12)
    assert year.trade["ours"] == pytest.approx(2 * year.trade["published"], rel=1e-14)
    np.testing.assert_allclose(year.log_correlation["correlation"], 1.0, rtol=1e-12)
    assert len(year.log_correlation) == S and year.year == 2017


def error_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The command's error lines (the reader's progress lines aside)."""
    return [line for line in capsys.readouterr().err.splitlines()
            if line.startswith("nqpf mrio")]


def test_bad_published_tables_and_other_provinces_exit_2(
        home: Path, workbook: Path, blocks, tmp_path_factory: pytest.TempPathFactory,
        capsys: pytest.CaptureFixture[str]) -> None:
    other = write_provincial(tmp_path_factory.mktemp("other") / "2017_provincial_MRIO.xlsx",
                             blocks, ["北京", "天津", "山西"])
    assert main(["mrio", "compare", str(other), "--ours", "ours_mrio"]) == 2
    err = error_lines(capsys)
    assert len(err) == 1 and "rule: regions_differ" in err[0]
    assert "only in ceads_provincial_mrio: ['CN-SX']; only in ours_mrio: ['CN-HE']" in err[0]
    broken = tmp_path_factory.mktemp("broken") / "2017_provincial_MRIO.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Table_2017"
    wb.active.cell(1, 1, "not a table")
    wb.save(broken)
    assert main(["mrio", "compare", str(broken), "--ours", "ours_mrio"]) == 2
    err = error_lines(capsys)
    assert len(err) == 1 and broken.name in err[0] and "rule: missing_code_row" in err[0]
    assert main(["mrio", "compare", str(workbook), "--ours", "ours_mrio", "--year", "2012"]) == 2
    assert "rule: no_common_year" in capsys.readouterr().err
    assert main(["mrio", "compare"]) == 2
