"""`nqpf ingest` on a user's file: format detection, options per format, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqpf.cli import main
from nqpf.contract import read_dataset

FIXTURE = Path(__file__).parents[1] / "fixtures" / "ceads" / "ceads_city_mrio_2017.xlsx"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NQPF_HOME", str(tmp_path))
    return tmp_path


def test_ingest_detects_ceads_and_stores_under_the_given_name(home: Path) -> None:
    assert main(["ingest", str(FIXTURE), "--name", "ceads_demo", "--scheme", "nbs2017_42"]) == 0
    ds = read_dataset(home / "canonical" / "ceads_demo")
    assert ds.metadata["dataset"] == "ceads_demo" and ds.metadata["mrio"] is True
    assert ds.tables["flows"]["year"].unique().tolist() == [2017]
    assert ds.tables["flows"]["from_region"].nunique() == 3


def test_option_of_another_format_is_refused(home: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(FIXTURE), "--year", "2017"]) == 2
    assert "--year does not apply to format ceads" in capsys.readouterr().err
    assert not (home / "canonical").exists()


def test_unknown_path_names_the_file(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(home / "nothing.csv")]) == 2
    err = capsys.readouterr().err
    assert "nothing.csv" in err and "rule:" in err


def test_nbs_takes_hours_per_person(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(FIXTURE), "--weekly-hours", "w.csv"]) == 2
    assert "--weekly-hours does not apply to format ceads" in capsys.readouterr().err
    weekly = home / "weekly.csv"
    weekly.write_text("year,sector,value\n2017,01,30\n", encoding="utf-8")
    raw = Path(__file__).parents[2] / "data" / "raw" / "china_nbs_io"
    assert main(["ingest", str(raw), "--format", "nbs", "--annual-hours", "2080",
                 "--weekly-hours", str(weekly)]) == 0
    labour = read_dataset(home / "canonical" / "cn_national").tables["labour"]
    per_person = labour[(labour.year == 2017) & (labour.measure != "employees")]
    assert set(per_person[per_person.sector == "01"].measure) == {"weekly_hours"}
    assert set(per_person[per_person.sector != "01"].value) == {2080.0}
