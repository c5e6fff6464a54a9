"""Nothing silently wrong at ingest: typed metadata and monetary units, CSV encodings and
delimiters, integers out of range, and every failure of `nqpf ingest` a message with exit code 2
naming the file and the rule, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_canonical import CSV, META

from nqpf.adapters import canonical
from nqpf.adapters.canonical import load_canonical
from nqpf.cli import main
from nqpf.contract import ContractError, read_dataset
from nqpf.metadata import MetadataError, parse_metadata, parse_monetary_unit


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NQPF_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _folder(root: Path, meta: dict | None = None, **tables: str) -> Path:
    folder = root / "in"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metadata.json").write_text(json.dumps(meta or META, ensure_ascii=False),
                                          encoding="utf-8")
    for name, text in {**CSV, **tables}.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("unit", "currency", "scale"), [
    ("元", "CNY", 1.0), ("千元", "CNY", 1e3), ("万元", "CNY", 1e4), ("亿元", "CNY", 1e8),
    ("百万元", "CNY", 1e6), ("CNY 10,000", "CNY", 1e4), ("yuan", "CNY", 1.0),
    ("10 thousand yuan", "CNY", 1e4), ("100 million yuan", "CNY", 1e8),
    ("USD million", "USD", 1e6), ("M.EUR", "EUR", 1e6), ("USD", "USD", 1.0),
])
def test_monetary_units(unit: str, currency: str, scale: float) -> None:
    assert parse_monetary_unit(unit) == (currency, scale)


@pytest.mark.parametrize("unit", ["CNY 0", "CNY 10k0", "万"])
def test_unreadable_monetary_unit_is_refused(unit: str) -> None:
    with pytest.raises(MetadataError, match=r"field monetary_unit: .*invalid_metadata"):
        parse_metadata({**META, "monetary_unit": unit})


def test_booleans_are_booleans() -> None:
    assert parse_metadata({**META, "mrio": "false"}).mrio is False
    assert parse_metadata({**META, "mrio": True}).mrio is True
    with pytest.raises(MetadataError, match="field mrio: expected true or false, not 'maybe'"):
        parse_metadata({**META, "mrio": "maybe"})


@pytest.mark.parametrize(("override", "message"), [
    ({"currency_scale": "ten thousand"}, "field currency_scale: Input should be a valid number"),
    ({"currency_scale": 0}, "field currency_scale: must be a positive finite number"),
    ({"dataset": "d" * 300}, "field dataset: 'd+' is not a dataset id"),
    ({"classification": {"year2017": "nbs2017_42"}}, "year key 'year2017' is not a year"),
])
def test_metadata_is_typed(override: dict, message: str) -> None:
    with pytest.raises(MetadataError, match=message):
        parse_metadata({**META, **override})


@pytest.mark.parametrize(("override", "message"), [
    ({"monetary_unit": "万元", "currency_scale": 1000},
     "currency_scale 1000 contradicts monetary_unit '万元', which is 10000 CNY"),
    ({"monetary_unit": "万元", "currency": "USD"},
     "currency 'USD' contradicts monetary_unit '万元', which is CNY"),
    ({"monetary_unit": "USD million", "currency_scale": 1000},
     "currency_scale 1000 contradicts monetary_unit 'USD million', which is 1e\\+06 USD"),
])
def test_contradictory_metadata_is_refused(override: dict, message: str) -> None:
    with pytest.raises(MetadataError,
                       match=f"^metadata.json: {message} \\(rule: invalid_metadata\\)$"):
        parse_metadata({**META, **override})


@pytest.mark.parametrize(("override", "pair"), [
    ({"monetary_unit": "万元", "currency": "CNY", "currency_scale": 10000}, ("CNY", 1e4)),
    ({"monetary_unit": "synthetic unit", "currency": "USD", "currency_scale": 1000},
     ("USD", 1e3)),  # the unit names neither, so the fields say it
])
def test_agreeing_metadata_is_kept(override: dict, pair: tuple[str, float]) -> None:
    assert parse_metadata({**META, **override}).currency_pair() == pair


def test_unit_words_reach_the_dataset_info(tmp_path: Path) -> None:
    ds = load_canonical(_folder(tmp_path, {**META, "monetary_unit": "万元", "mrio": "false"}))
    from nqpf.contract import dataset_info

    row = dataset_info(ds).to_pylist()[0]
    assert (row["currency"], row["currency_scale"], row["mrio"]) == ("CNY", 1e4, False)


def _flows_frame(folder: Path) -> list[float]:
    return load_canonical(folder).tables["flows"]["value"].tolist()


def test_bom_utf16_and_semicolons_read_alike(tmp_path: Path) -> None:
    expected = _flows_frame(_folder(tmp_path / "a"))
    text = CSV["flows"]
    for name, data in {
        "bom": "\ufeff".encode() + text.encode(),
        "utf16": text.encode("utf-16"),
        "utf16le_without_bom": text.encode("utf-16-le"),
        "utf16be_without_bom": text.encode("utf-16-be"),
        "cr_only": text.replace("\n", "\r").encode(),
        "semicolon": text.replace(",", ";").encode(),
        "crlf_trailing": "".join(line + ",\r\n" for line in text.splitlines()).encode(),
    }.items():
        folder = _folder(tmp_path / name)
        (folder / "flows.csv").write_bytes(data)
        assert _flows_frame(folder) == expected, name


def test_trailing_delimiter_on_data_rows_does_not_shift_columns(tmp_path: Path) -> None:
    header, *rows = CSV["gross_output"].splitlines()
    folder = _folder(tmp_path, gross_output="\n".join([header, *(r + "," for r in rows)]) + "\n")
    out = load_canonical(folder).tables["gross_output"]
    assert out["region"].tolist() == ["CN-GD", "CN-GD"]
    assert out["value"].tolist() == [35.5, 7.0]


def test_row_with_an_extra_field_is_refused(tmp_path: Path) -> None:
    rows = CSV["gross_output"].splitlines()
    rows[2] = "2017,CN-GD,02,7,8"
    folder = _folder(tmp_path, gross_output="\n".join(rows) + "\n")
    with pytest.raises(ContractError, match=r"gross_output\.csv: data row 2 has 5 fields, the "
                       r"header 4; .*shifted_row"):
        load_canonical(folder)


def test_latin1_file_is_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "flows.csv").write_bytes(CSV["flows"].replace("CN-GD", "CN-GD\xe9").encode("latin-1"))
    with pytest.raises(ContractError, match=r"flows\.csv: not UTF-8 or UTF-16 .*unreadable_csv"):
        load_canonical(folder)


def test_integers_beyond_their_range_are_issues(tmp_path: Path) -> None:
    flows = CSV["flows"].replace("2017,CN-GD,02,CN-GD,02", "99999999999,CN-GD,02,CN-GD,02")
    ds = load_canonical(_folder(tmp_path, flows=flows))
    issues = ds.tables["ingest_issues"]
    assert issues[["file", "row", "column", "rule"]].values.tolist() == [
        ["flows.csv", 4, "year", "out_of_range"]]
    assert "beyond 9,999: '99999999999'" in issues["detail"].iloc[0]


def test_changed_while_read_fails(tmp_path: Path, home: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    real = canonical.read_contract_table

    def truncating(name: str, path: Path, issues: list) -> object:
        out = real(name, path, issues)
        if name == "flows":  # the writer is still at work: the file shrinks after our read
            with path.open("r+b") as f:
                f.truncate(path.stat().st_size // 2)
        return out

    monkeypatch.setattr(canonical, "read_contract_table", truncating)
    assert main(["ingest", str(folder)]) == 2
    assert not (home / "canonical" / "my_table").exists()


def test_reingest_says_what_changed(tmp_path: Path, home: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    assert main(["ingest", str(folder)]) == 0
    assert "replaced" not in capsys.readouterr().err
    more = CSV["gross_output"] + "2018,CN-GD,01,35.5\n2018,CN-SZ,02,7\n"
    (folder / "gross_output.csv").write_text(more, encoding="utf-8")
    assert main(["ingest", str(folder)]) == 0
    err = capsys.readouterr().err
    assert ("replaced the stored dataset 'my_table': regions 1 -> 2 (+CN-SZ); "
            "years 1 -> 2 (+2018); rows gross_output 2 -> 4") in err
    assert pq.read_metadata(home / "canonical" / "my_table" / "gross_output.parquet"
                            ).num_rows == 4


@pytest.mark.parametrize("case", ["long_name", "link_loop", "text_scale", "bool_word",
                                  "missing"])
def test_ingest_errors_are_messages_with_exit_code_2(case: str, tmp_path: Path, home: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    args: list[str]
    if case == "long_name":
        args = [str(_folder(tmp_path)), "--name", "n" * 300]
        expect = "--name: 'nnnnnnnnnn"
    elif case == "link_loop":
        loop = tmp_path / "loop"
        os.symlink(loop, loop)
        args, expect = [str(loop), "--format", "canonical"], "loop"
    elif case == "text_scale":
        args = [str(_folder(tmp_path, {**META, "currency_scale": "lots"}))]
        expect = "metadata.json: field currency_scale"
    elif case == "bool_word":
        args = [str(_folder(tmp_path, {**META, "mrio": "sometimes"}))]
        expect = "field mrio: expected true or false"
    else:
        args, expect = [str(tmp_path / "nowhere"), "--format", "canonical"], "nowhere"
    assert main(["ingest", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nqpf ingest: ") and expect in err and "rule: " in err, err
    assert "Traceback" not in err
    assert not (home / "canonical").exists() or not any((home / "canonical").iterdir())


def test_stored_metadata_round_trips_typed(tmp_path: Path, home: Path) -> None:
    assert main(["ingest", str(_folder(tmp_path, {**META, "mrio": "false"}))]) == 0
    assert read_dataset(home / "canonical" / "my_table").metadata["mrio"] is False
