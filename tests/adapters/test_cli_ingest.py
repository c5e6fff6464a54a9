"""`nqpf ingest` on a user's file: format detection, options per format, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from ceads_files import mrio, write_mat

from nqpf.cli import main
from nqpf.contract import read_dataset


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NQPF_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def mat_file(tmp_path: Path) -> Path:
    return write_mat(tmp_path / "China city MRIO_2017.mat", mrio(3))


def test_ingest_detects_ceads_and_stores_under_the_given_name(home: Path, mat_file: Path,
                                                              tmp_path: Path) -> None:
    cities = tmp_path / "cities.csv"
    cities.write_text("index,code,name_zh,name_en,province\n1,CN-GD-4401,广州市,Guangzhou,广东\n"
                      "2,CN-GD-4403,深圳市,Shenzhen,广东\n3,CN-BJ-1100,北京市,Beijing,北京\n",
                      encoding="utf-8")
    assert main(["ingest", str(mat_file), "--name", "ceads_demo", "--regions", str(cities),
                 "--scheme", "nbs2017_42"]) == 0
    ds = read_dataset(home / "canonical" / "ceads_demo")
    assert ds.metadata["dataset"] == "ceads_demo" and ds.metadata["mrio"] is True
    assert ds.tables["flows"]["year"].unique().tolist() == [2017]
    assert sorted(ds.tables["flows"]["from_region"].unique()) == ["CN-BJ-1100", "CN-GD-4401",
                                                                  "CN-GD-4403"]


def test_option_of_another_format_is_refused(home: Path, mat_file: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(mat_file), "--year", "2017"]) == 2
    assert "--year does not apply to format ceads" in capsys.readouterr().err
    assert not (home / "canonical").exists()


def test_unknown_path_names_the_file(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(home / "nothing.csv")]) == 2
    err = capsys.readouterr().err
    assert "nothing.csv" in err and "rule:" in err


def test_nbs_takes_hours_per_person(home: Path, mat_file: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(mat_file), "--weekly-hours", "w.csv"]) == 2
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
